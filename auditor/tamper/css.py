"""Just enough CSS to tell whether an element is hidden, and how.

Declarations come from the `style` attribute and from `<style>` rules with simple selectors
(`.cls`, `#id`, `tag`, `tag.cls`, `tag#id`, and descendant chains of those). Anything fancier
(pseudo-classes, attribute selectors, sibling combinators) is ignored: those rules are how
menus open on hover, not how injected links hide. `@media print` blocks are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from functools import lru_cache

from auditor.tamper.colors import parse_color

RELEVANT = {
    "display", "visibility", "opacity", "filter", "font-size", "font", "line-height", "width",
    "height", "max-height", "max-width", "overflow", "overflow-x", "overflow-y", "text-indent",
    "position", "left", "top", "right", "bottom", "margin-left", "margin-top", "margin",
    "z-index", "color", "background", "background-color", "background-image", "clip",
}  # fmt: skip
COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
BRACE_RE = re.compile(r"[{}]")
NAME_RE = re.compile(r"[#.][\w-]+")
COMPOUND_RE = re.compile(r"^(\*|[a-z][a-z0-9]*)?((?:[#.][\w-]+)*)$", re.I)
LENGTH_RE = re.compile(r"^([-+]?\d*\.?\d+)(px|pt|em|rem|%|cm|mm|in)?$")
UNIT_PX = {None: 1.0, "px": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0, "cm": 37.8, "mm": 3.78, "in": 96.0}  # fmt: skip
OFFSCREEN_PX = 500.0


def parse_declarations(text: str) -> dict[str, str]:
    """`a:b; c:d` -> {"a": "b", "c": "d"}, lower-cased, `!important` dropped, shorthands split."""
    return dict(_declarations(text))


@lru_cache(maxsize=4096)
def _declarations(text: str) -> dict[str, str]:
    """Shared between callers (never mutate it): templates repeat the same rule bodies and
    style attributes on every page."""
    decls: dict[str, str] = {}
    for part in text.split(";"):
        name, sep, value = part.partition(":")
        name = name.strip().lower()
        if sep and name in RELEVANT:
            decls[name] = value.replace("!important", "").strip().lower()
    _expand_shorthands(decls)
    return decls


def _expand_shorthands(decls: dict[str, str]) -> None:
    if "font" in decls:
        for token in decls["font"].split():
            size = token.split("/")[0]
            if length_px(size) is not None:
                decls.setdefault("font-size", size)
                break
    if "background" in decls:
        value = decls["background"]
        if "url(" in value:
            decls.setdefault("background-image", "url()")
        color = next((c for c in value.split() if parse_color(c)), None)
        if color:
            decls.setdefault("background-color", color)
    if "margin" in decls:
        parts = decls["margin"].split()
        if parts:
            decls.setdefault("margin-top", parts[0])
            decls.setdefault("margin-left", parts[-1] if len(parts) != 3 else parts[1])


def length_px(value: str | None) -> float | None:
    """CSS length in pixels; None for percentages, keywords and garbage."""
    m = LENGTH_RE.match((value or "").strip())
    if not m or m.group(2) == "%":
        return 0.0 if m and float(m.group(1)) == 0 else None
    return float(m.group(1)) * UNIT_PX[m.group(2)]


@dataclass(frozen=True)
class Compound:
    tag: str | None
    ident: str | None
    classes: frozenset[str]

    def matches(self, el) -> bool:
        if self.tag and self.tag != el.tag:
            return False
        if self.ident and self.ident != el.get("id"):
            return False
        if not self.classes:
            return True
        classes = el.get("class")  # ancestors mostly have none: no set to build for them
        return bool(classes) and self.classes <= set(classes.split())


@dataclass(frozen=True)
class Rule:
    chain: tuple[Compound, ...]
    decls: dict[str, str] = field(hash=False, compare=False)
    specificity: tuple[int, int, int] = (0, 0, 0)
    order: int = 0
    text: str = ""

    def matches(self, el) -> bool:
        if not self.chain[-1].matches(el):
            return False
        pending = list(self.chain[:-1])
        if not pending:
            return True
        for parent in el.iterancestors():
            if pending[-1].matches(parent):
                pending.pop()
                if not pending:
                    return True  # the rest of the ancestors cannot change the answer
        return False


def _compound(text: str) -> Compound | None:
    m = COMPOUND_RE.match(text)
    if not m or not text:
        return None
    tag = m.group(1).lower() if m.group(1) and m.group(1) != "*" else None
    parts = re.findall(r"([#.])([\w-]+)", m.group(2))
    ident = next((v for k, v in parts if k == "#"), None)
    return Compound(tag, ident, frozenset(v for k, v in parts if k == "."))


def parse_selector(text: str) -> tuple[Compound, ...] | None:
    steps = [_compound(s) for s in text.replace(">", " ").split()]
    if not steps or any(s is None for s in steps):
        return None
    return tuple(steps)  # type: ignore[arg-type]


def _specificity(chain: tuple[Compound, ...]) -> tuple[int, int, int]:
    ids = sum(1 for c in chain if c.ident)
    return ids, sum(len(c.classes) for c in chain), sum(1 for c in chain if c.tag)


# A top-level block whose body nests at most one level of braces (flat rules, and @media
# with flat rules inside), body written as an unrolled loop so no step is taken per character.
# It starts where a tiling can: at the text's start or right after a `}`.  Without that,
# findall tried every position of a text's brace-free stretch that no block follows, each
# scanning to the stretch's end: a hostile `<style>` (or stylesheet) with 200,000
# characters after its last `}` took minutes; now ~10 ms, and the same blocks otherwise.
BLOCK_RE = re.compile(r"(?:^|(?<=\}))([^{}]*)\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


def _shallow_blocks(css: str) -> list[tuple[str, str]] | None:
    """(prelude, body) of every top-level block when matches of BLOCK_RE tile the text from
    its start with no brace after the last one; None otherwise (deeper nesting, a stray or
    unclosed brace), for the brace-by-brace scan.  Tiled, every brace sits in a block whose
    braces balance within two levels, which is what the scan would find, in one C call
    instead of a Python step per brace (profiled: 3.7% of a first audit).  A gap between
    matches leaves the last match's `}` past the matched length, so one test covers both."""
    found = BLOCK_RE.findall(css)
    tiled = sum(len(prelude) + len(body) for prelude, body in found) + 2 * len(found)
    if "{" in css[tiled:] or "}" in css[tiled:]:
        return None
    return found


