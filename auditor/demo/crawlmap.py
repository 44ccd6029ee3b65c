"""What a correct crawl of the demo world reaches, must skip, and finds broken.

A small breadth-first walk over the rendered world (no sockets), used only to derive the
ground truth, so the lists of pages and broken links cannot drift from the pages themselves.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html

from auditor.demo.layout import CALENDAR_START, PAGED, calendar_day, listing_page, trap_depth
from auditor.demo.pages import ROBOTS_PAGES, TAMPER_BRAND
from auditor.demo.render import Resource
from auditor.demo.sites import SITES, site
from auditor.demo.world import World

BROKEN = {
    "error": "",
    "soft404": "soft_404",
    "slow": "timeout",
    "html_attachment": "html_instead_of_attachment",
}
_ASSET = re.compile(r"\.(css|js|xls|xlsx|doc|docx|pdf|png|gif|jpg)$")
_WINDOW_OPEN = re.compile(r"window\.open\(\s*['\"]([^'\"]+)['\"]")
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)


def crawl_map(world: World, origins: Mapping[str, str]) -> dict[str, Any]:
    names = {origin: host for host, origin in origins.items()}
    pages: dict[str, dict[str, Any]] = {}
    broken: list[dict[str, Any]] = []
    external: dict[str, set[str]] = {}
    for spec in SITES:
        if spec.key == "outside":
            continue
        reach = _walk(world, spec.key)
        pages[spec.key] = {"host": spec.host, "reach": sorted(reach)}
        for path in sorted(reach):
            for url in _links(world, spec.host, path):
                _classify(world, spec.key, path, url, names, broken, external)
    return {
        "pages": pages,
        "broken_links": broken,
        "external": {k: sorted(v) for k, v in external.items()},
        "must_not_fetch": _must_not_fetch(),
        "traps": _traps(),
        "tampering": _tampering(world),
        "encodings": _encodings(world),
    }


def _walk(world: World, key: str) -> set[str]:
    spec = site(key)
    queue, seen, reach = deque([spec.prefix]), {spec.prefix}, set()
    origin = world.origins[spec.host]
    while queue:
        path = queue.popleft()
        resource = world.respond(spec.host, path)
        if _skipped(spec.host, path) or resource.kind != "page" or resource.status != 200:
            continue
        reach.add(path)
        for url in _links(world, spec.host, path):
            target = _local(url, origin, spec.prefix)
            if target and target not in seen and not _ASSET.search(urlsplit(target).path):
                seen.add(target)
                queue.append(target)
    return reach


def _skipped(host: str, path: str) -> bool:
    """Robots-disallowed pages and trap continuations: a correct crawl never needs them."""
    robots = site(host).robots_path
    if robots and path.startswith(robots):
        return True
    day = calendar_day(path) if host == "fgj" else None
    number = listing_page(path) if host == PAGED[0] else None
    depth = trap_depth(path) if host == "syj" else None
    return bool((day and day != CALENDAR_START) or (number and number > 2) or depth)


def _local(url: str, origin: str, prefix: str) -> str | None:
    if not url.startswith(origin + "/"):
        return None
    path = url[len(origin) :]
    return path if path.startswith(prefix) else None


def _links(world: World, host: str, path: str) -> Iterator[str]:
    resource = world.respond(host, path)
    url = world.origins[host] + path
    doc = lxml.html.document_fromstring(resource.body.decode(_charset(host)))
    base = next(iter(doc.xpath("//base/@href")), url)
    for element in doc.iter("a", "area", "iframe", "frame", "link", "meta"):
        for href in _hrefs(element):
            if not href.startswith(("javascript:", "mailto:", "#")):
                yield urljoin(base, href)


def _hrefs(element: Any) -> Iterator[str]:
    for attribute in ("href", "src"):
        if element.get(attribute):
            yield element.get(attribute)
    match = _WINDOW_OPEN.search(element.get("onclick") or "")
    if match:
        yield match.group(1)
    if (element.get("http-equiv") or "").lower() == "refresh":
        found = _REFRESH.search(element.get("content") or "")
        if found:
            yield found.group(1)


def _charset(host: str) -> str:
    return "gbk" if host == "hbj" else "utf-8"


def _classify(
    world: World,
    key: str,
    page: str,
    url: str,
    names: Mapping[str, str],
    broken: list[dict[str, Any]],
    external: dict[str, set[str]],
) -> None:
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    host = names[origin]
    target = url[len(origin) :] or "/"
    placeholder = "{" + host + "}" + target
    spec = site(key)
    if host != spec.host or not target.startswith(spec.prefix):
        external.setdefault(key, set()).add(placeholder)
    reason, status = _verdict(world, host, target)
    if reason:
        broken.append(
            {"site": key, "page": page, "url": placeholder, "status": status, "reason": reason}
        )


def _verdict(world: World, host: str, target: str) -> tuple[str, int | None]:
    if host == "closed":
        return "refused", None
    seen: set[str] = set()
    resource: Resource = world.respond(host, target)
    while resource.location:
        if target in seen:
            return "redirect_loop", None
        seen.add(target)
        target = resource.location
        resource = world.respond(host, target)
    if resource.kind == "error":
        return f"http_{resource.status}", resource.status
    reason = BROKEN.get(resource.kind, "")
    if not reason:
        return "", None
    return reason, None if reason == "timeout" else resource.status


def _must_not_fetch() -> list[dict[str, str]]:
    rows = [
        {"site": host, "url": "{" + host + "}" + path, "why": "robots"}
        for host, path in ROBOTS_PAGES.items()
    ]
    rows += [
        {"site": "outside", "url": "{outside}/deep/index.html", "why": "out_of_scope"},
        {"site": "portal", "url": "{portal}/xwzx/index.html", "why": "out_of_scope"},
        {"site": "fgj", "url": "{fgj}/hdrl/index.jhtml?date=2015-02-01", "why": "trap_limit"},
        {"site": "fgj", "url": "{fgj}/hdrl/index.jhtml?date=2014-08-01", "why": "trap_limit"},
        {"site": "zjj", "url": "{zjj}/col/col1452/index.html?page=40", "why": "trap_limit"},
        {"site": "syj", "url": "{syj}/ztzl/ztzl/ztzl/ztzl/ztzl/", "why": "trap_limit"},
    ]
    return rows


def _traps() -> list[dict[str, str]]:
    return [
        {
            "site": "fgj",
            "kind": "calendar",
            "entry": f"/hdrl/index.jhtml?date={CALENDAR_START}",
            "pattern": "/hdrl/index.jhtml?date=YYYY-MM-DD",
        },
        {
            "site": "zjj",
            "kind": "endless_pages",
            "entry": "/col/col1452/index.html",
            "pattern": "/col/col1452/index.html?page=N (N >= 3 are empty)",
        },
        {"site": "syj", "kind": "repeated_segments", "entry": "/ztzl/", "pattern": "/ztzl/ztzl/…/"},
    ]


def _tampering(world: World) -> list[dict[str, str]]:
    rows = []
    for placed in world.placed:
        if "tampered" in placed.article.flags:
            rows.append(
                {
                    "site": placed.site.key,
                    "page": placed.path,
                    "kind": "hidden_link",
                    "technique": "display:none",
                    "detail": "鑫盛娱乐城 / 真人百家乐 → {outside}/yl/",
                }
            )
            rows.append(
                {
                    "site": placed.site.key,
                    "page": placed.path,
                    "kind": "hijacked_footer",
                    "technique": "visible-text",
                    "detail": f"南宁市{TAMPER_BRAND}主办",
                }
            )
    return rows


def _encodings(world: World) -> list[dict[str, str]]:
    rows = []
    for placed in world.placed:
        if placed.site.key == "hbj" and placed.article.status == 200:
            resource = world.respond("hbj", placed.path)
            meta = re.search(rb"charset=([\w-]+)\"", resource.body)
            rows.append(
                {
                    "path": placed.path,
                    "header": resource.content_type,
                    "meta_charset": meta.group(1).decode() if meta else "",
                    "marker": placed.article.title,
                }
            )
    return rows
