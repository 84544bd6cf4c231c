"""Rasa REST replies → Telegram message specs (bot/telegram/render.py)."""

from __future__ import annotations

import base64

import pytest

from bot.telegram.render import (
    BUTTONS_ONLY_TEXT,
    MAX_CALLBACK_BYTES,
    MAX_TEXT,
    Button,
    DocumentMessage,
    PhotoMessage,
    TextMessage,
    callback_data,
    keyboard,
    payload_for,
    render,
    split_text,
    to_html,
    utf16_len,
)
from peerline_core import feedback

SOURCE = {
    "title": "Peer Support Guide",
    "publisher": "SAMHSA",
    "year": 2023,
    "url": "https://example.org/guide?a=1&b=2",
}


def test_text_is_escaped_so_it_cannot_inject_markup() -> None:
    """Angle brackets and ampersands in bot text arrive as entities, not tags."""
    [message] = render([{"text": '<b>bold</b> & <a href="x">link</a>'}])
    assert message == TextMessage('&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href="x"&gt;link&lt;/a&gt;')


def test_bare_urls_become_links_without_trailing_punctuation() -> None:
    """A URL at the end of a sentence is linked; the full stop stays outside the link."""
    assert to_html("Chat at https://988lifeline.org.") == (
        'Chat at <a href="https://988lifeline.org">https://988lifeline.org</a>.'
    )


def test_markdown_links_render_with_their_label_and_escaped_href() -> None:
    """[label](url) becomes an anchor; a quote in the URL cannot break out of href."""
    assert to_html('See [the guide](https://x.org/a?b=1&c="2")') == (
        'See <a href="https://x.org/a?b=1&amp;c=&quot;2&quot;">the guide</a>'
    )


def test_buttons_attach_to_the_text() -> None:
    """Rasa buttons become Button specs on the same message; a missing payload uses the title."""
    [message] = render(
        [{"text": "Which?", "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No"}]}]
    )
    assert message == TextMessage("Which?", (Button("Yes", "/affirm"), Button("No", "No")))


def test_empty_messages_are_skipped() -> None:
    """Blank text, no buttons, nothing else: nothing is sent."""
    assert render([{"text": "  "}, {"recipient_id": "x"}, {"text": ""}]) == []


def test_buttons_without_text_get_a_prompt() -> None:
    """Telegram needs text for a keyboard; a buttons-only reply gets a short prompt."""
    [message] = render([{"buttons": [{"title": "Skip", "payload": "skip"}]}])
    assert message == TextMessage(BUTTONS_ONLY_TEXT, (Button("Skip", "skip"),))


def test_data_uri_image_is_decoded_to_bytes() -> None:
    """A base64 PNG data URI from the trends chart becomes photo bytes."""
    png = b"\x89PNG\r\n\x1a\nfake"
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    assert render([{"image": uri}]) == [PhotoMessage(png)]


def test_http_image_is_passed_as_url() -> None:
    """An http(s) image stays a URL for Telegram to fetch."""
    assert render([{"image": "https://example.org/a.png"}]) == [
        PhotoMessage("https://example.org/a.png")
    ]


@pytest.mark.parametrize(
    "image", ["data:image/png;base64,@@not-base64@@", "file:///etc/passwd", "data:text/html,hi"]
)
def test_unusable_images_are_skipped(image: str) -> None:
    """Broken base64 and non-http schemes are never sent."""
    assert render([{"image": image}]) == []


def test_citation_links_the_source_line_of_the_answer_it_follows() -> None:
    """The answer's plain "Source:" line is replaced by the citation, with linked titles."""
    answer = "Keep boundaries clear.\n\nSource: Peer Support Guide, SAMHSA (2023)"
    [message] = render(
        [
            {"text": answer, "buttons": [{"title": "More", "payload": "/tell_me_more"}]},
            {"custom": {"citation": {"entry_id": "e", "title": "t", "sources": [SOURCE]}}},
        ]
    )
    assert message == TextMessage(
        "Keep boundaries clear.\n\nSource: "
        '<a href="https://example.org/guide?a=1&amp;b=2">Peer Support Guide</a>, SAMHSA (2023)',
        (Button("More", "/tell_me_more"),),
    )


def test_short_source_line_stands_without_a_second_message() -> None:
    """An answer ending in the citation's short line is sent as it is, in one message."""
    answer = "Keep boundaries clear.\n\nSource: SAMHSA 2023"
    citation = {"card_id": "c", "line": "SAMHSA 2023", "sources": [SOURCE]}
    [message] = render([{"text": answer}, {"custom": {"citation": citation}}])
    assert message == TextMessage(answer)


