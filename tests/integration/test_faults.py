"""Fault injection against real processes: the action server killed or hung mid check-in,
Peerline's database and the tracker store cut away (through `TcpProxy`) and restored,
databases down at start, and Rasa restarted mid-conversation.

These tests start their own stacks on free ports (they kill things), never the shared
session stack. Check-in rows are counted straight in PostgreSQL, not through the proxy.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from actions.storage.cli import migrate
from devtools import stack as stack_module
from devtools.postgres import throwaway_postgres
from devtools.stack import REPO, Stack, free_port
from devtools.tcp_proxy import TcpProxy
from peerline_core.privacy import pseudonym

pytestmark = pytest.mark.integration

TURN_TIMEOUT_S = 6.0  # PEERLINE_TURN_TIMEOUT_S's default, which these stacks keep
REPLY_SLACK_S = 1.5  # the trouble reply comes within the timeout plus this
PSEUDONYM_SECRET = "faults-pseudonym-secret"
NOTE = "faults note: a long shift"
CHAOS_USERS = 10

MOOD_Q, STRESS_Q = "How is your mood today", "your stress level"
SELF_CARE_Q, NOTE_Q = "self-care tool today", "Anything you want to note"
SAVED = "I've saved"


# Helpers ------------------------------------------------------------------------------


@dataclass
class Turn:
    status: int
    replies: list[dict[str, Any]]
    elapsed: float

    @property
    def text(self) -> str:
        return " ".join(str(reply.get("text") or "") for reply in self.replies)

    @property
    def trouble(self) -> bool:
        """The failed-turn reply: "having trouble", 988, and a Try again (/retry) button."""
        payloads = {
            button.get("payload") for reply in self.replies for button in reply.get("buttons") or []
        }
        return "having trouble" in self.text and "988" in self.text and "/retry" in payloads


def send(stack: Stack, sender: str, message: str, timeout: float = 60.0) -> Turn:
    """One REST turn; unlike `Stack.say` it keeps the status and the time it took."""
    started = time.monotonic()
    response = httpx.post(
        stack.rest_url, json={"sender": sender, "message": message}, timeout=timeout
    )
    elapsed = time.monotonic() - started
    body = response.json() if response.headers.get("content-type", "").startswith("appl") else []
    return Turn(response.status_code, body if isinstance(body, list) else [body], elapsed)


def expect(turn: Turn, wanted: str) -> Turn:
    assert turn.status == 200, turn
    assert wanted in turn.text, f"expected {wanted!r} in the reply, got: {turn.text!r}"
    return turn


def expect_trouble(turn: Turn, what: str) -> None:
    assert turn.status == 200, f"{what}: HTTP {turn.status} {turn.replies}"
    assert turn.trouble, f"{what}: no trouble reply, got {turn.replies!r}"
    limit = TURN_TIMEOUT_S + REPLY_SLACK_S
    assert turn.elapsed <= limit, f"{what}: the reply took {turn.elapsed:.1f} s (> {limit} s)"


def up_to_note(stack: Stack, sender: str) -> None:
    """Start a check-in and answer everything but the note."""
    expect(send(stack, sender, "check in"), MOOD_Q)
    expect(send(stack, sender, "pretty rough"), STRESS_Q)
    expect(send(stack, sender, "4/5"), SELF_CARE_Q)
    expect(send(stack, sender, "yes"), NOTE_Q)


def rasa_venv() -> Path:
    venv = os.environ.get("RASA_VENV")
    if not venv:
        pytest.fail("RASA_VENV is not set: run the integration tests with `make integration`.")
    if not any((REPO / "models").glob("*.tar.gz")):
        pytest.fail("No trained model in models/: run `make train` first.")
    return Path(venv)


def new_stack(workdir: Path, database_url: str, **kwargs: Any) -> Stack:
    extra_env = {"PEERLINE_PSEUDONYM_SECRET": PSEUDONYM_SECRET, **kwargs.pop("extra_env", {})}
    return Stack(
        workdir=workdir,
        rasa_venv=rasa_venv(),
        database_url=database_url,
        extra_env=extra_env,
        **kwargs,
    )


def kill_actions(stack: Stack) -> None:
    """SIGKILL the action server: no shutdown, no goodbye."""
    process = stack.processes.pop("actions")
    process.kill()
    process.wait(timeout=10)


def user_key(sender: str) -> str:
    return pseudonym(PSEUDONYM_SECRET.encode(), "rest", sender)


@dataclass
class PeerlineDb:
    """Peerline's throwaway PostgreSQL database: the real URL and the one through a proxy."""

    url: str
    proxy: TcpProxy

    @property
    def proxied_url(self) -> str:
        return make_url(self.url).set(port=self.proxy.port).render_as_string(hide_password=False)

    def rows(self, sender: str, table: str = "checkins") -> int:
        engine = create_engine(self.url)
        try:
            with engine.connect() as connection:
                # ``table`` is a name written in this file, never input.
                count = connection.execute(
                    text(f"SELECT count(*) FROM {table} WHERE user_key = :key"),
                    {"key": user_key(sender)},
                ).scalar_one()
        finally:
            engine.dispose()
        return int(count)


