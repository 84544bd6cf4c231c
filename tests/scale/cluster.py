"""Several `rasa run` processes on one PostgreSQL tracker store and one Redis lock store,
with one action server, all started from deploy/endpoints.production.yml.

Built on devtools/stack.py: its Stack starts the action server; this adds named
Rasa processes that read their stores from the ${VAR}s of the production endpoints file.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from devtools.stack import REPO, Stack, free_port

PRODUCTION_ENDPOINTS = REPO / "deploy" / "endpoints.production.yml"
# Several Rasa processes load their models at once on a shared machine: slower than one.
READY_TIMEOUT_S = 480.0


@dataclass
class Cluster(Stack):
    """One action server (Stack's) and any number of Rasa processes sharing their stores."""

    extra_env: dict[str, str] = field(default_factory=dict)
    rasa_ports: dict[str, int] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(self.extra_env)
        env["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{self.action_port}/webhook"
        return env

    def launch_rasa(self, name: str) -> None:
        """Start `rasa run` as ``name`` on a free port; `wait_ready` waits for it."""
        port = free_port()
        self.rasa_ports[name] = port
        self._start(
            name,
            [
                *self.rasa_command(), "run", "--interface", "127.0.0.1", "--port", str(port),
                "--model", str(REPO / "models"), "--endpoints", str(PRODUCTION_ENDPOINTS),
                "--credentials", str(REPO / "credentials.yml"),
            ],
        )  # fmt: skip

    def wait_ready(self, *names: str) -> None:
        """Wait until each named Rasa process answers a real message over REST."""
        deadline = time.monotonic() + READY_TIMEOUT_S
        for name in names:
            while not self._rasa_answers(name):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} not ready after {READY_TIMEOUT_S:.0f} s")
                time.sleep(0.5)

    def _rasa_answers(self, name: str) -> bool:
        process: subprocess.Popen[bytes] = self.processes[name]
        if process.poll() is not None:
            log = (self.workdir / f"{name}.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{name} exited early:\n{log}")
        try:
            response = httpx.post(
                self.rest_url_of(name),
                json={"sender": f"readiness-probe-{name}", "message": "hi"},
                timeout=30,
            )
            # The welcome, not a "trouble" reply: the model is loaded and the stores answer.
            return response.status_code == 200 and "Peerline" in str(response.json())
        except httpx.HTTPError:
            return False

    def rest_url_of(self, name: str) -> str:
        return f"http://127.0.0.1:{self.rasa_ports[name]}/webhooks/rest/webhook"

    def stop_process(self, name: str) -> None:
        self._stop(name)

    def log_of(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    async def say_to(
        self, client: httpx.AsyncClient, name: str, sender: str, message: str
    ) -> list[dict[str, Any]]:
        """Send one message to the Rasa process ``name`` and return its replies."""
        response = await client.post(
            self.rest_url_of(name), json={"sender": sender, "message": message}
        )
        response.raise_for_status()
        replies: list[dict[str, Any]] = response.json()
        return replies
