"""The 信息公开目录 block: the metadata table on disclosure-catalogue detail pages.

CMSs lay it out as th/td pairs, dl/dt/dd, `<li><span>索引号:</span>…</li>` or plain
"label  value" text, so it is read from the page's text lines (cells are tab-separated) rather
than from one markup shape. A block needs at least two labelled values, one of them a label that
only catalogue blocks use, so a listing's "标题 发布日期" header row is not mistaken for one.
"""

from __future__ import annotations

import re

from auditor.extract.dates import find_date

# field -> labels, longest first within the alternation so 信息名称 wins over 名称.
FIELD_LABELS = {
    "index_no": ("主索引号", "索引号"),
    "category": ("主题分类", "信息分类", "所属分类", "组配分类", "分类"),
    "agency": ("发布机构", "发文机关", "发布单位", "发文单位", "公开责任部门", "责任部门"),
    "created": ("生成日期", "成文日期", "发文日期", "形成日期"),
    "published": ("发布日期", "公开日期", "发布时间"),
    "name": ("信息名称", "文件名称", "名称", "标题"),
    "doc_no": ("发文字号", "文号", "文件编号"),
    "keywords": ("主题词", "关键词"),
    "summary": ("内容概述", "内容概要", "摘要"),
    "disclosure": ("公开方式", "公开形式"),
}
# Labels that end the previous value but are not reported.
_OTHER_LABELS = (
    "公开时限",
    "公开范围",
    "有效性",
    "时效性",
    "实施日期",
    "废止日期",
    "体裁分类",
    "服务对象",
)
CATALOG_FIELDS = tuple(FIELD_LABELS)
_STRONG = frozenset(
    ("主索引号", "索引号", "发布机构", "发文机关", "生成日期", "成文日期")
    + ("信息名称", "发文字号", "文号", "主题分类", "内容概述", "公开方式", "主题词")
)
_BY_LABEL = {label: name for name, labels in FIELD_LABELS.items() for label in labels}
_BY_LABEL.update(dict.fromkeys(_OTHER_LABELS, ""))
# Templates pad short labels to the width of long ones: "名　　称", "索 引 号".
_ALTERNATION = "|".join(
    "[ \t]*".join(map(re.escape, label)) for label in sorted(_BY_LABEL, key=len, reverse=True)
)
_PADDING = re.compile(r"[ \t]")
# A label starts a cell, a line or follows a gap/bracket, and ends at a colon, bracket, gap or
# line end; a label closed by a colon may also follow a value directly ("…00110发布机构：…").
# Every match starts with a label's first character: testing that first (one character class)
# spares trying the whole alternation at every position of every line (3x faster, profiled).
_FIRST_CHARS = re.escape("".join(sorted({label[0] for label in _BY_LABEL})))
_LABEL = re.compile(
    rf"(?=[{_FIRST_CHARS}])"
    rf"(?:(?:^|(?<=[\t \[【|｜]))(?P<label>{_ALTERNATION})\s*(?:[:：】\]]\s*|(?=\t)|(?= )|$)"
    rf"|(?P<glued>{_ALTERNATION})\s*[:：]\s*)"
)
# Every match of _LABEL needs one of these around its label, or starts the line and fills it:
# a line without any (long prose, mostly) is tried once at its start, not at each of the
# hundreds of positions where a label's first character occurs (profiled: 1.2% of an audit).
_SEPARATOR = re.compile(r"[\s:：\[\]【】|｜]")
_MAX_VALUE = 200
_WINDOW = 25


def _label_of(hit: re.Match[str]) -> str:
    return _PADDING.sub("", hit.group("label") or hit.group("glued"))


def first_label(line: str) -> re.Match[str] | None:
    """`_LABEL.search(line)`."""
    return _LABEL.search(line) if _SEPARATOR.search(line) else _LABEL.match(line)


def labels_in(line: str) -> list[re.Match[str]]:
    """`list(_LABEL.finditer(line))`."""
    if _SEPARATOR.search(line):
        return list(_LABEL.finditer(line))
    hit = _LABEL.match(line)
    return [hit] if hit else []


def _values_in_line(line: str) -> list[tuple[str, str]]:
    hits = labels_in(line)
    pairs = []
    for i, hit in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(line)
        value = line[hit.end() : end].strip(" \t:：[]【】|｜")
        pairs.append((_label_of(hit), value[:_MAX_VALUE]))
    return pairs


def _next_value(lines: list[str], index: int) -> str:
    """dt/dd layouts put the value on the next line; only a label alone on its line has one."""
    alone = _LABEL.fullmatch(lines[index].strip(" \t:：") + "：")
    if alone and index + 1 < len(lines) and not first_label(lines[index + 1]):
        return lines[index + 1].strip()[:_MAX_VALUE]
    return ""


def _block_pairs(lines: list[str], start: int) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for index in range(start, min(start + _WINDOW, len(lines))):
        for label, value in _values_in_line(lines[index]):
            pairs.append((label, value or _next_value(lines, index)))
    return pairs


def _fields(pairs: list[tuple[str, str]]) -> dict[str, str | None]:
    fields: dict[str, str | None] = dict.fromkeys(CATALOG_FIELDS)
    for label, value in pairs:
        name = _BY_LABEL[label]
        if name and value and not fields[name]:
            fields[name] = value.replace("\t", " ")
    for name in ("created", "published"):
        fields[name] = find_date(fields[name])
    return fields


def _is_block(pairs: list[tuple[str, str]]) -> bool:
    filled = {_BY_LABEL[label] for label, value in pairs if value and _BY_LABEL[label]}
    strong = any(label in _STRONG and value for label, value in pairs)
    return strong and len(filled) >= 2


def extract_catalog(lines: list[str]) -> dict[str, str | None] | None:
    """The catalogue block's fields (dates as ISO), or None when the page has none."""
    for index, line in enumerate(lines):
        hit = first_label(line)
        if hit is None or _label_of(hit) not in _STRONG:
            continue
        pairs = _block_pairs(lines, max(0, index - 2))
        if _is_block(pairs):
            return _fields(pairs)
    return None
