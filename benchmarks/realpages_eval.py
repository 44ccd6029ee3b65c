"""Item claims on the real pages of ../shared/corpus/realpages/pages, read in place.

tests/realpages_manifest.json labels each page (gov, news, blog, forum; the items a gov page
proves).  The pages belong to other jurisdictions, so the classifier is asked alone: a claim
here is what a crawl of such a page on an inspected department's site would report.
Used by tests/test_realpages_claims.py and by labelled_eval.py for the docs table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from auditor.checklist.model import Checklist
from auditor.extract.document import parse_document
from auditor.extract.facts import extract_facts

try:  # as a script beside labelled_eval.py, or as benchmarks.realpages_eval
    from labelled_eval import ROOT, facts_items
except ImportError:  # pragma: no cover
    from benchmarks.labelled_eval import ROOT, facts_items

MANIFEST = ROOT / "tests" / "realpages_manifest.json"
PAGES_DIR = ROOT.parent / "shared" / "corpus" / "realpages" / "pages"
URL = "http://127.0.0.1:9/article.html"  # neutral: the real URLs are not part of the corpus


def manifest() -> dict[str, dict[str, Any]]:
    """file name -> {"kind", "items", "note"}."""
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["pages"]


def claims_of(checklist: Checklist, path: Path) -> set[str]:
    """The items the classifier claims for one real page, as the extractor reads it."""
    facts = extract_facts(parse_document(path.read_bytes(), URL)).to_dict()
    return facts_items(checklist, URL, facts)


def markdown(checklist: Checklist, pages_dir: Path = PAGES_DIR) -> str:
    """Lines for the docs table: claims on non-government pages and on government pages."""
    if not pages_dir.is_dir():
        return ""
    wrong, missed, non_gov = [], [], []
    labels = manifest()
    for name, label in sorted(labels.items()):
        claims, expected = claims_of(checklist, pages_dir / name), set(label["items"])
        if label["kind"] != "gov" and claims:
            non_gov.append(f"{name} ({label['kind']}): {', '.join(sorted(claims))}")
        elif label["kind"] == "gov":
            wrong += [f"{name}: {item}" for item in sorted(claims - expected)]
            missed += [f"{name}: {item}" for item in sorted(expected - claims)]
    gov = sum(label["kind"] == "gov" for label in labels.values())
    lines = [
        f"../shared/corpus/realpages: {len(labels)} pages ({gov} government). "
        f"Claims on news, blog and forum pages: {len(non_gov)}; wrong claims on government "
        f"pages: {len(wrong)}; items a government page proves but was not claimed: {len(missed)}.",
    ]
    lines += [f"- claimed on a non-government page: {c}" for c in non_gov]
    lines += [f"- wrong claim on a government page: {c}" for c in wrong]
    lines += [f"- missed on a government page: {c}" for c in missed]
    return "\n".join(lines)
