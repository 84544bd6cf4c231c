"""The action server: ``python -m actions.server``.

rasa_sdk's own app (``create_app("actions")``) behind a shared token: every request but
``GET /health`` must carry ``Authorization: Bearer $ACTION_SERVER_TOKEN``, which Rasa sends
from ``endpoints.yml``. It listens on ``ACTION_HOST`` (loopback by default) and refuses to
start, in one sentence and with a non-zero exit, when Peerline's database is unreachable.
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from rasa_sdk.endpoint import create_app
from rasa_sdk.plugin import plugin_manager
from rasa_sdk.utils import (
    add_logging_level_option_arguments,
    configure_colored_logging,
    number_of_sanic_workers,
    update_sanic_log_level,
)
from sanic import Sanic
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse, json
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from actions.call_shape import reject_malformed_calls
from actions.settings import Settings, get_settings
from actions.storage.cli import unreachable_database_message
from actions.storage.db import build_engine
from actions.storage.models import Base
from actions.trends import load_charting

logger = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health"})
ACTIONS_PACKAGE = "actions"

Middleware = Callable[[Request], Coroutine[Any, Any, HTTPResponse | None]]


def token_guard(expected: str) -> Middleware:
    """A request middleware answering 401 to any request without ``expected`` as its token."""
    if not expected:
        raise ValueError("the action server token must not be empty")
    expected_bytes = expected.encode()

    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        scheme, _, presented = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not presented:
            reason = "missing token: send 'Authorization: Bearer <ACTION_SERVER_TOKEN>'"
        elif not hmac.compare_digest(presented.strip().encode(), expected_bytes):
            reason = "invalid token"
        else:
            return None
        logger.warning("Refused an action-server request to %s: %s", request.path, reason)
        return json({"error": reason}, status=401, headers={"WWW-Authenticate": "Bearer"})

    return require_token


async def _http_error(request: Request, exception: SanicException) -> HTTPResponse:
    """Sanic's own errors (bad JSON, unknown path, wrong method) keep their 4xx status."""
    return json({"error": str(exception)}, status=exception.status_code)


async def _server_error(request: Request, exception: Exception) -> HTTPResponse:
    """Anything else: a 500 that echoes nothing of the request (it may hold message text)."""
    logger.error("Action server error on %s", request.path, exc_info=exception)
    return json({"error": "internal error in the action server"}, status=500)


def build_app(token: str, actions_package: str = ACTIONS_PACKAGE) -> Sanic:
    """rasa_sdk's action server app, every route but /health behind ``token``."""
    app: Sanic = create_app(actions_package, cors_origins="")  # imports every module in actions/
    app.register_middleware(token_guard(token), "request")
    app.register_middleware(reject_malformed_calls, "request")  # after the token check
    # rasa_sdk's catch-all handler answers 500 and echoes the request body; replace it.
    app.error_handler.add(SanicException, _http_error)
    app.error_handler.add(Exception, _server_error)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    return app


def check_database(url: str) -> str | None:
    """None when the database at ``url`` answers and has our tables, else what to print."""
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            tables = inspect(connection)
            missing = sorted(name for name in Base.metadata.tables if not tables.has_table(name))
    except OperationalError as error:
        return unreachable_database_message(url, error)
    finally:
        engine.dispose()
    if missing:
        safe_url = make_url(url).render_as_string(hide_password=True)
        return (
            f"Peerline's database at {safe_url} has no {', '.join(missing)} table yet: "
            "run `make migrate` first."
        )
    return None


async def warm_charting(app: Sanic, loop: asyncio.AbstractEventLoop) -> None:
    """Load matplotlib and the chart figure in a thread once the server listens: a restarted
    action server answers a second or more sooner, and the first chart is still not slower."""
    app.ctx.charting = loop.run_in_executor(None, load_charting)


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=settings.action_host, help="default: ACTION_HOST")
    parser.add_argument(
        "-p", "--port", type=int, default=settings.action_port, help="default: ACTION_PORT"
    )
    add_logging_level_option_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    args = _parser(settings).parse_args(argv)

    configure_colored_logging(args.loglevel)
    update_sanic_log_level()
    problem = check_database(settings.effective_database_url)
    if problem is not None:
        sys.stderr.write(problem + "\n")
        return 1
    app = build_app(settings.action_token())
    app.register_listener(warm_charting, "after_server_start")
    logger.info("Action server listening on http://%s:%d (token required)", args.host, args.port)
    app.run(host=args.host, port=args.port, workers=number_of_sanic_workers())
    return 0


if __name__ == "__main__":
    sys.exit(main())
