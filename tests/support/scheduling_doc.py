"""The availability probe's recipes as docs/scheduling.md prints them, made runnable in a test.

The documented cron line and systemd ExecStart are what runs: only the random sleep (no wait
in a test), the working directory (a temporary /srv/auditor) and the `auditor` executable (a
shim running this checkout with the test's Python) are substituted.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from .cli import ROOT

DOC = ROOT / "docs" / "scheduling.md"
HEADING = "## The week-long availability probe"
SLEEP = re.compile(r"sleep \$\(\(RANDOM % (\d+)\)\);\s*")


def doc_section() -> str:
    text = DOC.read_text(encoding="utf-8")
    assert HEADING in text, f"{DOC} has no section {HEADING!r}"
    return text.split(HEADING, 1)[1].split("\n## ", 1)[0]


@dataclass(frozen=True)
class CronLine:
    fields: list[str]  # minute hour day month weekday
    shell: str  # the command with cron's \\% unescaped, as bash receives it

    @property
    def max_sleep_s(self) -> int:
        found = SLEEP.search(self.shell)
        assert found, f"the cron line has no random sleep: {self.shell}"
        return int(found.group(1)) - 1

    def command(self, work: Path) -> list[str]:
        """bash -c the documented line, without the wait, in `work` instead of /srv/auditor."""
        shell = SLEEP.sub("", self.shell).replace("cd /srv/auditor", f"cd {shlex.quote(str(work))}")
        return ["bash", "-c", shell]


@dataclass(frozen=True)
class ExecStart:
    argv: list[str]
    directory: str

    def command(self, work: Path) -> list[str]:
        """ExecStart's argv with the installed /usr/local/bin/auditor replaced by the shim."""
        assert Path(self.argv[0]).name == "auditor", self.argv
        return [str(work / "bin" / "auditor"), *self.argv[1:]]


def documented_probe() -> tuple[CronLine, ExecStart]:
    lines = [line.strip() for line in doc_section().splitlines()]
    cron = next(x for x in lines if "auditor probe" in x and x[:1].isdigit())
    fields = cron.split(None, 5)
    start = next(x for x in lines if x.startswith("ExecStart=") and " probe " in x)
    directory = next(x for x in lines if x.startswith("WorkingDirectory="))
    return (
        CronLine(fields[:5], fields[5].replace("\\%", "%")),
        ExecStart(shlex.split(start.removeprefix("ExecStart=")), directory.split("=", 1)[1]),
    )


def shim_env(work: Path) -> dict[str, str]:
    """PATH starting with work/bin, where `auditor` runs this checkout's CLI."""
    shim = work / "bin" / "auditor"
    if not shim.exists():
        shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m auditor "$@"\n')
        shim.chmod(0o755)
    path = f"{work / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, "PYTHONPATH": str(ROOT)}
