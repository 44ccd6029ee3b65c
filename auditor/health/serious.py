"""严重错误 (a single veto): wrong leaders' titles, wrong or outdated expressions, faked dates.

Each hit cites the page, the sentence and the rule, because an inspector must be able to read
the error for themselves before a site is failed for it. The checks read each page's title
and stored main text (PageFacts.text, its first 4,000 characters).

- A configured leader named with a title that is not theirs (副区长张三 for 区长张三), or a
  former leader named with a title on a page published after they left (unless 原/前 precedes).
- An expression of the default list or the inspection's own, where the wrong form is written;
  renamed institutions only on pages published after the renaming, and not after 原/前.
- A publication date after the day the page was fetched, or before the site's founding day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from auditor.health.common import FAIL, OK, indicator
from auditor.health.sitedata import SiteData
from auditor.inspection.serious_rules import Expression, Leader, SeriousRules
from auditor.store.records import Indicator

SENTENCE_END = re.compile("[。！？；!?;\n]")
SENTENCE_CHARS = 120
# Title words that stand right before a name in Chinese official prose: 副区长张三, 区委书记张三.
TITLE = re.compile(
    "(?:常务)?副?(?:书记|区长|县长|市长|镇长|乡长|主任|局长|主席|秘书长|部长|处长|科长|调研员|巡视员)$"
)
TITLE_WINDOW = 12  # characters before a name searched for its title
MAX_HITS = 50  # per indicator and site: enough to act on, bounded for a defaced site


@dataclass(frozen=True)
class Hit:
    page: str
    sentence: str
    rule: str

    def as_dict(self) -> dict[str, str]:
        return {"page": self.page, "sentence": self.sentence, "rule": self.rule}


def merge_hits(hits: list[Hit], listings: set[str], by_page: bool = False) -> list[dict[str, Any]]:
    """One error once: the same wrong title or expression (the rule names it) on an article,
    its column listing and the home page is one hit, cited on the article with the other
    pages in `also_on`. A date is wrong page by page (`by_page`). Hits are taken in URL
    order (articles before listings), not in the order the crawl stored the pages, so the
    page cited and the order of hits are the same every run."""
    groups: dict[tuple[str, str], list[Hit]] = {}
    for hit in sorted(hits, key=lambda h: (h.page in listings, h.page)):  # stable: page order kept
        groups.setdefault((hit.rule, hit.page if by_page else ""), []).append(hit)
    merged = []
    for same in groups.values():
        pages = list(dict.fromkeys(h.page for h in same))
        merged.append({**same[0].as_dict(), "also_on": pages[1:]})
    return merged


KINDS = ("leaders", "expressions", "dates")  # the three indicators' hits, by kind


def observe_serious(page: dict[str, Any], rules: SeriousRules, founded: str | None) -> Any:
    """What one page gives the serious-error indicators: None, or whether it is a listing
    ("listing") and its hits of each kind as [sentence, rule] lists, in the page's order."""
    text = f"{page.get('title') or ''}\n{page.get('text') or ''}"
    url, published = page["url"], page.get("published")
    hits = {
        "leaders": leader_hits(url, text, published, rules.leaders),
        "expressions": expression_hits(url, text, published, rules.all_expressions()),
        "dates": date_hits(page, founded),
    }
    seen: dict[str, Any] = {k: [[h.sentence, h.rule] for h in found] for k, found in hits.items()}
    seen = {kind: found for kind, found in seen.items() if found}
    if page.get("is_listing"):
        seen["listing"] = 1
    return seen or None


