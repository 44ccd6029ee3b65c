"""A plain log of unattended runs: one timestamped line when a run starts, ends or fails.

cron and systemd timers have no terminal, so `--log-file` keeps what a clerk would otherwise
have seen: which inspection ran, what it found, and why it failed when it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from auditor.errors import AuditorError
from auditor.store import now_iso


class RunLog:
    """Appends lines to `path`; a None path logs nothing, so callers need no branches."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None

    def write(self, *lines: str) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            for line in lines:
                handle.write(f"[{now_iso()}] {line}\n")

    @contextmanager
    def run(self, what: str) -> Iterator[RunLog]:
        """Log the start of `what`, and its failure (then re-raise) if it fails."""
        self.write(f"开始:{what}")
        try:
            yield self
        except AuditorError as exc:
            self.write(f"失败(退出码 {exc.exit_code}):{exc.message}", f"提示:{exc.hint}")
            raise
        except BaseException as exc:
            self.write(f"失败:{type(exc).__name__}: {exc}")
            raise
