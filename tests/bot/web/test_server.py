"""The web widget server in process: routes, security headers, CORS and settings."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError
from starlette.applications import Starlette

from bot.web import server
from bot.web.health import Targets
from bot.web.server import create_app
from bot.web.settings import Settings, get_settings

RASA = "http://rasa.example.org:5005"
BUNDLE = "(()=>{window.peerline=1})();\n"

MakeClient = Callable[..., httpx.AsyncClient]


@pytest.fixture(autouse=True)
def hermetic_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No WEB_* variable from the caller's environment, no .env file in the working dir."""
    for name in ("WEB_HOST", "WEB_PORT", "WEB_RASA_URL", "WEB_CORS_ORIGINS", "WEB_WIDGET_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "widget.js"
    path.write_text(BUNDLE)
    return path


def nowhere(tmp_path: Path) -> Targets:
    """Health targets where nothing listens: every probe fails at once, on no one's server."""
    closed = "http://127.0.0.1:9"  # the discard port; nothing listens there here
    return Targets(closed, closed, f"sqlite:///{tmp_path / 'absent.db'}", tmp_path)


def settings_for(bundle: Path, **values: object) -> Settings:
    fields: dict[str, object] = {"WEB_RASA_URL": RASA, "WEB_WIDGET_BUNDLE": bundle, **values}
    return Settings(**fields)  # type: ignore[arg-type]  # aliases, checked by pydantic


@pytest.fixture
async def make_client() -> AsyncIterator[MakeClient]:
    """Clients on the ASGI app itself (httpx's transport; no sockets, no event loop tricks)."""
    clients: list[httpx.AsyncClient] = []

    def make(app: Starlette) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app)
        client = httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000")
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def client(make_client: MakeClient, bundle: Path, tmp_path: Path) -> httpx.AsyncClient:
    return make_client(create_app(settings_for(bundle), nowhere(tmp_path)))


async def test_demo_page_embeds_the_widget_pointed_at_rasa(client: httpx.AsyncClient) -> None:
    """`/` is an HTML page whose one script tag loads /widget.js with data-server = Rasa."""
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert f'<script src="/widget.js" data-server="{RASA}"' in response.text
    assert response.text.count("<script") == 1


async def test_demo_page_needs_no_inline_script_or_style(client: httpx.AsyncClient) -> None:
    """The page works under its own CSP: no inline scripts, styles or event handlers."""
    page = (await client.get("/")).text.lower()
    assert "<style" not in page
    assert " style=" not in page
    assert " on" + "load=" not in page and " onclick=" not in page


async def test_demo_page_escapes_the_rasa_url(make_client: MakeClient, bundle: Path) -> None:
    """A quote in WEB_RASA_URL cannot break out of the data-server attribute."""
    settings = settings_for(bundle, WEB_RASA_URL='http://rasa.test/x"onload="alert(1)')
    page = (await make_client(create_app(settings)).get("/")).text
    assert 'data-server="http://rasa.test/x&quot;onload=&quot;alert(1)"' in page


async def test_widget_is_served_as_javascript(client: httpx.AsyncClient) -> None:
    """`/widget.js` is the bundle, as JavaScript, loadable from other origins' pages."""
    response = await client.get("/widget.js")
    assert response.status_code == 200
    assert response.text == BUNDLE
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_missing_bundle_says_how_to_build_it(make_client: MakeClient, tmp_path: Path) -> None:
    """No bundle: `/widget.js` is a 503 naming the build command, and /health says so."""
    client = make_client(create_app(settings_for(tmp_path / "missing.js"), nowhere(tmp_path)))
    response = await client.get("/widget.js")
    assert response.status_code == 503
    assert "npm run build --prefix bot/web" in response.text
    web = (await client.get("/health")).json()["parts"]["web"]
    assert web["status"] == "degraded"
    assert "npm run build --prefix bot/web" in web["detail"]


async def test_health_reports_every_part(client: httpx.AsyncClient) -> None:
    """`/health` answers 200 with each part; with Rasa unreachable Peerline is `down`, and
    this server, which has its bundle, is `ok` with its own uptime."""
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["status"] == "down"
    assert set(body["parts"]) == {"rasa", "actions", "database", "web", "telegram", "semantic"}
    assert body["parts"]["rasa"]["status"] == "down"
    assert body["parts"]["web"]["status"] == "ok"
    assert body["parts"]["web"]["since_start_s"] >= 0


@pytest.mark.parametrize("path", ["/", "/widget.js", "/health", "/demo.css", "/no-such-page"])
async def test_every_response_has_the_security_headers(
    client: httpx.AsyncClient, path: str
) -> None:
    """CSP (our scripts and styles only; connections to us and Rasa), nosniff, no referrer."""
    headers = (await client.get(path)).headers
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in headers["content-security-policy"].split(";")
    )
    assert csp["default-src"] == "'none'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["connect-src"].split() == ["'self'", RASA, "ws://rasa.example.org:5005"]
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


