"""Judge each hidden block found by the walk: spam, several external links, or harmless.

Hidden menus and tab panels are everywhere on government sites, so hiding alone proves
nothing. A hidden block is tampering when its text is spam, when it links to another site and
carries any spam word (weak words included), when one of its external links has a spam host,
or when it holds several links to unknown external sites.
"""

from __future__ import annotations

from auditor.tamper.hit import TamperHit, element_path, outer_html, truncate
from auditor.tamper.linkfacts import LinkFacts, hosts_phrase, link_facts, several_outside
from auditor.tamper.vocab import describe, spam_terms
from auditor.tamper.walk import Hidden, PageWalk


def hidden_block_hits(page: PageWalk, page_url: str, page_host: str | None) -> list[TamperHit]:
    """One verdict per hidden block; sibling elements hidden the same way form one block."""
    groups: dict[tuple, list[Hidden]] = {}
    for block in dict.fromkeys([*page.hidden, *(h for _, h in page.links)]):
        if block is not None:
            groups.setdefault((block.root.getparent(), block.label), []).append(block)
    hits = []
    for blocks in groups.values():
        links = [
            link_facts(a.get("href"), a.text_content(), page_url, page_host)
            for a, h in page.links
            if h in blocks
        ]
        text = "\n".join(page.hidden_text(b) for b in blocks)
        hit = judge_block(blocks[0], text, links)
        if hit:
            hits.append(hit)
    return hits


def judge_block(block: Hidden, text: str, links: list[LinkFacts]) -> TamperHit | None:
    terms = spam_terms(text, weak=True)
    outside = [f for f in links if f.outside]
    strong = [t for t in terms if t.strength != "weak"]
    flagged = [f for f in outside if f.suspicious]
    if strong or (terms and outside):
        return _hit(block, links, outside or links, terms, "high")
    if flagged:
        return _hit(block, links, flagged, [t for f in flagged for t in f.spam], "high")
    if several_outside(links):
        return _hit(block, links, outside, [], "medium")
    return None


def _hit(block: Hidden, links, shown: list[LinkFacts], terms, severity: str) -> TamperHit:
    label = f"{block.label}（{block.technique}）" if block.rule else block.label
    if links:
        detail = f"以“{label}”方式隐藏了 {len(links)} 个链接"
        if shown and shown[0].host:
            detail += f"，指向 {hosts_phrase(shown)}"
        kind = "hidden_link"
    else:
        detail, kind = f"以“{label}”方式隐藏了一段文字", "injected_text"
    if terms:
        detail += f"，含{describe(terms)}"
    return TamperHit(
        kind=kind,
        technique=block.label,
        detail=detail,
        snippet=_snippet(block.root, shown),
        location=element_path(block.root),
        severity=severity,
    )


def _snippet(root, shown: list[LinkFacts]) -> str:
    full = outer_html(root)
    if len(full) <= 300 or not shown:
        return truncate(full)
    opening = full[: full.find(">") + 1]
    links = " ".join(f'<a href="{f.href}">{f.text}</a>' for f in shown[:4])
    return truncate(f"{opening} … {links}")
