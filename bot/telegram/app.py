"""Peerline's Telegram bridge: Telegram updates in, Rasa's REST channel, Telegram messages out.

Each text message or button press goes to Rasa under a pseudonym and every bot message
comes back as Telegram HTML, buttons, photos or documents. Crisis resources never depend
on Rasa: /crisis, edited messages and any failure answer from a local copy. Updates of one
chat run in order; different chats run concurrently.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeAlias

import httpx
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import FixedWindowRateLimiter
from pydantic import ValidationError
from sqlalchemy.orm import sessionmaker
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    Chat,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from actions.reminder_schedule import CHAT_METADATA_KEY, reminder_data
from actions.storage.db import build_engine
from bot.safety.detector import Detection, detect
from bot.telegram import reminders, webhook
from bot.telegram.rasa_client import RasaClient, RasaUnavailableError, open_client
from bot.telegram.render import (
    Button,
    DocumentMessage,
    Outgoing,
    PhotoMessage,
    TextMessage,
    keyboard,
    payload_for,
    render,
    to_html,
)
from bot.telegram.settings import Settings, get_settings
from peerline_core import crisis_copy as crisis
from peerline_core.keys import note_keys
from peerline_core.privacy import NoteCipher, pseudonym
from peerline_core.replies import SLOW_DOWN, TROUBLE
from peerline_core.seal import sealer

logger = logging.getLogger(__name__)

App: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
Context: TypeAlias = ContextTypes.DEFAULT_TYPE

BRIDGE_KEY = "peerline.bridge"
PAYLOADS_KEY = "peerline.payloads"
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
RECENT_UPDATE_IDS = 4096
MAX_CONCURRENT_UPDATES = 64
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

COMMANDS = [
    BotCommand("start", "Start over and choose your role"),
    BotCommand("help", "What Peerline is and how to use it"),
    BotCommand("topics", "Topics I can help with"),
    BotCommand("checkin", "A private two-minute wellbeing check-in"),
    BotCommand("mydata", "Export all your private data: check-ins, agenda, tools"),
    BotCommand("delete", "Delete all your private data and our history"),
    BotCommand("stop", "Stop your reminders"),
    BotCommand("privacy", "How your data is handled"),
    BotCommand("crisis", "Crisis resources, right now"),
]
PRIVATE_ONLY = ("checkin", "mydata", "delete", "stop")
GROUP_COMMANDS = [command for command in COMMANDS if command.command not in PRIVATE_ONLY]

HELP = (
    "I'm Peerline, a guidance assistant for peer providers and their supervisors. Ask a "
    "question in your own words, or use:\n"
    "/topics - what I can help with\n"
    "/checkin - a private two-minute wellbeing check-in\n"
    "/mydata - export all your private data: check-ins, supervision agenda, walk-throughs, "
    "self-assessments\n"
    "/delete - delete all your private data and our history\n"
    "/stop - stop your reminders\n"
    "/privacy - how your data is handled\n"
    "/crisis - crisis resources, right now\n"
    "I'm not therapy or a crisis service. In a crisis, call or text 988."
)
GROUP_REFUSAL = (
    "Check-ins, your supervision agenda, reminders and your data are private, so I only "
    "handle them in a one-to-one chat. Open a private chat with me to use /checkin, "
    "/mydata, /delete or /stop."
)
TEXT_ONLY = "I can only read text messages. Type your question, or send /help."
EXPIRED_BUTTON = "That button has expired. Please type your answer instead."
ROLE_PROMPT = "Which describes you best?"
ROLE_BUTTONS = (
    Button("Peer provider", "I am a peer provider"),
    Button("Supervisor", "I am a supervisor"),
    Button("Something else", "I am something else"),
)

# In a group, messages that would start or feed a check-in or touch stored data (the
# supervision agenda among them) are refused.
_PERSONAL = re.compile(
    r"\b(?:check[\s-]?ins?|checkins?|my (?:data|mood|stress|trends?|history|check)|delete|"
    r"export|log (?:my|today|how)|track my|mood (?:check|history)|how have i been|"
    r"how was my week|supervis(?:ion|or) (?:list|agenda|notes?)|remind(?:er|ers|ing)?)\b",
    re.IGNORECASE,
)


class RecentUpdates:
    """The ids of the last updates seen, so a redelivered update is processed once."""

    def __init__(self, size: int = RECENT_UPDATE_IDS) -> None:
        self._size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        """Record `update_id`; False when it was already seen."""
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


@dataclass
class Bridge:
    """Per-process state shared by the handlers (stored in `bot_data`)."""

    settings: Settings
    rasa_transport: httpx.AsyncBaseTransport | None = None
    rasa: RasaClient | None = None
    recent: RecentUpdates = field(default_factory=RecentUpdates)
    limiter: FixedWindowRateLimiter = field(
        default_factory=lambda: FixedWindowRateLimiter(MemoryStorage())
    )
    notices: dict[tuple[int, str], float] = field(default_factory=dict)
    limit: RateLimitItem = field(init=False)
    cipher: NoteCipher | None = None
    delivery: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        self.limit = parse(self.settings.rate_limit)

    def client(self) -> RasaClient:
        if self.rasa is None:
            raise RuntimeError("the Rasa client is opened in post_init")
        return self.rasa

    def first_notice(self, chat_id: int, what: str, window_ends: float) -> bool:
        """True once per chat, kind of notice and rate-limit window."""
        if self.notices.get((chat_id, what)) == window_ends:
            return False
        now = time.time()  # the limiter's windows end in epoch seconds
        self.notices = {key: end for key, end in self.notices.items() if end > now}
        self.notices[(chat_id, what)] = window_ends
        return True

    def sealed_chat(self, chat: Chat) -> str | None:
        """A private chat's id sealed under the note keys, for a reminder to be sent to;
        None in groups (reminders never go there) or with reminders off."""
        if self.cipher is None or chat.type != Chat.PRIVATE:
            return None
        return sealer(self.cipher.encrypt)(str(chat.id))


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Runs updates of one chat one after another, and different chats concurrently."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._locks.get(chat.id, (asyncio.Lock(), 0))
        self._locks[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[chat.id]
            if users <= 1:
                del self._locks[chat.id]
            else:
                self._locks[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def bridge_of(context: Context) -> Bridge:
    bridge = context.bot_data[BRIDGE_KEY]
    if not isinstance(bridge, Bridge):
        raise TypeError("bot_data holds no Bridge")
    return bridge


def sender_for(settings: Settings, chat: Chat, user_id: int) -> str:
    """The pseudonym Rasa sees; group conversations are kept apart from private ones."""
    secret = settings.pseudonym_secret.get_secret_value().encode()
    if chat.type == Chat.PRIVATE:
        return pseudonym(secret, "telegram", str(user_id))
    return pseudonym(secret, "telegram", f"group:{chat.id}:{user_id}")


def addressed(message: Message, bot_id: int, username: str) -> bool:
    """A private message, a reply to the bot, a mention of it, or a command meant for it."""
    if message.chat.type == Chat.PRIVATE:
        return True
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    mention = "@" + username.lower()
    for entity, value in message.parse_entities().items():
        if entity.type == MessageEntity.MENTION and value.lower() == mention:
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            _, _, target = value.partition("@")
            if not target or target.lower() == username.lower():
                return True
    return False


def without_mention(text: str, username: str) -> str:
    """The message text with the bot's @username taken out."""
    return re.sub(rf"\s*@{re.escape(username)}\b\s*", " ", text, flags=re.IGNORECASE).strip()


def plan(
    replies: list[dict[str, Any]] | None,
    detection: Detection | None,
    offer_roles: bool = False,
) -> list[Outgoing]:
    """What to send for Rasa's `replies` (None when Rasa failed).

    Crisis first: a detected risk gets the local crisis copy unless Rasa's own answer
    is a crisis or check reply (it carries the `crisis` marker). Silence is never an answer.
    """
    outgoing = render(replies or [])
    answered = any(crisis.marker(reply) for reply in replies or [])
    if detection is not None and not answered:
        outgoing.insert(0, TextMessage(to_html(crisis.crisis_text(detection.kind))))
    if not outgoing:
        return [TextMessage(to_html(TROUBLE))]
    role_payloads = {button.payload for button in ROLE_BUTTONS}
    role_offered = any(
        button.payload in role_payloads
        for message in outgoing
        if not isinstance(message, DocumentMessage)
        for button in message.buttons
    )
    if offer_roles and replies and not role_offered:
        outgoing.append(TextMessage(to_html(ROLE_PROMPT), ROLE_BUTTONS))
    return outgoing


def _payload_store(context: Context) -> dict[str, str]:
    if context.chat_data is None:
        return {}
    store: dict[str, str] = context.chat_data.setdefault(PAYLOADS_KEY, {})
    return store


