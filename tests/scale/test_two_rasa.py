"""Scale-out: two `rasa run` processes on one PostgreSQL tracker store and one Redis lock
store (deploy/endpoints.production.yml), one action server, interleaved traffic.

20 conversations run concurrently. Each sends 12 messages one after another, alternating
between the two processes (knowledge questions and a full check-in); then three rounds of two
messages sent at the same moment, one to each process (the Redis ticket lock,
bot/rasa_ext/lock_store.py, must serialise them); then a check-in is started on the two
processes, both are stopped, and a third process started afterwards must finish it from the
tracker store. The events table is then read back: every message is stored exactly once, in
send order, each turn complete before the next one, and every finished check-in is stored
once in Peerline's database.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from actions.storage.cli import migrate
from devtools.postgres import throwaway_postgres
from devtools.stack import REPO
from peerline_core.privacy import NoteCipher, pseudonym
from peerline_core.seal import is_sealed, open_sealed
from tests.scale.cluster import Cluster

pytestmark = pytest.mark.scale

CONVERSATIONS = 20
PAIR_ROUNDS = 3
REQUEST_TIMEOUT_S = 180.0  # above the turn timeout set below, so Rasa answers first
PSEUDONYM_SECRET = "scale-test-pseudonym-secret"
REPORT = REPO / "reports" / "scale" / "two_rasa.json"

QUESTIONS = [
    "how do i get certified as a peer specialist",
    "what does solid supervision for peer staff involve",
    "how much money do peer support specialists earn",
    "a client asked me to be friends on instagram, is that ok?",
    "what training do new peers need",
    "how do we recruit peer specialists",
    "what code of ethics do peers follow",
    "how do i take care of myself in this job",
]
ANSWERED = "Source:"
# (message, text the reply must contain): the check-in turns of tests/integration/test_checkins.py.
CHECKIN_START = [("check in", "mood"), ("pretty rough", "stress")]
CHECKIN_FINISH = [("4/5", "self-care"), ("yes", "note")]
LOGGED = "mood 2/5, stress 4/5"
FAILURE_MARKS = ("LockError", "A turn failed", "Handling a message failed")


@dataclass
class Sent:
    """One message as sent, the replies it got, and its send group (same group: same moment)."""

    text: str
    must: str  # what the reply must contain
    replies: list[dict[str, Any]]
    group: int
    process: str


@dataclass
class Conversation:
    index: int
    sender: str
    sent: list[Sent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    groups: int = 0

    def question(self, offset: int) -> str:
        return QUESTIONS[(self.index + offset) % len(QUESTIONS)]

    def note(self, label: str) -> str:
        """A new check-in note, remembered so the stored one can be compared."""
        note = f"{label} note {self.index} {uuid.uuid4().hex[:8]}"
        self.notes.append(note)
        return note

    def record(self, *items: Sent) -> None:
        """Messages sent together (one group): one item, or a simultaneous pair."""
        for item in items:
            item.group = self.groups
            self.sent.append(item)
        self.groups += 1


Script = Callable[[Conversation], list[tuple[str, str]]]
Plan = Callable[[httpx.AsyncClient, Conversation], Awaitable[None]]


def texts(replies: list[dict[str, Any]]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def reply_texts(replies: list[dict[str, Any]]) -> list[str]:
    return [reply["text"] for reply in replies if reply.get("text")]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """The action server and two Rasa processes ("a", "b") on fresh stores."""
    rasa_venv = os.environ.get("RASA_VENV")
    if not rasa_venv:
        pytest.fail("RASA_VENV is not set: run the scale test with `make test-scale`.")
    if not any((REPO / "models").glob("*.tar.gz")):
        pytest.fail("No trained model in models/: run `make train` first.")
    key_prefix = f"peerlinescale{uuid.uuid4().hex[:12]}"  # Rasa accepts letters and digits only
    with (
        throwaway_postgres("peerline_scale_tracker") as tracker_url,
        throwaway_postgres("peerline_scale_app") as database_url,
    ):
        migrate(database_url)
        tracker = make_url(tracker_url)
        running = Cluster(
            workdir=tmp_path_factory.mktemp("scale"),
            rasa_venv=Path(rasa_venv),
            database_url=database_url,
            extra_env={
                "TRACKER_DB_HOST": tracker.host or "127.0.0.1",
                "TRACKER_DB_PORT": str(tracker.port or 5432),
                "TRACKER_DB_NAME": tracker.database or "",
                "TRACKER_DB_USER": tracker.username or "postgres",
                "TRACKER_DB_PASSWORD": "",
                "LOCK_REDIS_HOST": "127.0.0.1",
                "LOCK_REDIS_PORT": "6379",
                "LOCK_REDIS_DB": "1",
                "LOCK_REDIS_PASSWORD": "",
                "LOCK_REDIS_KEY_PREFIX": key_prefix,
                "TRACKER_DATABASE_URL": tracker_url,
                "PEERLINE_PSEUDONYM_SECRET": PSEUDONYM_SECRET,
                # Rasa seals notes in the tracker store with the keys the actions use.
                "PEERLINE_NOTE_KEYS": Fernet.generate_key().decode(),
                # Per-sender limits counted once for all processes, as in production.
                "PEERLINE_RATE_LIMIT_STORAGE": "redis://127.0.0.1:6379/1",
                # This test is about what the stores keep, not latency. On a shared 2-core
                # machine 20 concurrent conversations per process take longer than the
                # production turn timeout (6 s), which cancels the turn: the message is not
                # stored and the user is asked to try again, which would be reported here
                # as lost messages (deploy/README.md, "Known limits").
                "PEERLINE_TURN_TIMEOUT_S": "120",
                # A ticket must outlive the slowest turn, or the next message gets in beside it.
                "TICKET_LOCK_LIFETIME": "180",
            },
        )
        locks = redis.Redis(host="127.0.0.1", port=6379, db=1)
        try:
            running.start_actions()
            running.launch_rasa("a")
            running.launch_rasa("b")
            running.wait_ready("a", "b")
            yield running
        finally:
            running.stop()
            for key in locks.scan_iter(f"{key_prefix}:*"):
                locks.delete(key)
            locks.close()


async def send_all(conversations: list[Conversation], plan: Plan) -> None:
    """Run ``plan`` for every conversation at once."""
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_S, limits=limits) as client:
        await asyncio.gather(*(plan(client, conversation) for conversation in conversations))


def sequential(cluster: Cluster, script: Script, processes: list[str]) -> Plan:
    """One message at a time per conversation, the process alternating with every message."""

    async def plan(client: httpx.AsyncClient, conversation: Conversation) -> None:
        for step, (message, must) in enumerate(script(conversation)):
            process = processes[(conversation.index + step) % len(processes)]
            replies = await cluster.say_to(client, process, conversation.sender, message)
            conversation.record(Sent(message, must, replies, 0, process))

    return plan


def simultaneous(cluster: Cluster) -> Plan:
    """Two different questions of one conversation at the same moment, one to each process."""

    async def plan(client: httpx.AsyncClient, conversation: Conversation) -> None:
        for round_ in range(PAIR_ROUNDS):
            first = conversation.question(2 * round_ + 1)
            second = conversation.question(2 * round_ + 2)
            replies = await asyncio.gather(
                cluster.say_to(client, "a", conversation.sender, first),
                cluster.say_to(client, "b", conversation.sender, second),
            )
            conversation.record(
                Sent(first, ANSWERED, replies[0], 0, "a"),
                Sent(second, ANSWERED, replies[1], 0, "b"),
            )

    return plan


def first_script(conversation: Conversation) -> list[tuple[str, str]]:
    """12 messages: a question, a full check-in with a note, then six more questions."""
    return [
        (conversation.question(0), ANSWERED),
        *CHECKIN_START,
        *CHECKIN_FINISH,
        (conversation.note("first"), LOGGED),
        *[(conversation.question(offset), ANSWERED) for offset in range(1, 7)],
    ]


def finish_script(conversation: Conversation) -> list[tuple[str, str]]:
    """The rest of the check-in started before the restart, and one more question."""
    return [
        *CHECKIN_FINISH,
        (conversation.note("second"), LOGGED),
        (conversation.question(7), ANSWERED),
    ]


def reply_problems(conversations: list[Conversation]) -> list[str]:
    """Every reply that lacks the text its message must get (one line per miss)."""
    return [
        f"{c.sender}: {s.text!r} on {s.process} got {texts(s.replies)[:120]!r}, expected {s.must!r}"
        for c in conversations
        for s in c.sent
        if s.must not in texts(s.replies)
    ]


def stored_events(tracker_url: str) -> tuple[dict[str, list[dict[str, Any]]], str]:
    """The events table per conversation, in Rasa's own order (by id), and all its raw data."""
    engine = create_engine(tracker_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT sender_id, type_name, data FROM events ORDER BY id")
        ).all()
    engine.dispose()
    events: dict[str, list[dict[str, Any]]] = {}
    for sender_id, type_name, data in rows:
        event = json.loads(data)
        assert event["event"] == type_name
        events.setdefault(sender_id, []).append(event)
    return events, "\n".join(row.data for row in rows)


