"""Lay a plan's documents out on paths and render every page of every host.

Each template has its own URL scheme (none is the demo's): table `/html/12/1034.html`,
trs `/bm/<code>/lm12/201403/t20140305_1034.html` written as relative links, dl
`/a/12/20140305/1034.shtml`, platform `/zdly/12/201403/1034.jhtml`. Listings are paged 12
entries a page, newest first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from benchmarks.altworld.docs import Doc
from benchmarks.altworld.plan import Plan, SitePlan
from benchmarks.altworld.render import (
    Entry,
    Frame,
    article_page,
    attachment_error,
    home_page,
    listing_page,
)

PER_PAGE = 12
XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@dataclass(frozen=True)
class Resource:
    status: int
    content_type: str
    body: bytes


@dataclass
class World:
    plan: Plan
    files: dict[str, dict[str, Resource]] = field(default_factory=lambda: defaultdict(dict))
    soft404_hosts: set[str] = field(default_factory=set)
    soft404_titles: dict[str, str] = field(default_factory=dict)
    page_of: dict[int, tuple[str, str]] = field(default_factory=dict)  # uid -> (host, path)
    file_of: dict[int, tuple[str, str]] = field(default_factory=dict)  # uid -> attachment

    @property
    def hosts(self) -> list[str]:
        return sorted({s.host for s in self.plan.sites})


def _scheme(site: SitePlan, cid: int, doc: Doc | None, page: int = 0) -> str:
    """The path of a column listing page (doc None) or of a document."""
    p, t = site.prefix, site.template
    if doc is None:
        first = {
            "table": f"html/{cid}/index.html",
            "trs": f"lm{cid}/index.html",
            "dl": f"a/{cid}/",
            "platform": f"zdly/{cid}/index.jhtml",
        }[t]
        more = {
            "table": f"html/{cid}/index_{page + 1}.html",
            "trs": f"lm{cid}/index_{page}.html",
            "dl": f"a/{cid}/list_{page + 1}.shtml",
            "platform": f"zdly/{cid}/index_{page + 1}.jhtml",
        }[t]
        return p + (first if page == 0 else more)
    d = doc.published
    ym, ymd = f"{d.year}{d.month:02d}", f"{d.year}{d.month:02d}{d.day:02d}"
    return (
        p
        + {
            "table": f"html/{cid}/{doc.uid}.html",
            "trs": f"lm{cid}/{ym}/t{ymd}_{doc.uid}.html",
            "dl": f"a/{cid}/{ymd}/{doc.uid}.shtml",
            "platform": f"zdly/{cid}/{ym}/{doc.uid}.jhtml",
        }[t]
    )


def _attachment_path(site: SitePlan, doc: Doc) -> str:
    d = doc.published
    return (
        site.prefix
        + {
            "table": f"uploadfile/{d.year}{d.month:02d}/{doc.uid}.xls",
            "trs": f"attach/{d.year}/P0{doc.uid}.xls",
            "dl": f"d/file/{doc.uid}.xls",
            "platform": f"upload/{doc.uid}.xls",
        }[site.template]
    )


def _href(site: SitePlan, from_path: str, to_path: str) -> str:
    """TRS pages link relatively (./201403/t…html, ../../lm12/index.html); others from the root."""
    if site.template != "trs":
        return to_path
    base = from_path.rsplit("/", 1)[0].split("/")
    target = to_path.split("/")
    common = 0
    while common < min(len(base), len(target) - 1) and base[common] == target[common]:
        common += 1
    ups = len(base) - common
    rest = "/".join(target[common:])
    return ("./" if ups == 0 else "../" * ups) + rest


def _encode(site: SitePlan, html: str) -> Resource:
    if site.encoding == "gbk":
        return Resource(200, "text/html", html.encode("gbk", errors="xmlcharrefreplace"))
    return Resource(200, "text/html; charset=utf-8", html.encode("utf-8"))


def _org_code(site: SitePlan) -> str:
    return f"0076{sum(map(ord, site.key)) % 100000:05d}"


def build_site(world: World, site: SitePlan, docs: list[Doc]) -> None:
    """Columns, listings, articles and attachments of one site."""
    names = list(dict.fromkeys(d.column for d in sorted(docs, key=lambda d: d.uid)))
    cids = {name: 11 + i * 3 for i, name in enumerate(names)}
    columns = tuple((n, _scheme(site, cids[n], None)) for n in names)
    for doc in docs:
        world.page_of[doc.uid] = (site.host, _scheme(site, cids[doc.column], doc))
        if doc.attachment:
            world.file_of[doc.uid] = (site.host, _attachment_path(site, doc))
    files = world.files[site.host]

    def entries(chosen: list[Doc], page_path: str) -> list[Entry]:
        return [
            Entry(d.title, _href(site, page_path, world.page_of[d.uid][1]), d.published, d.agency)
            for d in chosen
        ]

    for name in names:
        in_col = sorted(
            (d for d in docs if d.column == name), key=lambda d: (d.published, d.uid), reverse=True
        )
        chunks = [in_col[i : i + PER_PAGE] for i in range(0, len(in_col), PER_PAGE)] or [[]]
        pages = [_scheme(site, cids[name], None, k) for k in range(len(chunks))]
        for k, chunk in enumerate(chunks):
            frame = _frame(site, pages[k], columns)
            rel_pages = [_href(site, pages[k], p) for p in pages]
            col = (name, _href(site, pages[k], pages[0]))
            files[pages[k]] = _encode(
                site, listing_page(frame, col, entries(chunk, pages[k]), rel_pages, k)
            )
    for doc in docs:
        _article(world, site, doc, columns, cids)
    latest = sorted(docs, key=lambda d: (d.published, d.uid), reverse=True)[:8]
    files[site.prefix] = _encode(
        site, home_page(_frame(site, site.prefix, columns), entries(latest, site.prefix))
    )


def _frame(site: SitePlan, path: str, columns: tuple[tuple[str, str], ...]) -> Frame:
    rel = tuple((n, _href(site, path, h)) for n, h in columns)
    return Frame(site.template, site.encoding, site.title, _href(site, path, site.prefix), rel)


def _article(world: World, site: SitePlan, doc: Doc, columns: tuple, cids: dict[str, int]) -> None:
    host, path = world.page_of[doc.uid]
    files = world.files[host]
    attachment = ""
    if doc.uid in world.file_of:
        file_path = world.file_of[doc.uid][1]
        attachment = _href(site, path, file_path)
        files[file_path] = (
            Resource(200, "application/vnd.ms-excel", XLS)
            if doc.attachment_ok
            else Resource(200, "text/html; charset=utf-8", attachment_error().encode("utf-8"))
        )
    if doc.dead:
        return  # listed, but the server has no such page (404, or soft-404 on that host)
    column = (doc.column, _href(site, path, _scheme(site, cids[doc.column], None)))
    index_no = f"{_org_code(site)}/{doc.published.year}-{doc.uid:05d}"
    html = article_page(_frame(site, path, columns), column, doc, attachment, index_no)
    files[path] = _encode(site, html)


def portal_home(world: World) -> None:
    """The shared portal's own home page, linking to each department's prefix."""
    subs = [s for s in world.plan.sites if s.host == "portal"]
    if not subs:
        return
    links = "".join(f'<li><a href="{s.prefix}">{s.title}</a></li>' for s in subs)
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>良庆区人民政府门户网站</title>'
        f'</head><body><h1>良庆区人民政府门户网站</h1><ul class="bmlist">{links}</ul></body></html>'
    )
    world.files["portal"]["/"] = Resource(200, "text/html; charset=utf-8", html.encode("utf-8"))


def build(plan: Plan) -> World:
    world = World(plan)
    for site in plan.sites:
        build_site(world, site, [d for d in plan.docs if d.site == site.key])
        if site.soft404:
            world.soft404_hosts.add(site.host)
            world.soft404_titles[site.host] = site.title
    portal_home(world)
    return world
