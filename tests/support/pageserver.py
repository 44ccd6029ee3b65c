"""One loopback page server for every test that needs a small site on 127.0.0.1.

Serves a dict of path -> (status, headers, body) on port 0, records every request in `log`
(method, path with its query, body) and the (arrival, answered, path) of every request in
`spans` (time.monotonic(), for tests of request spacing: the kernel's arrival stamp, see
arrivals.py, and the moment before the answer's first byte goes out), and stops on exit. A path is looked up as requested (query
included) first, then without its query. A value may also be a callable taking the Request
and returning the reply, for worlds whose answers depend on the query or the POST body.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple, TypeAlias

from .arrivals import arrival, stamp_arrivals

Reply: TypeAlias = tuple[int, dict[str, str], bytes | str]
HTML = {"Content-Type": "text/html; charset=utf-8"}
NOT_FOUND: Reply = (404, HTML, "<h1>404 Not Found</h1>")


class Request(NamedTuple):
    method: str
    path: str  # as requested, query included
    body: str


Route: TypeAlias = Reply | Callable[[Request], Reply | None]


def html(body: str, status: int = 200) -> Reply:
    """A UTF-8 HTML answer."""
    return status, HTML, body


class PageServer:
    """Serves `pages` on 127.0.0.1 (port 0); `log` holds every request in arrival order.

    `missing` answers paths not in `pages`; `delay` slows every answer (interrupted by stop);
    `close` sends Connection: close so no connection is reused.
    """

    def __init__(
        self,
        pages: dict[str, Route] | None = None,
        missing: Reply = NOT_FOUND,
        delay: float = 0.0,
        close: bool = False,
    ) -> None:
        self.pages: dict[str, Route] = pages if pages is not None else {}
        self.missing, self.delay, self.close_connections = missing, delay, close
        self.log: list[Request] = []
        self.spans: list[tuple[float, float, str]] = []  # arrival, answered, path
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        stamp_arrivals(self.httpd.socket)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def netloc(self) -> str:
        return f"127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def origin(self) -> str:
        return f"http://{self.netloc}"

    @property
    def paths(self) -> list[str]:
        """Every requested path (with query), in arrival order."""
        return [r.path for r in self.log]

    @property
    def asked(self) -> Counter[str]:
        """How many times each path (with query) was requested."""
        return Counter(self.paths)

    def start(self) -> PageServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.stopping.is_set():
            return
        self.stopping.set()
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> PageServer:
        return self.start() if not self.thread.is_alive() else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def answer(self, request: Request) -> Reply:
        with self.lock:
            self.log.append(request)
        if self.delay:
            self.stopping.wait(self.delay)
        route = self.pages.get(request.path)
        if route is None:
            route = self.pages.get(request.path.split("?")[0])
        reply = route(request) if callable(route) else route
        return reply if reply is not None else self.missing


def _handler(server: PageServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        arrived = 0.0

        def handle_one_request(self) -> None:
            # stamped by the kernel before the request is read (none of the clients
            # pipelines requests, so nothing of the next one waits in rfile's buffer)
            self.arrived = arrival(self.connection)
            super().handle_one_request()

        def _reply(self, method: str, body: str) -> None:
            status, headers, content = server.answer(Request(method, self.path, body))
            data = content.encode("utf-8") if isinstance(content, str) else content
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            if server.close_connections:
                self.send_header("Connection", "close")
            with server.lock:  # before the client can have the answer, so before its next request
                server.spans.append((self.arrived, time.monotonic(), self.path))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up
                self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._reply("GET", "")

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            self._reply("POST", self.rfile.read(length).decode("utf-8", "replace"))

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

    return Handler
