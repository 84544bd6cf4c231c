"""Waits until Rasa answers a real message, says so with the start-up time, then exits.

Run by supervisord beside Rasa and the action server (supervisord.conf, `ready`).
"""

from __future__ import annotations

import os
import sys
import time

import httpx

TIMEOUT_S = 600.0


def wait_until_answering(url: str, deadline: float) -> bool:
    """Poll the REST channel with a greeting until it replies or the deadline passes."""
    payload = {"sender": "peerline-readiness-probe", "message": "hi"}
    while time.monotonic() < deadline:
        try:
            response = httpx.post(url, json=payload, timeout=5.0)
            if response.status_code == 200 and response.json():
                return True
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.5)
    return False


def main() -> int:
    started = float(os.environ.get("PEERLINE_STARTED_AT") or time.time())
    url = (
        f"http://{os.environ.get('RASA_HOST', '127.0.0.1')}:"
        f"{os.environ.get('RASA_PORT', '5005')}/webhooks/rest/webhook"
    )
    if not wait_until_answering(url, time.monotonic() + TIMEOUT_S):
        print(f"Rasa did not answer on {url} within {TIMEOUT_S:.0f} s.", file=sys.stderr)
        return 1
    print(
        f"Peerline is ready: {time.time() - started:.1f} s after `make run` started. REST: {url}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