async def send_all(
    context: Context, chat_id: int, outgoing: Sequence[Outgoing], reply_to: int | None = None
) -> None:
    """Send the planned messages in order; the first one answers `reply_to` in groups."""
    store = _payload_store(context)
    for message in outgoing:
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        reply_to = None
        if isinstance(message, TextMessage):
            await context.bot.send_message(
                chat_id,
                message.html,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(message.buttons, store),
                link_preview_options=NO_PREVIEW,
                reply_parameters=reply,
            )
            continue
        try:
            if isinstance(message, PhotoMessage):
                await context.bot.send_photo(
                    chat_id,
                    message.photo,
                    reply_markup=keyboard(message.buttons, store),
                    reply_parameters=reply,
                )
            else:
                await context.bot.send_document(
                    chat_id, message.content, filename=message.filename, reply_parameters=reply
                )
        except BadRequest as error:
            logger.warning("Telegram refused a %s: %s", type(message).__name__, error.message)


async def _typing(context: Context, chat_id: int) -> None:
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as error:
        logger.debug("No typing indicator: %s", type(error).__name__)


async def converse(
    update: Update, context: Context, text: str, *, offer_roles: bool = False
) -> None:
    """Forward `text` to Rasa as this user and send back what Rasa says."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    message = update.effective_message if update.callback_query is None else None
    reply_to = message.message_id if message is not None and chat.type != Chat.PRIVATE else None
    if chat.type != Chat.PRIVATE and _PERSONAL.search(text):
        await send_all(context, chat.id, [TextMessage(to_html(GROUP_REFUSAL))], reply_to)
        return
    bridge = bridge_of(context)
    detection = detect(text)
    typing = asyncio.create_task(_typing(context, chat.id))
    metadata = {
        "channel": "telegram",
        "chat_type": "private" if chat.type == Chat.PRIVATE else "group",
    }
    sealed = bridge.sealed_chat(chat)
    if sealed is not None:
        metadata[CHAT_METADATA_KEY] = sealed
    replies: list[dict[str, Any]] | None
    try:
        replies = await bridge.client().send(
            sender_for(bridge.settings, chat, user.id), text, metadata
        )
    except RasaUnavailableError as error:
        logger.warning("Rasa unavailable, answering locally: %s", error)
        replies = None
    await typing
    await send_all(context, chat.id, plan(replies, detection, offer_roles), reply_to)


async def gate(update: Update, context: Context) -> None:
    """Drop repeated updates, group chatter not meant for the bot, and per-chat floods."""
    bridge = bridge_of(context)
    if not bridge.recent.first_time(update.update_id):
        raise ApplicationHandlerStop
    message, chat = update.effective_message, update.effective_chat
    if (
        update.callback_query is None
        and message is not None
        and not addressed(message, context.bot.id, context.bot.username)
    ):
        raise ApplicationHandlerStop
    if chat is None:
        return
    if await bridge.limiter.hit(bridge.limit, str(chat.id)):
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    window_ends = (await bridge.limiter.get_window_stats(bridge.limit, str(chat.id))).reset_time
    text = message.text if message is not None and update.callback_query is None else None
    detection = detect(text) if text else None
    if detection is not None and bridge.first_notice(chat.id, "crisis", window_ends):
        await send_all(context, chat.id, [TextMessage(to_html(crisis.crisis_text(detection.kind)))])
    elif bridge.first_notice(chat.id, "slow", window_ends):
        await send_all(context, chat.id, [TextMessage(to_html(SLOW_DOWN))])
    raise ApplicationHandlerStop


async def on_start(update: Update, context: Context) -> None:
    """/start: Rasa's welcome, and a choice of role."""
    await converse(update, context, "hi", offer_roles=True)


