"""Rasa REST replies → Telegram message specs, as pure functions.

Every piece of user-visible text goes through `html.escape`, so neither the user nor a
response can inject Telegram HTML; links are the only markup we add ourselves.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import logging
import re
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from peerline_core import feedback

logger = logging.getLogger(__name__)

MAX_TEXT = 4096  # Telegram's limit on a message's text, in UTF-16 code units
MAX_CALLBACK_BYTES = 64
KEY_PREFIX = "~"  # marks callback data that is a key into the chat's payload store
MAX_STORED_PAYLOADS = 200
SHORT_TITLE = 8  # buttons this short share one row (scales like 1-5)
BUTTONS_ONLY_TEXT = "Choose one:"

_LINK = re.compile(
    r"\[(?P<label>[^\]\n]+)\]\((?P<target>https?://[^\s)]+)\)|(?P<url>https?://[^\s<>\"]+)"
)
_DATA_URI = re.compile(r"data:(?P<mime>image/[\w.+-]+);base64,(?P<data>.*)", re.DOTALL)
_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Button:
    """A reply option: what the user sees and what is sent to Rasa when pressed."""

    title: str
    payload: str


@dataclass(frozen=True)
class TextMessage:
    """A text message in Telegram HTML, with optional inline buttons."""

    html: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class PhotoMessage:
    """A photo: raw bytes (from a data: URI) or an http(s) URL for Telegram to fetch."""

    photo: bytes | str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class DocumentMessage:
    """A file sent as a document (a data export)."""

    filename: str
    content: bytes


Outgoing = TextMessage | PhotoMessage | DocumentMessage


@dataclass(frozen=True)
class _Source:
    title: str
    publisher: str
    year: str
    url: str | None

    @property
    def plain(self) -> str:
        return f"{self.title}, {self.publisher} ({self.year})"

    @property
    def html(self) -> str:
        title = html.escape(self.title, quote=False)
        if self.url:
            title = f'<a href="{html.escape(self.url)}">{title}</a>'
        return f"{title}, {html.escape(self.publisher, quote=False)} ({html.escape(self.year)})"


@dataclass
class _Draft:
    text: str
    buttons: tuple[Button, ...]
    sources: tuple[_Source, ...] = ()


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def to_html(text: str) -> str:
    """Escape `text` for Telegram HTML, turning URLs and [label](url) links into anchors."""
    parts: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        parts.append(html.escape(text[position : match.start()], quote=False))
        trailing = ""
        if match["target"]:
            url, label = match["target"], match["label"]
        else:
            url = _trim_url(match["url"])
            label, trailing = url, match["url"][len(url) :]
        anchor = f'<a href="{html.escape(url)}">{html.escape(label, quote=False)}</a>'
        parts.extend((anchor, html.escape(trailing, quote=False)))
        position = match.end()
    parts.append(html.escape(text[position:], quote=False))
    return "".join(parts)


def _trim_url(url: str) -> str:
    """Drop sentence punctuation after a bare URL, and a closing bracket it did not open."""
    url = url.rstrip(".,;:!?'\"")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(".,;:!?'\"")
    return url


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split `text` into chunks of at most `limit` UTF-16 units, at paragraph, line or
    word breaks when there is one in the second half of a chunk."""
    chunks: list[str] = []
    rest = text.strip()
    while utf16_len(rest) > limit:
        window = _prefix(rest, limit)
        cut = len(window)
        for separator in ("\n\n", "\n", " "):
            at = window.rfind(separator)
            if at > len(window) // 2:
                cut = at
                break
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def _prefix(text: str, limit: int) -> str:
    """The longest prefix of `text` within `limit` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def render(messages: Sequence[Mapping[str, Any]]) -> list[Outgoing]:
    """Turn Rasa's REST replies into the Telegram messages to send, in order.

    Empty messages are skipped; long texts are split; a `custom.citation` turns the
    answer's "Source:" line into linked titles (or becomes its own line); a
    `custom.export` becomes a document; `custom.feedback` a short question with its
    "Helpful" / "Not what I asked" buttons.
    """
    items: list[_Draft | PhotoMessage | DocumentMessage] = []
    for message in messages:
        buttons = _buttons(message.get("buttons"))
        text = message.get("text")
        text = text.strip() if isinstance(text, str) else ""
        photo = _photo(message.get("image"))
        if text or (buttons and photo is None):
            items.append(_Draft(text or BUTTONS_ONLY_TEXT, buttons))
        if photo is not None:
            items.append(PhotoMessage(photo, () if text else buttons))
        custom = message.get("custom")
        if isinstance(custom, Mapping):
            items.extend(_custom(custom, items))
    return [out for item in items for out in _finish(item)]


def _buttons(raw: object) -> tuple[Button, ...]:
    if not isinstance(raw, list):
        return ()
    found = []
    for button in raw:
        if not isinstance(button, Mapping):
            continue
        title = str(button.get("title") or "").strip()
        payload = str(button.get("payload") or title).strip()
        if title and payload:
            found.append(Button(title, payload))
    return tuple(found)


def _photo(image: object) -> bytes | str | None:
    """Decoded bytes of a base64 image data URI, an http(s) URL, or None."""
    if not isinstance(image, str) or not image.strip():
        return None
    image = image.strip()
    if image.startswith(("http://", "https://")):
        return image
    match = _DATA_URI.fullmatch(image)
    if match is None:
        logger.warning("Skipping an image that is neither an http(s) URL nor a data: URI")
        return None
    try:
        return base64.b64decode(match["data"], validate=True)
    except (binascii.Error, ValueError):
        logger.warning("Skipping an image data: URI that is not valid base64")
        return None


def _custom(
    custom: Mapping[str, Any], items: list[_Draft | PhotoMessage | DocumentMessage]
) -> list[_Draft | PhotoMessage | DocumentMessage]:
    """Items for a custom payload; a citation may instead annotate the previous answer."""
    citation = custom.get("citation")
    if isinstance(citation, Mapping):
        sources = _sources(citation.get("sources"))
        if not sources:
            return []
        previous = items[-1] if items else None
        short = citation.get("line")
        if (
            isinstance(previous, _Draft)
            and isinstance(short, str)
            and previous.text.endswith(f"Source: {short}")
        ):
            return []  # the answer's short source line stands; the full citation is the card's
        line = "Source: " + "; ".join(source.plain for source in sources)
        if isinstance(previous, _Draft) and not previous.sources and previous.text.endswith(line):
            previous.text = previous.text[: -len(line)].rstrip()
            previous.sources = sources
            return []
        return [_Draft("", (), sources)]
    return _votes(custom.get(feedback.MARKER_KEY)) or _export(custom.get("export"))


def _votes(rating: object) -> list[_Draft | PhotoMessage | DocumentMessage]:
    """An answer's vote buttons under a short question of their own."""
    buttons = _buttons(rating.get("buttons")) if isinstance(rating, Mapping) else ()
    return [_Draft(feedback.PROMPT, buttons)] if buttons else []


