"""Per-item precision and recall of "this page proves this item" on the labelled set.

    python3 benchmarks/labelled_eval.py [--show-errors] [--no-docs]

Two sets are measured.  tests/labelled/*.jsonl (written independently of the demo district,
at least half hard negatives): an entry is predicted for an item when the classifier says the
page proves it AND its 发布机构 names an inspected department of this district that owes the
item, exactly what would make it evidence in a finding.  ../shared/corpus/realtitles (real
titles of other jurisdictions, read in place, labels unchecked): there is no agency of ours
to attribute, so only the classifier's claim is measured (`disclosure` rows expect their item,
`about` and `other` rows expect nothing).

The table of docs/classification.md between the labelled-set markers is rewritten from these
figures (unless --no-docs): it is generated, never typed.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.checklist.load import load_checklist  # noqa: E402
from auditor.checklist.model import Checklist  # noqa: E402
from auditor.classify.attribution import Attributor, attributor_for  # noqa: E402
from auditor.classify.classifier import page_items  # noqa: E402

SET_DIR = ROOT / "tests" / "labelled"
REALTITLES = ROOT.parent / "shared" / "corpus" / "realtitles" / "titles.jsonl"
DOC = ROOT / "docs" / "classification.md"
START, END = "<!-- labelled-set:start -->", "<!-- labelled-set:end -->"
KINDS = ("disclosure", "about", "other")


# ---- the one call into the classifier -----------------------------------------------------
# auditor.classify.classifier.page_items: the items a page proves, by the classifier alone (no attribution)


def facts_items(checklist: Checklist, url: str, facts: dict[str, Any]) -> set[str]:
    """page_items of a page as the extractor read it (PageFacts.to_dict())."""
    catalog, meta = facts.get("catalog") or {}, facts.get("meta") or {}
    columns = [facts.get("column"), meta.get("ColumnName"), *(facts.get("breadcrumb") or ())]
    return page_items(
        checklist,
        title=facts.get("title") or "",
        column="|".join(str(c) for c in columns if c),
        url=url,
        text=facts.get("text") or "",
        attachments=[str(a.get("text") or "") for a in facts.get("attachments") or ()],
        doc_no=catalog.get("doc_no") or "",
        catalog_name=catalog.get("name") or meta.get("ArticleTitle") or "",
    )


# ---- attribution (classify_bench uses the same function) -------------------------------------
def owed_items(
    checklist: Checklist, attributor: Attributor, agency: str, title: str, items: set[str]
) -> set[str]:
    """The items that count as evidence: the agency names an inspected department of this
    district (not a same-named body of another one), and that department owes the item."""
    department = attributor.department(agency) if agency else None
    if department is None or attributor.is_foreign(title):
        return set()
    return {i for i in items if checklist.responsible(checklist.item(i), [department])}


# ---- the sets -------------------------------------------------------------------------------
def load_labelled(directory: Path = SET_DIR) -> list[dict[str, Any]]:
    """Every entry of tests/labelled, each with the file it came from."""
    rows = []
    for path in sorted(directory.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rows.append({**json.loads(line), "_where": f"{path.name}:{n}"})
    return rows


def load_realtitles(path: Path = REALTITLES) -> list[dict[str, Any]]:
    """The shared real titles, read in place; empty when ../shared is absent."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        {**json.loads(line), "_where": f"realtitles:{n}"}
        for n, line in enumerate(lines, 1)
        if line.strip()
    ]


def expected_of(entry: dict[str, Any], real: bool = False) -> set[str]:
    if real:
        return {entry["item"]} if entry.get("kind") == "disclosure" and entry.get("item") else set()
    return set(entry.get("expected") or ())


def predict(checklist: Checklist, attributor: Attributor | None, entry: dict[str, Any]) -> set[str]:
    """Predicted items of one entry; attributor None measures the classifier alone."""
    items = page_items(
        checklist,
        title=entry.get("title") or "",
        column=entry.get("column") or "",
        url=entry.get("url") or "",
        text=entry.get("text") or "",
        attachments=entry.get("attachments") or (),
        doc_no=entry.get("doc_no") or "",
    )
    if attributor is None:
        return items
    return owed_items(checklist, attributor, entry.get("agency") or "", entry["title"], items)


# ---- scoring --------------------------------------------------------------------------------
@dataclass
class Score:
    """Counts of one evaluation: per item, per entry kind, and the errors."""

    items: dict[str, collections.Counter] = field(
        default_factory=lambda: collections.defaultdict(collections.Counter)
    )
    kinds: collections.Counter = field(default_factory=collections.Counter)
    kind_errors: collections.Counter = field(default_factory=collections.Counter)
    errors: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    entries: int = 0
    negatives: int = 0

    def total(self, area: str | None = None) -> collections.Counter:
        out: collections.Counter = collections.Counter()
        for item, counts in self.items.items():
            if area is None or item.split(".")[0] == area:
                out.update(counts)
        return out