def iter_blocks(css: str) -> list[tuple[str, str]]:
    """(prelude, body) of top-level blocks, descending into screen/all @media."""
    blocks: list[tuple[str, str]] = []
    for prelude, body in _shallow_blocks(css) or scan_blocks(css):
        prelude = prelude.strip()
        if not prelude.startswith("@"):
            blocks.append((prelude, body))
        elif prelude.lower().startswith("@media") and "print" not in prelude.lower():
            blocks += iter_blocks(body)
    return blocks


def scan_blocks(css: str):
    """(prelude, body) of top-level blocks found brace by brace, at any depth; a stray `}`
    is skipped and an unclosed block dropped."""
    depth, start, prelude = 0, 0, ""
    for brace in BRACE_RE.finditer(css):  # profiled: a loop over every character cost 1 ms/page
        i = brace.start()
        if brace.group() == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                yield prelude, css[start:i]
                start = i + 1


def may_match(selector: str, names: Container[str] | None) -> bool:
    """False when the selector's subject names an id or class the page does not have
    (`names` holds "#id" and ".class" of every element): such a rule matches nothing."""
    return names is None or all(name in names for name in subject_names(selector))


def subject_names(selector: str) -> tuple[str, ...]:
    """ "#id" and ".class" names of the selector's last compound (its subject)."""
    steps = selector.replace(">", " ").split()
    return tuple(NAME_RE.findall(steps[-1])) if steps else ()


