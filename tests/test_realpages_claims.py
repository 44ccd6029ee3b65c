"""Real pages (../shared/corpus/realpages/pages, read in place): none of the news, blog or
forum pages may yield an item claim, and a government page claims exactly what it proves.

tests/realpages_manifest.json labels each page (gov/news/blog/forum, items), decided by
reading it; the pages themselves are never copied.  The pages belong to other jurisdictions,
so the classifier is asked alone (no attribution): a claim here is what a crawl of such a page
on an inspected department's site would report."""

from __future__ import annotations

from pathlib import Path

import pytest
import realpages_eval  # benchmarks/ is on sys.path (tests/conftest.py)

from auditor.checklist.load import load_checklist

PAGES_EVAL = realpages_eval  # benchmarks/realpages_eval.py
PAGES: dict[str, dict] = PAGES_EVAL.manifest()
CHECKLIST = load_checklist("liangqing-2014")
# Claims today's classifier gets wrong (issue 14 section 1 and 3); they turn green when fixed.
TODAY_WRONG = {
    "cwced_e8847578.html",  # 征占地 通告 not read as land requisition (a miss)
}


def _cases():
    for name, label in sorted(PAGES.items()):
        marks = (
            [pytest.mark.xfail(strict=True, reason="issue 14: classifier rework")]
            if name in TODAY_WRONG
            else []
        )
        yield pytest.param(name, label["kind"], set(label["items"]), marks=marks, id=name)


@pytest.mark.parametrize(("name", "kind", "expected"), list(_cases()))
def test_page_claims_only_what_it_proves(
    shared_corpus: Path, name: str, kind: str, expected: set[str]
) -> None:
    claims = PAGES_EVAL.claims_of(CHECKLIST, shared_corpus / "realpages" / "pages" / name)
    if kind != "gov":
        assert claims == set(), f"{kind} page {name} claimed {sorted(claims)}"
    assert claims == expected


def test_manifest_labels_every_page(shared_corpus: Path) -> None:
    pages = {p.name for p in (shared_corpus / "realpages" / "pages").glob("*.html")}
    assert set(PAGES) == pages
    kinds = [label["kind"] for label in PAGES.values()]
    assert set(kinds) <= {"gov", "news", "blog", "forum"}
    assert kinds.count("gov") == 11  # the count of government pages
    ids = {i.id for i in CHECKLIST.items}
    for label in PAGES.values():
        assert set(label["items"]) <= ids
        assert label["kind"] == "gov" or not label["items"]
