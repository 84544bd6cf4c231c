"""The bridge's handlers on offline Updates: Bot API calls intercepted, Rasa behind
httpx.MockTransport."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from telegram import Update
from telegram.request import BaseRequest, RequestData

from actions.reminder_schedule import CHAT_METADATA_KEY
from actions.storage.cli import migrate
from bot.telegram import app as bridge_app
from bot.telegram.app import EXPIRED_BUTTON, GROUP_REFUSAL, build_application
from bot.telegram.render import MAX_CALLBACK_BYTES, MAX_TEXT, to_html
from bot.telegram.settings import Settings
from peerline_core import crisis_copy as crisis
from peerline_core.keys import note_keys
from peerline_core.privacy import NoteCipher, pseudonym
from peerline_core.replies import SLOW_DOWN, TROUBLE
from peerline_core.seal import open_sealed

SECRET = "unit-test-secret"
BOT_ID = 777
BOT_USERNAME = "peerline_bot"
USER = 4242
GROUP = -100500
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Peerline", "username": BOT_USERNAME}


@dataclass
class Sent:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


class RecordingRequest(BaseRequest):
    """Answers Bot API calls locally and records them."""

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self._ids = itertools.count(500)

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *_: Any, **__: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data is not None and request_data.contains_files:
            for key, value in request_data.multipart_data.items():
                files[key] = (value[0], value[1] if isinstance(value[1], bytes) else b"")
        self.sent.append(Sent(name, params, files))
        result: Any = True
        if name == "getMe":
            result = BOT_USER
        elif name.startswith(("send", "edit")) and name != "sendChatAction":
            chat_id = int(str(params.get("chat_id", 0)))
            result = {
                "message_id": int(str(params.get("message_id") or next(self._ids))),
                "date": 0,
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def of(self, method: str) -> list[Sent]:
        return [s for s in self.sent if s.method == method]

    def texts(self) -> list[str]:
        return [s.params["text"] for s in self.of("sendMessage")]


class FakeRasa:
    """Scripted Rasa REST channel: records request bodies, answers from `reply`."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.reply: Callable[[dict[str, Any]], httpx.Response] = lambda body: httpx.Response(
            200, json=[{"recipient_id": body["sender"], "text": f"echo: {body['message']}"}]
        )

    def handle(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/webhooks/rest/webhook"
        body = json.loads(request.content)
        self.bodies.append(body)
        return self.reply(body)

    def says(self, *messages: dict[str, Any]) -> None:
        self.reply = lambda _: httpx.Response(200, json=list(messages))

    def fails(self, error: Exception) -> None:
        def raise_(_: dict[str, Any]) -> httpx.Response:
            raise error

        self.reply = raise_

    @property
    def messages(self) -> list[str]:
        return [body["message"] for body in self.bodies]


@dataclass
class Harness:
    application: Any
    telegram: RecordingRequest
    rasa: FakeRasa
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def feed(self, payload: dict[str, Any], update_id: int | None = None) -> None:
        data = {"update_id": next(self.ids) if update_id is None else update_id, **payload}
        await self.application.process_update(Update.de_json(data, self.application.bot))

    async def say(self, text: str, chat_id: int = USER, **extra: Any) -> None:
        await self.feed({"message": message(text, chat_id, **extra)})


def message(text: str, chat_id: int = USER, user_id: int = USER, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "message_id": 10,
        "date": 0,
        "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Sam"},
        "text": text,
        **extra,
    }
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        payload["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return payload


def settings(**overrides: str) -> Settings:
    values = {
        "TELEGRAM_BOT_TOKEN": "777:unit-token",
        "PEERLINE_PSEUDONYM_SECRET": SECRET,
        # The reminder loop has its own tests (test_reminders.py); here no database is needed.
        "TELEGRAM_REMINDERS": "false",
    }
    return Settings(_env_file=None, **{**values, **overrides})  # type: ignore[call-arg,arg-type]  # by alias


async def start(**overrides: str) -> Harness:
    telegram, rasa = RecordingRequest(), FakeRasa()
    application = build_application(
        settings(**overrides), rasa_transport=httpx.MockTransport(rasa.handle), request=telegram
    )
    await application.initialize()
    await bridge_app.post_init(application)
    return Harness(application, telegram, rasa)


@pytest.fixture
async def bridge() -> AsyncIterator[Harness]:
    harness = await start()
    yield harness
    await bridge_app.post_shutdown(harness.application)
    await harness.application.shutdown()


async def test_text_goes_to_rasa_under_a_pseudonym_and_the_reply_comes_back(
    bridge: Harness,
) -> None:
    """Rasa sees the HMAC pseudonym and non-identifying metadata; the reply is sent as HTML."""
    await bridge.say("hello <there>")
    expected_sender = pseudonym(SECRET.encode(), "telegram", str(USER))
    assert bridge.rasa.bodies == [
        {
            "sender": expected_sender,
            "message": "hello <there>",
            "metadata": {"channel": "telegram", "chat_type": "private"},
        }
    ]
    assert str(USER) not in json.dumps(bridge.rasa.bodies)
    [sent] = bridge.telegram.of("sendMessage")
    assert sent.params["text"] == "echo: hello &lt;there&gt;"
    assert sent.params["parse_mode"] == "HTML"
    assert bridge.telegram.of("sendChatAction")[0].params["action"] == "typing"


async def test_buttons_become_an_inline_keyboard(bridge: Harness) -> None:
    """Rasa buttons arrive as inline buttons carrying their payloads."""
    bridge.rasa.says(
        {"text": "Are you safe?", "buttons": [{"title": "I'm safe", "payload": "/affirm"}]}
    )
    await bridge.say("hi")
    [sent] = bridge.telegram.of("sendMessage")
    assert sent.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "I'm safe", "callback_data": "/affirm"}]]
    }


