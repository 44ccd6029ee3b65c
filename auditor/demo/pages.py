"""Page builders: homes, column listings, articles and their attachments, per site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from auditor.demo.layout import (
    BROKEN_500,
    CALENDAR_START,
    IFRAME_PAGE,
    LOOP,
    SOFT_404_LINK,
    Placed,
    pub_date,
)
from auditor.demo.paths import attachment_path, column_path, format_date
from auditor.demo.render import NEWS_COLUMNS, Resource, render_error, render_page, stylesheet
from auditor.demo.sites import PORTAL, SITES, SiteSpec, site

if TYPE_CHECKING:
    from auditor.demo.layout import Layout as World

HIDDEN_COLUMNS = frozenset({("syj", "zwgk")})
TAMPER_BRAND = "鑫盛娱乐官网"
ROBOTS_PAGES = {
    "portal": "/bm/czj/nbxx/index.html",
    "zjj": "/manage/login.html",
    "hbj": "/admin/index.asp",
    "syj": "/search/index.aspx",
    "fgj": "/cms/login.jhtml",
    "platform": "/gkml/ysq/index.html",
}
_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8


def build_pages(world: World) -> None:
    """Homes, column listings and articles of every site (the specials come after)."""
    for spec in SITES:
        if spec.key != "outside":
            _build_site(world, spec)
    for placed in world.placed:
        if placed.article.status == 200:
            world.add(placed.site.host, placed.path, _article(world, placed))


def _build_site(world: World, spec: SiteSpec) -> None:
    world.add(spec.host, spec.prefix, home_page(world, spec))
    for column in spec.columns:
        path = column_path(spec, column)
        if (spec.host, path) != ("zjj", "/col/col1452/index.html"):  # served dynamically
            world.add(spec.host, path, listing_page(world, spec, column.key))


def frame(world: World, spec: SiteSpec, heading: str, **extra: Any) -> dict[str, Any]:
    """What every page of a site shares: header, navigation, footer, stylesheet."""
    page = {
        "html_title": f"{heading}_{spec.title}" if heading != spec.title else heading,
        "home": spec.prefix,
        "nav": _nav(world, spec),
        "footer": footer(spec, tampered=extra.pop("tampered", False)),
        "css": world.href(spec, "/css/style.css"),
        "base_href": world.url(spec.host, "/") if spec.scheme == "hanweb" else "",
        "meta": _site_meta(world, spec) if spec.style.gov_meta else (),
    }
    page.update(extra)
    return page


def _nav(world: World, spec: SiteSpec) -> list[tuple[str, str]]:
    nav = [("首页", spec.prefix)]
    for column in spec.columns:
        if (spec.key, column.key) in HIDDEN_COLUMNS or column.key.startswith("gkml/zdly/"):
            continue
        nav.append((column.name, world.href(spec, column_path(spec, column))))
    extra = {"syj": [("专题专栏", "/ztzl/")], "fgj": [("信息公开", "/xxgk/index.jhtml")]}
    return nav + extra.get(spec.key, [])


def footer(spec: SiteSpec, tampered: bool = False) -> list[str]:
    ids = f"{spec.icp}  网站标识码:{spec.site_id}"
    if tampered:
        return [
            f"Copyright © 2008-2014 {TAMPER_BRAND} 版权所有",
            f"南宁市{TAMPER_BRAND}主办  南宁市良庆区发展和改革局承办",
            ids,
        ]
    sponsor = f"主办单位:{spec.sponsor}"
    if spec.host == "portal" and spec.department:
        sponsor += f"  承办单位:{spec.title}"
    phone = 4510000 + sum(map(ord, spec.key)) * 7
    return [sponsor, f"地址:南宁市良庆区五象大道{len(spec.key) * 61}号  联系电话:0771-{phone}", ids]


def _site_meta(world: World, spec: SiteSpec) -> list[tuple[str, str]]:
    domain = urlsplit(world.url(spec.host)).netloc
    return [("SiteName", spec.title), ("SiteDomain", domain), ("SiteIDCode", spec.site_id)]


def home_page(world: World, spec: SiteSpec) -> Resource:
    sections = []
    for column in spec.columns:
        hidden = (spec.key, column.key) in HIDDEN_COLUMNS or column.key == "gkml/zdly"
        if hidden or (spec.key == "platform" and column.key not in ("gkml/zdly/tjqk", "xwdt")):
            continue
        top = world.listed(spec.key, column.key)[:3]
        href = world.href(spec, column_path(spec, column))
        sections.append({"name": column.name, "href": href, "entries": world.entries(spec, top)})
    newest = max(p.article.published for p in world.placed if p.site.key == spec.key)
    page = frame(world, spec, spec.title, sections=sections, **home_extras(world, spec))
    return render_page("home.html", spec, page, newest)


def home_extras(world: World, spec: Any) -> dict[str, Any]:
    """Quick links, friends, iframe and JS-only links of each home page."""
    friends = [
        ("自治区政府信息公开统一平台", world.url("platform", "/")),
        ("南宁市人民政府门户网站", world.url("outside", "/")),
    ]
    if spec.key == "platform":
        friends = friends[1:]
    if spec.host == "portal":
        friends.insert(0, ("良庆区人民政府门户网站", "/"))
    robots_page = ROBOTS_PAGES.get(spec.key) or (
        ROBOTS_PAGES["portal"] if spec.key == "czj" else ""
    )
    extra = {
        "czj": [("内部信息", robots_page), ("财政业务一体化系统", world.closed + "/")],
        "zjj": [("后台管理", "manage/login.html")],
        "hbj": [("网上办事大厅", BROKEN_500), ("管理登录", robots_page)],
        "syj": [("网站改版意见征集", SOFT_404_LINK), ("站内搜索", robots_page)],
        "fgj": [
            ("活动日历", f"/hdrl/index.jhtml?date={CALENDAR_START}"),
            ("网上信访", "/xf/index.jhtml"),
            ("在线调查", LOOP[0]),
            ("后台管理", robots_page),
        ],
        "platform": [("依申请公开", robots_page)],
    }.get(spec.key, [])
    js_links = [
        (p.article.title, p.path)
        for p in world.placed
        if p.site.key == spec.key and "js-only" in p.article.flags
    ]
    iframe = IFRAME_PAGE if spec.key == "hbj" else ""
    return {"extra": extra, "friends": friends, "js_links": js_links, "iframe": iframe}


def listing_page(world: World, spec: SiteSpec, column_key: str) -> Resource:
    column = spec.column(column_key)
    if column_key == "gkml/zdly":
        return _platform_overview(world, spec)
    placed = world.in_column(spec.key, column_key)
    meta = (
        [("ColumnName", column.name), ("ColumnType", "信息公开目录")] if spec.style.gov_meta else []
    )
    page = frame(
        world,
        spec,
        column.name,
        title=column.name,
        entries=world.entries(spec, placed),
        crumbs=_crumbs(world, spec, column_key),
        pager=(),
    )
    page["meta"] = [*page["meta"], *meta]
    return render_page("listing.html", spec, page, placed[0].article.published if placed else None)


def _platform_overview(world: World, spec: SiteSpec) -> Resource:
    entries = []
    for column in spec.columns:
        if column.key.startswith("gkml/zdly/"):
            newest = world.in_column(spec.key, column.key)[0].article.published
            entries.append((column.name, column_path(spec, column), newest.isoformat()))
    page = frame(
        world,
        spec,
        "重点领域",
        title="重点领域信息公开",
        entries=entries,
        pager=(),
        crumbs=[("首页", "/"), ("重点领域", column_path(spec, spec.column("gkml/zdly")))],
    )
    newest = max(p.article.published for p in world.placed if p.column.key.startswith("gkml/"))
    return render_page("listing.html", spec, page, newest)


def _crumbs(world: World, spec: SiteSpec, column_key: str) -> list[tuple[str, str]]:
    crumbs = [("首页", spec.prefix)]
    if column_key.startswith("gkml/zdly/"):
        crumbs.append(("重点领域", column_path(spec, spec.column("gkml/zdly"))))
    column = spec.column(column_key)
    crumbs.append((column.name, world.href(spec, column_path(spec, column))))
    return crumbs


def _article(world: World, placed: Placed) -> Resource:
    a, spec = placed.article, placed.site
    agency = a.agency or spec.aliases[0]
    tampered = "tampered" in a.flags
    page = frame(
        world,
        spec,
        a.title,
        tampered=tampered,
        title=a.title,
        body=a.body,
        date_text=format_date(a.published, spec.style.date_fmt, placed.number),
        source=agency,
        views=100 + placed.number * 37 % 900,
        crumbs=_crumbs(world, spec, placed.column.key),
        catalog=_catalog(world, placed, agency),
        attachments=_attachments(world, placed),
    )
    if spec.style.gov_meta:
        page["meta"] = [
            *page["meta"],
            ("ColumnName", placed.column.name),
            ("ArticleTitle", a.title),
            ("PubDate", pub_date(a, placed.number)),
            ("ContentSource", agency),
        ]
    if tampered:
        page["hidden_links"] = [
            ("鑫盛娱乐城", world.url("outside", "/yl/index.html")),
            ("真人百家乐", world.url("outside", "/yl/bjl.html")),
        ]
    return render_page("article.html", spec, page, a.published, a.flags)


def _catalog(world: World, placed: Placed, agency: str) -> dict[str, str] | None:
    spec, a = placed.site, placed.article
    if not spec.style.catalog or placed.column.key in NEWS_COLUMNS:
        return None
    serial = 100 + placed.number % 1000
    code = world.org_code(agency, spec)
    return {
        "index_no": f"{code}/{a.published.year}-{serial:05d}",
        "agency": agency,
        "doc_no": a.doc_no,
        "created": a.published.isoformat(),
        "published": a.published.isoformat(),
    }


def _attachments(world: World, placed: Placed) -> list[tuple[str, str]]:
    links = []
    for offset, attachment in enumerate(placed.article.attachments):
        served, href = attachment_path(
            placed.site, placed.path, placed.article, placed.number * 10 + offset, attachment.ext
        )
        world.add(placed.site.host, served, _attachment_resource(placed, attachment.ok))
        links.append((f"{attachment.text}.{attachment.ext}", world.href(placed.site, href)))
    return links


def _attachment_resource(placed: Placed, ok: bool) -> Resource:
    if ok:
        return Resource(
            200, _XLS, "application/vnd.ms-excel", placed.article.published, kind="attachment"
        )
    error = render_error(
        placed.site,
        200,
        "系统错误",
        "文件读取失败,请与网站管理员联系。",
        home="/",
        kind="html_attachment",
    )
    return error


def stylesheets(world: World) -> None:
    for host in {s.host for s in (*SITES, PORTAL)}:
        world.add(host, "/css/style.css", stylesheet())


def robots(world: World) -> None:
    for host in {s.host for s in (*SITES, PORTAL)}:
        disallow = site(host).robots_path
        text = f"User-agent: *\nDisallow: {disallow}\n"
        world.add(host, "/robots.txt", Resource(200, text.encode(), "text/plain", kind="robots"))
