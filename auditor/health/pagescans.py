"""A site's page scans as a state: what each page gave every page scan, kept by URL, so a
repeat can take a changed page's old observation away and add its new one instead of
scanning every page of the site again (auditor/health/delta.py).

Each scan has a pure `observe_*` function of one page (and, for the text checks, what a
visitor reads of it) and a `take` that folds one observation in: the columns
(`observe_column`), the serious errors, guides, messages and annual reports. Only pages
that gave some scan something are held (listing pages, hits, guides, messages, channel
pages, annual reports): at 100,000 pages about one in twenty. The meta-tag coverage, which
every fetched page feeds, is held as counts; a page's observation is taken away by
observing its old version again (`remove`).

The observations depend on the code, the serious-error rules, the site and its home page,
never on the judging day: the state carries over to a repeat on another day, which judges
the same observations by its own day (`folded`). Folding takes pages in URL order, so the
part is the same whatever order the crawl stored them in, and a state updated page by page
folds exactly as one observed afresh.
"""

from __future__ import annotations

from typing import Any, cast

from auditor.health.annual import AnnualScan, observe_annual
from auditor.health.column_rules import column_indicators
from auditor.health.columns import ColumnScan, observe_column
from auditor.health.context import RunContext
from auditor.health.guides import GuideScan, observe_guide
from auditor.health.identity import MetaScan, observe_meta
from auditor.health.interaction import InteractionScan, observe_interaction
from auditor.health.reuse import as_json
from auditor.health.serious import SeriousScan, observe_serious
from auditor.health.sitedata import SiteData, page_key
from auditor.store.records import PageRow, PageText

# The text scans, by the key of their observations in a page's record.
TEXT_SCANS = ("serious", "guides", "interaction", "annual")


class PageScans:
    """The observations of a site's pages: `records` by URL (only pages some scan kept
    something of), and the meta-tag counts."""

    def __init__(self, data: SiteData, context: RunContext, state: dict[str, Any] | None = None):
        self.data, self.context = data, context
        self.home = page_key((data.home or {}).get("url") or data.site.get("url") or "")
        self.founded = context.serious.founded.get(str(data.site.get("department") or ""))
        state = state or {}
        self.records: dict[str, dict[str, Any]] = state.get("records", {})
        self.meta = MetaScan(state.get("meta"))

    def fits(self, state: dict[str, Any]) -> bool:
        """Whether a kept state was observed with this site's home page (which pages are
        articles, which listing is the home page's own)."""
        return state.get("home") == self.home and state.get("home_urls") == self.home_urls()

    def home_urls(self) -> list[str]:
        return sorted(self.data.home_urls)

    def add(self, page: PageRow, text: PageText | None) -> None:
        url = str(page.get("url") or "")
        self.meta.take(observe_meta(page, self.home))
        seen = {"columns": observe_column(page, self.home)}
        if text is not None:
            reads = cast(dict[str, Any], text)
            seen |= {
                "serious": observe_serious(reads, self.context.serious, self.founded),
                "guides": observe_guide(reads),
                "interaction": observe_interaction(reads),
                "annual": observe_annual(reads),
            }
        record = {scan: value for scan, value in seen.items() if value is not None}
        if record:
            self.records[url] = record
        else:
            self.records.pop(url, None)

    def remove(self, page: PageRow) -> None:
        """Take the page's observation away: `page` as the state observed it."""
        self.meta.take(observe_meta(page, self.home), -1)
        self.records.pop(str(page.get("url") or ""), None)

    def column_pages(self) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
        """The site's listing pages, and each column's pages by name: what the columns'
        counts of linked entries are read from (auditor/health/delta.py)."""
        listings: set[str] = set()
        groups: dict[str, set[str]] = {}
        for url, record in self.records.items():
            seen = record.get("columns")
            if seen is not None:
                listings.add(url)
                if isinstance(seen, list):
                    groups.setdefault(seen[0], set()).add(url)
        return frozenset(listings), {name: frozenset(urls) for name, urls in groups.items()}

    def folded(self) -> tuple[ColumnScan, list[Any]]:
        """The column scan and the text scans, every page's observations taken in URL order."""
        data, context = self.data, self.context
        columns = ColumnScan(data)
        texts: dict[str, Any] = {
            "serious": SeriousScan(data, context.serious),
            "guides": GuideScan(),
            "interaction": InteractionScan(data, context.as_of, context.answer_within_days),
        }
        if data.site.get("channel") != "platform":  # the shared platform owes no annual report
            texts["annual"] = AnnualScan(data, context.as_of)
        for url in sorted(self.records):
            record = self.records[url]
            if "columns" in record:
                columns.take(url, record["columns"])
            for scan in TEXT_SCANS:
                if scan in record and scan in texts:
                    texts[scan].take(url, record[scan])
        return columns, list(texts.values())

    def state(self, common: set[str], counts: dict[str, int], reads: dict[str, Any]) -> dict:
        """What a repeat needs to update this: the observations, the home page they were
        observed with, and what the columns read of the links (menu targets, each column's
        count of linked entries, the reuse key's digests)."""
        return {
            "home": self.home,
            "home_urls": self.home_urls(),
            "records": self.records,
            "meta": self.meta.counts(),
            "common": sorted(common),
            "counts": counts,
            "reads": reads,
        }


def part_of(
    scans: PageScans, common: set[str], known: dict[str, int] | None = None
) -> tuple[dict[str, Any], ColumnScan]:
    """The site's page part folded from its pages' observations: the text checks, the
    columns (`common`: the site's menu targets; `known`: columns' counts of linked entries
    that need not be read again) and the meta-tag coverage; and the column scan, which
    holds what it read."""
    columns, texts = scans.folded()
    as_of = scans.context.as_of
    found = columns.columns(as_of, common, known)
    part = {
        "texts": [entry for scan in texts for entry in scan.indicators()],
        "column_indicators": column_indicators(found),
        "meta": scans.meta.indicators(),
        "columns": [c.as_dict(as_of) for c in sorted(found, key=lambda c: c.name)],
    }
    return as_json(part), columns