async def test_button_press_is_answered_marked_and_forwarded(bridge: Harness) -> None:
    """A press: answerCallbackQuery, the message shows the choice, Rasa gets the payload."""
    bot_message = {
        "message_id": 77,
        "date": 0,
        "chat": {"id": USER, "type": "private"},
        "from": BOT_USER,
        "text": "Which are you?",
        "reply_markup": {
            "inline_keyboard": [
                [{"text": "Peer provider", "callback_data": "I am a peer provider"}]
            ]
        },
    }
    await bridge.feed(
        {
            "callback_query": {
                "id": "q1",
                "from": {"id": USER, "is_bot": False, "first_name": "Sam"},
                "chat_instance": "c",
                "message": bot_message,
                "data": "I am a peer provider",
            }
        }
    )
    assert [s.params["callback_query_id"] for s in bridge.telegram.of("answerCallbackQuery")] == [
        "q1"
    ]
    [edit] = bridge.telegram.of("editMessageText")
    assert edit.params["text"] == "Which are you?\n\n› Peer provider"
    assert "reply_markup" not in edit.params
    assert bridge.rasa.messages == ["I am a peer provider"]
    assert bridge.telegram.texts() == ["echo: I am a peer provider"]


async def test_long_payloads_round_trip_through_a_short_key(bridge: Harness) -> None:
    """Callback data stays within 64 bytes and the press sends the full payload."""
    payload = "/ask_role" + '{"note": "' + "x" * 100 + '"}'
    bridge.rasa.says({"text": "Pick", "buttons": [{"title": "Long", "payload": payload}]})
    await bridge.say("hi")
    [sent] = bridge.telegram.of("sendMessage")
    data = sent.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    bridge.rasa.reply = FakeRasa().reply
    await bridge.feed(callback(data, text="Pick"))
    assert bridge.rasa.messages[-1] == payload


async def test_an_unknown_button_key_is_answered_and_not_forwarded(bridge: Harness) -> None:
    """A key this chat no longer holds: the query is answered with a hint, Rasa is not called."""
    await bridge.feed(callback("~" + "0" * 32, text="Pick"))
    [answer] = bridge.telegram.of("answerCallbackQuery")
    assert answer.params["text"] == EXPIRED_BUTTON
    assert bridge.rasa.bodies == []


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
    ],
)
async def test_rasa_unreachable_or_slow_gets_a_trouble_message(
    bridge: Harness, error: Exception
) -> None:
    """Never silence: unreachable or timed-out Rasa gives "I'm having trouble" and 988."""
    bridge.rasa.fails(error)
    await bridge.say("what is a peer specialist")
    [text] = bridge.telegram.texts()
    assert text.startswith("I'm having trouble right now")
    assert "988" in text


