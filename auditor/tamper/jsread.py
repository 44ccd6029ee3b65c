"""What a script would write, read from its string literals without running it.

Injected scripts hide their payload from word lists by splitting it ("df"+"b365娱乐"), escaping
it (\\x3c, \\u5a31), encoding it (atob("PGE…"), String.fromCharCode(60,97,…), unescape("%3C…"))
or building it in a variable (`s += "…"`). All of these leave the payload's pieces as literals
in source order, so the literals decoded and joined are what `document.write`/`innerHTML` would
receive. Nothing is evaluated: variables, conditions and calls other than the decoders above are
ignored, which at worst joins a literal too many.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

TOKEN_RE = re.compile(
    r"//[^\n]*|/\*.*?\*/"  # comments
    r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`",  # string literals
    re.S,
)
CHARCODE_RE = re.compile(r"String\s*\.\s*fromCharCode\s*\(\s*([\d\s,]+)\)")
ESCAPE_RE = re.compile(
    r"\\x([0-9a-fA-F]{2})|\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\([0-7]{1,3})|\\(.)", re.S
)
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "", "v": "", "0": ""}
ATOB_RE = re.compile(r"atob\s*\(\s*$")
HEX_CHAR = 16


def literals(code: str) -> list[str]:
    """Every string literal of a script, decoded, in source order (comments skipped)."""
    code = CHARCODE_RE.sub(_charcodes, code)
    found = []
    for m in TOKEN_RE.finditer(code):
        token = m.group()
        if token[0] == "/":
            continue
        text = unescape_js(token[1:-1])
        if ATOB_RE.search(code[max(0, m.start() - 12) : m.start()]):
            text = _base64(text)
        found.append(text)
    return found


def payload(code: str) -> str:
    """The literals joined, percent-encoding undone: the HTML a writer call would receive."""
    text = "".join(literals(code))
    if "%3c" in text.lower() or "%u" in text:
        text = re.sub(r"%u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), HEX_CHAR)), text)
        text = unquote(text)
    return text


def unescape_js(text: str) -> str:
    return ESCAPE_RE.sub(_escape, text) if "\\" in text else text


def _escape(m: re.Match) -> str:
    hex_code = m.group(1) or m.group(2) or m.group(3)
    if hex_code:
        code = int(hex_code, HEX_CHAR)
        return chr(code) if code < 0x110000 else ""
    if m.group(4):
        return chr(int(m.group(4), 8))
    return SIMPLE_ESCAPES.get(m.group(5), m.group(5))


def _charcodes(m: re.Match) -> str:
    codes = [int(c) for c in m.group(1).replace(" ", "").split(",") if c.strip()]
    return '"' + "".join(f"\\u{{{c:x}}}" for c in codes if 0 < c < 0x110000) + '"'


def _base64(text: str) -> str:
    try:
        return base64.b64decode(text.strip(), validate=False).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return text
