"""The tampering corpus of tests/tamper_corpus/: hand-written pages in the shapes hacked
government sites were found in (hacked/) and benign pages that look like them (benign/).

Each hacked page names the finding an inspector must see in its first line,
`<!-- expect: KIND [TECHNIQUE] -->`; a benign page must yield no finding at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.report.tamper_labels import kind_label, technique_label
from auditor.tamper import scan_html

CORPUS = Path(__file__).parent / "tamper_corpus"
HACKED = sorted((CORPUS / "hacked").glob("*.html"))
BENIGN = sorted((CORPUS / "benign").glob("*.html"))
EXPECT_RE = re.compile(r"<!-- expect: (\w+)(?: (\S+))? -->")
URL = "http://www.qinglan.gov.cn/xxgk/2024/t20240301_1.html"


def test_corpus_is_large_enough() -> None:
    assert len(HACKED) >= 30 and len(BENIGN) >= 30


@pytest.mark.parametrize("path", HACKED + BENIGN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_corpus_page(path: Path) -> None:
    page = path.read_text(encoding="utf-8")
    hits = scan_html(page, URL)
    expect = EXPECT_RE.match(page)
    if path.parent.name == "benign":
        assert expect is None
        assert [(h.kind, h.technique, h.detail) for h in hits] == []
        return
    assert expect, f"{path.name} lacks its expect line"
    kind, technique = expect.groups()
    found = [h for h in hits if h.kind == kind]
    assert found, [(h.kind, h.technique, h.detail) for h in hits]
    if technique:
        assert any(h.technique.startswith(technique) for h in found), [h.technique for h in found]
    for hit in found:  # what the report shows: the kind and the technique in Chinese
        assert not kind_label(hit.kind).isascii()
        assert not technique_label(hit.technique).isascii(), hit.technique
        assert re.search(r"[\u4e00-\u9fff]", hit.detail)