@pytest.mark.parametrize("reply", [httpx.Response(500), httpx.Response(200, json=[])])
async def test_rasa_errors_and_empty_answers_get_a_trouble_message(
    bridge: Harness, reply: httpx.Response
) -> None:
    """A 5xx, or no messages at all (the action server is down), is not silence either."""
    bridge.rasa.reply = lambda _: reply
    await bridge.say("what is a peer specialist")
    assert bridge.telegram.texts() == [to_html(TROUBLE)]


async def test_crisis_text_gets_local_resources_when_rasa_fails(bridge: Harness) -> None:
    """Crisis first: a risk message with Rasa down still gets 988, 741741 and 911."""
    bridge.rasa.fails(httpx.ConnectError("refused"))
    await bridge.say("i want to kill myself")
    [text] = bridge.telegram.texts()
    assert text == to_html(crisis.crisis_text("self"))
    assert '<a href="https://988lifeline.org">' in text
    assert all(number in text for number in ("988", "741741", "911"))


async def test_crisis_text_is_not_doubled_when_rasa_answers_it(bridge: Harness) -> None:
    """When Rasa's reply carries the crisis marker, the local copy is not added."""
    bridge.rasa.says({"text": "Call or text 988 now."}, {"custom": {"crisis": "client"}})
    await bridge.say("my client said he wants to die")
    assert bridge.telegram.texts() == ["Call or text 988 now."]


async def test_a_check_reply_also_counts_as_rasa_answering_the_risk(bridge: Harness) -> None:
    """Rasa's check question (marker "check") is answer enough: no local copy is added."""
    bridge.rasa.says({"text": "Are you thinking about suicide?"}, {"custom": {"crisis": "check"}})
    await bridge.say("my client said he wants to die")
    assert bridge.telegram.texts() == ["Are you thinking about suicide?"]


async def test_988_in_an_unmarked_reply_does_not_stand_in_for_a_crisis_reply(
    bridge: Harness,
) -> None:
    """A welcome that mentions 988 has no marker: a detected risk still gets the local copy."""
    bridge.rasa.says({"text": "Hi, I'm Peerline. In a crisis, call or text 988."})
    await bridge.say("i want to kill myself")
    texts = bridge.telegram.texts()
    assert texts[0] == to_html(crisis.crisis_text("self"))
    assert texts[1:] == [to_html("Hi, I'm Peerline. In a crisis, call or text 988.")]


async def test_crisis_text_gets_local_resources_when_rasa_misses_it(bridge: Harness) -> None:
    """A risk Rasa answers without 988: the local copy goes first, then Rasa's reply."""
    await bridge.say("my client said he wants to die")
    texts = bridge.telegram.texts()
    assert [t.startswith("That sounds serious") for t in texts] == [True, False]


async def test_crisis_command_answers_locally(bridge: Harness) -> None:
    """/crisis never waits on Rasa."""
    bridge.rasa.fails(httpx.ConnectError("refused"))
    await bridge.say("/crisis")
    [text] = bridge.telegram.texts()
    assert "988" in text and "741741" in text and "911" in text
    assert bridge.rasa.bodies == []


async def test_start_sends_hi_and_offers_roles(bridge: Harness) -> None:
    """/start: Rasa's welcome for "hi", then the three role buttons."""
    await bridge.say("/start")
    assert bridge.rasa.messages == ["hi"]
    markup = bridge.telegram.of("sendMessage")[-1].params["reply_markup"]
    assert [row[0]["callback_data"] for row in markup["inline_keyboard"]] == [
        "I am a peer provider",
        "I am a supervisor",
        "I am something else",
    ]


