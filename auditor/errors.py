"""One error family for everything a user can fix.

The CLI turns an AuditorError into a Chinese one-line message plus a hint and exits with its
code; anything else is a bug and goes to a log file with its traceback.
"""

from __future__ import annotations

import errno
from typing import Any

EXIT_OK = 0
EXIT_GAPS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_LOCKED = 75  # another audit holds the database's lock (EX_TEMPFAIL)
EXIT_INTERRUPTED = 130  # the crawl was interrupted; the report is partial, --resume continues


class AuditorError(Exception):
    """A problem the user can fix; `message` names the file/key/URL, `hint` says how."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, hint: str = "", exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled whole (hint and exit code too): an error raised in a stage's worker process
        reaches the parent, and the user, as it would have in one process."""
        return (_rebuild, (type(self), self.message, self.hint, self.exit_code))


def _rebuild(kind: type[AuditorError], message: str, hint: str, code: int) -> AuditorError:
    error = kind.__new__(kind)
    AuditorError.__init__(error, message, hint, code)
    return error


class InputError(AuditorError):
    """Bad inspection file, checklist or command-line input (exit 2)."""


class InternalError(AuditorError):
    """The audit itself failed in a way the user cannot fix by editing input (exit 3)."""

    exit_code = EXIT_INTERNAL


_OS_PROBLEMS = {
    errno.EACCES: ("没有写入权限", "换一个可写的目录,或检查该目录的权限。"),
    errno.EPERM: ("没有写入权限", "换一个可写的目录,或检查该目录的权限。"),
    errno.EROFS: ("所在文件系统只读", "换一个可写的目录。"),
    errno.ENOSPC: (
        "磁盘空间不足",
        "清理磁盘空间后重试;抓取可加 --resume 继续,已写入的内容保持完整。",
    ),
    errno.EDQUOT: ("超出磁盘配额", "清理磁盘空间后重试。"),
    errno.EFBIG: ("文件超过大小限制", "清理空间或放宽文件大小限制后重试。"),
}


def explain_os_error(error: OSError, what: str = "") -> AuditorError | None:
    """A file-system failure the user can fix (permissions, read-only, full disk), or None."""
    problem = _OS_PROBLEMS.get(error.errno or 0)
    if problem is None:
        return None
    where = what or error.filename or ""
    return InputError(f"无法写入 {where}:{problem[0]}。", problem[1])
