"""Peerline's web widget server: the built widget (`/widget.js`), a demo agency page that
embeds it (`/`), and the health of every part of Peerline (`/health`, bot/web/health.py).
Run it with `python -m bot.web`.

The widget itself talks to Rasa directly (socket.io, REST as fallback); this server only
serves files, so every route is a GET and every response carries the security headers.
"""

from __future__ import annotations

import html
import logging
import re
import time
from pathlib import Path

import uvicorn
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from actions.settings import get_settings as action_settings
from bot.web import health as health_report
from bot.web.settings import Settings, get_settings

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
BUILD_HINT = "run `npm ci --prefix bot/web && npm run build --prefix bot/web`"


def content_security_policy(settings: Settings) -> str:
    """Our pages run our own script only, and talk to nobody but us and Rasa."""
    rasa = settings.rasa_origin
    socket = re.sub(r"^http", "ws", rasa)  # https → wss, http → ws
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: https:",
            f"connect-src 'self' {rasa} {socket}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


class SecurityHeaders:
    """Adds the security headers to every response (pure ASGI, so streaming is untouched)."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.headers if n not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def demo_page(settings: Settings) -> str:
    """The demo agency page, its embed tag pointed at WEB_RASA_URL."""
    template = (STATIC / "index.html").read_text(encoding="utf-8")
    return template.replace("{{ RASA_URL }}", html.escape(settings.rasa_url, quote=True))


def health_targets(settings: Settings) -> health_report.Targets:
    """What /health checks, from this server's settings and the action server's."""
    actions = action_settings()
    return health_report.Targets(
        rasa_url=settings.health_rasa_url,
        actions_url=settings.actions_url,
        database_url=actions.effective_database_url,
        var_dir=actions.var_dir,
        supervisor_url=settings.supervisor_url,
        telegram_enabled=settings.telegram_enabled,
    )


def create_app(
    settings: Settings | None = None, targets: health_report.Targets | None = None
) -> Starlette:
    """The server's ASGI app; pass `settings` and the health `targets` in tests."""
    settings = settings or get_settings()
    targets = targets or health_targets(settings)
    started = time.monotonic()
    page = demo_page(settings)
    bundle = settings.widget_bundle
    if not bundle.is_file():
        logger.warning("The widget bundle %s is missing: %s", bundle, BUILD_HINT)

    async def index(_: Request) -> Response:
        """The demo agency page."""
        return HTMLResponse(page, headers={"Cache-Control": "no-cache"})

    async def widget(_: Request) -> Response:
        """The built widget bundle, loadable from any agency's page."""
        headers = {"Cache-Control": "no-cache", "Cross-Origin-Resource-Policy": "cross-origin"}
        if not bundle.is_file():
            return PlainTextResponse(f"The widget is not built: {BUILD_HINT}.\n", 503, headers)
        return FileResponse(bundle, media_type="text/javascript; charset=utf-8", headers=headers)

    async def stylesheet(_: Request) -> Response:
        """The demo page's stylesheet (the widget carries its own)."""
        return FileResponse(STATIC / "demo.css", media_type="text/css; charset=utf-8")

    async def health(_: Request) -> Response:
        """Each part's state; this server is `degraded` when it has no widget to serve."""
        built = bundle.is_file()
        web = health_report.Part(
            "ok" if built else "degraded",
            "" if built else f"the widget is not built: {BUILD_HINT}",
            time.monotonic() - started,
        )
        body = await health_report.report(targets, web)
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    return Starlette(
        routes=[
            Route("/", index, methods=["GET"]),
            Route("/widget.js", widget, methods=["GET"]),
            Route("/demo.css", stylesheet, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ],
        middleware=[
            Middleware(SecurityHeaders, csp=content_security_policy(settings)),
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.allowed_origins),
                allow_methods=["GET", "HEAD"],
            ),
        ],
    )


def main() -> int:
    """Serve the widget and the demo page on WEB_HOST:WEB_PORT."""
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per /health probe
    try:
        settings = get_settings()
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        logger.error("Web widget settings are invalid: %s", problems)
        return 2
    logger.info(
        "Web widget on %s (demo page talks to Rasa at %s)", settings.web_origin, settings.rasa_url
    )
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        server_header=False,
        ws="none",  # nothing here speaks WebSocket (the widget talks to Rasa directly)
        access_log=False,
        log_level="info",
    )
    return 0
