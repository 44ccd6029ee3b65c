"""Loopback HTTP servers for the demo district: one ThreadingHTTPServer per host on port 0.

Run `python3 -m auditor.demo.server` to browse the district until Ctrl-C.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from auditor.demo.render import Resource
from auditor.demo.sites import HOSTS, SITES
from auditor.demo.world import World


class DemoServer:
    """Serves the demo district on 127.0.0.1; use as a context manager or start()/stop()."""

    def __init__(self) -> None:
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._log: list[tuple[str, str, str]] = []
        self._stopping = threading.Event()
        self._closed_socket: socket.socket | None = None
        self.world: World | None = None

    # ---- lifecycle -------------------------------------------------------------------
    def start(self) -> DemoServer:
        for host in HOSTS:
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, host))
            server.daemon_threads = True
            self._servers[host] = server
        self._closed_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._closed_socket.bind(("127.0.0.1", 0))  # bound, never listening: refused
        self.world = World(self.origins, f"http://127.0.0.1:{self.closed_port}")
        for host, server in self._servers.items():
            thread = threading.Thread(target=server.serve_forever, name=f"demo-{host}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stopping.set()
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        if self._closed_socket is not None:
            self._closed_socket.close()
        self._servers.clear()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- what tests read ---------------------------------------------------------------
    @property
    def origins(self) -> dict[str, str]:
        return {h: f"http://127.0.0.1:{s.server_address[1]}" for h, s in self._servers.items()}

    @property
    def urls(self) -> dict[str, str]:
        """Site name -> base URL: the portal, its two prefixes, every site, platform, outside."""
        origins = self.origins
        urls = {"portal": origins["portal"] + "/"}
        for spec in SITES:
            urls[spec.key] = origins[spec.host] + spec.prefix
        return urls

    @property
    def closed_port(self) -> int:
        assert self._closed_socket is not None, "DemoServer not started"
        return self._closed_socket.getsockname()[1]

    @property
    def requests(self) -> list[tuple[str, str, str]]:
        """(host name, method, path with query) of every request so far, in arrival order."""
        with self._lock:
            return list(self._log)

    def record(self, host: str, method: str, path: str) -> None:
        with self._lock:
            self._log.append((host, method, path))

    def wait(self, seconds: float) -> None:
        """Sleep for a slow page, but give up at once when the server stops."""
        self._stopping.wait(seconds)


def etag(resource: Resource) -> str:
    return '"' + hashlib.sha1(resource.body).hexdigest()[:16] + '"'


def last_modified(resource: Resource) -> str | None:
    if resource.modified is None:
        return None
    day = resource.modified
    stamp = dt.datetime(day.year, day.month, day.day, 1, 30, tzinfo=dt.UTC)
    return email.utils.format_datetime(stamp, usegmt=True)


def not_modified(resource: Resource, headers: Any) -> bool:
    """True when the client's validators show it already holds this version."""
    if resource.status != 200:
        return False
    tags = headers.get("If-None-Match")
    if tags is not None:
        return etag(resource) in [t.strip() for t in tags.split(",")] or tags.strip() == "*"
    since, modified = headers.get("If-Modified-Since"), last_modified(resource)
    if since is None or modified is None:
        return False
    try:
        return email.utils.parsedate_to_datetime(since) >= email.utils.parsedate_to_datetime(
            modified
        )
    except (TypeError, ValueError):
        return False


def _handler(owner: DemoServer, host: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "Apache"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._answer(body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            owner.record(host, self.command, self.path)
            assert owner.world is not None
            resource = owner.world.respond(host, self.path)
            if resource.delay:
                owner.wait(resource.delay)
            try:
                _send(self, resource, body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

    return Handler


def _send(handler: BaseHTTPRequestHandler, resource: Resource, body: bool) -> None:
    if not_modified(resource, handler.headers):
        handler.send_response(304)
        _validators(handler, resource)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return
    handler.send_response(resource.status)
    if resource.location:
        handler.send_header("Location", resource.location)
    handler.send_header("Content-Type", resource.content_type)
    handler.send_header("Content-Length", str(len(resource.body)))
    if resource.status == 200:
        _validators(handler, resource)
    handler.end_headers()
    if body:
        handler.wfile.write(resource.body)


def _validators(handler: BaseHTTPRequestHandler, resource: Resource) -> None:
    handler.send_header("ETag", etag(resource))
    modified = last_modified(resource)
    if modified:
        handler.send_header("Last-Modified", modified)


def main() -> None:
    with DemoServer() as server:
        print("示例城区已启动(按 Ctrl-C 停止):")
        for name, url in server.urls.items():
            print(f"  {name:9} {url}")
        print(f"  closed    http://127.0.0.1:{server.closed_port}/ (无服务,连接被拒绝)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("已停止。")


if __name__ == "__main__":
    main()
