"""Chaos: `make run` itself under a light load, each of its processes killed with SIGKILL in
turn: the action server, Rasa, the widget server, and the Telegram bridge (polling a local
stand-in for the Bot API).

While anything is down, every crisis message Rasa receives must get the crisis reply and
every Telegram message an answer (the bridge's own crisis copy while Rasa is away); no
check-in may be lost or stored twice; each process must come back on its own (the action
server, widget server and bridge within 10 s, Rasa once its model has loaded). Ctrl-C then
stops everything within 10 s and leaves no process behind. Figures: reports/chaos.json.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from devtools.fake_telegram import TOKEN, FakeTelegram
from devtools.procs import descendants
from devtools.stack import REPO, free_port
from peerline_core.privacy import pseudonym

pytestmark = pytest.mark.chaos

SECRET = "chaos-pseudonym-secret"
READY = re.compile(r"Peerline is ready: ([0-9.]+) s")
START_TIMEOUT_S = 480.0
STOP_WITHIN_S = 10.0
BACK_WITHIN_S = {"actions": 10.0, "rasa": 240.0, "web": 10.0, "telegram": 10.0}
SETTLE_S = 8.0
RASA_SLACK_S = 2.0  # a turn sent just before the kill may fail just after Rasa is back
CHECKIN_USERS = 3
TELEGRAM_CHAT = 7001
TELEGRAM_ANSWER_S = 20.0
CRISIS = (
    "i want to kill myself",
    "I'm planning to end my life this weekend",
    "i have a plan to kill myself",
)
# How each process is recognised among `make run`'s descendants.
MARKS = {
    "actions": "-m actions.server",
    "rasa": "-m bot.rasa_ext.cli run",
    "web": "-m bot.web",
    "telegram": "-m bot.telegram",
}
# Variables the outer make exports, which `make run` must work out again for our ports.
DERIVED = (
    "ACTION_ENDPOINT_URL", "ACTION_SERVER_TOKEN", "TRACKER_SQLITE_PATH", "WEB_RASA_URL",
    "PEERLINE_CORS", "PEERLINE_TELEGRAM", "PEERLINE_SUPERVISOR_URL", "DATABASE_URL",
    "TRACKER_DATABASE_URL", "PEERLINE_STARTED_AT", "SANIC_HOST", "RASA_VENV", "APP_VENV",
    "PEERLINE_NOTE_KEYS", "WEB_CORS_ORIGINS", "WEB_WIDGET_BUNDLE", "RASA_HOST", "ACTION_HOST",
    "WEB_HOST", "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES",
)  # fmt: skip

MOOD_Q, STRESS_Q = "How is your mood today", "your stress level"
SELF_CARE_Q, NOTE_Q = "self-care tool today", "Anything you want to note"
SAVED = "I've saved"
WELCOME = "I'm Peerline"
ANSWERS = ((NOTE_Q, None), (SELF_CARE_Q, "yes"), (STRESS_Q, "4/5"), (MOOD_Q, "pretty rough"))


# The stack: `make run` and what it started ---------------------------------------------


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def processes_using(workdir: Path) -> list[int]:
    """Every process whose environment names `workdir`: what `make run` started."""
    marker = str(workdir).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@dataclass
class MakeRun:
    """`make run` on free ports with its own var/ directory, its output collected."""

    workdir: Path
    fake: FakeTelegram
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    lines: list[str] = field(default_factory=list)
    process: subprocess.Popen[str] | None = None
    startup_s: float | None = None

    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in DERIVED}
        env.update(
            PEERLINE_VAR_DIR=str(self.workdir),
            RASA_PORT=str(self.rasa_port),
            ACTION_PORT=str(self.action_port),
            WEB_PORT=str(self.web_port),
            RASA_URL=f"http://127.0.0.1:{self.rasa_port}",
            PEERLINE_PSEUDONYM_SECRET=SECRET,
            PEERLINE_RATE_LIMIT="600/minute",
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=self.fake.base_url,
            TELEGRAM_MODE="polling",
            TELEGRAM_RATE_LIMIT="600/minute",
        )
        return env

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=REPO,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,  # its own process group, as a terminal gives it
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            ready = [m for m in map(READY.search, list(self.lines)) if m]
            if ready:
                self.startup_s = float(ready[0].group(1))
                return
            self.fail_if_exited("while starting")
            time.sleep(0.5)
        pytest.fail(f"make run was not ready in {START_TIMEOUT_S:.0f} s:\n{self.tail()}")

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        with (self.workdir / "make-run.log").open("w") as log:
            for line in self.process.stdout:
                self.lines.append(line)
                log.write(line)
                log.flush()

    def tail(self, count: int = 40) -> str:
        return "".join(self.lines[-count:])

    def fail_if_exited(self, when: str) -> None:
        assert self.process is not None
        if self.process.poll() is not None:
            pytest.fail(
                f"make run exited with code {self.process.returncode} {when}; "
                f"its last output:\n{self.tail()}"
            )

    def pid_of(self, name: str) -> int | None:
        """The process itself, not a shell that started it (honcho ran `sh -c ...`)."""
        assert self.process is not None
        found = [pid for pid in descendants(self.process.pid) if MARKS[name] in cmdline(pid)]
        inner = [pid for pid in found if not any(d in found for d in descendants(pid))]
        return inner[0] if inner else None

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def ctrl_c(self) -> float:
        """SIGINT to the process group, as Ctrl-C in a terminal; seconds until make exits."""
        assert self.process is not None
        started = time.monotonic()
        os.killpg(self.process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=60)
        return time.monotonic() - started

    def clean_up(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        for pid in processes_using(self.workdir):
            os.kill(pid, signal.SIGKILL)


# The load ------------------------------------------------------------------------------


@dataclass
class Turn:
    at: float
    status: int | None  # None: no answer at all (refused, reset, timed out)
    text: str = ""
    payloads: frozenset[str] = frozenset()

    @property
    def trouble(self) -> bool:
        return "having trouble" in self.text and "988" in self.text and "/retry" in self.payloads

    @property
    def crisis(self) -> bool:
        return "988" in self.text and "Are you safe right now?" in self.text


def send(run: MakeRun, sender: str, message: str, timeout: float = 30.0) -> Turn:
    at = time.monotonic()
    try:
        response = httpx.post(
            run.rest_url, json={"sender": sender, "message": message}, timeout=timeout
        )
        replies = response.json() if response.status_code == 200 else []
    except (httpx.HTTPError, ValueError):
        return Turn(at, None)
    replies = replies if isinstance(replies, list) else []
    text = " ".join(str(reply.get("text") or "") for reply in replies)
    payloads = frozenset(
        str(button.get("payload")) for reply in replies for button in reply.get("buttons") or []
    )
    return Turn(at, response.status_code, text, payloads)


@dataclass
class CheckinUser:
    """A user doing check-in after check-in, each with its own note, answering whatever is
    asked and pressing Try again after a trouble reply."""

    name: str
    sent: list[str] = field(default_factory=list)  # notes sent as the form's last answer
    confirmed: list[tuple[float, str]] = field(default_factory=list)  # (when, note) saved
    turns: list[Turn] = field(default_factory=list)

    @property
    def sender(self) -> str:
        return f"chaos-{self.name}"

    def run(self, stack: MakeRun, stop: threading.Event) -> None:
        number, message = 1, "check in"
        note = f"chaos note {self.name} #{number}: a long shift"
        while not stop.is_set():
            time.sleep(0.5)
            turn = send(stack, self.sender, message)
            self.turns.append(turn)
            if turn.status is None:
                time.sleep(1.0)  # Rasa is away: say it again once it is back
                continue
            if turn.status != 200 or turn.trouble:
                message = "/retry"
                time.sleep(1.0)
                continue
            if SAVED in turn.text:
                self.confirmed.append((time.monotonic(), note))
                number += 1
                note = f"chaos note {self.name} #{number}: a long shift"
                message = "check in"
                continue
            if "nothing waiting to be saved" in turn.text:
                message = "check in"
                continue
            asked = next((answer for question, answer in ANSWERS if question in turn.text), "")
            if asked is None:  # the note question
                self.sent.append(note)
                message = note
            elif asked:
                message = asked
            else:  # an answer from outside the form (the note turn was lost): start over
                message = "/retry"

    def stored_notes(self, stack: MakeRun) -> list[str]:
        """The notes the user's own export returns (after leaving any open check-in)."""
        send(stack, self.sender, "cancel")
        deadline = time.monotonic() + 60
        replies: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            response = httpx.post(
                stack.rest_url, json={"sender": self.sender, "message": "show my data"}, timeout=30
            )
            replies = response.json()
            exports = [r["custom"]["export"] for r in replies if "export" in r.get("custom", {})]
            if exports:
                return [c["note"] for c in json.loads(exports[0]["content"])["checkins"]]
            time.sleep(1.0)
        pytest.fail(f"{self.sender}: no export of the stored check-ins; the last reply: {replies}")

    def stored_rows(self, stack: MakeRun) -> int:
        key = pseudonym(SECRET.encode(), "rest", self.sender)
        with sqlite3.connect(stack.workdir / "peerline.db") as connection:
            query = "SELECT count(*) FROM checkins WHERE user_key = ?"
            count: int = connection.execute(query, (key,)).fetchone()[0]
        return count