async def test_https_rasa_gets_a_wss_connect_source(make_client: MakeClient, bundle: Path) -> None:
    """An https Rasa URL allows its secure WebSocket, not a plain one."""
    settings = settings_for(bundle, WEB_RASA_URL="https://chat.agency.example/")
    headers = (await make_client(create_app(settings)).get("/")).headers
    csp = headers["content-security-policy"]
    assert "connect-src 'self' https://chat.agency.example wss://chat.agency.example;" in csp


UNKNOWN = ["/nope", "/widget.js/extra", "/static/index.html", "/%ff", "/%2e%2e/etc"]


@pytest.mark.parametrize("path", UNKNOWN)
async def test_unknown_paths_are_404(client: httpx.AsyncClient, path: str) -> None:
    """Anything but the four routes is a 404."""
    assert (await client.get(path)).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/"), ("PUT", "/widget.js"), ("DELETE", "/health"), ("PATCH", "/demo.css")],
)
async def test_other_methods_are_405(client: httpx.AsyncClient, method: str, path: str) -> None:
    """Every route is read-only."""
    response = await client.request(method, path, content=b"{not json")
    assert response.status_code == 405


async def test_malformed_requests_are_4xx(client: httpx.AsyncClient) -> None:
    """Garbage bodies, odd queries and refused preflights get 4xx (or are ignored), never 500."""
    responses = [
        await client.post("/health", content=b"\xff\xfe garbage"),
        await client.get("/", params={"a": "\x00" * 10, "b": "%%%"}),
        await client.request(
            "OPTIONS",
            "/widget.js",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        ),
        await client.get("/widget.js", headers={"Range": "bytes=999999-"}),
    ]
    statuses = [response.status_code for response in responses]
    assert statuses[1] == 200
    assert all(status < 500 for status in statuses), statuses
    assert statuses[2] == 400


async def test_cors_defaults_to_this_servers_own_origin(client: httpx.AsyncClient) -> None:
    """Unconfigured, only the server's own origin is allowed, never `*`."""
    own = await client.get("/widget.js", headers={"Origin": "http://127.0.0.1:8000"})
    assert own.headers["access-control-allow-origin"] == "http://127.0.0.1:8000"
    other = await client.get("/widget.js", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    assert get_settings.__wrapped__().allowed_origins == ("http://127.0.0.1:8000",)


async def test_cors_allows_the_configured_origins(
    make_client: MakeClient, bundle: Path, tmp_path: Path
) -> None:
    """WEB_CORS_ORIGINS lists the origins allowed, and only those."""
    settings = settings_for(
        bundle, WEB_CORS_ORIGINS="https://www.agency.example, https://intranet.agency.example/"
    )
    client = make_client(create_app(settings, nowhere(tmp_path)))
    allowed = await client.get("/health", headers={"Origin": "https://intranet.agency.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://intranet.agency.example"
    refused = await client.get("/health", headers={"Origin": "http://127.0.0.1:8000"})
    assert "access-control-allow-origin" not in refused.headers


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """WEB_* variables configure the server; the comma list is split and trimmed."""
    monkeypatch.setenv("WEB_HOST", "0.0.0.0")
    monkeypatch.setenv("WEB_PORT", "8080")
    monkeypatch.setenv("WEB_RASA_URL", "https://chat.agency.example/")
    monkeypatch.setenv("WEB_CORS_ORIGINS", " https://a.example ,https://b.example:8443,")
    settings = get_settings.__wrapped__()
    assert settings.port == 8080
    assert settings.rasa_url == "https://chat.agency.example"
    assert settings.cors_origins == ("https://a.example", "https://b.example:8443")
    assert settings.web_origin == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEB_RASA_URL", "ftp://rasa.example"),
        ("WEB_RASA_URL", "rasa:5005"),
        ("WEB_CORS_ORIGINS", "https://agency.example/path"),
        ("WEB_CORS_ORIGINS", "agency.example"),
        ("WEB_PORT", "70000"),
    ],
)
def test_bad_settings_fail_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    """A bad value stops the settings with an error that names the variable."""
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as error:
        get_settings.__wrapped__()
    assert name in str(error.value)


def test_main_exits_2_on_bad_settings(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """`python -m bot.web` with a bad setting logs one line naming it and exits 2."""
    monkeypatch.setenv("WEB_PORT", "not-a-port")
    get_settings.cache_clear()
    try:
        with caplog.at_level(logging.ERROR):
            assert server.main() == 2
    finally:
        get_settings.cache_clear()
    assert "WEB_PORT" in caplog.text