def _export(export: object) -> list[_Draft | PhotoMessage | DocumentMessage]:
    if isinstance(export, Mapping) and isinstance(export.get("content"), str):
        fmt = str(export.get("format") or "txt")
        filename = safe_filename(str(export.get("filename") or ""), fmt)
        content = _export_bytes(export["content"], export.get("encoding"))
        return [] if content is None else [DocumentMessage(filename, content)]
    return []


def _export_bytes(content: str, encoding: object) -> bytes | None:
    """A text export as UTF-8; a binary one (PDF, PNG) from its base64, None if that is bad."""
    if encoding != "base64":
        return content.encode("utf-8")
    try:
        return base64.b64decode(content, validate=True)
    except binascii.Error:
        logger.warning("Skipping an export whose base64 content is not valid")
        return None


def _sources(raw: object) -> tuple[_Source, ...]:
    if not isinstance(raw, list):
        return ()
    sources = []
    for source in raw:
        if not isinstance(source, Mapping) or not source.get("title"):
            continue
        url = source.get("url")
        sources.append(
            _Source(
                title=str(source["title"]),
                publisher=str(source.get("publisher") or ""),
                year=str(source.get("year") or "n.d."),
                url=url
                if isinstance(url, str) and url.startswith(("http://", "https://"))
                else None,
            )
        )
    return tuple(sources)


def safe_filename(name: str, fmt: str) -> str:
    """A plain file name: no directories, no odd characters, a sensible extension."""
    stem = _SAFE_FILENAME.sub("-", PurePosixPath(name.replace("\\", "/")).name).strip(".-")
    extension = _SAFE_FILENAME.sub("", fmt.lower()) or "txt"
    return stem or f"peerline-export.{extension}"


def _finish(item: _Draft | PhotoMessage | DocumentMessage) -> list[Outgoing]:
    if not isinstance(item, _Draft):
        return [item]
    citation = ""
    if item.sources:
        citation = "Source: " + "; ".join(source.html for source in item.sources)
        plain = "Source: " + "; ".join(source.plain for source in item.sources)
        chunks = split_text(item.text, MAX_TEXT - utf16_len(plain) - 2) if item.text else []
        if chunks:
            chunks[-1] = chunks[-1] + "\n\n"
    else:
        chunks = split_text(item.text)
    if not chunks and not citation:
        return []
    htmls = [to_html(chunk) for chunk in chunks] or [""]
    htmls[-1] += citation
    last = len(htmls) - 1
    return [TextMessage(text, item.buttons if i == last else ()) for i, text in enumerate(htmls)]


def callback_data(payload: str, store: MutableMapping[str, str]) -> str:
    """The payload itself when it fits in Telegram's 64 bytes, else a short key into `store`."""
    if len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES and not payload.startswith(KEY_PREFIX):
        return payload
    key = KEY_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
    store.pop(key, None)
    store[key] = payload
    while len(store) > MAX_STORED_PAYLOADS:
        del store[next(iter(store))]
    return key


def payload_for(data: str, store: Mapping[str, str]) -> str | None:
    """The payload behind pressed callback data; None for a key this chat no longer holds."""
    if data.startswith(KEY_PREFIX):
        return store.get(data)
    return data


def keyboard(
    buttons: Sequence[Button], store: MutableMapping[str, str]
) -> InlineKeyboardMarkup | None:
    """An inline keyboard: short titles share a row, longer ones get a row each."""
    if not buttons:
        return None
    keys = [
        InlineKeyboardButton(b.title, callback_data=callback_data(b.payload, store))
        for b in buttons
    ]
    votes = all(feedback.is_payload(b.payload) for b in buttons)
    if votes or (len(keys) <= 5 and all(len(b.title) <= SHORT_TITLE for b in buttons)):
        return InlineKeyboardMarkup([keys])
    return InlineKeyboardMarkup([[key] for key in keys])