def unseal(events: dict[str, list[dict[str, Any]]], cipher: NoteCipher) -> int:
    """Open the user messages the tracker store sealed (check-in notes); how many there were."""
    sealed = 0
    for conversation in events.values():
        for event in conversation:
            if event["event"] == "user" and is_sealed(event.get("text")):
                event["text"] = open_sealed(event["text"], cipher.decrypt)
                sealed += 1
    return sealed


def split_turns(
    events: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]]]:
    """The events before the first user message, and one list per user message onwards."""
    prefix: list[dict[str, Any]] = []
    turns: list[list[dict[str, Any]]] = []
    for event in events:
        if event["event"] == "user":
            turns.append([event])
        elif turns:
            turns[-1].append(event)
        else:
            prefix.append(event)
    return prefix, turns


def turn_problems(sender: str, turn: list[dict[str, Any]], sent: Sent) -> list[str]:
    """A stored turn must be the message's whole turn: its replies, then one action_listen."""
    problems = []
    actions = [event["name"] for event in turn if event["event"] == "action"]
    if not actions or actions[-1] != "action_listen" or actions.count("action_listen") != 1:
        problems.append(f"{sender}: turn of {sent.text!r} has actions {actions}")
    if turn[-1]["event"] != "action" or turn[-1]["name"] != "action_listen":
        problems.append(f"{sender}: turn of {sent.text!r} ends with {turn[-1]['event']}")
    bot = [event["text"] for event in turn if event["event"] == "bot" and event.get("text")]
    if bot != reply_texts(sent.replies):
        problems.append(
            f"{sender}: turn of {sent.text!r} stored {len(bot)} bot texts, "
            f"the reply had {len(reply_texts(sent.replies))}"
        )
    return problems