def evaluate(checklist: Checklist, rows: list[dict[str, Any]], real: bool = False) -> Score:
    attributor = None if real else attributor_for(checklist, None)
    score = Score()
    for item in checklist.items:
        score.items[item.id].update()
    for entry in rows:
        expected, predicted = expected_of(entry, real), predict(checklist, attributor, entry)
        score.entries += 1
        score.negatives += not expected
        kind = entry.get("kind") or "other"
        score.kinds[kind] += 1
        for item in expected | predicted:
            verdict = (
                "tp"
                if item in expected and item in predicted
                else ("fn" if item in expected else "fp")
            )
            score.items[item][verdict] += 1
            if verdict != "tp":
                score.kind_errors[(kind, verdict)] += 1
                score.errors.append((verdict, item, entry))
    return score


def precision(c: collections.Counter) -> float:
    return c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0


def recall(c: collections.Counter) -> float:
    return c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0


# ---- output ---------------------------------------------------------------------------------
def _row(name: str, c: collections.Counter) -> str:
    return (
        f"| {name} | {c['tp'] + c['fn']} | {c['tp']} | {c['fp']} | {c['fn']} "
        f"| {precision(c):.3f} | {recall(c):.3f} |"
    )


_HEAD = (
    "| {} | positives | tp | fp | fn | precision | recall |\n|---|---:|---:|---:|---:|---:|---:|"
)


def markdown(checklist: Checklist, score: Score, real: Score | None) -> str:
    """The generated section: overall, per area, per item, kinds, and the real titles."""
    areas = sorted({i.area for i in checklist.items})
    lines = [
        f"Generated by `python3 benchmarks/labelled_eval.py` with the classifier of "
        f"{_classifier_name()}; do not edit by hand.",
        "",
        f"tests/labelled: {score.entries} entries, {score.negatives} negatives "
        f"({', '.join(f'{k} {score.kinds[k]}' for k in KINDS)}).",
        "",
        _HEAD.format("area"),
        *[_row(a, score.total(a)) for a in areas],
        _row("**overall**", score.total()),
        "",
        _kind_errors(score),
        "",
        _HEAD.format("item"),
        *[_row(i.id, score.items[i.id]) for i in checklist.items],
    ]
    if real is not None and real.entries:
        lines += [
            "",
            f"../shared/corpus/realtitles (classifier alone, labels unchecked): {real.entries} "
            f"titles ({', '.join(f'{k} {real.kinds[k]}' for k in KINDS)}).",
            "",
            _HEAD.format("set"),
            _row("realtitles overall", real.total()),
            "",
            _kind_errors(real),
        ]
    return "\n".join(lines)


def _kind_errors(score: Score) -> str:
    """False positives and negatives by kind of entry (disclosure, about, other)."""
    parts = [
        f"{k} fp {score.kind_errors[(k, 'fp')]} / fn {score.kind_errors[(k, 'fn')]}" for k in KINDS
    ]
    return "Errors by kind of entry: " + ", ".join(parts) + "."


def _classifier_name() -> str:
    return "`auditor.classify.classifier.page_items`"


def rewrite_doc(section: str, doc: Path = DOC) -> bool:
    """Replace the text between the markers; False when the markers are absent."""
    text = doc.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return False
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n{section}\n{END}{tail}", encoding="utf-8")
    return True


def floors(checklist: Checklist, score: Score) -> str:
    """The FLOORS dict of tests/test_labelled_set.py at today's figures, rounded down."""
    rows = [(i.id, score.items[i.id]) for i in checklist.items] + [("overall", score.total())]
    body = "".join(
        f'    "{name}": ({_down(precision(c)):.2f}, {_down(recall(c)):.2f}),\n' for name, c in rows
    )
    return "FLOORS = {\n" + body + "}"


def _down(value: float) -> float:
    return math.floor(round(value * 100, 6)) / 100


def show_errors(score: Score) -> None:
    for verdict, item, entry in sorted(score.errors, key=lambda e: (e[1], e[0])):
        print(
            f"  {verdict.upper()} {item:34} {entry['title']}  "
            f"[{entry.get('column') or ''}] {entry.get('agency') or ''}  ({entry['_where']})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checklist", default="liangqing-2014")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the docs table")
    parser.add_argument("--floors", action="store_true", help="print the test floors of today")
    args = parser.parse_args()
    checklist = load_checklist(args.checklist)
    score = evaluate(checklist, load_labelled())
    titles = load_realtitles()
    real = evaluate(checklist, titles, real=True) if titles else None
    section = markdown(checklist, score, real)
    from realpages_eval import markdown as realpages_markdown  # needs labelled_eval loaded

    pages = realpages_markdown(checklist)
    section += f"\n\n{pages}" if pages else ""
    print(floors(checklist, score) if args.floors else section)
    if args.show_errors:
        print("\nlabelled set errors:")
        show_errors(score)
        if real is not None:
            print("\nrealtitles errors:")
            show_errors(real)
    if not args.no_docs and not rewrite_doc(section):
        print(f"markers {START} … {END} not found in {DOC}")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
