"""Reading inline scripts as text: calls, their literal arguments, `var` declarations.

CMS templates write a pager or a data call as one line of script; its arguments are
literals or names declared a few lines earlier.  This module tokenises just enough of
JavaScript to read them (strings, numbers, names) and never evaluates anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.extract.discover.base import MAX_SCRIPT_CHARS
from auditor.extract.document import Document

_TOKEN = re.compile(
    r"""\s*(?:(?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<num>-?\d+(?:\.\d+)?)(?![\w.])|(?P<name>[A-Za-z_$][\w$.]*)|(?P<other>.))""",
    re.S,
)
_VAR = re.compile(
    r"""(?:\b(?:var|let|const)\s+|[;{}\n]\s*)(?P<name>[A-Za-z_$][\w$]*)\s*=\s*"""
    r"""(?P<value>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|-?\d+)(?=\s*[;,\n/}]|\s*$)"""
)
_ESCAPE = re.compile(r"\\(.)", re.S)
_NOT_CODE = re.compile(r"xml|template|html|json|text/plain")  # data islands, not code
MAX_ARGS = 12
MAX_CALLS = 50

Value = str | int | None


def inline_scripts(doc: Document) -> list[str]:
    """The texts of the page's inline scripts (not `src=` ones, not data islands such as
    `type="text/xml"`), bounded in total size."""
    return doc.memo("inline_scripts", _inline_scripts)


def _inline_scripts(doc: Document) -> list[str]:
    out, left = [], MAX_SCRIPT_CHARS
    for el in doc.tree.iter("script"):
        text, kind = el.text or "", (el.get("type") or "").lower()
        if el.get("src") or not text.strip() or left <= 0 or _NOT_CODE.search(kind):
            continue
        out.append(text[:left])
        left -= len(out[-1])
    return out


def literal(token: str) -> Value:
    """The value of a string or number literal token."""
    if token[:1] in "\"'":
        return _ESCAPE.sub(lambda m: m.group(1), token[1:-1])
    try:
        number = float(token)
    except ValueError:
        return None
    return int(number) if number.is_integer() and abs(number) < 1e12 else None


def declarations(scripts: list[str]) -> dict[str, Value]:
    """`var name = literal` (and `name = literal`) in the page's scripts: the first wins."""
    found: dict[str, Value] = {}
    for text in scripts:
        for match in _VAR.finditer(text):
            found.setdefault(match.group("name"), literal(match.group("value")))
    return found


def calls(text: str, name: str) -> Iterator[list[str]]:
    """The raw argument token lists of each call `name(...)` that is not its definition."""
    pattern = re.compile(rf"(?<![\w$.]){re.escape(name)}\s*\(", re.I)
    for count, match in enumerate(pattern.finditer(text)):
        if count >= MAX_CALLS:
            return
        before = text[max(0, match.start() - 12) : match.start()]
        if re.search(r"function\s*$", before):
            continue
        yield _arguments(text, match.end())


def _arguments(text: str, start: int) -> list[str]:
    """Top-level argument texts up to the closing parenthesis (nesting is skipped)."""
    args: list[str] = []
    current: list[str] = []
    depth = 0
    for match in _TOKEN.finditer(text, start, min(len(text), start + 2000)):
        token = match.group().strip()
        if token in "([{" and token:
            depth += 1
        elif token in ")]}" and token:
            if depth == 0:
                break
            depth -= 1
        elif token == "," and depth == 0:
            args.append(" ".join(current))
            current = []
            if len(args) >= MAX_ARGS:
                break
            continue
        current.append(token)
    if current:
        args.append(" ".join(current))
    return args


def resolve(arg: str, names: dict[str, Value]) -> Value:
    """A single literal or a declared name; anything else (an expression) is None."""
    arg = arg.strip()
    tokens = [m.group().strip() for m in _TOKEN.finditer(arg)]
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if token[:1] in "\"'" or token[:1].isdigit() or token[:1] == "-":
        return literal(token)
    return names.get(token)


def concatenation(text: str, start: int, names: dict[str, Value]) -> str | None:
    """`'/api/list?col=' + cid + '&pageNo=1'` from `start` (its first string literal) as one
    string, when every part is a literal or a declared name; None otherwise."""
    parts: list[str] = []
    expect_value = True
    for match in _TOKEN.finditer(text, start, min(len(text), start + 1000)):
        token = match.group().strip()
        if not token:
            continue
        if not expect_value:
            if token != "+":
                break
            expect_value = True
            continue
        value = resolve(token, names)
        if value is None or len(parts) >= MAX_ARGS:
            return None
        parts.append(str(value))
        expect_value = False
    return "".join(parts) if parts and not expect_value else None