async def on_help(update: Update, context: Context) -> None:
    """/help: what the bot is and its commands (answered locally)."""
    if update.effective_chat is not None:
        await send_all(context, update.effective_chat.id, [TextMessage(to_html(HELP))])


async def on_topics(update: Update, context: Context) -> None:
    """/topics: the topics Peerline knows, from Rasa."""
    await converse(update, context, "help")


async def on_privacy(update: Update, context: Context) -> None:
    """/privacy: how data is handled, from Rasa."""
    await converse(update, context, "privacy")


async def on_crisis(update: Update, context: Context) -> None:
    """/crisis: crisis resources from the local copy, whether or not Rasa is up."""
    if update.effective_chat is not None:
        await send_all(
            context, update.effective_chat.id, [TextMessage(to_html(crisis.crisis_text()))]
        )


async def _private_only(update: Update, context: Context, text: str) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    if chat.type != Chat.PRIVATE:
        await send_all(context, chat.id, [TextMessage(to_html(GROUP_REFUSAL))])
        return
    await converse(update, context, text)


async def on_checkin(update: Update, context: Context) -> None:
    """/checkin: start a check-in (private chats only)."""
    await _private_only(update, context, "check in")


async def on_mydata(update: Update, context: Context) -> None:
    """/mydata: export everything stored about the user (private chats only)."""
    await _private_only(update, context, "show my data")


async def on_delete(update: Update, context: Context) -> None:
    """/delete: delete the user's data, after Rasa asks (private chats only)."""
    await _private_only(update, context, "delete my data")


async def on_stop(update: Update, context: Context) -> None:
    """/stop: stop the user's reminders (private chats only)."""
    await _private_only(update, context, "stop reminders")


async def on_text(update: Update, context: Context) -> None:
    """A text message: to Rasa, without the bot's @mention."""
    message = update.message
    if message is None or message.text is None:
        return
    text = without_mention(message.text, context.bot.username)
    if text:
        await converse(update, context, text)


async def on_button(update: Update, context: Context) -> None:
    """A pressed button: acknowledge it, show the choice, send its payload to Rasa."""
    query = update.callback_query
    if query is None:
        return
    payload = payload_for(query.data or "", _payload_store(context))
    if payload is None:
        await query.answer(EXPIRED_BUTTON)
        return
    await query.answer()
    message = query.message
    if isinstance(message, Message):
        title = next(
            (
                button.text
                for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
                for button in row
                if button.callback_data == query.data
            ),
            payload,
        )
        await _show_choice(message, title)
    await converse(update, context, payload)


async def _show_choice(message: Message, title: str) -> None:
    """Append the chosen title to the message and take its buttons away."""
    try:
        if message.text:
            await message.edit_text(
                f"{message.text_html}\n\n› {html.escape(title, quote=False)}",
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=None,
            )
        else:
            await message.edit_reply_markup(reply_markup=None)
    except BadRequest as error:
        logger.info("Could not mark the chosen button: %s", error.message)


async def on_edited(update: Update, context: Context) -> None:
    """An edited message: only the crisis detector runs; a risk gets the local resources."""
    message = update.edited_message
    if message is None or message.text is None:
        return
    detection = detect(without_mention(message.text, context.bot.username))
    if detection is not None:
        text = crisis.crisis_text(detection.kind)
        await send_all(context, message.chat_id, [TextMessage(to_html(text))])


async def on_unknown_command(update: Update, context: Context) -> None:
    """An unknown command in a private chat: the help text."""
    await on_help(update, context)


async def on_other(update: Update, context: Context) -> None:
    """A photo, sticker, voice note or file in a private chat: ask for text."""
    if update.effective_chat is not None:
        await send_all(context, update.effective_chat.id, [TextMessage(to_html(TEXT_ONLY))])