def conversation_problems(conversation: Conversation, events: list[dict[str, Any]]) -> list[str]:
    """Compare the stored conversation with what was sent, message by message."""
    sender = conversation.sender
    prefix, turns = split_turns(events)
    problems = []
    if [e["event"] for e in prefix][-1:] != ["action"] or prefix[-1]["name"] != "action_listen":
        problems.append(f"{sender}: no session start before the first message")
    stored = [turn[0]["text"] for turn in turns]
    sent = [item.text for item in conversation.sent]
    if len(stored) != len(sent):
        return [*problems, f"{sender}: sent {len(sent)} messages, stored {len(stored)}"]
    position = 0
    for group in range(conversation.groups):
        items = [item for item in conversation.sent if item.group == group]
        here = turns[position : position + len(items)]
        by_text = {turn[0]["text"]: turn for turn in here}
        if sorted(by_text) != sorted(item.text for item in items):
            order = [turn[0]["text"] for turn in here]
            problems.append(
                f"{sender}: at {position} stored {order}, sent {[i.text for i in items]}"
            )
        else:
            for item in items:
                problems += turn_problems(sender, by_text[item.text], item)
        position += len(items)
    return problems


def checkin_problems(
    database_url: str, note_key: str, conversations: list[Conversation]
) -> list[str]:
    """Each finished check-in is one row with the right note; no other rows."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT user_key, idempotency_key, mood, stress, used_self_care, note_encrypted "
                "FROM checkins"
            )
        ).all()
    engine.dispose()
    cipher = NoteCipher([note_key.encode()])
    problems: list[str] = []
    expected_total = sum(len(c.notes) for c in conversations)
    if len(rows) != expected_total:
        problems.append(f"{len(rows)} check-ins stored, {expected_total} finished")
    for conversation in conversations:
        key = pseudonym(PSEUDONYM_SECRET.encode(), "rest", conversation.sender)
        mine = [row for row in rows if row.user_key == key]
        notes = sorted(cipher.decrypt(row.note_encrypted) for row in mine if row.note_encrypted)
        if notes != sorted(conversation.notes) or len(mine) != len(conversation.notes):
            problems.append(f"{conversation.sender}: {len(mine)} check-ins stored")
        if len({row.idempotency_key for row in mine}) != len(mine):
            problems.append(f"{conversation.sender}: idempotency key stored twice")
        if any((r.mood, r.stress, r.used_self_care) != (2, 4, True) for r in mine):
            problems.append(f"{conversation.sender}: wrong check-in values")
    return problems


def test_two_rasa_processes_lose_and_reorder_nothing(cluster: Cluster) -> None:
    """Interleaved and simultaneous traffic on two processes, then a third one: nothing lost."""
    run = uuid.uuid4().hex[:6]
    conversations = [Conversation(i, f"scale-{run}-{i:02d}") for i in range(CONVERSATIONS)]
    seconds: dict[str, float] = {}

    def phase(name: str, plan: Plan) -> None:
        started = time.monotonic()
        asyncio.run(send_all(conversations, plan))
        seconds[name] = round(time.monotonic() - started, 1)

    phase("sequential_a_b", sequential(cluster, first_script, ["a", "b"]))
    phase("simultaneous_pairs", simultaneous(cluster))
    phase("checkin_start_a_b", sequential(cluster, lambda _: CHECKIN_START, ["a", "b"]))
    # Both processes go away mid check-in; a third, started afterwards, must finish it.
    cluster.stop_process("a")
    cluster.stop_process("b")
    started = time.monotonic()
    cluster.launch_rasa("c")
    cluster.wait_ready("c")
    seconds["third_process_start"] = round(time.monotonic() - started, 1)
    phase("checkin_finish_c", sequential(cluster, finish_script, ["c"]))
    cluster.stop_process("c")

    events, raw = stored_events(cluster.extra_env["TRACKER_DATABASE_URL"])
    cipher = NoteCipher([cluster.extra_env["PEERLINE_NOTE_KEYS"].encode()])
    sealed = unseal(events, cipher)
    problems = reply_problems(conversations)
    notes = [note for c in conversations for note in c.notes]
    problems += [f"note stored in plaintext: {n!r}" for n in notes if n in raw]
    if sealed != len(notes):
        problems.append(f"{sealed} sealed user messages in the tracker store, {len(notes)} notes")
    for conversation in conversations:
        problems += conversation_problems(conversation, events.get(conversation.sender, []))
    problems += checkin_problems(
        cluster.database_url, cluster.extra_env["PEERLINE_NOTE_KEYS"], conversations
    )
    failures = [  # Rasa's lock errors, and turns our channels reported as failed
        line
        for name in ("a", "b", "c")
        for line in cluster.log_of(name).splitlines()
        if any(mark in line for mark in FAILURE_MARKS)
    ]
    write_report(conversations, events, seconds, problems, failures)
    assert not failures, failures[:5]
    assert not problems, "\n".join(problems[:30])


def write_report(
    conversations: list[Conversation],
    events: dict[str, list[dict[str, Any]]],
    seconds: dict[str, float],
    problems: list[str],
    failures: list[str],
) -> None:
    """The run's figures, for docs/performance.md and the issue (reports/scale/two_rasa.json)."""
    mine = [event for c in conversations for event in events.get(c.sender, [])]
    pairs = [
        s for c in conversations for s in c.sent if sum(x.group == s.group for x in c.sent) > 1
    ]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "conversations": len(conversations),
        "messages_sent": sum(len(c.sent) for c in conversations),
        "messages_sent_in_simultaneous_pairs": len(pairs),
        "events_checked": len(mine),
        "user_events": sum(event["event"] == "user" for event in mine),
        "bot_events": sum(event["event"] == "bot" for event in mine),
        "checkin_notes_sent": sum(len(c.notes) for c in conversations),
        "trouble_replies": sum(
            "having trouble" in texts(s.replies) for c in conversations for s in c.sent
        ),
        "seconds": seconds,
        "problems": problems,
        "rasa_log_failures": failures[:20],
    }
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
