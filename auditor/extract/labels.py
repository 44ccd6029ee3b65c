"""Values printed after a label near the article title: "发布时间:2014-08-05  来源:区财政局".

Dates are taken only from the few lines after the title (the article's info line), never from
the body, where regulations and the plan's own deadlines are quoted.
"""

from __future__ import annotations

import re

from auditor.extract.dates import find_date

_OPEN = r"(?:^|(?<=[\t \[【(（|｜]))"
_DATE_LABEL = re.compile(
    _OPEN + r"(?:发布日期|发布时间|发表时间|发表日期|发文日期|发稿时间|公开日期|更新时间|更新日期"
    r"|上传时间|录入时间|时间|日期)\s*[:：]\s*"
)
_AGENCY_LABEL = re.compile(
    _OPEN + r"(?:信息来源|来源单位|文章来源|来源|发布机构|发布单位|发文机关)\s*[:：]\s*"
)
_VALUE_END = re.compile(
    r"\t|[\]】)）|｜]| {2,}|\s*(?:作者|编辑|责任编辑|发布时间|发布日期|时间|日期|浏览|点击|阅读"
    r"|字号|访问)\s*[:：(（]|\s+[^\s:：]{1,8}[:：]"
)
# An info line without labels: a short line beside the title with a date and a counter/source.
_INFO_WORDS = re.compile(r"来源|作者|浏览|点击|字号|编辑|阅读|次数|打印|分享|发布")
_BARE_DATE_LINE = re.compile(
    r"^[\s\[【(（]*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}[^\n]{0,12}$"
)
_MAX_INFO_LINE = 120
ZONE_LINES = 12


def title_zone(lines: list[str], title: str) -> list[str]:
    """The lines from the title's own line to a dozen lines below it (empty if not found)."""
    probe = title[:12]
    if len(probe) < 4:
        return []
    for index, line in enumerate(lines):
        if probe in line or (len(line) >= 6 and line in title):
            return lines[index : index + ZONE_LINES]
    return []


def label_value(line: str, label: re.Pattern[str]) -> str | None:
    """The value after the first matching label on the line, cut at the next label or gap."""
    for match in label.finditer(line):
        rest = line[match.end() :]
        value = _VALUE_END.split(rest, maxsplit=1)[0].strip()
        if value:
            return value[:80]
    return None


def label_date(zone: list[str]) -> str | None:
    """The publication date of the title's info line, labelled or as a bare date line."""
    for line in zone:
        value = label_value(line, _DATE_LABEL)
        found = find_date(value)
        if found:
            return found
    for line in zone[1:6]:
        short = len(line) <= _MAX_INFO_LINE
        if short and (_INFO_WORDS.search(line) or _BARE_DATE_LINE.match(line)):
            found = find_date(line)
            if found:
                return found
    return None


def label_agency(zone: list[str]) -> str | None:
    """The "来源:"/"发布机构:" value of the title's info line."""
    for line in zone:
        value = label_value(line, _AGENCY_LABEL)
        if value and not find_date(value):
            return value
    return None
