"""CLI commands, one module per command group, imported only when used.

Lazy loading keeps `auditor --help` fast and keeps one command's heavy imports (Scrapy,
openpyxl) out of the others.  A command function returns its exit code (int) or None for 0.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# command name -> module (the module's attribute of the same name, with "-" as "_").
COMMANDS: dict[str, str] = {
    "demo": "auditor.commands.demo",
    "init": "auditor.commands.init",
    "audit": "auditor.commands.audit",
    "crawl": "auditor.commands.crawl",
    "report": "auditor.commands.report",
    "checklist": "auditor.commands.checklist",
    "history": "auditor.commands.history",
    "diff": "auditor.commands.diff",
    "selfcheck": "auditor.commands.selfcheck",
    "pack": "auditor.commands.pack",
    "probe": "auditor.commands.probe",
    "worker": "auditor.commands.worker",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> Any:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        return getattr(importlib.import_module(module), cmd_name.replace("-", "_"))
