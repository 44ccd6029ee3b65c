"""Where a worker writes its host groups' SQLite shards before handing them in.

Each worker process owns one directory, `auditor-shards-*`, under AUDITOR_SHARD_DIR (or
`--shard-dir`; else the system's temporary directory).  A normal exit removes it.  A worker
killed with kill -9 cannot, so each worker holds an exclusive lock on `owner.lock` inside its
directory for its whole life: the kernel drops the lock when the process dies, however it
dies, and the next worker that starts under the same root removes every directory whose lock
it can take (nobody alive owns it); one without a lock (left by an older worker) only when
the processes its shard files name are gone.  A directory younger than STALE_AFTER_SECONDS is
left alone, so one that a starting worker has made but not yet locked is never taken for dead.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

from auditor.spiders.frontier import is_alive

ENV = "AUDITOR_SHARD_DIR"
PREFIX = "auditor-shards-"
LOCK = "owner.lock"
STALE_AFTER_SECONDS = 60.0


def shard_root(given: str | None = None) -> Path:
    """The directory the shard directories go in: `given`, AUDITOR_SHARD_DIR, or the system
    temporary directory."""
    root = Path(given or os.environ.get(ENV) or tempfile.gettempdir())
    root.mkdir(parents=True, exist_ok=True)
    return root


class ShardSpool:
    """This worker's shard directory, locked while the worker lives."""

    def __init__(self, root: Path) -> None:
        self.removed_stale = remove_stale(root)
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))
        self.lock = os.open(self.path / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def remove(self) -> None:
        """Delete the directory and everything left in it (shards of dropped attempts)."""
        shutil.rmtree(self.path, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.close(self.lock)


def remove_stale(root: Path) -> list[Path]:
    """Remove the shard directories under `root` that no live process owns; returns them."""
    removed = []
    for path in root.glob(PREFIX + "*"):
        if path.is_dir() and _orphaned(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _orphaned(path: Path) -> bool:
    """True when the directory is old enough and its owner's lock is free.  A directory
    without a lock (a worker from before the lock) goes only when its shards name this
    machine and processes that are gone."""
    try:
        if time.time() - path.stat().st_mtime < STALE_AFTER_SECONDS:
            return False
        fd = os.open(path / LOCK, os.O_RDWR)
    except FileNotFoundError:
        return _owners_gone(path)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a live worker holds it
    finally:
        os.close(fd)
    return True


def _owners_gone(path: Path) -> bool:
    """Shards are named by their attempt token, `host-pid-random` (board.new_token): true when
    there is at least one and every one is this host's and its process has exited."""
    host = socket.gethostname()
    names = [p.name for p in path.iterdir()]
    pids = [_pid_of(name, host) for name in names]
    return bool(names) and all(pid is not None and not is_alive(pid) for pid in pids)


def _pid_of(name: str, host: str) -> int | None:
    rest = name[len(host) + 1 :] if name.startswith(host + "-") else ""
    pid = rest.split("-", 1)[0]
    return int(pid) if pid.isdigit() else None
