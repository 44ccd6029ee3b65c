"""The shortcuts of the per-page walks give what the plain definitions gave.

Each cheaper path of the extraction and the tamper scan is compared here, over generated
input, with the straightforward code it stands in front of.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract import listing_rows as rows
from auditor.extract.catalog import _LABEL, first_label, labels_in
from auditor.extract.dates import find_date
from auditor.extract.document import parse_document
from auditor.extract.links import _anchor_text
from auditor.extract.prose import prose_size
from auditor.extract.text import _GAPS, _SPACES, fold, split_lines
from auditor.tamper.css import (
    _shallow_blocks,
    _split_blocks,
    iter_blocks,
    scan_blocks,
    subject_names,
)

CSS_PIECES = st.sampled_from(
    ["{", "}", "{", "}", ".a", "#b", " ", "p", "x:1;", ",", "@media screen", "@media print", "\n"]
)


@settings(max_examples=1000)
@given(st.lists(CSS_PIECES, max_size=40).map("".join))
def test_shallow_split_is_the_brace_scan(css: str) -> None:
    shallow = _shallow_blocks(css)
    if shallow is not None:
        assert [(prelude.strip(), body) for prelude, body in shallow] == list(scan_blocks(css))


_PLAIN_BLOCK = re.compile(r"([^{}]*)\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")  # as first written


@settings(max_examples=1000, deadline=None)
@given(st.lists(CSS_PIECES, max_size=40).map("".join))
def test_blocks_start_only_where_a_tiling_can(css: str) -> None:
    """BLOCK_RE tried only at the start and after a `}` splits what it split before."""
    found = _PLAIN_BLOCK.findall(css)
    tiled = sum(len(prelude) + len(body) for prelude, body in found) + 2 * len(found)
    plain = None if "{" in css[tiled:] or "}" in css[tiled:] else found
    assert _shallow_blocks(css) == plain


@pytest.mark.timeout(20)
def test_a_long_brace_free_tail_is_split_in_linear_time() -> None:
    """Hostile sheets: ~37 s each with the pattern tried at every position, ~5 ms now."""
    assert _shallow_blocks("a{b}" + "x" * 100_000) == [("a", "b")]
    assert _shallow_blocks("x" * 100_000 + "}") is None
    assert [body for _, body in iter_blocks("x" * 100_000 + "}a{b}")] == ["b"]  # scan_blocks


def test_shallow_split_takes_flat_and_one_level_nested_sheets() -> None:
    css = ".a {x:1} @media screen { .b {y:2} p{z:3} } .c { .d {w:4} } tail"
    assert len(_shallow_blocks(css) or ()) == 3
    assert iter_blocks(css) == [(".a", "x:1"), (".b", "y:2"), ("p", "z:3"), (".c", " .d {w:4} ")]
    assert _shallow_blocks("a{b{c{d}}}") is None  # deeper: the brace scan answers
    assert _shallow_blocks("}a{b}") is None  # a stray brace: the brace scan answers


SELECTOR_PIECES = st.sampled_from(
    [".a", "#b", "p", ".c-1", " ", ">", "\t", "\u3000", "\u00a0", ",", "*", ":hover", "{x:1}", "}"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(SELECTOR_PIECES, max_size=12).map("".join))
def test_one_compound_prelude_names_its_subject(css: str) -> None:
    """The shortcut for a prelude of one compound gives what subject_names gives."""
    for selectors, _ in _split_blocks.__wrapped__(css):
        for selector, names in selectors:
            assert names == subject_names(selector)


_PLAIN_GAPS = re.compile(r"[ \t]*\t[ \t]*|  +")  # the gap pattern as first written


def _plain_lines(raw: str) -> list[str]:
    """Each line cleaned on its own, as text_lines did before."""
    lines = (
        _PLAIN_GAPS.sub("\t", _SPACES.sub(_one_space, line)).strip(" \t")
        for line in raw.split("\n")
    )
    return [line for line in lines if line]


def _one_space(match: re.Match[str]) -> str:
    return "\t" if len(match.group()) > 1 else " "


@settings(max_examples=1000)
@given(
    st.lists(
        st.sampled_from(list(" \t\n\r\f\v\u00a0\u2002\u2003\u2009\u3000\u2028x年1")), max_size=60
    ).map("".join)
)
def test_lines_cleaned_at_once_are_lines_cleaned_one_by_one(raw: str) -> None:
    assert split_lines(raw) == _plain_lines(raw)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\t", "x", "年", "\n"]), max_size=30).map("".join))
def test_gap_pattern_is_the_plain_one(raw: str) -> None:
    assert _GAPS.sub("\t", raw) == _PLAIN_GAPS.sub("\t", raw)


PROSE_EDGES = [0x3FFF, 0x4000, 0x4DBF, 0x4DFF, 0x4E00, 0x4FFF, 0x5000, 0x9FFF, 0xA000, 0xD800]


@settings(max_examples=1000)
@given(
    st.lists(
        st.one_of(st.characters(), st.sampled_from([chr(c) for c in PROSE_EDGES]), st.just("，")),
        max_size=40,
    ).map("".join)
)
def test_prose_counted_by_bytes_is_prose_counted_by_deletion(text: str) -> None:
    assert prose_size(text) == len(re.sub(r"[^\u4e00-\u9fff]+", "", text))


def test_prose_count_takes_the_byte_path_on_chinese_text() -> None:
    assert prose_size("政府信息公开，2014年工作") == 9
    assert prose_size("\u4dff一") == 1  # below U+4E00 under the same lead byte


LABEL_TEXT = st.lists(
    st.sampled_from(
        ["索引号", "名称", "名 称", "发布日期", "文号", "主题词", "分类", "发文", "号", "：", ":"]
        + ["】", "[", "|", " ", "\t", "\u3000", "\n", "关于", "通知", "2014-08-05", ","]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=2000)
@given(LABEL_TEXT)
def test_labels_of_a_line_without_separators_are_all_labels_found(line: str) -> None:
    assert [m.span() for m in labels_in(line)] == [m.span() for m in _LABEL.finditer(line)]
    first, plain = first_label(line), _LABEL.search(line)
    assert (first and first.span()) == (plain and plain.span())


def test_a_whole_line_label_without_separators_is_found() -> None:
    assert [m.group("label") for m in labels_in("索引号")] == ["索引号"]
    assert labels_in("关于索引号的通知") == []


def _plain_row_date(anchor, anchor_text: str) -> str | None:
    """row_date without the shortcut for rows that hold only their link."""
    found = find_date(rows._sibling_text(anchor)) or find_date(rows._previous_text(anchor))
    if found:
        return found
    for row in rows._single_link_rows(anchor):
        text = fold(row.text_content())
        if len(text) > rows._MAX_ROW_TEXT:
            return None
        found = find_date(text.replace(fold(anchor_text), "", 1))
        if found:
            return found
    return None


ROW_PIECES = st.sampled_from(
    ["<li>", "</li>", "<p>", "</p>", "<span>", "</span>", "<a href='/x'>", "<a href='/y'>"]
    + ["</a>", "<!--c-->", " ", "\u3000", "2014-08-05", "通知", "<img alt='2015年1月2日'>"]
    + ["说明" * 45]  # a tail longer than the sibling text row_date reads first
)


@settings(max_examples=1000)
@given(st.lists(ROW_PIECES, max_size=16).map("".join))
def test_row_date_of_a_link_alone_in_its_row_is_the_plain_answer(markup: str) -> None:
    doc = parse_document(f"<html><body><ul>{markup}</ul></body></html>".encode(), "http://h/")
    for anchor in doc.tree.iter("a"):
        text = _anchor_text(anchor)
        assert rows.row_date(anchor, text) == _plain_row_date(anchor, text)


def test_row_date_reads_past_a_long_tail_and_not_inside_a_lone_link() -> None:
    long_tail = "说明" * 45 + "2014-08-05"
    markup = f"<li><a href='/x'>通知</a>{long_tail}</li><li> <a href='/y'>2015-01-02</a> </li>"
    doc = parse_document(f"<html><body><ul>{markup}</ul></body></html>".encode(), "http://h/")
    found = [rows.row_date(a, _anchor_text(a)) for a in doc.tree.iter("a")]
    assert found == ["2014-08-05", None]
