"""Small loopback hosts for the planning tests: a portal, department hosts, a closed port."""

from __future__ import annotations

import socket

from .pageserver import PageServer


class Host(PageServer):
    """Serves `pages` (path -> (status, headers, body)); `requests` lists every request path."""

    def __init__(self, pages: dict[str, tuple[str, bytes]] | None = None) -> None:
        super().__init__(missing=(404, {"Content-Type": "text/html"}, b"<h1>404</h1>"))
        for path, (kind, body) in (pages or {}).items():
            self.pages[path] = (200, {"Content-Type": kind}, body)

    @property
    def requests(self) -> list[str]:
        return self.paths

    def html(self, path: str, body: str, charset: str = "utf-8") -> None:
        self.pages[path] = (
            200,
            {"Content-Type": f"text/html; charset={charset}"},
            body.encode(charset),
        )

    def text(self, path: str, body: str) -> None:
        self.pages[path] = (200, {"Content-Type": "text/plain"}, body.encode("utf-8"))


class ClosedPort:
    """A port bound but never listening: connecting to it is refused."""

    def __enter__(self) -> str:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def __exit__(self, *exc: object) -> None:
        self.sock.close()