@pytest.fixture(scope="module")
def peerline_db() -> Iterator[PeerlineDb]:
    with throwaway_postgres("peerline_faults") as url, TcpProxy(5432) as proxy:
        migrate(url)
        yield PeerlineDb(url, proxy)


@pytest.fixture(scope="module")
def fault_stack(
    tmp_path_factory: pytest.TempPathFactory, peerline_db: PeerlineDb
) -> Iterator[Stack]:
    """Rasa (SQLite tracker) + action server, whose database is PostgreSQL via the proxy."""
    running = new_stack(tmp_path_factory.mktemp("faults"), peerline_db.proxied_url)
    try:
        running.start_actions()
        running.start_rasa()
        yield running
    finally:
        running.stop()


@pytest.fixture
def restore_proxy(peerline_db: PeerlineDb) -> Iterator[TcpProxy]:
    """The proxy, restored after the test whatever happens."""
    try:
        yield peerline_db.proxy
    finally:
        peerline_db.proxy.restore()


@pytest.fixture
def actions_back(fault_stack: Stack) -> Iterator[Stack]:
    """The stack, its action server running again after the test whatever happens."""
    try:
        yield fault_stack
    finally:
        process = fault_stack.processes.get("actions")
        if process is not None:
            process.send_signal(signal.SIGCONT)
        if process is None or process.poll() is not None:
            fault_stack.processes.pop("actions", None)
            fault_stack.start_actions()


# a. The action server killed or hung mid check-in --------------------------------------


def test_action_server_killed_before_the_note(actions_back: Stack, peerline_db: PeerlineDb) -> None:
    """SIGKILL before the last answer: the user hears back within the timeout, nothing is
    stored; with the server back, /retry completes the check-in and stores it once."""
    stack, sender = actions_back, f"kill-{uuid.uuid4().hex[:10]}"
    up_to_note(stack, sender)
    kill_actions(stack)
    expect_trouble(send(stack, sender, NOTE), "note sent to a dead action server")
    assert peerline_db.rows(sender) == 0

    stack.start_actions()
    retried = send(stack, sender, "/retry")
    if SAVED not in retried.text:  # the form was still open: the note is asked again
        expect(retried, NOTE_Q)
        retried = send(stack, sender, NOTE)
    expect(retried, f"{SAVED}: mood 2/5, stress 4/5, self-care today: yes, and your note")
    assert peerline_db.rows(sender) == 1
    again = send(stack, sender, "/retry")
    assert again.status == 200 and not again.trouble
    assert peerline_db.rows(sender) == 1


def test_action_server_hung_gets_the_trouble_reply_within_the_timeout(
    actions_back: Stack, peerline_db: PeerlineDb
) -> None:
    """SIGSTOP (a hung action server): the reply comes at the turn timeout, not never; after
    SIGCONT a retry completes the check-in, still exactly once."""
    stack, sender = actions_back, f"hang-{uuid.uuid4().hex[:10]}"
    up_to_note(stack, sender)
    stack.processes["actions"].send_signal(signal.SIGSTOP)
    try:
        turn = send(stack, sender, NOTE)
    finally:
        stack.processes["actions"].send_signal(signal.SIGCONT)
    expect_trouble(turn, "note sent to a hung action server")
    assert turn.elapsed >= TURN_TIMEOUT_S - 0.5, "the turn failed before the timeout"
    retried = send(stack, sender, "/retry")
    if SAVED not in retried.text:
        expect(retried, NOTE_Q)
        retried = send(stack, sender, NOTE)
    expect(retried, SAVED)
    assert peerline_db.rows(sender) == 1


