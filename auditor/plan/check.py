"""`auditor audit --check-only`: can every site of a plan be inspected, and how long will it take?

An unannounced inspection that fails at 3 a.m. on a mistyped URL is lost, so the plan is
checked beforehand with one polite request per site for its home page and one per host for
robots.txt (plus a sitemap robots.txt declares).  Nothing is written anywhere.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import html as lxml_html

from auditor.inspection.file import CrawlSettings, Inspection, Site
from auditor.plan.fetch import Robots, fetch, robots_of

_COUNT = re.compile(r"共\s*(\d{1,7})\s*(?:条|篇|项|个|件)")
_SITEMAP_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class SiteCheck:
    site: Site
    status: int
    reason: str  # why it cannot be fetched, "" when it can
    encoding: str
    robots_allowed: bool
    robots_note: str
    title: str
    pages: int | None  # estimated from a sitemap or a listing count, None when nothing tells
    pages_from: str
    seconds_per_page: float

    @property
    def reachable(self) -> bool:
        return not self.reason

    def inspectable(self, settings: CrawlSettings) -> bool:
        return self.reachable and (self.robots_allowed or not settings.obey_robots)

    def eta_seconds(self, settings: CrawlSettings) -> float:
        """Pages to fetch (the estimate, else the cap) times the time one page takes."""
        pages = min(self.pages or settings.max_pages_per_site, settings.max_pages_per_site)
        return pages * self.seconds_per_page


class _Pacer:
    """Keeps the plan's delay between two requests to one host; fetches each sitemap once."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.last: dict[str, float] = {}
        self.sitemaps: dict[str, bytes] = {}

    def wait(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        pause = self.last.get(host, -1e9) + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self.last[host] = time.monotonic()

    def sitemap(self, url: str, settings: CrawlSettings) -> bytes:
        """A sitemap's body, fetched once however many sites of its host ask."""
        if url not in self.sitemaps:
            self.wait(url)
            answer = fetch(url, settings.user_agent, settings.timeout, _SITEMAP_BYTES)
            self.sitemaps[url] = answer.body if answer.ok else b""
        return self.sitemaps[url]


def check_plan(inspection: Inspection) -> list[SiteCheck]:
    """One check per site, platform last, sharing robots.txt between sites of a host."""
    settings = inspection.crawl
    pacer = _Pacer(settings.delay)
    robots: dict[str, Robots] = {}
    out = []
    for site in inspection.all_sites:
        host = urlsplit(site.url).netloc.lower()
        if host not in robots:
            pacer.wait(site.url)
            robots[host] = robots_of(site.url, settings.user_agent, settings.timeout)
        out.append(check_site(site, settings, robots[host], pacer))
    return out


def check_site(site: Site, settings: CrawlSettings, robots: Robots, pacer: _Pacer) -> SiteCheck:
    allowed = robots.allows(site.url, settings.user_agent)
    note = robots.note if allowed else "robots.txt 不允许抓取"
    if not allowed and settings.obey_robots:
        # Obeying robots, the crawl would not fetch the home page either: do not fetch it.
        return SiteCheck(site, 0, "", "", False, note, "", None, "", settings.delay)
    pacer.wait(site.url)
    answer = fetch(site.url, settings.user_agent, settings.timeout)
    per_page = max(settings.delay, answer.seconds / max(1, settings.concurrency_per_host))
    if not answer.ok:
        reason = answer.error or f"HTTP {answer.status}"
        return SiteCheck(site, answer.status, reason, "", allowed, note, "", None, "", per_page)
    encoding, text = answer.text()
    pages, source = _estimate(robots, text, site, settings, pacer)
    title = _title(text)
    return SiteCheck(
        site, answer.status, "", encoding, allowed, note, title, pages, source, per_page
    )


def _title(text: str) -> str:
    try:
        tree = lxml_html.fromstring(text or "<html></html>")
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    found = tree.find(".//title")
    return " ".join(found.text_content().split())[:40] if found is not None else ""


def _estimate(
    robots: Robots, text: str, site: Site, settings: CrawlSettings, pacer: _Pacer
) -> tuple[int | None, str]:
    """Pages under the site: a same-host sitemap robots.txt declares, else 共 N 条 counts."""
    for sitemap in robots.sitemaps:
        if urlsplit(sitemap).netloc.lower() != site.host:
            continue  # another host's sitemap is not fetched
        prefix = f"{site.host}{site.prefix}".encode()
        locs = re.findall(rb"<loc>\s*(\S+?)\s*</loc>", pacer.sitemap(sitemap, settings))
        count = sum(1 for loc in locs if prefix in loc.lower())
        if count:
            return count, "站点地图"
    counts = [int(n) for n in _COUNT.findall(text)]
    if counts:
        return sum(counts) + 1, "栏目条数"
    return None, ""


# ------------------------------------------------------------------ the table


HEADERS = (
    "部门",
    "网址",
    "可访问",
    "编码",
    "robots 是否允许",
    "首页标题",
    "估计页面数",
    "预计用时",
)


def table_rows(checks: list[SiteCheck], settings: CrawlSettings) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for check in checks:
        if check.reachable and check.status:
            reach = "是"
        elif check.reason:
            reach = f"否:{check.reason}"
        else:
            reach = "未访问"
        robots = "是" if check.robots_allowed else "否"
        if check.reason and not check.status:
            robots = "-"  # nothing answered: robots.txt says nothing either
        elif not check.robots_allowed and not settings.obey_robots:
            robots += "(已设置不遵守)"
        elif check.robots_note and check.robots_allowed:
            robots += f"({check.robots_note})"
        pages = f"{check.pages}({check.pages_from})" if check.pages else "未知"
        eta = duration(check.eta_seconds(settings)) if check.inspectable(settings) else "-"
        if check.inspectable(settings) and not check.pages:
            eta = f"最多 {eta}"
        rows.append(
            (
                check.site.department,
                check.site.url,
                reach,
                check.encoding or "-",
                robots,
                check.title or "-",
                pages,
                eta,
            )
        )
    return rows


def duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} 秒"
    if seconds < 3600:
        return f"{round(seconds / 60)} 分钟"
    return f"{seconds / 3600:.1f} 小时"


def format_table(rows: list[tuple[str, ...]]) -> list[str]:
    """Columns aligned by display width: a Chinese character takes two cells."""
    table = [HEADERS, *rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(HEADERS))]
    return [
        "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
