"""The web widget in headless Chromium: the demo page served by `python -m bot.web`, the
built widget talking to the real Rasa stack over socket.io, or REST when the socket is
blocked. Screenshots land in reports/widget/."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect, sync_playwright
from sqlalchemy import create_engine, text

from devtools.stack import REPO, Stack, free_port, wait_for

pytestmark = pytest.mark.integration

BUNDLE = REPO / "bot" / "web" / "dist" / "widget.js"
AXE = REPO / "bot" / "web" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("PEERLINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = REPO / "reports" / "widget"
BUILD = "npm ci --prefix bot/web && npm run build --prefix bot/web"

QUESTION = "a client asked me to be friends on instagram"
XSS = "<img src=x onerror=window.__xss=1><script>window.__xss=2</script>"
PIXEL = (  # a 1x1 PNG, like the check-in chart's data: URI
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
# Rasa's own socketio channel drops custom payloads (and the turn); see bot/rasa_ext/channels.py.
SOCKET_CHANNEL_FIXED = "bot.rasa_ext.channels.SocketIOChannel" in (
    (REPO / "credentials.yml").read_text()
)

expect.set_options(timeout=15_000)


@pytest.fixture(scope="module")
def web(stack: Stack) -> Iterator[str]:
    """`python -m bot.web` on a free port, its demo page pointed at the stack's Rasa."""
    if not BUNDLE.is_file():
        pytest.fail(f"The widget is not built: run `{BUILD}`.")
    port = free_port()
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(REPO),
        WEB_HOST="127.0.0.1",
        WEB_PORT=str(port),
        WEB_RASA_URL=f"http://127.0.0.1:{stack.rasa_port}",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.web"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _healthy(url), 20, "web widget server")
        yield url
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: `apt-get install -y chromium`.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@contextmanager
def new_page(
    browser: Browser, width: int = 1200, height: int = 860, *, bypass_csp: bool = False
) -> Iterator[Page]:
    """A page in a fresh profile (no stored session); it must raise no uncaught JS error."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, bypass_csp=bypass_csp
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert errors == []


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with new_page(browser) as opened:
        yield opened


def embed_with(page: Page, **data: str) -> None:
    """Give the page's embed tag these data-* attributes, before the async script runs.
    (Serving a modified page with route.fulfill instead would make Chromium treat it as a
    public page and block its requests to loopback.)"""
    page.add_init_script(
        "new MutationObserver((_, observer) => {"
        "  const tag = document.querySelector('script[src=\"/widget.js\"]');"
        "  if (!tag) return;"
        f"  Object.assign(tag.dataset, {json.dumps(data)});"
        "  observer.disconnect();"
        "}).observe(document, {childList: true, subtree: true});"
    )


def block_socketio(page: Page) -> None:
    """A network where socket.io can't get through (websocket and polling both refused)."""
    page.route(re.compile(r"/socket\.io/"), lambda route: route.abort())
    page.route_web_socket(re.compile(r"/socket\.io/"), lambda ws: ws.close())


def open_widget(page: Page) -> Locator:
    page.get_by_role("button", name="Ask Peerline", exact=True).click()
    dialog = page.get_by_role("dialog", name="Ask Peerline")
    expect(dialog).to_be_visible()
    return dialog


def say(page: Page, text: str) -> None:
    box = page.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")


def transport(page: Page) -> Locator:
    return page.locator(".pl")


def log(page: Page) -> Locator:
    return page.get_by_role("log")


def bot(page: Page) -> Locator:
    return log(page).locator(".msg.bot")


