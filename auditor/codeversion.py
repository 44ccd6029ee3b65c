"""This version of the auditor's code, as a digest: what a stage's result depends on besides
its inputs, so that a repeat reuses an earlier run's result only from the same code (site
health's page parts, the footers' cross-page rows, the judge's findings)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path


@cache
def code_digest() -> str:
    """This version of the auditor package: any change to its code makes a new key.  Read
    once per process, by the one that computes the context: its spawned health workers
    receive it with the context instead of each reading every source file again."""
    return tree_digest(Path(__file__).resolve().parent)


def tree_digest(root: Path) -> str:
    """Every .py file under `root`, by relative path and content."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
