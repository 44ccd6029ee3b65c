"""CLI commands, one module per command group.

A command function returns its exit code (int) or None for 0.
"""

from __future__ import annotations

import importlib

import click

# Each entry: (module, attribute) of a click command or group. Add a line to register one.
COMMANDS: list[tuple[str, str]] = [
    ("auditor.commands.crawl", "crawl"),
    ("auditor.commands.audit", "audit"),
    ("auditor.commands.demo", "demo"),
    ("auditor.commands.report", "report"),
]


def register(cli: click.Group) -> None:
    for module, attribute in COMMANDS:
        cli.add_command(getattr(importlib.import_module(module), attribute))
