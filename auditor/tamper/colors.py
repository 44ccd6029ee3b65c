"""CSS colour parsing for the same-colour-as-background check."""

from __future__ import annotations

import re

NAMED = {
    "white": (255, 255, 255), "black": (0, 0, 0), "red": (255, 0, 0), "green": (0, 128, 0),
    "blue": (0, 0, 255), "yellow": (255, 255, 0), "gray": (128, 128, 128),
    "grey": (128, 128, 128), "silver": (192, 192, 192), "navy": (0, 0, 128),
    "maroon": (128, 0, 0), "orange": (255, 165, 0), "purple": (128, 0, 128),
    "whitesmoke": (245, 245, 245), "snow": (255, 250, 250), "ivory": (255, 255, 240),
}  # fmt: skip
TRANSPARENT = (-1, -1, -1)
RGB_RE = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)")
HEX_RE = re.compile(r"#?([0-9a-f]{3}|[0-9a-f]{6})$")
CLOSE_ENOUGH = 24


def parse_color(value: str | None) -> tuple[int, int, int] | None:
    """(r, g, b), TRANSPARENT, or None when unknown; accepts bgcolor-style bare hex too."""
    value = (value or "").strip().lower()
    if value == "transparent":
        return TRANSPARENT
    if value in NAMED:
        return NAMED[value]
    m = RGB_RE.match(value)
    if m:
        if m.group(4) is not None and float(m.group(4)) == 0:
            return TRANSPARENT
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = HEX_RE.match(value) if value.startswith("#") or len(value) == 6 else None
    if not m:
        return None
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def same_color(a: tuple[int, int, int] | None, b: tuple[int, int, int] | None) -> bool:
    if a is None or b is None or TRANSPARENT in (a, b):
        return False
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) <= CLOSE_ENOUGH