@dataclass
class UserRun:
    """What one chaos user saw."""

    sender: str
    saved: bool = False
    turns: int = 0
    troubles: list[float] = field(default_factory=list)  # elapsed of each trouble reply
    problems: list[str] = field(default_factory=list)  # replies that were neither


ANSWERS = ((NOTE_Q, NOTE), (SELF_CARE_Q, "yes"), (STRESS_Q, "4/5"), (MOOD_Q, "pretty rough"))


def chaos_user(stack: Stack, run: UserRun, turns_done: list[int], deadline: float) -> None:
    """Do a check-in, answering whatever is asked; on a trouble reply wait and press
    Try again, until the check-in is saved."""
    message = "check in"
    while time.monotonic() < deadline:
        time.sleep(random.uniform(0.0, 0.4))  # think time, not cryptography
        try:
            turn = send(stack, run.sender, message, timeout=30)
        except httpx.HTTPError as error:
            run.problems.append(f"{message!r}: {type(error).__name__}")
            time.sleep(1.0)
            continue
        run.turns += 1
        turns_done[0] += 1
        if turn.status != 200:
            run.problems.append(f"{message!r}: HTTP {turn.status}")
        elif turn.trouble:
            run.troubles.append(turn.elapsed)
            message = "/retry"
            time.sleep(1.0)
            continue
        elif SAVED in turn.text:
            run.saved = True
            return
        elif "nothing waiting to be saved" in turn.text:
            message = "check in"  # the failed turn was the form's start: start again
            continue
        else:
            asked = next((answer for question, answer in ANSWERS if question in turn.text), None)
            if asked is not None:
                message = asked
                continue
            run.problems.append(f"{message!r} -> {turn.text[:160]!r}")
        time.sleep(1.0)
        message = "/retry"


def test_chaos_action_server_killed_while_users_check_in(
    actions_back: Stack, peerline_db: PeerlineDb
) -> None:
    """Ten users check in at once; the action server is SIGKILLed at a random moment and
    restarted. Every failed turn gets the trouble reply, every user ends up saved, and
    each has exactly one stored check-in."""
    stack = actions_back
    runs = [UserRun(f"chaos-{i}-{uuid.uuid4().hex[:8]}") for i in range(CHAOS_USERS)]
    turns_done = [0]
    deadline = time.monotonic() + 240
    threads = [
        threading.Thread(target=chaos_user, args=(stack, run, turns_done, deadline), daemon=True)
        for run in runs
    ]
    # A check-in is five turns: kill somewhere in the middle of all of them.
    kill_after = random.randint(CHAOS_USERS, 3 * CHAOS_USERS)  # not cryptography
    for thread in threads:
        thread.start()
    while turns_done[0] < kill_after and any(t.is_alive() for t in threads):
        time.sleep(0.05)
    kill_actions(stack)
    killed_at_turn = turns_done[0]
    time.sleep(random.uniform(0.5, 2.0))  # down for a while
    stack.start_actions()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic()))

    summary = {r.sender: (r.saved, r.turns, len(r.troubles), r.problems) for r in runs}
    troubles = [elapsed for r in runs for elapsed in r.troubles]
    print(  # noqa: T201
        f"chaos: killed after {killed_at_turn} turns; {len(troubles)} trouble replies, "
        f"slowest {max(troubles, default=0):.1f} s; per user (saved, turns, troubles):"
    )
    for sender, figures in summary.items():
        print(f"  {sender}: {figures}")  # noqa: T201
    assert all(not r.problems for r in runs), {r.sender: r.problems for r in runs if r.problems}
    assert all(r.saved for r in runs), summary
    assert troubles, "the kill hit no turn: the test proved nothing"
    # Ten users share Rasa's one event loop (and this machine's CPU): a reply may queue
    # behind other turns, so the bound here is looser than the one-user tests' 7.5 s.
    limit = 2 * TURN_TIMEOUT_S
    assert max(troubles) <= limit, f"a trouble reply took {max(troubles):.1f} s (> {limit} s)"
    assert {r.sender: peerline_db.rows(r.sender) for r in runs} == {r.sender: 1 for r in runs}


# b. Peerline's database down mid-run ----------------------------------------------------


