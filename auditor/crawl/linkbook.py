"""Link-check bookkeeping shared by the spiders of one run: verdicts that depend on more than
one response.

- A redirect whose target is already claimed waits for the target's verdict instead of
  fetching it again, so every URL is fetched once however it is reached; the chain and the
  final verdict are composed when the target's verdict arrives.
- A `#fragment` is judged against the ids and `<a name>`s of the parsed target page.
- An http:// resource embedded in an https page is mixed content: judged after the crawl, from
  the stored links, so it holds whichever crawl process fetched the page and the resource.
"""

from __future__ import annotations

import zlib
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from auditor.extract.document import Document
from auditor.net.filetypes import RESOURCE_EXTENSIONS, extension
from auditor.net.reasons import OK_REASONS
from auditor.net.urls import join_url, split_url
from auditor.net.urlset import UrlSet, url_key
from auditor.store import Store
from auditor.store.records import CheckRow
from auditor.store.schema import now_iso

MAX_REDIRECTS = 10
RECENT_VERDICTS = 4096  # kept in memory; older ones are read back from the store
EMBEDDED_TAGS = frozenset({"img", "script", "iframe", "frame"})
_ROW_COPY = ("status", "elapsed_ms", "content_type", "size", "final_url")
_KEEP = (*_ROW_COPY, "redirects", "site_key", "checked_at")
COPIED_VERDICT = object()  # held in place of a reason: the row is the revalidated run's


@dataclass(frozen=True)
class FragmentLink:
    """A link to `url#fragment` as written on a page (the canonical URL drops fragments)."""

    url: str
    fragment: str
    text: str


def _fragment_worth_checking(fragment: str) -> bool:
    """`#top` always works in browsers; `#!` and `#/…` are script routes, not anchors."""
    return bool(fragment) and fragment.lower() != "top" and not fragment.startswith(("!", "/"))


def fragment_links(doc: Document) -> list[FragmentLink]:
    """Distinct (url, fragment) pairs of the page's <a>/<area> links, in document order."""
    found: dict[tuple[str, str], FragmentLink] = {}
    for el in doc.tree.iter("a", "area"):
        href = (el.get("href") or "").strip()
        base, sep, fragment = href.partition("#")
        if not sep or not _fragment_worth_checking(fragment):
            continue
        url = join_url(doc.base_url, base) if base else doc.base_url
        if url and (url, fragment) not in found:
            text = " ".join("".join(el.itertext()).split())[:200]
            found[url, fragment] = FragmentLink(url, fragment, text)
    return list(found.values())


def _crc(name: str) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogatepass"))


def anchor_names(doc: Document) -> array:
    """CRCs of every id and <a name> on the page: compact enough to keep for every page."""
    names = {str(n) for n in doc.tree.xpath("//@id | //a/@name | //area/@name")}
    return array("I", sorted({_crc(n) for n in names}))


def has_anchor(names: array, fragment: str) -> bool:
    return _crc(fragment) in names or _crc(unquote(fragment)) in names


def is_mixed_content(page_url: str, target: str, tag: str) -> bool:
    """An http:// resource the browser would load into an https page (not a mere link)."""
    if split_url(page_url).scheme != "https" or split_url(target).scheme != "http":
        return False
    return tag in EMBEDDED_TAGS or (tag == "link" and extension(target) in RESOURCE_EXTENSIONS)


def mark_mixed_content(store: Store, run_id: int) -> int:
    """After the crawl, when every process has stored its pages and checks: an http resource
    embedded in an https page is mixed content, whichever process fetched each side."""
    urls = {
        row["target"]
        for row in store.insecure_links(run_id)
        if is_mixed_content(row["source"], row["target"], row["tag"] or "")
    }
    store.set_check_reason(run_id, urls, "mixed_content", 0)
    return len(urls)


def compose(
    url: str,
    chain: list[str],
    final: dict[str, Any],
    site_key: str,
    max_redirects: int = MAX_REDIRECTS,
) -> dict[str, Any]:
    """The verdict row of `url`, which redirected along `chain` into `final`'s verdict; a
    joined chain longer than the inspection's `max_redirects` is too_many_redirects."""
    redirects = [*chain, *(final.get("redirects") or [])]
    reason = final["reason"] if final["reason"] not in OK_REASONS else "redirected"
    if reason == "redirected" and len(redirects) > max_redirects:
        reason = "too_many_redirects"
    row = {k: final.get(k) for k in _ROW_COPY}
    row.update(url=url, site_key=site_key, reason=reason, redirects=redirects)
    # Checked now: this walk's own hops were requested in this run, even when its final
    # verdict was kept from an earlier one.
    return {**row, "checked_at": now_iso()}


def _verdict(url: str, reason: str, kept: dict[str, Any]) -> dict[str, Any]:
    """A verdict row as walks compose from it, from memory or from the store alike."""
    return {**kept, "redirects": list(kept.get("redirects") or ()), "reason": reason, "url": url}


