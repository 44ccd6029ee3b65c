"""Dates as Chinese government pages print them, normalised to ISO "YYYY-MM-DD".

Handles 2014-08-05, 2014/8/5, 2014.08.05, 2014年8月5日, 二〇一四年八月五日, full-width digits
and trailing times. Only real calendar dates between 1990 and 2100 are accepted.
"""

from __future__ import annotations

import re
from datetime import date

_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．：　年月日", "0123456789-/.: 年月日")
_DATE = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})\s*(?:"
    r"年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"
    r"|([-/.])\s*(\d{1,2})\s*\4\s*(\d{1,2}))(?![\d])"
)
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
# Every pattern needs an ASCII or full-width digit (the year's "19"/"20"), or 年: most link texts
# have neither, and skipping them spares the translations and searches (profiled).
_MAY_HOLD_DATE = re.compile("[0-9\uff10-\uff19年]")
_HAN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_HAN_DATE = re.compile(
    r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_URL_PATTERNS = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_"),
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})-(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),
    re.compile(r"[/_-]((?:19|20)\d{2})-(\d{2})-(\d{2})[/_.-]"),
)


def to_ascii(text: str) -> str:
    """Full-width digits and separators as ASCII, so one set of patterns serves all pages."""
    return text.translate(_FULL_WIDTH)


def make_date(year: str | int, month: str | int, day: str | int) -> str | None:
    """ISO date, or None when the parts are not a real date in the plausible range."""
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value.isoformat() if 1990 <= value.year <= 2100 else None


def _han_number(text: str) -> int:
    if "十" not in text:
        return int(text.translate(_HAN_DIGITS))
    tens, _, units = text.partition("十")
    return int(tens.translate(_HAN_DIGITS) or 1) * 10 + int(units.translate(_HAN_DIGITS) or 0)


def _match_date(match: re.Match[str]) -> str | None:
    year, month, day = match.group(1), match.group(2), match.group(3)
    if month is None:
        month, day = match.group(5), match.group(6)
    return make_date(year, month, day)


def iter_dates(text: str):
    """Every valid date written in the text, in order of appearance."""
    text = to_ascii(text)
    for match in _DATE.finditer(text):
        found = _match_date(match)
        if found:
            yield match.start(), found
    if "年" in text:
        for match in _HAN_DATE.finditer(text):
            found = make_date(
                match.group(1).translate(_HAN_DIGITS),
                _han_number(match.group(2)),
                _han_number(match.group(3)),
            )
            if found:
                yield match.start(), found


def find_date(text: str | None) -> str | None:
    """The first date in a short text such as a label's value, a meta tag or a listing row."""
    if not text or not _MAY_HOLD_DATE.search(text):
        return None
    found = min(iter_dates(text), default=None)
    if found:
        return found[1]
    compact = _COMPACT.search(to_ascii(text))
    return make_date(*compact.groups()) if compact and len(text.strip()) <= 20 else None


def url_date(url: str) -> str | None:
    """The publication date CMSs write into article URLs (/201408/t20140805_…, /art/2014/8/5/)."""
    for pattern in _URL_PATTERNS:
        match = pattern.search(url)
        if match:
            found = make_date(*match.groups())
            if found:
                return found
    return None
