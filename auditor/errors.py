"""One error family for everything a user can fix.

The CLI turns an AuditorError into a Chinese one-line message plus a hint and exits with its
code; anything else is a bug and goes to a log file with its traceback.
"""

from __future__ import annotations

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


class InputError(AuditorError):
    """Bad inspection file, checklist or command-line input (exit 2)."""


class InternalError(AuditorError):
    """The audit itself failed in a way the user cannot fix by editing input (exit 3)."""

    exit_code = EXIT_INTERNAL
