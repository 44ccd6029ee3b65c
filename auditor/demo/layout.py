"""Where everything of the demo district lives: articles placed on their sites, the planted
special paths, and the lookups the page builders share (below pages.py and specials.py, which
fill a Layout; auditor/demo/world.py assembles them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from auditor.demo.articles import CZJ, Article
from auditor.demo.articles_health import HEALTH
from auditor.demo.articles_jyj_zjj import JYJ, ZJJ
from auditor.demo.articles_more import FGJ, HBJ, SYJ
from auditor.demo.articles_platform import PLATFORM
from auditor.demo.paths import article_path, clock, format_date
from auditor.demo.render import Resource
from auditor.demo.sites import HOSTS, SITES, Column, SiteSpec, site

AS_OF = dt.date(2014, 11, 20)
ARTICLES: tuple[Article, ...] = (*CZJ, *JYJ, *ZJJ, *HBJ, *SYJ, *FGJ, *PLATFORM, *HEALTH)
PAGED = ("zjj", "/col/col1452/index.html", 5)  # host, listing path, entries per page
CALENDAR = ("fgj", "/hdrl/index.jhtml")
PATH_TRAP = ("syj", "/ztzl/")
SLOW = ("fgj", "/xf/index.jhtml", 4.0)
SOFT_404_HOST = "syj"
NOT_FOUND_TEXT = "您访问的页面不存在或已被删除!"
CALENDAR_START = dt.date(2014, 11, 20)
LOOP = ("/dczj/index.jhtml", "/dczj/")
IFRAME_PAGE = "/Article/gonggao.asp"
REFRESH_PAGE, REFRESH_TARGET = "/xxgk/index.jhtml", "/xxgk/list.jhtml"
BROKEN_500 = "/wsbs/index.asp"
SOFT_404_LINK = "/zt/wzgb/index.aspx"
_OTHER_ORGS = {"邕宁区财政局": "007624219", "广西壮族自治区人民政府办公厅": "000014349"}


@dataclass(frozen=True)
class Placed:
    article: Article
    site: SiteSpec
    column: Column
    path: str
    number: int


class Layout:
    """The district's articles placed on their sites, the lookups the page builders use, and
    the static pages they add (auditor/demo/world.py builds them)."""

    def __init__(self, origins: Mapping[str, str], closed: str) -> None:
        self.origins = dict(origins)
        self.closed = closed
        self.static: dict[str, dict[str, Resource]] = {h: {} for h in HOSTS}
        self.placed = _place_articles()
        self._orgs = _org_codes()

    # ---- lookups used by the page builders -------------------------------------------
    def url(self, host: str, path: str = "/") -> str:
        return self.origins[host] + path

    def in_column(self, site_key: str, column_key: str) -> list[Placed]:
        found = [p for p in self.placed if p.site.key == site_key and p.column.key == column_key]
        return sorted(found, key=lambda p: (p.article.published, p.number), reverse=True)

    def listed(self, site_key: str, column_key: str) -> list[Placed]:
        return [p for p in self.in_column(site_key, column_key) if "js-only" not in p.article.flags]

    def org_code(self, agency: str, owner: SiteSpec) -> str:
        return self._orgs.get(agency, owner.org_code)

    def add(self, host: str, path: str, resource: Resource) -> None:
        self.static[host][path] = resource

    def entries(self, site_spec: SiteSpec, placed: list[Placed]) -> list[tuple[str, str, str]]:
        fmt = site_spec.style.date_fmt
        return [
            (
                p.article.title,
                self.href(site_spec, p.path),
                format_date(p.article.published, fmt, p.number),
            )
            for p in placed
        ]

    def href(self, site_spec: SiteSpec, path: str) -> str:
        """Hanweb pages carry <base href> and write root-relative links without the slash."""
        if site_spec.scheme == "hanweb" and path != "/":
            return path.lstrip("/")
        return path


def _place_articles() -> tuple[Placed, ...]:
    counters: dict[str, int] = {}
    placed = []
    for article in ARTICLES:
        spec = site(article.site)
        number = counters.get(spec.key, spec.first_id)
        counters[spec.key] = number + 1
        column = spec.column(article.column)
        placed.append(
            Placed(article, spec, column, article_path(spec, column, article, number), number)
        )
    return tuple(placed)


def _org_codes() -> dict[str, str]:
    codes = dict(_OTHER_ORGS)
    for spec in SITES:
        for name in (spec.department or "", *spec.aliases):
            if name:
                codes[name] = spec.org_code
    return codes


def pub_date(article: Article, number: int) -> str:
    """The PubDate meta value (YYYY-MM-DD HH:MM), as 政府网站发展指引 spells it."""
    return f"{article.published.isoformat()} {clock(number)}"


_DATE_QUERY = re.compile(r"^date=(\d{4}-\d{2}-\d{2})$")
_PAGE_QUERY = re.compile(r"^page=(\d{1,6})$")


def calendar_day(target: str) -> dt.date | None:
    path, _, query = target.partition("?")
    match = _DATE_QUERY.match(query)
    if path != CALENDAR[1] or not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def listing_page(target: str) -> int | None:
    path, _, query = target.partition("?")
    if path != PAGED[1]:
        return None
    if not query:
        return 1
    match = _PAGE_QUERY.match(query)
    return int(match.group(1)) if match and int(match.group(1)) >= 1 else None


def trap_depth(target: str) -> int | None:
    """How many extra ztzl/ segments a /ztzl/ path carries, or None when it is not the trap."""
    if not target.startswith(PATH_TRAP[1]):
        return None
    rest = target[len(PATH_TRAP[1]) :]
    if rest and not re.fullmatch(r"(ztzl/)+", rest):
        return None
    return rest.count("ztzl/")