class SeriousScan:
    """The three serious-error indicators of one site, fed its pages' observations
    (`observe_serious`) in URL order."""

    def __init__(self, data: SiteData, rules: SeriousRules) -> None:
        self.rules = rules
        self.listings: set[str] = {data.site.get("url") or ""}
        self.hits: dict[str, list[Hit]] = {kind: [] for kind in KINDS}

    def take(self, url: str, seen: dict[str, Any]) -> None:
        if seen.get("listing"):
            self.listings.add(url)
        for kind in KINDS:
            self.hits[kind] += [Hit(url, sentence, rule) for sentence, rule in seen.get(kind, ())]

    def indicators(self) -> list[Indicator]:
        hits, listings = self.hits, self.listings
        return [
            _indicator(
                "serious.leaders",
                "领导姓名职务",
                merge_hits(hits["leaders"], listings),
                bool(self.rules.leaders),
            ),
            _indicator(
                "serious.expressions", "规范表述", merge_hits(hits["expressions"], listings), True
            ),
            _indicator(
                "serious.dates",
                "发布日期真实",
                merge_hits(hits["dates"], listings, by_page=True),
                True,
            ),
        ]


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], trimmed to SENTENCE_CHARS around the hit."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right = SENTENCE_END.search(text, end)
    sentence = text[left : right.start() if right else len(text)].strip()
    if len(sentence) <= SENTENCE_CHARS:
        return sentence
    offset = max(0, start - left - SENTENCE_CHARS // 2)
    return "…" + sentence[offset : offset + SENTENCE_CHARS] + "…"


def leader_hits(
    url: str, text: str, published: str | None, leaders: Iterable[Leader]
) -> Iterator[Hit]:
    for leader in leaders:
        for match in re.finditer(re.escape(leader.name), text):
            title = _title_before(text, match.start())
            rule = _leader_rule(leader, title, published, text[: match.start()])
            if rule:
                yield Hit(url, sentence_at(text, match.start(), match.end()), rule)


def _title_before(text: str, start: int) -> str | None:
    window = text[max(0, start - TITLE_WINDOW) : start]
    found = TITLE.search(window)
    return found.group(0) if found else None


def _leader_rule(leader: Leader, title: str | None, published: str | None, before: str) -> str:
    if title is None:
        return ""
    if leader.until and published and published > leader.until:
        if not re.search(f"[原前]{re.escape(title)}$", before):
            return f"{leader.name}已于{leader.until}离任,此处仍称“{title}”"
        return ""
    if any(_same_title(title, own) for own in leader.titles):
        return ""
    return f"{leader.name}的职务应为“{'、'.join(leader.titles)}”,此处写作“{title}”"


def _same_title(written: str, own: str) -> bool:
    """副区长 is not 区长: the written title must be the leader's own, not a deputy's."""
    return (
        own.endswith(written)
        and not (own[: -len(written)] or "").endswith("副")
        or (written == own)
    )


def expression_hits(
    url: str, text: str, published: str | None, expressions: Iterable[Expression]
) -> Iterator[Hit]:
    for expression in expressions:
        if expression.since and (not published or published < expression.since):
            continue
        needle = expression.needle()
        if needle and needle not in text:
            continue
        for match in expression.regex().finditer(text):
            since = f"({expression.since}起)" if expression.since else ""
            basis = f",依据{expression.basis}" if expression.basis else ""
            rule = f"“{expression.wrong}”应为“{expression.right}”{since}{basis}"
            yield Hit(url, sentence_at(text, match.start(), match.end()), rule)


def date_hits(page: dict[str, Any], founded: str | None) -> Iterator[Hit]:
    published, fetched = page.get("published"), str(page.get("fetched_at") or "")[:10]
    title = str(page.get("title") or "")
    if not published:
        return
    if fetched and published > fetched:
        yield Hit(page["url"], title, f"发布日期{published}晚于检查当天{fetched}(未来日期)")
    elif founded and published < founded:
        yield Hit(page["url"], title, f"发布日期{published}早于网站开通日期{founded}")


def _indicator(id_: str, name: str, hits: list[dict[str, Any]], checked: bool) -> Indicator:
    threshold = "无此类错误"
    if not checked:
        detail = "检查方案未配置领导姓名和职务([[serious.leaders]]),本项未检查。"
        return {**indicator(id_, name, 0, threshold, OK, detail), "hits": []}
    if not hits:
        return {**indicator(id_, name, 0, threshold, OK, "未发现。"), "hits": []}
    shown = ";".join(f"{h['rule']}(“{h['sentence']}”,{h['page']})" for h in hits[:3])
    more = f" 等{len(hits)}处" if len(hits) > 3 else ""
    detail = f"严重错误{len(hits)}处,单项否决:{shown}{more}。"
    entry = indicator(id_, name, len(hits), threshold, FAIL, detail, veto=True)
    return {**entry, "hits": hits[:MAX_HITS]}
