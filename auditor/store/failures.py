"""SQLite failures a user can act on, as clear messages: a database locked by another program
(after a bounded wait), a full disk, a read-only file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from auditor.errors import EXIT_INPUT, EXIT_LOCKED, AuditorError

WAIT_ENV = "AUDITOR_DB_WAIT"  # seconds to wait for another program's write lock
DEFAULT_WAIT = 60.0


def db_wait_seconds() -> float:
    try:
        return max(float(os.environ.get(WAIT_ENV, DEFAULT_WAIT)), 0.0)
    except ValueError:
        return DEFAULT_WAIT


def explain(error: sqlite3.Error, path: str | Path | None = None) -> AuditorError | None:
    """The user's view of an SQLite error, or None when it is a bug."""
    text = str(error).lower()
    db = f"数据库 {path} " if path else "数据库"
    if "locked" in text or "busy" in text:
        return AuditorError(
            f"{db}正被另一个程序占用(写入中),等待 {db_wait_seconds():g} 秒后仍未释放。",
            f"已写入的内容保持完整。关闭正在使用该数据库的程序(如 sqlite3 命令行)后重试;"
            f"等待时间可用环境变量 "
            f"{WAIT_ENV} 调整(秒)。(退出码 {EXIT_LOCKED})",
            exit_code=EXIT_LOCKED,
        )
    if "disk is full" in text or "disk i/o" in text:
        return AuditorError(
            f"写入{db}失败:磁盘空间不足或磁盘错误。",
            "清理磁盘空间后加 --resume 继续;已写入的内容保持完整。",
            exit_code=EXIT_INPUT,
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return AuditorError(
            f"无法写入{db}:文件或目录只读。",
            "用 --db 或 --out 换一个可写的位置,或检查权限。",
            exit_code=EXIT_INPUT,
        )
    return None


@contextlib.contextmanager
def database_errors(path: str | Path) -> Iterator[None]:
    """Turn the SQLite errors a user can act on into AuditorError."""
    try:
        yield
    except sqlite3.Error as error:
        explained = explain(error, path)
        if explained is None:
            raise
        raise explained from None
