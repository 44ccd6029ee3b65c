"""Which declarations hide an element, by which technique, and when a child undoes it."""

from __future__ import annotations

import re

from auditor.tamper.colors import TRANSPARENT, parse_color, same_color
from auditor.tamper.css import OFFSCREEN_PX, length_px

TEXT_ONLY = {"font-size:0", "line-height:0", "text-indent", "same-color"}
ALPHA_RE = re.compile(r"alpha\(\s*opacity\s*=\s*(\d+)")
CLIP_RE = re.compile(
    r"rect\(\s*[01](?:px)?[\s,]+[01](?:px)?[\s,]+[01](?:px)?[\s,]+[01](?:px)?\s*\)"
)
MARQUEE_FAST = 50
COLOUR_KEYS = {"color", "background", "background-color", "background-image"}
TINY_PX = 1.0


def _num(value: str | None) -> float | None:
    try:
        return float((value or "").strip())
    except ValueError:
        return None


def _overflow_hidden(d: dict[str, str]) -> bool:
    return any(d.get(k) in ("hidden", "clip") for k in ("overflow", "overflow-x", "overflow-y"))


def _tiny(value: str | None) -> bool:
    px = length_px(value)
    return px is not None and px <= TINY_PX


def _offscreen(d: dict[str, str]) -> bool:
    if d.get("position") in ("absolute", "fixed"):
        for side in ("left", "top", "right", "bottom"):
            px = length_px(d.get(side))
            if px is not None and (px <= -OFFSCREEN_PX or (side in ("left", "top") and px >= 5000)):
                return True
    margins = (length_px(d.get(k)) for k in ("margin-left", "margin-top"))
    return any(px is not None and px <= -2 * OFFSCREEN_PX for px in margins)


def _marquee(el, d: dict[str, str]) -> bool:
    if el.tag != "marquee":
        return False
    speed = _num(el.get("scrollamount"))
    sizes = (el.get("width"), el.get("height"), d.get("width"), d.get("height"))
    return (speed is not None and speed >= MARQUEE_FAST) or any(_tiny(s) for s in sizes if s)


def _transparent(d: dict[str, str]) -> bool:
    opacity = _num(d.get("opacity"))
    alpha = ALPHA_RE.search(d.get("filter", ""))
    return (opacity is not None and opacity <= 0.05) or bool(alpha and int(alpha.group(1)) <= 5)


BOX_CHECKS = (
    ("display:none", lambda el, d: d.get("display") == "none"),
    ("hidden-attribute", lambda el, d: el.get("hidden") is not None),
    ("visibility:hidden", lambda el, d: d.get("visibility") in ("hidden", "collapse")),
    ("opacity:0", lambda el, d: _transparent(d)),
    (
        "zero-size-overflow-hidden",
        lambda el, d: (
            _overflow_hidden(d)
            and any(_tiny(d.get(k)) for k in ("width", "height", "max-height", "max-width"))
        ),
    ),
    ("clip", lambda el, d: bool(CLIP_RE.search(d.get("clip", ""))) and "position" in d),
    ("offscreen-position", lambda el, d: _offscreen(d)),
    (
        "z-index",
        lambda el, d: (
            (_num(d.get("z-index")) or 0) < 0
            and d.get("position") in ("absolute", "relative", "fixed")
        ),
    ),
    ("marquee", _marquee),
    ("text-indent", lambda el, d: (length_px(d.get("text-indent")) or 0) <= -OFFSCREEN_PX),
    ("font-size:0", lambda el, d: _tiny(d.get("font-size"))),
    ("line-height:0", lambda el, d: length_px(d.get("line-height")) == 0),
)


def box_technique(el, decls: dict[str, str]) -> str | None:
    """The first hiding technique the declarations use, or None."""
    if decls.keys() <= COLOUR_KEYS and el.tag != "marquee" and el.get("hidden") is None:
        return None
    for name, check in BOX_CHECKS:
        if check(el, decls):
            return name
    return None


def own_color(el, decls: dict[str, str]):
    value = decls.get("color") or (el.get("color") if el.tag == "font" else None)
    return parse_color(value) if value else None


def own_background(el, decls: dict[str, str]):
    """(known, colour): a background image makes the background unknown."""
    if "background-image" in decls and "none" not in decls["background-image"]:
        return True, None
    value = decls.get("background-color") or el.get("bgcolor")
    color = parse_color(value) if value else None
    return (color is not None and color != TRANSPARENT), color


def invisible_text(color, background) -> bool:
    return color == TRANSPARENT or same_color(color, background)


def undoes(technique: str, decls: dict[str, str]) -> bool:
    """A descendant can make text visible again for the inheritable techniques."""
    if technique == "visibility:hidden":
        return decls.get("visibility") == "visible"
    if technique == "font-size:0":
        value = decls.get("font-size", "")
        return not _tiny(value) and value.endswith(("px", "pt")) and length_px(value) is not None
    if technique == "line-height:0":
        return "line-height" in decls and length_px(decls["line-height"]) != 0
    if technique == "text-indent":
        return "text-indent" in decls and (length_px(decls["text-indent"]) or 0) > -OFFSCREEN_PX
    return False
