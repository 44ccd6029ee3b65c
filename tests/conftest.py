"""Fixtures shared by the test modules.

`shared_corpus` finds the read-only real material (`../shared/corpus` beside the clone, as CI
lays it out) and skips, saying why, only where it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    """`../shared` beside the project root, where the developers and CI keep it."""
    candidate = ROOT.parent / "shared"
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The real pages, titles and link-checker suites, read in place."""
    shared = shared_dir()
    if shared is None or not (shared / "corpus").is_dir():
        pytest.skip("../shared/corpus is absent beside the clone (CI always provides it)")
    return shared / "corpus"


# Redis for the distributed crawl (issue 18) ---------------------------------------------------
import contextlib  # noqa: E402  (this section's own imports, kept with it)
import os  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402


class RedisServer:
    """A throwaway redis-server on a free 127.0.0.1 port, no persistence, in a temporary
    directory; `restart` stops and starts it on the same port (its data is gone, as after a
    crash of a Redis without persistence)."""

    def __init__(self, binary: str, directory: Path) -> None:
        self.binary, self.directory = binary, directory
        self.port = _free_port()
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


@pytest.fixture
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """Skips only where redis-server is absent outside CI; in CI (CI=true) it must exist."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing in CI: .ci/run and tests/run install it")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    try:
        import scrapy_redis  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("the redis extra is missing in CI: pip install -e '.[dev,redis]'")
        pytest.skip("the redis extra is not installed: pip install -e '.[redis]'")
    server = RedisServer(binary, tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