def test_database_cut_mid_checkin_then_retry_saves_once(
    fault_stack: Stack, peerline_db: PeerlineDb, restore_proxy: TcpProxy
) -> None:
    """The database goes away before the last answer: the user is told it couldn't be
    saved, the answers are kept, and once it is back /retry saves it once, no restarts."""
    stack, sender = fault_stack, f"dbcut-{uuid.uuid4().hex[:10]}"
    pids = {name: process.pid for name, process in stack.processes.items()}
    up_to_note(stack, sender)
    restore_proxy.cut()
    expect(send(stack, sender, NOTE), "couldn't save")
    expect(send(stack, sender, "/retry"), "couldn't save")  # still down: still not saved
    assert peerline_db.rows(sender) == 0

    restore_proxy.restore()
    expect(send(stack, sender, "/retry"), f"{SAVED}: mood 2/5, stress 4/5, self-care today: yes")
    assert peerline_db.rows(sender) == 1
    send(stack, sender, "/retry")
    assert peerline_db.rows(sender) == 1
    assert {name: process.pid for name, process in stack.processes.items()} == pids
    assert all(process.poll() is None for process in stack.processes.values())


def test_database_cut_while_adding_an_agenda_item_then_retry_saves_that_item_once(
    fault_stack: Stack, peerline_db: PeerlineDb, restore_proxy: TcpProxy
) -> None:
    """An agenda item that could not be saved is what "try again" saves, once it can: not a
    check-in; a further "try again" finds nothing waiting."""
    stack, sender = fault_stack, f"dbagenda-{uuid.uuid4().hex[:10]}"
    restore_proxy.cut()
    expect(send(stack, sender, "add to my supervision list: a client offered me a gift"),
           "couldn't save that item")  # fmt: skip
    expect(send(stack, sender, "/retry"), "couldn't save that item")
    assert peerline_db.rows(sender, "supervision_items") == 0

    restore_proxy.restore()
    expect(send(stack, sender, "try again"), "Saved under Boundary questions")
    expect(send(stack, sender, "/retry"), "nothing waiting to be saved")
    assert peerline_db.rows(sender, "supervision_items") == 1
    assert peerline_db.rows(sender) == 0


def test_database_cut_history_and_export_say_so_then_work(
    fault_stack: Stack, peerline_db: PeerlineDb, restore_proxy: TcpProxy
) -> None:
    """History and export while the database is down: "can't reach"; after it is back,
    both work again without a restart."""
    stack, sender = fault_stack, f"dbhist-{uuid.uuid4().hex[:10]}"
    up_to_note(stack, sender)
    expect(send(stack, sender, NOTE), SAVED)
    restore_proxy.cut()
    expect(send(stack, sender, "how have I been doing?"), "can't reach")
    expect(send(stack, sender, "show my data"), "can't reach")

    restore_proxy.restore()
    expect(send(stack, sender, "how have I been doing?"), "Last 7 days: 1 check-in(s)")
    exported = send(stack, sender, "show my data")
    expect(exported, "1 check-in(s)")
    assert any("export" in (reply.get("custom") or {}) for reply in exported.replies)


# c. Databases down at start -------------------------------------------------------------