async def test_start_does_not_repeat_roles_rasa_already_offers(bridge: Harness) -> None:
    """When Rasa's greeting carries the role buttons, no second prompt follows."""
    bridge.rasa.says(
        {"text": "Hi", "buttons": [{"title": "I'm a peer", "payload": "I am a peer provider"}]}
    )
    await bridge.say("/start")
    assert len(bridge.telegram.of("sendMessage")) == 1


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("/topics", "help"),
        ("/checkin", "check in"),
        ("/mydata", "show my data"),
        ("/delete", "delete my data"),
        ("/stop", "stop reminders"),
        ("/privacy", "privacy"),
    ],
)
async def test_commands_send_their_text_to_rasa(bridge: Harness, command: str, text: str) -> None:
    """Each command forwards its fixed text."""
    await bridge.say(command)
    assert bridge.rasa.messages == [text]


async def test_help_is_local(bridge: Harness) -> None:
    """/help lists the commands without a Rasa call."""
    await bridge.say("/help")
    assert "/checkin" in bridge.telegram.texts()[0]
    assert bridge.rasa.bodies == []


async def test_commands_are_registered_at_start(bridge: Harness) -> None:
    """post_init registers all commands, and a group menu without the private ones."""
    private, group = bridge.telegram.of("setMyCommands")
    assert [c["command"] for c in private.params["commands"]] == [
        "start", "help", "topics", "checkin", "mydata", "delete", "stop", "privacy", "crisis",
    ]  # fmt: skip
    assert group.params["scope"] == {"type": "all_group_chats"}
    assert {"checkin", "mydata", "delete", "stop"}.isdisjoint(
        c["command"] for c in group.params["commands"]
    )


@pytest.mark.parametrize(
    "command", ["/checkin", "/mydata", f"/delete@{BOT_USERNAME}", f"/stop@{BOT_USERNAME}"]
)
async def test_private_commands_are_refused_in_groups(bridge: Harness, command: str) -> None:
    """Check-ins and data stay out of groups: a short refusal, no Rasa call."""
    await bridge.say(command, chat_id=GROUP)
    assert bridge.telegram.texts() == [GROUP_REFUSAL]
    assert bridge.rasa.bodies == []


async def test_group_chatter_not_addressed_to_the_bot_is_ignored(bridge: Harness) -> None:
    """No mention, no reply, no command: nothing is sent anywhere."""
    await bridge.say("anyone up for lunch?", chat_id=GROUP)
    await bridge.say("/start@some_other_bot", chat_id=GROUP)
    assert bridge.rasa.bodies == []
    assert bridge.telegram.of("sendMessage") == []


async def test_group_mention_is_answered_as_a_reply_without_the_mention(bridge: Harness) -> None:
    """@mention in a group: Rasa gets the text without it, under a group-scoped pseudonym."""
    text = f"@{BOT_USERNAME} what is a peer specialist"
    entities = [{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}]
    await bridge.say(text, chat_id=GROUP, entities=entities)
    [body] = bridge.rasa.bodies
    assert body["message"] == "what is a peer specialist"
    assert body["metadata"]["chat_type"] == "group"
    assert body["sender"] != pseudonym(SECRET.encode(), "telegram", str(USER))
    [sent] = bridge.telegram.of("sendMessage")
    assert sent.params["reply_parameters"]["message_id"] == 10


async def test_group_reply_to_the_bot_is_answered(bridge: Harness) -> None:
    """A reply to one of the bot's messages counts as addressing it."""
    replied = {"message_id": 9, "date": 0, "chat": {"id": GROUP, "type": "supergroup"}}
    await bridge.say(
        "and for supervisors?", chat_id=GROUP, reply_to_message={**replied, "from": BOT_USER}
    )
    assert bridge.rasa.messages == ["and for supervisors?"]


@pytest.mark.parametrize("text", ["let's do a check in", "remind me to check in at 5pm"])
async def test_group_mention_asking_for_a_checkin_is_refused(bridge: Harness, text: str) -> None:
    """A check-in or a reminder asked for in a group by text is refused like the command."""
    entities = [{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}]
    await bridge.say(f"@{BOT_USERNAME} {text}", chat_id=GROUP, entities=entities)
    assert bridge.telegram.texts() == [GROUP_REFUSAL]
    assert bridge.rasa.bodies == []


