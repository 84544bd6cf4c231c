"""The fault-injection proxy itself: forwards bytes, cut drops and refuses, restore forwards."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator

import pytest

from devtools.tcp_proxy import TcpProxy


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(4096):
            self.request.sendall(data)


@pytest.fixture
def echo_port() -> Iterator[int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def roundtrip(sock: socket.socket, data: bytes) -> bytes:
    sock.sendall(data)
    received = b""
    while len(received) < len(data):
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    return sock


def dropped(sock: socket.socket) -> bool:
    """True when the peer closed or reset the connection."""
    try:
        sock.sendall(b"x")
        return sock.recv(1) == b""
    except OSError:
        return True


def new_connection_dropped(port: int) -> bool:
    """True when a new connection is refused or reset (the reset may race the handshake)."""
    try:
        sock = connect(port)
    except OSError:
        return True
    with sock:
        return dropped(sock)


def test_forwards_bytes_both_ways(echo_port: int) -> None:
    """Data sent through the proxy comes back unchanged, large payloads too."""
    with TcpProxy(echo_port) as proxy, connect(proxy.port) as sock:
        assert roundtrip(sock, b"hello") == b"hello"
        big = bytes(range(256)) * 4096
        assert roundtrip(sock, big) == big
        assert proxy.accepted == 1


def test_cut_drops_open_connections_and_refuses_new_ones(echo_port: int) -> None:
    """After cut() a live connection is dead and a new one is reset, not forwarded."""
    with TcpProxy(echo_port) as proxy:
        live = connect(proxy.port)
        assert roundtrip(live, b"ping") == b"ping"
        proxy.cut()
        assert proxy.is_cut
        assert dropped(live)
        live.close()
        assert new_connection_dropped(proxy.port)
        assert proxy.refused >= 1
        assert proxy.open_connections == 0


def test_restore_forwards_new_connections_again(echo_port: int) -> None:
    """After restore() new connections work; the cut ones stay dead."""
    with TcpProxy(echo_port) as proxy:
        proxy.cut()
        proxy.restore()
        with connect(proxy.port) as sock:
            assert roundtrip(sock, b"back") == b"back"
        assert proxy.accepted == 1


def test_unreachable_target_resets_the_client() -> None:
    """A target that is down looks like a dropped connection to the client."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    with TcpProxy(dead) as proxy:
        assert new_connection_dropped(proxy.port)