def crisis_sender(
    stack: MakeRun, turns: list[Turn], welcomes: list[Turn], stop: threading.Event
) -> None:
    """A new conversation every second or so, its first message a crisis message; and a
    greeting in another, which needs no custom action either."""
    number = 0
    while not stop.is_set():
        number += 1
        turns.append(send(stack, f"chaos-crisis-{number}", CRISIS[number % len(CRISIS)]))
        welcomes.append(send(stack, f"chaos-hello-{number}", "hi"))
        time.sleep(1.0)


@dataclass
class TelegramMessage:
    at: float
    crisis: bool
    answered_after: float | None = None
    gave_988: bool = False


def telegram_user(
    fake: FakeTelegram, messages: list[TelegramMessage], stop: threading.Event
) -> None:
    """One Telegram chat, a message at a time (crisis every other one), each waited for."""
    number = 0
    while not stop.is_set():
        number += 1
        crisis = number % 2 == 0
        before = len(fake.calls_of("sendMessage", TELEGRAM_CHAT))
        message = TelegramMessage(time.monotonic(), crisis)
        messages.append(message)
        text = CRISIS[number % len(CRISIS)] if crisis else "what is a peer specialist"
        fake.push(fake.message_update(TELEGRAM_CHAT, text))
        deadline = message.at + TELEGRAM_ANSWER_S  # even after `stop`: the last one too
        while time.monotonic() < deadline:
            sent = fake.calls_of("sendMessage", TELEGRAM_CHAT)[before:]
            if sent:
                message.answered_after = sent[0].at - message.at
                time.sleep(0.5)  # the crisis copy and Rasa's reply may come as two messages
                sent = fake.calls_of("sendMessage", TELEGRAM_CHAT)[before:]
                message.gave_988 = any("988" in call.params.get("text", "") for call in sent)
                break
            time.sleep(0.2)
        time.sleep(1.5)