@pytest.mark.parametrize(
    "text", ["add to my supervision list: a client offered me a ride", "show my supervision agenda"]
)
async def test_group_mention_touching_the_supervision_agenda_is_refused(
    bridge: Harness, text: str
) -> None:
    """The agenda is private data too: in a group it is refused, and Rasa never hears it."""
    entities = [{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}]
    await bridge.say(f"@{BOT_USERNAME} {text}", chat_id=GROUP, entities=entities)
    assert bridge.telegram.texts() == [GROUP_REFUSAL]
    assert bridge.rasa.bodies == []


async def test_with_reminders_on_a_private_chat_is_sealed_for_delivery(tmp_path: Path) -> None:
    """Rasa gets the private chat's id only sealed under the note keys; a group's never;
    the reminder loop runs until shutdown."""
    url = f"sqlite:///{tmp_path / 'peerline.db'}"
    migrate(url)
    harness = await start(
        TELEGRAM_REMINDERS="true", PEERLINE_VAR_DIR=str(tmp_path), DATABASE_URL=url
    )
    try:
        await harness.say("remind me to check in every weekday at 5pm")
        entities = [{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}]
        await harness.say(f"@{BOT_USERNAME} what is a peer", chat_id=GROUP, entities=entities)
        private, group = (body["metadata"] for body in harness.rasa.bodies)
        sealed = private[CHAT_METADATA_KEY]
        assert str(USER) not in sealed
        cipher = NoteCipher(note_keys(tmp_path))
        assert open_sealed(sealed, cipher.decrypt) == str(USER)
        assert CHAT_METADATA_KEY not in group
        task = harness.application.bot_data["peerline.bridge"].delivery
        assert task is not None and not task.done()
    finally:
        await bridge_app.post_shutdown(harness.application)
        await harness.application.shutdown()
    assert task.cancelled()


async def test_repeated_update_ids_are_processed_once(bridge: Harness) -> None:
    """A redelivered update (same update_id) reaches Rasa once."""
    for _ in range(3):
        await bridge.feed({"message": message("hello")}, update_id=99)
    assert bridge.rasa.messages == ["hello"]


async def test_a_flood_gets_one_slow_down_and_is_dropped() -> None:
    """Past the per-chat limit: one polite notice, then silence for that window."""
    harness = await start(TELEGRAM_RATE_LIMIT="3/minute")
    try:
        for i in range(7):
            await harness.say(f"message {i}")
        assert harness.rasa.messages == ["message 0", "message 1", "message 2"]
        assert harness.telegram.texts().count(to_html(SLOW_DOWN)) == 1
        await harness.say("i want to kill myself")
        assert harness.telegram.texts()[-1] == to_html(crisis.crisis_text("self"))
        assert len(harness.rasa.bodies) == 3
    finally:
        await bridge_app.post_shutdown(harness.application)
        await harness.application.shutdown()


async def test_an_edited_message_runs_only_the_crisis_detector(bridge: Harness) -> None:
    """Edits never reach Rasa; an edit that reveals risk gets the local crisis copy."""
    await bridge.feed({"edited_message": {**message("fine thanks"), "edit_date": 1}})
    assert bridge.telegram.of("sendMessage") == []
    await bridge.feed({"edited_message": {**message("i want to kill myself"), "edit_date": 2}})
    assert bridge.telegram.texts() == [to_html(crisis.crisis_text("self"))]
    assert bridge.rasa.bodies == []


async def test_images_and_exports_are_sent_as_photo_and_document(bridge: Harness) -> None:
    """A data: URI chart goes out as photo bytes; an export as a named document."""
    png = b"\x89PNG\r\n\x1a\nchart"
    export = {"format": "json", "filename": "peerline-checkins.json", "content": '{"checkins": []}'}
    bridge.rasa.says(
        {"image": "data:image/png;base64," + base64.b64encode(png).decode()},
        {"custom": {"export": export}},
    )
    await bridge.say("show my data")
    [photo] = bridge.telegram.of("sendPhoto")
    assert next(iter(photo.files.values()))[1] == png
    [document] = bridge.telegram.of("sendDocument")
    assert list(document.files.values()) == [("peerline-checkins.json", b'{"checkins": []}')]