def test_action_server_with_its_database_down_exits_with_one_clear_line(
    tmp_path: Path,
) -> None:
    """`python -m actions.server` with DATABASE_URL on a dead port: non-zero exit, one
    sentence naming the database (without its password), no traceback."""
    dead = free_port()
    stack = new_stack(tmp_path, f"postgresql+psycopg://postgres:pw-canary-7f3@127.0.0.1:{dead}/x")
    result = subprocess.run(
        [sys.executable, "-m", "actions.server", "--port", str(free_port())],
        cwd=REPO,
        env=stack.env(),
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    output = (result.stdout + result.stderr).strip()
    assert result.returncode != 0, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "database" in lines[0].lower() and f"127.0.0.1:{dead}" in lines[0], output
    assert "pw-canary-7f3" not in output


def test_rasa_with_its_tracker_store_down_exits_with_a_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rasa run` with the tracker store on a dead port exits non-zero and says why in one
    line, with no traceback, instead of falling back to an in-memory store that forgets
    every conversation."""
    dead = free_port()
    stores = (
        "tracker_store:\n"
        "  type: bot.rasa_ext.tracker_store.EncryptedSQLTrackerStore\n"
        "  dialect: postgresql\n  url: 127.0.0.1\n"
        f"  port: {dead}\n  db: x\n  username: postgres\n"
    )
    url = f"sqlite:///{tmp_path / 'peerline.db'}"
    stack = new_stack(
        tmp_path,
        url,
        stores_yaml=stores,
        extra_env={"PEERLINE_TRACKER_CONNECT_TIMEOUT_S": "3"},
    )
    monkeypatch.setattr(stack_module, "READY_TIMEOUT_S", 180.0)
    try:
        with pytest.raises(RuntimeError, match="exited early"):
            stack.start_rasa()
        returncode = stack.processes["rasa"].wait(timeout=10)
    finally:
        stack.stop()
    log = (tmp_path / "rasa.log").read_text(errors="replace")
    assert returncode != 0, log[-2000:]
    clear = [line for line in log.splitlines() if f"127.0.0.1:{dead}" in line]
    assert clear, f"no line names the unreachable store:\n{log[-2000:]}"
    assert any("reach" in line or "connect" in line for line in clear), clear
    assert "Traceback" not in log, log[-2000:]


# d. Rasa restarted mid-conversation -----------------------------------------------------


def test_rasa_restart_mid_checkin_continues_from_the_tracker_store(
    fault_stack: Stack, peerline_db: PeerlineDb
) -> None:
    """SIGTERM Rasa after the stress question, start it again on the same tracker store:
    the next answer is taken as the stress answer and the check-in is stored once."""
    stack, sender = fault_stack, f"restart-{uuid.uuid4().hex[:10]}"
    expect(send(stack, sender, "check in"), MOOD_Q)
    expect(send(stack, sender, "pretty rough"), STRESS_Q)
    rasa = stack.processes["rasa"]
    stack._stop("rasa")  # SIGTERM, as a deploy or a crash-looping supervisor would
    assert rasa.poll() is not None
    stack.start_rasa()
    expect(send(stack, sender, "4/5"), SELF_CARE_Q)
    expect(send(stack, sender, "yes"), NOTE_Q)
    expect(send(stack, sender, NOTE), f"{SAVED}: mood 2/5, stress 4/5")
    assert peerline_db.rows(sender) == 1


# e. The tracker store down mid-run ------------------------------------------------------


@pytest.fixture(scope="module")
def tracker_pg_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, TcpProxy]]:
    """A stack whose tracker store is PostgreSQL through a proxy (Peerline's DB: SQLite)."""
    workdir = tmp_path_factory.mktemp("tracker-pg")
    with throwaway_postgres("tracker_faults") as url, TcpProxy(5432) as proxy:
        database_url = f"sqlite:///{workdir / 'peerline.db'}"
        migrate(database_url)
        stores = (
            "tracker_store:\n"
            "  type: bot.rasa_ext.tracker_store.EncryptedSQLTrackerStore\n"
            "  dialect: postgresql\n  url: 127.0.0.1\n"
            f"  port: {proxy.port}\n  db: {make_url(url).database}\n  username: postgres\n"
        )
        running = new_stack(workdir, database_url, stores_yaml=stores)
        try:
            running.start_actions()
            running.start_rasa()
            yield running, proxy
        finally:
            running.stop()
            proxy.restore()


def test_tracker_store_cut_mid_run_gets_the_trouble_reply_then_recovers(
    tracker_pg_stack: tuple[Stack, TcpProxy],
) -> None:
    """With the tracker store cut away, a user mid check-in and a new user both get the
    trouble reply (not silence, not a 500); once it is back the check-in goes on from
    where it was, without restarting Rasa."""
    stack, proxy = tracker_pg_stack
    sender = f"trk-{uuid.uuid4().hex[:10]}"
    rasa_pid = stack.processes["rasa"].pid
    expect(send(stack, sender, "check in"), MOOD_Q)
    proxy.cut()
    try:
        expect_trouble(send(stack, sender, "pretty rough"), "answer with the tracker store cut")
        expect_trouble(send(stack, f"new-{sender}", "hi"), "new user with the tracker store cut")
    finally:
        proxy.restore()
    expect(send(stack, sender, "pretty rough"), STRESS_Q)
    expect(send(stack, sender, "4/5"), SELF_CARE_Q)
    assert stack.processes["rasa"].pid == rasa_pid
    assert stack.processes["rasa"].poll() is None