def web_watcher(stack: MakeRun, failures: list[float], stop: threading.Event) -> None:
    """The widget and its server's /health, fetched every second."""
    base = f"http://127.0.0.1:{stack.web_port}"
    while not stop.is_set():
        for path in ("/widget.js", "/health"):
            try:
                ok = httpx.get(base + path, timeout=10).status_code == 200
            except httpx.HTTPError:
                ok = False
            if not ok:
                failures.append(time.monotonic())
        time.sleep(1.0)


# Killing and coming back -----------------------------------------------------------------


def answers_rest(stack: MakeRun) -> bool:
    turn = send(stack, "chaos-probe", "hi", timeout=10)
    return turn.status == 200 and bool(turn.text)


def answers_get(url: str) -> Callable[[MakeRun], bool]:
    def check(_: MakeRun) -> bool:
        try:
            return httpx.get(url, timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    return check


@dataclass
class Outage:
    name: str
    killed_at: float
    back_at: float | None = None

    @property
    def recovery_s(self) -> float | None:
        return None if self.back_at is None else self.back_at - self.killed_at

    def covers(self, at: float, slack: float = 0.0) -> bool:
        end = self.back_at if self.back_at is not None else float("inf")
        return self.killed_at - slack <= at <= end + slack


def kill_and_wait(stack: MakeRun, fake: FakeTelegram, name: str) -> Outage:
    """SIGKILL `name`'s process; wait until a new one serves again."""
    old = stack.pid_of(name)
    assert old is not None, f"no {name} process among make run's:\n{stack.tail()}"
    os.kill(old, signal.SIGKILL)
    outage = Outage(name, time.monotonic())
    probes: dict[str, Callable[[MakeRun], bool]] = {
        "actions": answers_get(f"http://127.0.0.1:{stack.action_port}/health"),
        "rasa": answers_rest,
        "web": answers_get(f"http://127.0.0.1:{stack.web_port}/health"),
        "telegram": lambda _: any(
            call.at > outage.killed_at + 0.5 for call in fake.calls_of("getUpdates")
        ),
    }
    deadline = outage.killed_at + BACK_WITHIN_S[name] + 60
    while time.monotonic() < deadline:
        stack.fail_if_exited(f"after its {name} process was killed")
        new = stack.pid_of(name)
        if new is not None and new != old and probes[name](stack):
            outage.back_at = time.monotonic()
            return outage
        time.sleep(0.2)
    return outage


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as running:
        yield running


@pytest.fixture
def stack(tmp_path: Path, fake: FakeTelegram) -> Iterator[MakeRun]:
    if not os.environ.get("RASA_VENV"):
        pytest.fail("RASA_VENV is not set: run the chaos test with `make chaos`.")
    run = MakeRun(tmp_path, fake)
    try:
        run.start()
        yield run
    finally:
        run.clean_up()


def test_each_process_killed_in_turn_comes_back_and_nobody_is_left_unanswered(
    stack: MakeRun, fake: FakeTelegram
) -> None:
    """SIGKILL actions, Rasa, the widget server and the Telegram bridge one after another
    under load: each comes back, crisis messages get the crisis reply whenever Rasa is up,
    Telegram always answers, check-ins are stored exactly once; Ctrl-C stops it all."""
    stop = threading.Event()
    users = [CheckinUser(f"u{i}") for i in range(CHECKIN_USERS)]
    crisis_turns: list[Turn] = []
    welcomes: list[Turn] = []
    telegram: list[TelegramMessage] = []
    web_failures: list[float] = []
    threads = [
        *(threading.Thread(target=user.run, args=(stack, stop)) for user in users),
        threading.Thread(target=crisis_sender, args=(stack, crisis_turns, welcomes, stop)),
        threading.Thread(target=telegram_user, args=(fake, telegram, stop)),
        threading.Thread(target=web_watcher, args=(stack, web_failures, stop)),
    ]
    for thread in threads:
        thread.start()
    outages: list[Outage] = []
    try:
        for name in ("actions", "rasa", "web", "telegram"):
            time.sleep(SETTLE_S)
            outages.append(kill_and_wait(stack, fake, name))
        time.sleep(SETTLE_S)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
    stack.fail_if_exited("during the load")
    by_name = {outage.name: outage for outage in outages}
    rasa_down = by_name["rasa"]

    stored = {user.name: user.stored_notes(stack) for user in users}
    rows = {user.name: user.stored_rows(stack) for user in users}
    stop_s = stack.ctrl_c()
    left = processes_using(stack.workdir)

    figures = summary(stack, outages, users, stored, rows, crisis_turns, welcomes, telegram, stop_s)
    (REPO / "reports").mkdir(exist_ok=True)
    (REPO / "reports" / "chaos.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))  # noqa: T201  # the figures, in the test's output

    for outage in outages:
        limit = BACK_WITHIN_S[outage.name]
        assert outage.recovery_s is not None, f"{outage.name} never came back"
        assert outage.recovery_s <= limit, f"{outage.name} took {outage.recovery_s:.1f} s"

    wrong = [t for t in crisis_turns if t.status is not None and not t.crisis]
    assert wrong == [], f"crisis messages without the crisis reply: {wrong}"
    unanswered = [
        t for t in crisis_turns if t.status is None and not rasa_down.covers(t.at, RASA_SLACK_S)
    ]
    assert unanswered == [], "crisis messages unanswered while Rasa was up"
    assert any(t.crisis and t.at > rasa_down.back_at for t in crisis_turns if rasa_down.back_at)
    not_welcomed = [t for t in welcomes if t.status is not None and WELCOME not in t.text]
    assert not_welcomed == [], f"greetings without the welcome: {not_welcomed}"
    actions_down = by_name["actions"]
    assert [t for t in welcomes if actions_down.covers(t.at) and WELCOME in t.text]

    # python-telegram-bot confirms updates to Telegram as soon as it has fetched them, so a
    # message the bridge was working on when it was killed is gone: at most that one.
    bridge_down = by_name["telegram"]
    silent = [m for m in telegram if m.answered_after is None]
    in_flight = [m for m in silent if bridge_down.killed_at - TELEGRAM_ANSWER_S <= m.at]
    in_flight = [m for m in in_flight if m.at <= bridge_down.killed_at]
    assert len(in_flight) <= 1 and silent == in_flight, f"Telegram messages unanswered: {silent}"
    assert all(m.gave_988 for m in telegram if m.crisis and m not in in_flight), "no 988"
    during = [m for m in telegram if rasa_down.covers(m.at) and m.crisis]
    assert during, "no Telegram crisis message fell while Rasa was down"

    web_down = by_name["web"]
    assert [at for at in web_failures if not web_down.covers(at, 1.0)] == []

    for user in users:
        counts = Counter(stored[user.name])
        assert [note for note, n in counts.items() if n > 1] == [], f"{user.name}: stored twice"
        lost = {note for _, note in user.confirmed} - set(counts)
        assert lost == set(), f"{user.name}: confirmed but not stored: {lost}"
        assert set(counts) <= set(user.sent), f"{user.name}: a stored note nobody sent"
        assert rows[user.name] == len(stored[user.name])
        last_back = max(o.back_at or 0.0 for o in outages)
        assert any(at > last_back for at, _ in user.confirmed), (
            f"{user.name}: none saved at the end"
        )

    assert stop_s <= STOP_WITHIN_S, f"Ctrl-C took {stop_s:.1f} s"
    assert left == [], f"processes left after Ctrl-C: {[cmdline(pid) for pid in left]}"


def summary(
    stack: MakeRun,
    outages: list[Outage],
    users: list[CheckinUser],
    stored: dict[str, list[str]],
    rows: dict[str, int],
    crisis_turns: list[Turn],
    welcomes: list[Turn],
    telegram: list[TelegramMessage],
    stop_s: float,
) -> dict[str, Any]:
    """What the run measured, per process killed and overall."""
    per_process = {}
    for outage in outages:
        rest = [t for t in crisis_turns if outage.covers(t.at)]
        hellos = [t for t in welcomes if outage.covers(t.at)]
        checkin_turns = [t for user in users for t in user.turns if outage.covers(t.at)]
        chats = [m for m in telegram if outage.covers(m.at)]
        dropped = [m for m in telegram if m.answered_after is None]
        dropped = [m for m in dropped if outage.killed_at - TELEGRAM_ANSWER_S <= m.at]
        dropped = [m for m in dropped if m.at <= outage.killed_at]
        per_process[outage.name] = {
            "recovery_s": None if outage.recovery_s is None else round(outage.recovery_s, 1),
            "crisis_messages_sent": len(rest),
            "crisis_replies": sum(t.crisis for t in rest),
            "greetings_sent": len(hellos),
            "welcome_replies": sum(WELCOME in t.text for t in hellos),
            "checkin_turns_sent": len(checkin_turns),
            "checkin_turns_answered": sum(t.status == 200 for t in checkin_turns),
            "checkin_trouble_replies": sum(t.trouble for t in checkin_turns),
            "telegram_messages_sent": len(chats),
            "telegram_answered": sum(m.answered_after is not None for m in chats),
            "telegram_unanswered_sent_just_before_the_kill": len(dropped),
        }
    return {
        "startup_s": stack.startup_s,
        "killed": per_process,
        "checkins": {
            user.name: {
                "confirmed": len(user.confirmed),
                "stored": rows[user.name],
                "lost": len({n for _, n in user.confirmed} - set(stored[user.name])),
                "duplicated": sum(n - 1 for n in Counter(stored[user.name]).values() if n > 1),
            }
            for user in users
        },
        "crisis_messages": {
            "sent": len(crisis_turns),
            "crisis_reply": sum(t.crisis for t in crisis_turns),
            "no_answer": sum(t.status is None for t in crisis_turns),
        },
        "greetings": {
            "sent": len(welcomes),
            "welcome_reply": sum(WELCOME in t.text for t in welcomes),
            "no_answer": sum(t.status is None for t in welcomes),
        },
        "telegram_messages": {
            "sent": len(telegram),
            "answered": sum(m.answered_after is not None for m in telegram),
            "crisis_sent": sum(m.crisis for m in telegram),
            "crisis_answered_with_988": sum(m.crisis and m.gave_988 for m in telegram),
        },
        "ctrl_c_stop_s": round(stop_s, 1),
    }