async def test_long_replies_are_split(bridge: Harness) -> None:
    """A reply over Telegram's 4096 characters arrives as several messages."""
    bridge.rasa.says({"text": "x " * 3000})
    await bridge.say("tell me everything")
    texts = bridge.telegram.texts()
    assert len(texts) == 2
    assert all(len(t) <= MAX_TEXT for t in texts)


async def test_non_text_messages_get_a_hint(bridge: Harness) -> None:
    """A sticker in a private chat: a short hint to type instead, no Rasa call."""
    sticker = {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1, "is_animated": False,
               "is_video": False, "type": "regular"}  # fmt: skip
    payload = message("")
    del payload["text"]
    await bridge.feed({"message": {**payload, "sticker": sticker}})
    assert bridge.telegram.texts() == [bridge_app.TEXT_ONLY]
    assert bridge.rasa.bodies == []


def callback(data: str, text: str) -> dict[str, Any]:
    bot_message = {
        "message_id": 78,
        "date": 0,
        "chat": {"id": USER, "type": "private"},
        "from": BOT_USER,
        "text": text,
    }
    return {
        "callback_query": {
            "id": "q2",
            "from": {"id": USER, "is_bot": False, "first_name": "Sam"},
            "chat_instance": "c",
            "message": bot_message,
            "data": data,
        }
    }


def test_webhook_mode_requires_a_secret_and_url() -> None:
    """Webhook mode fails fast without TELEGRAM_WEBHOOK_SECRET."""
    with pytest.raises(ValidationError, match="TELEGRAM_WEBHOOK_SECRET"):
        settings(TELEGRAM_MODE="webhook", TELEGRAM_WEBHOOK_URL="https://example.org/hook")
    ok = settings(
        TELEGRAM_MODE="webhook",
        TELEGRAM_WEBHOOK_URL="https://example.org/peerline/hook",
        TELEGRAM_WEBHOOK_SECRET="s3cret_token-1",
    )
    assert ok.webhook_path == "peerline/hook"


def test_settings_never_show_secrets() -> None:
    """The token and secrets are redacted in repr."""
    shown = repr(settings())
    assert "unit-token" not in shown
    assert SECRET not in shown


def test_the_token_is_required() -> None:
    """Without TELEGRAM_BOT_TOKEN the settings do not build."""
    with pytest.raises(ValidationError, match="TELEGRAM_BOT_TOKEN"):
        Settings(_env_file=None)  # type: ignore[call-arg]  # the token is missing on purpose


def test_a_bad_rate_limit_fails_at_start() -> None:
    """TELEGRAM_RATE_LIMIT must be `limits` notation."""
    with pytest.raises(ValidationError, match="TELEGRAM_RATE_LIMIT"):
        settings(TELEGRAM_RATE_LIMIT="20 per fortnight")


async def test_updates_of_one_chat_run_in_order_and_other_chats_do_not_wait() -> None:
    """The update processor serialises a chat and lets a second chat through meanwhile."""
    processor = bridge_app.ChatOrderedProcessor()
    events: list[str] = []
    release = asyncio.Event()

    async def work(name: str, wait: bool) -> None:
        events.append(f"{name} start")
        if wait:
            await release.wait()
        events.append(f"{name} end")

    def update(chat_id: int, update_id: int) -> Update:
        return Update.de_json({"update_id": update_id, "message": message("x", chat_id)}, None)

    first = asyncio.create_task(processor.process_update(update(1, 1), work("a1", True)))
    second = asyncio.create_task(processor.process_update(update(1, 2), work("a2", False)))
    other = asyncio.create_task(processor.process_update(update(2, 3), work("b", False)))
    await other
    assert events == ["a1 start", "b start", "b end"]
    release.set()
    await asyncio.gather(first, second)
    assert events[3:] == ["a1 end", "a2 start", "a2 end"]