@dataclass
class Waiter:
    """Walk members that redirected into a claimed URL, each with its chain so far."""

    site_key: str
    members: list[tuple[str, list[str]]]


@dataclass
class LinkState:
    """What the spiders of one run know about verdicts so far (one reactor thread).

    Only state that is still pending grows with the crawl's breadth; what spans the whole run
    is bounded or compact: the recent verdicts (older ones come from `lookup`, the store),
    anchors keyed by URL hash, judged fragments as hashes."""

    verdicts: OrderedDict[str, tuple[Any, ...]] = field(default_factory=OrderedDict)
    waiters: dict[str, list[Waiter]] = field(default_factory=lambda: defaultdict(list))
    waits: dict[str, str] = field(default_factory=dict)
    anchors: dict[int, array] = field(default_factory=dict)
    wanted: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    judged: UrlSet = field(default_factory=UrlSet)
    lookup: Callable[[str], CheckRow | None] | None = None  # a stored verdict
    earlier: Callable[[str], CheckRow | None] | None = None  # the revalidated run's verdict

    # redirects -----------------------------------------------------------------------
    def remember(self, row: dict[str, Any]) -> list[Waiter]:
        """Keep a verdict (compactly) and hand back the walks that waited for it."""
        values = [row.get(k) for k in _KEEP]
        values[_KEEP.index("redirects")] = tuple(row.get("redirects") or ())
        self._hold(row["url"], (row["reason"], *values))
        for member, _ in (w for waiter in self.waiters.get(row["url"], []) for w in waiter.members):
            self.waits.pop(member, None)
        return self.waiters.pop(row["url"], [])

    def remember_copied(self, url: str, site_key: str, checked_at: str | None) -> None:
        """A verdict the store copies from the revalidated run (a 304's page, a kept link),
        for which no walk waits (the caller's word): held as the fields this run sets (its
        site key, and its checked_at unless kept as stored), the rest read from that run
        (`earlier`) only if a walk joins the URL."""
        self._hold(url, (COPIED_VERDICT, site_key, checked_at))

    def _hold(self, url: str, verdict: tuple[Any, ...]) -> None:
        self.verdicts[url] = verdict
        self.verdicts.move_to_end(url)
        if len(self.verdicts) > RECENT_VERDICTS:
            self.verdicts.popitem(last=False)

    def verdict(self, url: str) -> dict[str, Any] | None:
        if url not in self.verdicts:
            return self._stored(url)
        reason, *values = self.verdicts[url]
        if reason is COPIED_VERDICT:
            return self._copied(url, *values)
        return _verdict(url, reason, dict(zip(_KEEP, values, strict=True)))

    def _copied(self, url: str, site_key: str, checked_at: str | None) -> dict[str, Any] | None:
        row = self.earlier(url) if self.earlier is not None else None
        if row is None:
            return None
        kept = {k: row.get(k) for k in _KEEP} | {"site_key": site_key}
        return _verdict(
            url, row["reason"], kept | ({"checked_at": checked_at} if checked_at else {})
        )

    def _stored(self, url: str) -> dict[str, Any] | None:
        """An older verdict, from the store (none while walks still wait for the URL)."""
        if self.lookup is None or url in self.waiters:
            return None
        row = self.lookup(url)
        if row is None:
            return None
        return _verdict(url, row["reason"], {k: row.get(k) for k in _KEEP})

    def wait(self, target: str, waiter: Waiter) -> bool:
        """Park a walk on a claimed target; False when that would close a redirect loop."""
        members = {m for m, _ in waiter.members}
        seen: set[str] = set()
        node: str | None = target
        while node is not None and node not in seen:
            if node in members:
                return False
            seen.add(node)
            node = self.waits.get(node)
        self.waiters[target].append(waiter)
        for member in members:
            self.waits[member] = target
        return True

    # fragments -----------------------------------------------------------------------
    def want(self, link: FragmentLink, site_key: str) -> None:
        key = f"{link.url}#{link.fragment}"
        if key not in self.judged:
            self.wanted[link.url].setdefault(link.fragment, site_key)

    def learn(self, url: str, names: array) -> None:
        self.anchors[url_key(url)] = names

    def fragment_rows(self, url: str, checked_at: str) -> list[dict[str, Any]]:
        """Verdicts for the wanted fragments of `url`, once its anchors are known."""
        names = self.anchors.get(url_key(url))
        if names is None or url not in self.wanted:
            return []
        rows: list[dict[str, Any]] = []
        for fragment, site_key in self.wanted.pop(url).items():
            key = f"{url}#{fragment}"
            self.judged.add(key)
            found = has_anchor(names, fragment)
            rows.append(
                {
                    "url": key,
                    "site_key": site_key,
                    "final_url": url,
                    "reason": "ok" if found else "missing_anchor",
                    "redirects": [],
                    "checked_at": checked_at,
                }
            )
        return rows
