"""The Datasette metadata shipped beside the store, so a stored audit can be browsed without SQL.

datasette.json gives every table and its columns a Chinese title and description and holds
canned queries (各部门失效链接, 某事项的全部证据, 某部门的全部结论, 篡改告警...).  Its SQL lives
here in auditor/store/ with the rest of the project's SQL.  Datasette keys a database's tables
and queries by the file's stem; the shipped file is keyed for `auditor.db`, the name every
audit writes.  `python -m auditor.store.metadata` prints the file's path; given a database
file with another name, it prints the metadata keyed for that file instead (redirect it to a
file and pass that to `--metadata`).  Datasette itself is not a dependency.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

METADATA_PATH = Path(__file__).with_name("datasette.json")
DATABASE = "auditor"


def load_metadata(database: str = DATABASE) -> dict[str, Any]:
    """The shipped metadata, its database section keyed by `database` (a file stem)."""
    metadata: dict[str, Any] = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    metadata["databases"] = {database: metadata["databases"][DATABASE]}
    return metadata


def main(argv: list[str] | None = None) -> int:
    """Print the path of datasette.json, or the metadata keyed for the database file given."""
    args = sys.argv[1:] if argv is None else argv
    stem = Path(args[0]).stem if args else DATABASE
    if stem == DATABASE:
        print(METADATA_PATH)
    else:
        print(json.dumps(load_metadata(stem), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
