"""Golden files: tests/golden/extract/NAME.html beside NAME.expected.json.

Each expected file holds the inputs (`input`: url, header_encoding, listing_date) and the
reviewed output (`facts`: PageFacts.to_dict(), `links`: [url, text, tag, date]). To refresh after
an intended change, run with AUDITOR_UPDATE_GOLDEN=1 and review the diff before committing.
"""

import json
import os
from pathlib import Path

import pytest

from auditor.extract import extract_facts, extract_links, parse_document

GOLDEN = Path(__file__).parent / "golden" / "extract"
PAGES = sorted(p.stem for p in GOLDEN.glob("*.html"))


def run_page(name: str, inputs: dict) -> dict:
    body = (GOLDEN / f"{name}.html").read_bytes()
    doc = parse_document(body, inputs["url"], inputs.get("header_encoding"))
    facts = extract_facts(doc, listing_date=inputs.get("listing_date"))
    links = [[link.url, link.text, link.tag, link.date] for link in extract_links(doc)]
    return {"input": inputs, "encoding": doc.encoding, "facts": facts.to_dict(), "links": links}


@pytest.mark.parametrize("name", PAGES)
def test_golden_page(name: str) -> None:
    path = GOLDEN / f"{name}.expected.json"
    expected = json.loads(path.read_text(encoding="utf-8"))
    actual = run_page(name, expected["input"])
    if os.environ.get("AUDITOR_UPDATE_GOLDEN"):
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert actual == expected


def test_every_golden_page_has_expectations() -> None:
    assert len(PAGES) >= 12
    assert all((GOLDEN / f"{name}.expected.json").exists() for name in PAGES)