def user(page: Page) -> Locator:
    return log(page).locator(".msg.user")


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_cited_answer_button_and_reload_over_rest_fallback(page: Page, web: str) -> None:
    """With socket.io blocked the widget falls back to REST: a role, a cited answer, a
    button press, then a reload that restores the log and continues the same session."""
    block_socketio(page)
    page.goto(web)
    shot(page, "01-agency-page")
    open_widget(page)
    expect(transport(page)).to_have_attribute("data-transport", "rest")
    expect(page.get_by_text("Which describes you?")).to_be_visible()
    shot(page, "02-role-picker")

    page.get_by_role("button", name="Peer provider").click()
    expect(user(page).last).to_contain_text("I'm a peer provider")
    expect(page.get_by_text("Which describes you?")).to_have_count(0)

    say(page, QUESTION)
    card = log(page).locator(".card").first
    expect(card).to_be_visible()
    expect(card.locator(".card-title")).to_have_text("Friend requests on social media")
    source = card.get_by_role("link", name=re.compile("Enhancing the Peer Provider Workforce"))
    expect(source).to_have_attribute("href", re.compile(r"^https?://"))
    expect(source).to_have_attribute("rel", "noopener noreferrer")
    expect(source).to_have_attribute("target", "_blank")
    answer = bot(page).filter(has=page.locator(".card"))
    expect(answer.locator(".text")).not_to_contain_text("Source:")  # the card replaced it
    expect(answer.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-"))
    expect(page.locator(".typing")).to_be_hidden()
    shot(page, "03-answer")
    card.scroll_into_view_if_needed()
    shot(page, "03-answer-citation")

    answer.get_by_role("button", name="Dual relationships and boundaries").click()
    expect(user(page).last).to_contain_text("Dual relationships and boundaries")
    related = log(page).locator(".card-title", has_text="Dual relationships and boundaries")
    expect(related).to_have_count(1)

    page.reload()
    expect(page.get_by_role("dialog", name="Ask Peerline")).to_be_visible()
    expect(log(page).get_by_text(QUESTION)).to_be_visible()
    expect(log(page).locator(".card")).to_have_count(2)
    say(page, "tell me more")
    # Rasa still knows the last answer was that related card: the same session went on.
    expect(related).to_have_count(2)
    shot(page, "04-after-reload")


def test_talks_over_socketio(page: Page, web: str) -> None:
    """Unblocked, the widget uses Rasa's socket.io channel: text, buttons and their replies."""
    page.goto(web)
    open_widget(page)
    expect(transport(page)).to_have_attribute("data-transport", "socketio")
    say(page, "hi")
    greeting = bot(page).filter(has_text="Hi, I'm Peerline")
    expect(greeting).to_be_visible()
    greeting.get_by_role("button", name="What can you do?").click()
    expect(user(page).last).to_have_text(re.compile("What can you do\\?"))
    expect(bot(page).last).to_contain_text("I can help with questions about")
    expect(page.locator(".typing")).to_be_hidden()


@pytest.mark.xfail(
    not SOCKET_CHANNEL_FIXED,
    strict=True,
    reason="credentials.yml uses Rasa's own socketio channel, which drops custom payloads "
    "and cannot keep a session (docs/widget.md)",
)
def test_citation_and_session_over_socketio(page: Page, web: str) -> None:
    """Over socket.io too, an answer carries its citation and a reload keeps the session."""
    page.goto(web)
    open_widget(page)
    expect(transport(page)).to_have_attribute("data-transport", "socketio")
    say(page, QUESTION)
    related = log(page).get_by_role("button", name="Dual relationships and boundaries")
    expect(related).to_be_visible()  # sent with the answer, just before its citation
    expect(log(page).locator(".card")).to_have_count(1, timeout=3_000)
    related.click()  # a card with a "tell me more" follow-up
    expect(log(page).locator(".card")).to_have_count(2)
    page.reload()
    expect(transport(page)).to_have_attribute("data-transport", "socketio")
    say(page, "tell me more")
    expect(log(page).locator(".card")).to_have_count(3)


def test_user_text_cannot_inject_markup(page: Page, web: str) -> None:
    """An HTML/script probe typed by the user is shown literally and never runs."""
    page.goto(web)
    open_widget(page)
    say(page, XSS)
    probe = user(page).last.locator(".text")
    expect(probe).to_have_text(XSS)
    expect(bot(page).last).to_be_visible()  # Rasa answered; the page is still sane
    assert page.evaluate("window.__xss") is None
    assert log(page).locator("img, script").count() == 0
    probe.scroll_into_view_if_needed()
    shot(page, "05-xss-probe")


def test_bot_messages_cannot_inject_markup(page: Page, web: str) -> None:
    """Whatever a response contains (markup, javascript: links, SVG images) renders inert."""
    hostile = [
        {
            "text": f"{XSS} see javascript:window.__xss=3 or https://example.org/a?b=1.",
            "buttons": [{"title": "<b onmouseover=window.__xss=4>bold</b>", "payload": "/greet"}],
        },
        {"image": f"data:image/png;base64,{PIXEL}"},
        {"image": "javascript:window.__xss=5"},
        {"image": "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"},
        {
            "custom": {
                "citation": {
                    "title": "<i>title</i>",
                    "sources": [
                        {"title": "Evil", "publisher": "<u>p</u>", "year": 1, "url": "javascript:x"}
                    ],
                }
            }
        },
        {"custom": {"export": {"format": "json", "filename": "../../etc/passwd", "content": "{}"}}},
    ]

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(hostile))

    embed_with(page, transport="rest")
    page.route(re.compile(r"/webhooks/rest/webhook$"), fulfil)
    page.goto(web)
    open_widget(page)
    say(page, "hello")
    expect(bot(page).first.locator(".text")).to_contain_text(XSS)
    markup_button = log(page).get_by_role("button", name="<b onmouseover=window.__xss=4>bold</b>")
    expect(markup_button).to_be_visible()
    links = log(page).locator("a")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert "https://example.org/a?b=1" in hrefs  # linkified, trailing full stop left out
    assert all(h.startswith(("https://", "http://", "blob:")) for h in hrefs), hrefs
    assert log(page).locator("script, b, i, u").count() == 0
    [image] = log(page).locator("img").all()  # the PNG only: no javascript:, no SVG
    expect(image).to_have_attribute("src", f"data:image/png;base64,{PIXEL}")
    expect(image).to_have_attribute("alt", "Chart from Peerline")
    expect(log(page).locator(".card")).to_contain_text("<i>title</i>")
    with page.expect_download() as download:
        log(page).get_by_role("link", name=re.compile("^Download")).click()
    assert download.value.suggested_filename == "passwd.json"
    assert Path(download.value.path()).read_text() == "{}"
    assert page.evaluate("window.__xss") is None