def parse_stylesheet(css: str, first_order: int = 0, names: set[str] | None = None) -> list[Rule]:
    """Rules that can hide something; everything else is dropped to keep matching cheap.
    With the page's `names`, rules that cannot match any of its elements are dropped unparsed
    (`may_match`, with the subject's names read once per text; one C call per selector, not
    a generator: a page's new `<style>` has ~90 blocks, nearly all of them dropped here)."""
    rules: list[Rule] = []
    for selectors, body in _split_blocks(css):
        if names is not None:
            selectors = tuple([s for s in selectors if names.issuperset(s[1])])
        decls = _declarations(body) if selectors else None
        if not decls:
            continue
        for selector, _ in selectors:
            chain = _selector(selector)
            if chain:
                order = first_order + len(rules)
                rules.append(Rule(chain, decls, _specificity(chain), order, selector))
    return rules


# What ends a step of a selector: `str.split` splits on exactly the characters `\s` matches.
# A prelude with neither this nor a comma is one selector of one compound, so `subject_names`
# (a replace, a split and a tuple per selector) is skipped: a text seen once (bigworld writes
# a new `<style>` on every page) paid it for every one of its ~90 blocks (~35 us a page).
_STEP_BREAK = re.compile(r"[\s>]")


@lru_cache(maxsize=128)
def _split_blocks(css: str) -> tuple[tuple[tuple[tuple[str, tuple[str, ...]], ...], str], ...]:
    """(selectors with their subject's names, body) of every block.  Cached by text: a
    site's template repeats its `<style>` on every page (profiled: splitting it anew cost
    1.5% of a first audit), while a text seen once costs what it did uncached."""
    blocks = []
    for prelude, body in iter_blocks(COMMENT_RE.sub("", css)):
        if "," in prelude or _STEP_BREAK.search(prelude):
            selectors = tuple(
                (s, subject_names(s)) for s in (p.strip() for p in prelude.split(","))
            )
        else:  # one compound, its own subject (iter_blocks strips the prelude)
            selectors = ((prelude, tuple(NAME_RE.findall(prelude))),)
        blocks.append((selectors, body))
    return tuple(blocks)


@lru_cache(maxsize=4096)
def _selector(text: str) -> tuple[Compound, ...] | None:
    return parse_selector(text)


class StyleIndex:
    """Rules indexed by the id, class or tag of their last compound."""

    def __init__(self, rules: list[Rule]) -> None:
        self.by_key: dict[str, list[Rule]] = {}
        for rule in rules:
            last = rule.chain[-1]
            key = f"#{last.ident}" if last.ident else None
            key = key or (f".{min(last.classes)}" if last.classes else last.tag or "*")
            self.by_key.setdefault(key, []).append(rule)
        self.tags = {k for k in self.by_key if k[0] not in "#."}
        self.named = any(k[0] in "#." for k in self.by_key)

    def _may_match(self, el) -> bool:
        if "*" in self.tags or el.tag in self.tags:
            return True
        return self.named and (el.get("id") is not None or el.get("class") is not None)

    def matching(self, el) -> list[Rule]:
        keys = [el.tag, "*"]
        ident, classes = el.get("id"), el.get("class")
        if ident:
            keys.append("#" + ident)
        if classes:
            keys += ["." + c for c in classes.split()]
        found = [r for k in keys for r in self.by_key.get(k, ()) if r.matches(el)]
        return sorted(set(found), key=lambda r: (r.specificity, r.order))

    def declarations(self, el) -> tuple[dict[str, str], Rule | None]:
        """Cascaded declarations (rules, then inline style) and the last rule that applied."""
        decls: dict[str, str] = {}
        rules = self.matching(el) if self.by_key and self._may_match(el) else []
        for rule in rules:
            decls.update(rule.decls)
        style = el.get("style")
        if style:
            decls.update(parse_declarations(style))
        return decls, (rules[-1] if rules else None)
