"""A hostile web server on 127.0.0.1 for the reliability tests (docs/reliability.md).

A raw asyncio socket server, so routes can do what no well-behaved HTTP library allows:
trickle, stall, reset, lie about Content-Length, stream forever, send gzip bombs, headers
without end, binary robots.txt, invalid encodings, 100,000 links, 100,000-deep nesting,
redirect loops across two ports, redirects to file:, ftp:, data: and to private names.
Every raw request is kept, so a test can prove what was (never) sent.
"""

from __future__ import annotations

import asyncio
import functools
import socket
import struct
import threading
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

HTML = b"text/html; charset=utf-8"
Route = Callable[[asyncio.StreamWriter, "HostileServer"], Awaitable[None]]


def _head(status: str, headers: list[tuple[bytes, bytes]]) -> bytes:
    lines = [f"HTTP/1.1 {status}".encode(), *(k + b": " + v for k, v in headers)]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def answer(body: bytes, status: str = "200 OK", kind: bytes = HTML, **extra: bytes) -> bytes:
    headers = [(b"Content-Type", kind), (b"Content-Length", str(len(body)).encode())]
    headers += [(k.replace("_", "-").encode(), v) for k, v in extra.items()]
    return _head(status, [*headers, (b"Connection", b"close")]) + body


def redirect(location: str) -> bytes:
    return answer(b"", "302 Found", Location=location.encode())


def page(title: str, body: str, charset: str = "utf-8") -> bytes:
    html = f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title>'
    return (html + f"</head><body><h1>{title}</h1>{body}</body></html>").encode(charset)


async def forever(writer: asyncio.StreamWriter, chunk: bytes, pause: float = 0.0) -> None:
    while not writer.is_closing():
        writer.write(chunk)
        await writer.drain()
        await asyncio.sleep(pause)


class HostileServer:
    """Serves `routes` (path -> bytes or coroutine) on 127.0.0.1 (or another loopback address)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, bytes | Route] = {}
        self.requests: list[bytes] = []
        self.connections = 0
        self.loop = asyncio.new_event_loop()
        self.server: Any = None
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.sockets[0].getsockname()[1])

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> HostileServer:
        start = asyncio.start_server(self.handle, self.host, 0, limit=1 << 20)
        self.server = self.loop.run_until_complete(start)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            self.server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            raw = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            self.requests.append(raw)
            path = raw.split(b" ", 2)[1].decode("latin-1")
            route = self.routes.get(
                path.split("?")[0], answer(page("无此页面", "404"), "404 Not Found")
            )
            if isinstance(route, bytes):
                writer.write(route)
                await writer.drain()
            else:
                await route(writer, self)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass
        finally:
            if not writer.is_closing():
                writer.close()


# route behaviours --------------------------------------------------------------------------
async def stall(writer: asyncio.StreamWriter, server: HostileServer) -> None:
    await asyncio.sleep(3600)


async def trickle(writer: asyncio.StreamWriter, server: HostileServer) -> None:
    writer.write(_head("200 OK", [(b"Content-Type", HTML)]))
    await forever(writer, b"<", pause=0.2)


async def reset(writer: asyncio.StreamWriter, server: HostileServer) -> None:
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def liar(writer: asyncio.StreamWriter, server: HostileServer) -> None:
    writer.write(_head("200 OK", [(b"Content-Type", HTML), (b"Content-Length", b"100000")]))
    writer.write(b"<html><body>short")
    await writer.drain()


async def stream(writer: asyncio.StreamWriter, server: HostileServer) -> None:
    writer.write(_head("200 OK", [(b"Content-Type", HTML)]) + b"<html><body>")
    await forever(writer, b"<p>" + b"x" * (1 << 20) + b"</p>")


async def header_flood(writer: asyncio.StreamWriter, server: HostileServer) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    await forever(writer, b"X-Filler: " + b"a" * 1000 + b"\r\n")


@functools.lru_cache(maxsize=4)
def gzip_bomb(megabytes: int) -> bytes:
    """A small gzip body that inflates to `megabytes` of zeros (compressed ~1000:1), made a
    megabyte at a time so the test itself never holds the inflated size."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)  # wbits 31: a gzip stream
    chunk = b"\0" * (1 << 20)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def binary(size: int) -> bytes:
    pattern = bytes(range(256)).replace(b"\n", b"\x00")
    return (pattern * (size // 256 + 1))[:size]
