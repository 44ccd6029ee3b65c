"""One audit at a time per database: a scheduled run that finds another still running
steps aside (or waits) instead of crawling the same sites twice into the same file.

The lock is an advisory `flock` on `<database>.lock`. The kernel drops it when the process
ends, however it ends, so a crashed run never leaves a stale lock behind; the file's text
(process id, start time) only serves the message the second run prints.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from auditor.errors import EXIT_LOCKED, AuditorError
from auditor.store import now_iso

POLL_SECONDS = 0.5


class LockedError(AuditorError):
    """Another audit holds the database's lock (exit 75)."""

    exit_code = EXIT_LOCKED


def lock_path(db_path: str | Path) -> Path:
    db = Path(db_path)
    return db.with_name(db.name + ".lock")


class RunLock:
    """`with RunLock(db): …` holds the database's lock for the block."""

    def __init__(self, db_path: str | Path, wait: bool = False, timeout: float | None = None):
        self.path = lock_path(db_path)
        self.wait, self.timeout = wait, timeout
        self.handle: IO[str] | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until __exit__
        try:
            self._acquire(handle)
        except BaseException:
            handle.close()
            raise
        handle.truncate(0)
        handle.write(f"{os.getpid()} {now_iso()}\n")
        handle.flush()
        self.handle = handle
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None

    def _acquire(self, handle: IO[str]) -> None:
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if not self.wait or (deadline is not None and time.monotonic() >= deadline):
                    raise self._locked() from None
            time.sleep(POLL_SECONDS)

    def _locked(self) -> LockedError:
        try:
            pid, _, started = self.path.read_text(encoding="utf-8").strip().partition(" ")
        except OSError:
            pid, started = "?", "?"
        return LockedError(
            f"另一次检查(进程 {pid or '?'},开始于 {started or '?'})正在使用数据库,本次未运行。",
            f"等它结束后再运行,或加 --wait 排队等待;锁文件:{self.path}(退出码 {EXIT_LOCKED})。",
        )
