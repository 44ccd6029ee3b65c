"""A throwaway redis-server for the distributed-crawl tests (issue 18)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from pathlib import Path


class RedisServer:
    """A throwaway redis-server on a free 127.0.0.1 port (or the one given), no persistence, in a temporary
    directory; `restart` stops and starts it on the same port (its data is gone, as after a
    crash of a Redis without persistence)."""

    def __init__(self, binary: str, directory: Path, port: int | None = None) -> None:
        self.binary, self.directory = binary, directory
        self.port = port or _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--dir", str(self.directory), "--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not listen on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None

    def restart(self, down_seconds: float = 1.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
