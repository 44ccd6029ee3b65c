"""Bytes -> Unicode for Chinese government pages, where declared charsets are often wrong.

GB2312 and GBK pages routinely contain characters outside their declared set, so both are
decoded as GB18030 (a superset). Servers often send `ISO-8859-1` by default for GBK pages, and
templates copy a `<meta charset>` that no longer matches the bytes, so a declaration only wins
when the body decodes cleanly under it.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_SNIFF_BYTES = 4096
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn", "x-gbk"})
# Declarations that are usually a server default rather than a statement about the page.
_WEAK = frozenset({"latin_1", "iso8859-1", "ascii", "cp1252", "windows-1252", "us-ascii"})


def normalise_encoding(name: str | None) -> str | None:
    """Python's name for a declared charset, with the GB family widened to GB18030."""
    if not name:
        return None
    label = name.lower().rpartition("charset=")[2].split(";")[0].strip().strip("\"'")
    if label in ("gb_2312-80", "x-gbk", "x-gb2312", "gb_2312"):
        return "gb18030"
    try:
        python_name = codecs.lookup(label).name
        b"<".decode(python_name)  # a text codec that decodes ("undefined" never does)
    except (LookupError, ValueError):  # unknown, or hostile ("\x00", "undefined": fuzzing)
        return None
    return "gb18030" if python_name in _GB_FAMILY else python_name


def _bom_encoding(body: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, len(bom)
    return None


def meta_charset(body: bytes) -> str | None:
    """The charset named by <meta charset> or <meta http-equiv> near the top of the page."""
    match = _META_CHARSET.search(body, 0, _SNIFF_BYTES)
    return match.group(1).decode("ascii", "replace") if match else None


def _candidates(header: str | None, meta: str | None) -> list[str]:
    declared = [e for e in (header, meta) if e]
    strong = [e for e in declared if e not in _WEAK]
    weak = [e for e in declared if e in _WEAK]
    # GBK text that happens to be valid UTF-8 is vanishingly rare, while UTF-8 pages that
    # declare gb2312 (copied templates) are common: strict UTF-8 is always tried first.
    ordered = ["utf-8", *strong, "gb18030", *weak]
    return list(dict.fromkeys(ordered))


def decode_html(body: bytes, header_encoding: str | None) -> tuple[str, str]:
    """Decode a page body; returns (text, the encoding actually used)."""
    bom = _bom_encoding(body)
    if bom:
        name, skip = bom
        return body[skip:].decode(name, "replace"), name
    header = normalise_encoding(header_encoding)
    meta = normalise_encoding(meta_charset(body))
    candidates = _candidates(header, meta)
    for name in candidates:
        try:
            return body.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    fallback = (header if header not in _WEAK else None) or meta or "gb18030"
    return body.decode(fallback, "replace"), fallback
