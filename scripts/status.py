"""`make status`: the health of each part of a running Peerline, as the widget server's
`GET /health` reports it; checked from here when the widget server itself is down.

Exit status 0 while Rasa answers (`ok` or `degraded`), 1 when it does not.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import xmlrpc.client
from typing import Any

import httpx
from pydantic import ValidationError

from bot.web import health
from bot.web.server import health_targets
from bot.web.settings import Settings, get_settings


def fetch(settings: Settings) -> dict[str, Any]:
    """The widget server's report, or one made here with the widget server `down`."""
    url = settings.web_origin + "/health"
    try:
        response = httpx.get(url, timeout=health.PROBE_TIMEOUT_S * 3)
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body
    except (httpx.HTTPError, ValueError) as error:
        info = None
        if settings.supervisor_url:  # says whether it is restarting or was given up on
            with contextlib.suppress(OSError, xmlrpc.client.Error):
                info = health.supervisor_states(settings.supervisor_url).get("web")
        web = health.process_part(f"{url}: {type(error).__name__}", info)
        return asyncio.run(health.report(health_targets(settings), web))


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def table(report: dict[str, Any]) -> str:
    """The report as aligned text: one line per part."""
    lines = [f"Peerline: {report['status']}  (checked {report['checked_at']})"]
    lines.append(f"{'part':<10}{'status':<10}{'up for':<14}detail")
    for name, part in report["parts"].items():
        up = duration(part.get("since_start_s"))
        lines.append(f"{name:<10}{part['status']:<10}{up:<14}{part.get('detail') or ''}".rstrip())
    return "\n".join(lines)


def main() -> int:
    try:
        settings = get_settings()
    except ValidationError as error:
        print(f"Web widget settings are invalid: {error.errors()[0]['msg']}", file=sys.stderr)
        return 2
    report = fetch(settings)
    print(table(report))
    return 1 if report["status"] == "down" else 0


if __name__ == "__main__":
    sys.exit(main())
