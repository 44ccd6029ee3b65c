"""The planted special cases: traps, faults, robots-disallowed pages, the outside host."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from auditor.demo.layout import (
    BROKEN_500,
    CALENDAR_START,
    IFRAME_PAGE,
    LOOP,
    NOT_FOUND_TEXT,
    PAGED,
    REFRESH_PAGE,
    REFRESH_TARGET,
    SOFT_404_HOST,
    calendar_day,
    listing_page,
    trap_depth,
)
from auditor.demo.pages import ROBOTS_PAGES, frame, robots, stylesheets
from auditor.demo.paths import column_path
from auditor.demo.render import Resource, render_error, render_page
from auditor.demo.sites import PORTAL, site

if TYPE_CHECKING:
    from auditor.demo.layout import Layout as World


def build_specials(world: World) -> None:
    stylesheets(world)
    robots(world)
    _robots_pages(world)
    _portal_root(world)
    _environment(world)
    _development(world)
    _outside(world)


def simple(
    world: World,
    key: str,
    title: str,
    body: list[str],
    links: list[tuple[str, str]],
    modified: dt.date | None = None,
    **extra: Any,
) -> Resource:
    spec = site(key)
    page = frame(world, spec, title, title=title, body=body, links=links, **extra)
    return render_page("simple.html", spec, page, modified or CALENDAR_START)


def _robots_pages(world: World) -> None:
    for host, path in ROBOTS_PAGES.items():
        key = "czj" if host == "portal" else host
        world.add(host, path, simple(world, key, "用户登录", ["请输入用户名和密码。"], []))


def _portal_root(world: World) -> None:
    links = [
        ("良庆区财政局", "/bm/czj/"),
        ("良庆区教育局", "/bm/jyj/"),
        ("新闻中心", "/xwzx/index.html"),
    ]
    world.add(
        "portal",
        "/",
        simple(world, "portal", PORTAL.title, ["欢迎访问良庆区人民政府门户网站。"], links),
    )
    world.add(
        "portal",
        "/xwzx/index.html",
        simple(world, "portal", "新闻中心", ["良庆区召开2014年第四季度经济工作会议。"], []),
    )


def _environment(world: World) -> None:
    world.add(
        "hbj",
        BROKEN_500,
        render_error(
            site("hbj"),
            500,
            "Microsoft VBScript 运行时错误",
            "错误 '800a01a8':缺少对象 /wsbs/index.asp,行 12",
        ),
    )
    eia = world.listed("hbj", "hpsp")
    world.add(
        "hbj",
        IFRAME_PAGE,
        simple(
            world,
            "hbj",
            "最新公告",
            [],
            [(p.article.title, p.path) for p in eia],
            eia[0].article.published,
        ),
    )


def _development(world: World) -> None:
    fgj = site("fgj")
    world.add(
        "fgj",
        REFRESH_PAGE,
        simple(world, "fgj", "政府信息公开", ["正在跳转……"], [], refresh=REFRESH_TARGET),
    )
    columns = [(c.name, column_path(fgj, c)) for c in fgj.columns]
    world.add("fgj", REFRESH_TARGET, simple(world, "fgj", "政府信息公开目录", [], columns))
    world.add("fgj", LOOP[0], Resource(302, location=LOOP[1], kind="redirect"))
    world.add("fgj", LOOP[1], Resource(302, location=LOOP[0], kind="redirect"))
    slow = simple(world, "fgj", "网上信访", ["网上信访系统维护中。"], [])
    world.add(
        "fgj",
        "/xf/index.jhtml",
        Resource(200, slow.body, slow.content_type, slow.modified, delay=4.0, kind="slow"),
    )


def _outside(world: World) -> None:
    world.add(
        "outside",
        "/",
        simple(
            world,
            "outside",
            "南宁市人民政府门户网站",
            ["欢迎访问南宁市人民政府门户网站。"],
            [("市政府信息公开", "/deep/index.html")],
        ),
    )
    world.add(
        "outside",
        "/deep/index.html",
        simple(world, "outside", "市政府信息公开", ["南宁市人民政府信息公开目录。"], []),
    )
    for path, title in (("/yl/index.html", "鑫盛娱乐城"), ("/yl/bjl.html", "真人百家乐")):
        world.add("outside", path, simple(world, "outside", title, ["注册即送彩金。"], []))


def dynamic_page(world: World, host: str, target: str) -> Resource | None:
    if host == "fgj" and (day := calendar_day(target)) is not None:
        return _calendar(world, day)
    if host == "zjj" and (number := listing_page(target)) is not None:
        return _paged_listing(world, number)
    if host == "syj" and trap_depth(target) is not None:
        return _topics(world)
    return None


def not_found(world: World, host: str) -> Resource:
    spec = PORTAL if host == "portal" else site(host)
    if host == SOFT_404_HOST:
        return render_error(spec, 200, "提示信息", NOT_FOUND_TEXT, home="/", kind="soft404")
    return render_error(
        spec,
        404,
        "404 - 找不到文件或目录",
        "您要查看的资源可能已被删除、已更改名称或者暂时不可用。",
    )


def _calendar(world: World, day: dt.date) -> Resource:
    links = []
    for text, delta in (("上一天", -1), ("下一天", 1)):
        try:
            links.append((text, f"/hdrl/index.jhtml?date={day + dt.timedelta(days=delta)}"))
        except OverflowError:
            continue
    title = f"活动日历:{day.year}年{day.month}月{day.day}日"
    return simple(world, "fgj", title, ["当日暂无活动安排。"], links)


def _paged_listing(world: World, number: int) -> Resource:
    _, first, size = PAGED
    spec = site("zjj")
    placed = world.in_column("zjj", "tzgg")[(number - 1) * size : number * size]
    pager = [("首页", first.lstrip("/")), ("下一页", f"{first.lstrip('/')}?page={number + 1}")]
    if number > 1:
        previous = first if number == 2 else f"{first}?page={number - 1}"
        pager.insert(1, ("上一页", previous.lstrip("/")))
    page = frame(
        world,
        spec,
        "通知公告",
        title="通知公告",
        entries=world.entries(spec, placed),
        crumbs=[("首页", "/"), ("通知公告", first.lstrip("/"))],
        pager=pager,
    )
    modified = placed[0].article.published if placed else CALENDAR_START
    return render_page("listing.html", spec, page, modified)


def _topics(world: World) -> Resource:
    picks = [p for p in world.listed("syj", "jgxx") if "专项整治" in p.article.title]
    links = [(p.article.title, p.path) for p in picks] + [("更多专题", "ztzl/")]
    return simple(world, "syj", "专题专栏", ["食品药品安全专题。"], links)
