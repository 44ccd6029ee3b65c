"""Typed views of untrusted JSON values (stored PageFacts, run settings).

Facts come from hostile pages and old databases, so a field may hold any JSON type; these
helpers give callers the shape they expect, or an empty one, with a type the checker knows.
"""

from __future__ import annotations

from typing import Any


def as_dict(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """`value` when it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []
