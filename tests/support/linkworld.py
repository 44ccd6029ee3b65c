"""Crafted loopback servers for the link-check tests (the `linkworld` fixture).

Each server logs every request (server, path, arrival: the kernel's stamp, see arrivals.py) and the most requests it ever had in
flight, so tests can assert what the crawler really sent: each URL once, retries spaced by
Retry-After, per-host concurrency honoured.
"""

from __future__ import annotations

import datetime as dt
import socket
import sqlite3
import ssl
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from . import inspections
from .arrivals import arrival, stamp_arrivals
from .cli import crawl_cli

Route = Callable[[BaseHTTPRequestHandler], None]


def send(
    h: BaseHTTPRequestHandler,
    status: int = 200,
    body: bytes | str = b"",
    ctype: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(data)))
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.end_headers()
    h.wfile.write(data)


def page(title: str, body: str = "") -> str:
    filler = "本页面是用于链接检查测试的正常政府网站页面,内容完整,可以正常访问。" * 3
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{filler}</p>{body}</body></html>"
    )


def not_found_page(message: str) -> str:
    """The bare error template many CMSs answer with status 200."""
    return (
        "<html><head><meta charset='utf-8'><title>提示信息</title></head><body>"
        f"<div class='error'><p>{message}</p><a href='/'>返回首页</a></div></body></html>"
    )


def links(*hrefs: str) -> str:
    return "".join(f"<a href='{href}'>链接{n}</a> " for n, href in enumerate(hrefs))


def redirect(location: str, status: int = 301) -> Route:
    return lambda h: send(h, status, "", headers={"Location": location})


def sleepy(seconds: float, ctype: str = "image/png", body: bytes = b"\x89PNG....") -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        send(h, 200, body, ctype)

    return route


def html(text: str, status: int = 200) -> Route:
    return lambda h: send(h, status, text)


def reset_mid_body(h: BaseHTTPRequestHandler) -> None:
    """Promise 5000 bytes of HTML, send 100, and drop the connection."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", "5000")
    h.end_headers()
    h.wfile.write(b"<html><body>" + b"x" * 88)
    h.wfile.flush()
    h.close_connection = True


def close_before_headers(h: BaseHTTPRequestHandler) -> None:
    h.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, world: World, name: str, routes: dict[str, Route]) -> None:
        self.world, self.name, self.routes = world, name, routes
        self.inflight = 0
        self.max_inflight = 0
        super().__init__(("127.0.0.1", 0), _Handler)
        stamp_arrivals(self.socket)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    waiting = False
    arrived = 0.0

    def handle_one_request(self) -> None:
        # stamped by the kernel before the request is read (the crawler does not pipeline
        # requests, so nothing of the next one waits in rfile's buffer)
        self.arrived = arrival(self.connection)
        super().handle_one_request()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        server, path = self.server, self.path
        server.world.enter(server, path, self.arrived)
        self.waiting = True
        try:
            route = server.routes.get(path.split("?")[0])
            if route is None:
                send(self, 404, page("404", "<p>没有这个文件</p>"))
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self._answered()

    def send_response(self, code: int, message: str | None = None) -> None:
        # A request is in flight until its answer starts: the crawler may (rightly) start the
        # next one as soon as the headers arrive, while this thread still finishes the body.
        self._answered()
        super().send_response(code, message)

    def _answered(self) -> None:
        if self.waiting:
            self.waiting = False
            self.server.world.leave(self.server)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class World:
    """A set of servers on 127.0.0.1, each on its own port (its own host for the crawler)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.log: list[tuple[str, str, float]] = []  # (server, path, arrival)
        self.servers: dict[str, _Server] = {}

    def serve(self, name: str, routes: dict[str, Route], context: ssl.SSLContext | None = None):
        server = _Server(self, name, routes)
        if context is not None:
            server.socket = context.wrap_socket(server.socket, server_side=True)
        self.servers[name] = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        scheme = "https" if context else "http"
        return f"{scheme}://127.0.0.1:{server.server_address[1]}"

    def enter(self, server: _Server, path: str, arrived: float) -> None:
        with self.lock:
            server.inflight += 1
            server.max_inflight = max(server.max_inflight, server.inflight)
            self.log.append((server.name, path, arrived))

    def leave(self, server: _Server) -> None:
        with self.lock:
            server.inflight -= 1

    def count(self, name: str, path: str) -> int:
        return sum(1 for s, p, _ in self.log if s == name and p == path)

    def starts(self, name: str, path: str) -> list[float]:
        return sorted(t for s, p, t in self.log if s == name and p == path)

    def close(self) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()


def refused_origin() -> str:
    """An address where nothing listens: bind a port, then release it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def self_signed_context(folder: Path) -> ssl.SSLContext:
    """A TLS context with a fresh self-signed certificate for 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def crawl(tmp: Path, toml: str) -> sqlite3.Connection:
    """Run the real `auditor crawl` of `toml` into tmp/a.db and open the database with rows
    readable by column name."""
    db = sqlite3.connect(crawl_cli(tmp, toml))
    db.row_factory = sqlite3.Row
    return db


def inspection_toml(sites: list[tuple[str, str]], platform: str, **crawl: Any) -> str:
    """An inspection file for the world: fast timeouts, no delay, no AutoThrottle."""
    settings = {
        "timeout": 1,
        "retries": 1,
        "retry_backoff": 0.2,
        "delay": 0,
        "autothrottle": False,
        "concurrency_per_host": 2,
        **crawl,
    }
    rows = [(department, f"{url}/") for department, url in sites]
    return inspections.inspection_toml(rows, f"{platform}/", name="链接检查测试", **settings)


def one_site_district(world: World, routes: dict[str, Route], tmp: Path) -> tuple[str, Path]:
    """Serve `routes` as 城区财政局's site beside a one-page platform; (the site's URL, an
    inspection file of both written in `tmp`)."""
    site = world.serve("site", routes)
    platform = world.serve("platform", {"/": html(page("平台"))})
    inspection = tmp / "i.toml"
    inspection.write_text(inspection_toml([("城区财政局", site)], platform), "utf-8")
    return site, inspection