def test_unreachable_rasa_is_said_with_crisis_numbers(page: Page, web: str) -> None:
    """When Rasa can't be reached the user hears so, with 988 and 911, and can retry."""
    webhook = re.compile(r"/webhooks/rest/webhook$")
    embed_with(page, transport="rest")
    page.route(webhook, lambda route: route.abort())
    page.goto(web)
    open_widget(page)
    say(page, "hi")
    notice = log(page).locator(".msg.system")
    expect(notice).to_contain_text("can't be reached")
    expect(notice).to_contain_text("988")
    page.unroute(webhook)
    notice.get_by_role("button", name="Try again").click()
    expect(bot(page).filter(has_text="Hi, I'm Peerline")).to_be_visible()


@pytest.mark.parametrize("transport_name", ["rest", "auto"])
def test_a_crisis_reply_is_told_by_its_marker(page: Page, web: str, transport_name: str) -> None:
    """The crisis reply (marked custom.crisis) gets one-tap 988 links; the welcome, which
    also says 988 but has no marker, does not."""
    embed_with(page, transport=transport_name)
    if transport_name == "rest":
        block_socketio(page)
    page.goto(web)
    open_widget(page)
    say(page, "hi")
    expect(bot(page).filter(has_text="Hi, I'm Peerline")).to_be_visible()
    say(page, "i want to kill myself")
    reply = log(page).locator('.msg.crisis-reply[data-crisis="self"]')
    expect(reply).to_contain_text("Are you safe right now?")
    expect(reply).to_have_attribute("role", "alert")
    expect(reply.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(reply.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    expect(log(page).locator(".msg.crisis-reply")).to_have_count(1)


def test_keyboard_only_use(page: Page, web: str) -> None:
    """Enter opens with focus in the input, the role picker and replies work from the
    keyboard, Escape closes and puts focus back on the launcher."""
    page.goto(web)
    launcher = page.get_by_role("button", name="Ask Peerline", exact=True)
    launcher.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="Ask Peerline")).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    box = page.get_by_label("Your message")
    expect(box).to_be_focused()
    expect(log(page)).to_have_attribute("aria-live", "polite")

    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Other")).to_be_focused()
    page.keyboard.press("Enter")
    expect(user(page).last).to_contain_text("Something else")
    expect(box).to_be_focused()
    page.keyboard.type("how often should I get supervision?")
    page.keyboard.press("Enter")
    expect(bot(page).first).to_be_visible()

    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Ask Peerline")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_start_over_begins_a_new_conversation(page: Page, web: str) -> None:
    """Start over clears the log, shows the role picker again and uses a new session id."""
    page.goto(web)
    open_widget(page)
    say(page, "hi")
    expect(bot(page).first).to_be_visible()
    before = page.evaluate("Object.values(localStorage).join()")
    page.get_by_role("button", name="Start over").click()
    expect(log(page).locator(".msg")).to_have_count(0)
    expect(page.get_by_text("Which describes you?")).to_be_visible()
    expect(page.get_by_label("Your message")).to_be_focused()
    assert page.evaluate("Object.values(localStorage).join()") != before