async def on_error(update: object, context: Context) -> None:
    """Log the failure (never message text or ids) and tell the user something went wrong."""
    logger.error("Handling a %s failed", type(update).__name__, exc_info=context.error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, TROUBLE, link_preview_options=NO_PREVIEW)
    except TelegramError as error:
        logger.warning("Could not tell the user about the failure: %s", type(error).__name__)


async def post_init(application: App) -> None:
    """Open the shared Rasa client, register the command menus, start sending reminders."""
    bridge: Bridge = application.bot_data[BRIDGE_KEY]
    bridge.rasa = open_client(
        bridge.settings.rasa_url, bridge.settings.rasa_timeout_s, bridge.rasa_transport
    )
    await application.bot.set_my_commands(COMMANDS)
    await application.bot.set_my_commands(GROUP_COMMANDS, scope=BotCommandScopeAllGroupChats())
    if bridge.settings.reminders:
        start_reminders(application, bridge)


def start_reminders(application: App, bridge: Bridge) -> None:
    """The reminder loop (bot/telegram/reminders.py) as a task of this process."""
    settings = bridge.settings
    bridge.cipher = NoteCipher(note_keys(settings.var_dir))
    deliverer = reminders.Deliverer(
        sessionmaker(build_engine(settings.effective_database_url)),
        bridge.cipher,
        settings.pseudonym_secret.get_secret_value().encode(),
        retry_base=timedelta(seconds=settings.reminder_retry_s),
        grace=timedelta(minutes=reminder_data().grace_minutes),
    )
    bridge.delivery = asyncio.create_task(
        deliverer.run_forever(application.bot, settings.reminder_poll_s), name="reminders"
    )


async def post_stop(application: App) -> None:
    """Stop sending reminders before the bot's connection closes."""
    bridge: Bridge = application.bot_data[BRIDGE_KEY]
    await reminders.stop(bridge.delivery)
    bridge.delivery = None


async def post_shutdown(application: App) -> None:
    """Stop the reminder loop if still running, and close the shared Rasa client."""
    bridge: Bridge = application.bot_data[BRIDGE_KEY]
    await reminders.stop(bridge.delivery)
    bridge.delivery = None
    if bridge.rasa is not None:
        await bridge.rasa.aclose()
        bridge.rasa = None


def build_application(
    settings: Settings,
    *,
    rasa_transport: httpx.AsyncBaseTransport | None = None,
    request: BaseRequest | None = None,
) -> App:
    """The bridge's Application; `rasa_transport` and `request` let tests stand in for
    Rasa and the Bot API."""
    builder = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.api_base_url)
        .rate_limiter(AIORateLimiter(max_retries=2))
        .concurrent_updates(ChatOrderedProcessor())
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application: App = builder.build()
    application.bot_data[BRIDGE_KEY] = Bridge(settings, rasa_transport=rasa_transport)

    only_new = filters.UpdateType.MESSAGE
    application.add_handler(TypeHandler(Update, gate), group=-1)
    for name, callback in (
        ("start", on_start),
        ("help", on_help),
        ("topics", on_topics),
        ("checkin", on_checkin),
        ("mydata", on_mydata),
        ("delete", on_delete),
        ("stop", on_stop),
        ("privacy", on_privacy),
        ("crisis", on_crisis),
    ):
        application.add_handler(CommandHandler(name, callback, filters=only_new))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(only_new & filters.TEXT & ~filters.COMMAND, on_text))
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, on_edited)
    )
    private = only_new & filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(private & filters.COMMAND, on_unknown_command))
    application.add_handler(
        MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_other)
    )
    application.add_error_handler(on_error)
    return application


def main() -> int:
    """Run the bridge: long polling locally, a webhook server with a secret in production."""
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    # httpx logs every request URL at INFO, and Bot API URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = get_settings()
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        logger.error("Telegram bridge settings are invalid: %s", problems)
        return 2
    application = build_application(settings)
    if settings.mode == "webhook" and settings.webhook_secret is not None:
        asyncio.run(
            webhook.serve(
                application,
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url=settings.webhook_url or "",
                path=settings.webhook_path,
                secret=settings.webhook_secret.get_secret_value(),
                allowed_updates=ALLOWED_UPDATES,
            )
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0