def test_citation_without_a_matching_answer_is_a_compact_line() -> None:
    """A citation alone renders as one "Source: title, publisher (year)" line."""
    source = {"title": "Tips & Tricks", "publisher": "NIDILRR", "year": 2016}
    [message] = render([{"custom": {"citation": {"sources": [SOURCE, source]}}}])
    assert message == TextMessage(
        'Source: <a href="https://example.org/guide?a=1&amp;b=2">Peer Support Guide</a>, '
        "SAMHSA (2023); Tips &amp; Tricks, NIDILRR (2016)"
    )


def test_export_becomes_a_document_with_a_safe_name() -> None:
    """custom.export is sent as a file; a path in the name is dropped."""
    export = {"format": "csv", "filename": "../../etc/peerline-checkins.csv", "content": "a,b\n"}
    assert render([{"custom": {"export": export}}]) == [
        DocumentMessage("peerline-checkins.csv", b"a,b\n")
    ]


def test_a_base64_export_is_sent_as_its_bytes_and_bad_base64_is_dropped() -> None:
    """A PDF or PNG export (base64) becomes a document of the decoded bytes; invalid base64
    sends nothing rather than a broken file."""
    pdf = b"%PDF-1.4 one page"
    export = {"format": "pdf", "filename": "peerline-readiness.pdf", "encoding": "base64",
              "content": base64.b64encode(pdf).decode()}  # fmt: skip
    assert render([{"custom": {"export": export}}]) == [
        DocumentMessage("peerline-readiness.pdf", pdf)
    ]
    assert render([{"custom": {"export": {**export, "content": "not base64!"}}}]) == []


def test_unknown_custom_payloads_are_ignored() -> None:
    """A custom payload the bridge does not know sends nothing."""
    assert render([{"custom": {"widget_only": True}}]) == []


def test_long_text_is_split_at_paragraphs_with_buttons_on_the_last_part() -> None:
    """Over 4096 characters: several messages, each within the limit, buttons last."""
    paragraph = ("word " * 300).strip()
    text = "\n\n".join([paragraph] * 4)
    messages = render([{"text": text, "buttons": [{"title": "OK", "payload": "ok"}]}])
    assert len(messages) == 2
    assert all(isinstance(m, TextMessage) and len(m.html) <= MAX_TEXT for m in messages)
    assert [m.buttons for m in messages if isinstance(m, TextMessage)] == [
        (),
        (Button("OK", "ok"),),
    ]
    assert [m.html for m in messages if isinstance(m, TextMessage)] == [
        f"{paragraph}\n\n{paragraph}"
    ] * 2


def test_split_counts_utf16_units_and_cuts_hard_without_spaces() -> None:
    """Emoji count double; an unbroken string is cut hard, losing nothing."""
    text = "😀" * 3000
    chunks = split_text(text)
    assert [utf16_len(c) for c in chunks] == [4096, 1904]
    assert "".join(chunks) == text


def test_short_payloads_are_their_own_callback_data() -> None:
    """A payload within 64 bytes is used as is and nothing is stored."""
    store: dict[str, str] = {}
    assert callback_data("I am a peer provider", store) == "I am a peer provider"
    assert store == {}


def test_long_payloads_map_through_a_short_key() -> None:
    """A payload over 64 bytes becomes a short key that resolves back to it."""
    store: dict[str, str] = {}
    payload = '/ask_background_checks{"us_state": "' + "x" * 80 + '"}'
    data = callback_data(payload, store)
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert payload_for(data, store) == payload
    assert payload_for(data, {}) is None


def test_keyboard_puts_short_titles_in_one_row_and_long_ones_in_rows() -> None:
    """A 1-5 scale is one row; topic titles get a row each."""
    scale = keyboard([Button(str(i), str(i)) for i in range(1, 6)], {})
    topics = keyboard([Button("Ethics and boundaries", "/a"), Button("Pay and benefits", "/b")], {})
    assert scale is not None and topics is not None
    assert [len(row) for row in scale.inline_keyboard] == [5]
    assert [len(row) for row in topics.inline_keyboard] == [1, 1]
    assert keyboard([], {}) is None


def test_feedback_marker_becomes_a_short_question_with_two_buttons_in_one_row() -> None:
    """An answer's feedback message is a question with "Helpful" and "Not what I asked" in
    one row; their long payloads travel as keys into the chat's store."""
    marker = feedback.marker("0123456789abcdef", "background_checks")
    (message,) = render([{"recipient_id": "u", "custom": marker}])
    assert isinstance(message, TextMessage)
    assert message.html == feedback.PROMPT
    assert [b.title for b in message.buttons] == ["Helpful", "Not what I asked"]
    store: dict[str, str] = {}
    markup = keyboard(message.buttons, store)
    assert markup is not None and len(markup.inline_keyboard) == 1
    pressed = [payload_for(str(key.callback_data), store) for key in markup.inline_keyboard[0]]
    assert pressed == [b.payload for b in message.buttons]
    assert all(feedback.is_payload(str(p)) for p in pressed)