def _axe_violations(page: Page) -> list[tuple[str, list[str]]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [(v["id"], [str(n["target"]) for n in v["nodes"]]) for v in result["violations"]]


def test_phone_width_and_accessibility(browser: Browser, web: str) -> None:
    """At 360 px the open widget fits the screen, and axe finds no WCAG A/AA violations
    (contrast included) with an answer, buttons and a citation on screen."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing: run `{BUILD}`.")
    with new_page(browser, 360, 740, bypass_csp=True) as page:  # bypass: to inject axe
        page.goto(web)
        dialog = open_widget(page)
        page.get_by_role("button", name="Supervisor").click()
        say(page, QUESTION)
        expect(bot(page).last.get_by_role("button").first).to_be_visible()
        box = dialog.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        shot(page, "06-phone-360")
        assert _axe_violations(page) == []


def test_theming_keeps_contrast(browser: Browser, web: str) -> None:
    """data-color, data-title and data-position theme the widget; a light brand colour
    still gets readable (AA) text."""
    with new_page(browser, bypass_csp=True) as page:
        embed_with(page, title="Peer help desk", color="#ffd54f", position="left")
        page.goto(web)
        launcher = page.get_by_role("button", name="Peer help desk", exact=True)
        box = launcher.bounding_box()
        assert box is not None and box["x"] < 100
        launcher.click()
        say(page, "hi")
        expect(bot(page).first).to_be_visible()
        shot(page, "07-themed")
        assert _axe_violations(page) == []


def test_an_answer_is_rated_with_small_buttons_and_no_user_message(
    page: Page, web: str, stack: Stack
) -> None:
    """Under a cited answer sit "Helpful" and "Not what I asked"; a vote shows no user
    message, disables both, gets Rasa's thanks and is counted once in the database."""
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        before = connection.scalar(text("SELECT count(*) FROM answer_feedback"))
    page.goto(web)
    open_widget(page)
    say(page, QUESTION)
    answer = bot(page).filter(has=page.locator(".card"))
    votes = answer.get_by_role("group", name="Was this answer helpful?")
    expect(votes.get_by_role("button")).to_have_count(2)
    expect(user(page)).to_have_count(1)
    helpful = votes.get_by_role("button", name="Helpful", exact=True)
    helpful.click()
    expect(log(page).get_by_text("Thanks for telling me")).to_be_visible()
    expect(user(page)).to_have_count(1)
    expect(helpful).to_be_disabled()
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(votes.get_by_role("button", name="Not what I asked")).to_be_disabled()
    shot(page, "05-answer-rated")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT vote, channel FROM answer_feedback")).all()
    engine.dispose()
    assert len(rows) == before + 1
    assert tuple(rows[-1]) == ("helpful", "socketio")


def test_supervision_agenda_export_downloads_a_text_file_and_a_pdf(page: Page, web: str) -> None:
    """Items added in the widget are listed by kind, and the export is two download links:
    a text file holding the agenda and a PDF."""
    page.goto(web)
    open_widget(page)
    say(page, "add to my supervision list: a client asked me to lend her money")
    expect(bot(page).last).to_contain_text("Saved under Boundary questions")
    say(page, "add to my supervision list: I want training on motivational interviewing")
    expect(bot(page).last).to_contain_text("Saved under Training wishes")
    say(page, "add something to my supervision agenda")
    expect(bot(page).last).to_contain_text("What would you like to add")
    say(page, "my first recovery group ran the full hour")
    expect(bot(page).last).to_contain_text("What kind of item")
    bot(page).last.get_by_role("button", name="Wins").click()
    expect(bot(page).last).to_contain_text("Saved under Wins")
    say(page, "export my supervision agenda")
    link = log(page).get_by_role("link", name="Download peerline-supervision-agenda.txt")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    content = Path(download.value.path()).read_text()
    assert "Boundary questions\n- a client asked me to lend her money" in content
    assert "Wins\n- my first recovery group ran the full hour" in content
    pdf = log(page).get_by_role("link", name="Download peerline-supervision-agenda.pdf")
    expect(pdf).to_be_visible()
    with page.expect_download() as download:
        pdf.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    pdf.scroll_into_view_if_needed()
    shot(page, "10-agenda-export")


def test_readiness_result_shows_chart_next_steps_and_pdf(page: Page, web: str) -> None:
    """A full self-assessment by buttons ends with the scores, the chart and PDF/PNG links;
    the PDF downloads as a PDF."""
    from actions.readiness import assessment  # noqa: PLC0415  # the statement count only

    total = len(assessment().statements)
    page.goto(web)
    open_widget(page)
    say(page, "start the agency readiness self-assessment")
    ratings = [
        "2",
        "3",
        "1",
        "2",
        "4",
        "1",
        "2",
        "3",
        "3",
        "4",
        "2",
        "1",
        "3",
        "4",
        "3",
        "2",
        "4",
        "3",
    ]
    for number in range(1, total + 1):
        asked = bot(page).filter(has_text=f"{number}/{total}.").last
        expect(asked).to_be_visible()
        label = {"1": "1 Not in place", "2": "2 Started", "3": "3 Mostly in place",
                 "4": "4 Fully in place"}[ratings[(number - 1) % len(ratings)]]  # fmt: skip
        asked.get_by_role("button", name=label).click()
    expect(log(page).get_by_text("Overall readiness:")).to_be_visible(timeout=30_000)
    expect(log(page).locator("img.image").last).to_be_visible()
    pdf = log(page).get_by_role("link", name="Download peerline-readiness.pdf")
    expect(pdf).to_be_visible()
    with page.expect_download() as download:
        pdf.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    log(page).get_by_text("Overall readiness:").scroll_into_view_if_needed()
    shot(page, "11-readiness-result")
    log(page).locator("img.image").last.scroll_into_view_if_needed()
    shot(page, "12-readiness-chart")
