"""The inspection file: which sites, which checklist, judged at which date.

Users write these by hand, so every mistake is reported with the file, the key and what to
do, and loading never raises anything but InputError.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditor.errors import InputError
from auditor.inspection.serious_rules import (
    ANSWER_WITHIN_DAYS,
    SeriousRules,
    parse_interaction,
    parse_serious,
)
from auditor.inspection.tomltext import read_toml_text

USER_AGENT = "auditor/0.1 (政府网站信息公开检查; +https://example.invalid/auditor)"


@dataclass(frozen=True)
class CrawlSettings:
    """Politeness and limits; defaults are polite enough for a production government site."""

    external_links: str = "check"  # check | skip
    obey_robots: bool = True
    delay: float = 1.0  # seconds between requests to one host
    concurrency_per_host: int = 2
    concurrency: int = 16  # requests in flight per site crawl
    autothrottle: bool = True
    timeout: float = 15.0
    retries: int = 2
    retry_backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_pages_per_site: int = 5000
    max_depth: int = 8
    max_per_pattern: int = 200  # pages sharing one URL shape (calendar, ?page=N)
    max_repeated_segments: int = 2  # /a/a/a/ style traps
    user_agent: str = USER_AGENT
    # A repeat inspection keeps a link check whose verdict was OK this recently without asking
    # again (broken links and pages are always asked again); 0 = always recheck.
    recheck_ok_links_after_hours: float = 24.0
    # Caps against hostile servers (docs/reliability.md): each ends in a recorded reason.
    max_url_length: int = 8192  # longer links get url_too_long, never requested
    max_page_bytes: int = 20 * 1024 * 1024  # a page's body, also once decompressed
    max_robots_bytes: int = 500 * 1024  # robots.txt is read up to this, as search engines do
    max_header_bytes: int = 64 * 1024  # status line plus headers of one answer
    max_redirects: int = 10  # hops of one redirect chain
    max_links_per_page: int = 10000  # links taken from one page; the rest are cut off
    # Unreadable column pages rendered in headless Chromium, fenced to the inspected hosts
    # (docs/render.md); off unless the inspection file asks for it.
    render_listings: bool = False
    render_timeout: float = 15.0  # seconds per rendered page


@dataclass(frozen=True)
class Site:
    """A department site: a root URL or a path prefix inside a shared portal."""

    department: str
    url: str
    aliases: tuple[str, ...] = ()
    key: str = ""  # stable short id, e.g. "site1"
    channel: str = "site"

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()

    @property
    def prefix(self) -> str:
        path = urlsplit(self.url).path or "/"
        return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


@dataclass(frozen=True)
class Inspection:
    name: str
    checklist: str
    as_of: dt.date
    platform: Site
    sites: tuple[Site, ...]
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    path: str = ""
    serious: SeriousRules = field(default_factory=SeriousRules)  # 严重错误 checks' lists
    answer_within_days: int = ANSWER_WITHIN_DAYS  # 互动回应: answers later than this are late

    @property
    def all_sites(self) -> tuple[Site, ...]:
        """Department sites then the platform: everything the crawl visits."""
        return (*self.sites, self.platform)

    def site(self, key: str) -> Site:
        return next(s for s in self.all_sites if s.key == key)

    def department_names(self) -> list[str]:
        return [s.department for s in self.sites]


def load_inspection(path: str | Path, today: dt.date | None = None) -> Inspection:
    """Read and validate an inspection file; every problem becomes an InputError."""
    path = Path(path)
    data = _read_toml(path)
    where = str(path)
    _require(data, "name", str, where)
    _require(data, "checklist", str, where)
    as_of = _parse_date(data.get("as_of"), f"{where}: as_of", today or dt.date.today())
    platform = _parse_platform(data.get("platform"), where)
    sites = _parse_sites(data.get("sites"), where)
    crawl = _parse_crawl(data.get("crawl", {}), where)
    serious = parse_serious(data.get("serious"), where)
    answer_days = parse_interaction(data.get("interaction"), where)
    known = {"name", "checklist", "as_of", "platform", "sites", "crawl", "serious", "interaction"}
    _unknown_keys(data, known, where)
    checklist = data["checklist"]
    if checklist.endswith(".toml") and not Path(checklist).is_absolute():
        checklist = str((path.parent / checklist).resolve())
    return Inspection(
        data["name"], checklist, as_of, platform, sites, crawl, str(path), serious, answer_days
    )


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(
            f"找不到检查方案文件 {path}", "请确认路径正确,或先运行 auditor demo 查看示例文件。"
        )
    try:
        return tomllib.loads(read_toml_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"{path}: TOML 语法错误:{exc}", "请检查该行的引号、等号和方括号。"
        ) from None


def _require(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in data:
        raise InputError(f"{where}: 缺少必填项 {key}", f"请在文件中加入 {key} = …。")
    value = data[key]
    if not isinstance(value, kind) or (kind is str and _blank(value)):
        raise InputError(
            f"{where}: {key} 的值无效:{value!r}", f"{key} 应为非空{_kind_name(kind)}。"
        )
    return value


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def _kind_name(kind: type) -> str:
    return {str: "字符串", int: "整数", float: "数字", bool: "布尔值(true/false)"}.get(kind, "值")


def _parse_date(value: Any, where: str, default: dt.date) -> dt.date:
    if value is None:
        return default
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError(f"{where} 不是有效日期:{value!r}", "日期写作 2014-11-20(不加引号)。")


def parse_url(value: Any, where: str) -> str:
    """A site URL as the audit accepts it (http(s), a host, a valid port), else InputError."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(
            f"{where}: 缺少网址 url", '请写明站点网址,如 url = "http://127.0.0.1:8101/"。'
        )
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"{where}: 网址无效:{value!r}", "网址须以 http:// 或 https:// 开头并包含主机名。"
        )
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise InputError(f"{where}: 网址端口无效:{value!r}", "端口应为 1-65535 的整数。") from None
    return value.strip() if parts.path else value.strip() + "/"


def _parse_platform(value: Any, where: str) -> Site:
    if not isinstance(value, dict):
        raise InputError(
            f"{where}: 缺少 [platform] 统一平台配置", "请加入 [platform],写明 name 与 url。"
        )
    key = f"{where}: [platform]"
    name = _require(value, "name", str, key)
    _unknown_keys(value, {"name", "url"}, key)
    url = parse_url(value.get("url"), key)
    return Site(department=name, url=url, key="platform", channel="platform")


def _parse_sites(value: Any, where: str) -> tuple[Site, ...]:
    if not isinstance(value, list) or not value:
        raise InputError(
            f"{where}: 没有任何 [[sites]] 部门站点",
            "请至少加入一个 [[sites]],写明 department 与 url。",
        )
    sites: list[Site] = []
    for number, raw in enumerate(value, start=1):
        key = f"{where}: 第 {number} 个 [[sites]]"
        if not isinstance(raw, dict):
            raise InputError(f"{key} 格式错误", "[[sites]] 下应为 department = …、url = … 等键值。")
        department = _require(raw, "department", str, key).strip()
        _unknown_keys(raw, {"department", "url", "aliases"}, key)
        url = parse_url(raw.get("url"), key)
        aliases = raw.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError(f"{key}: aliases 应为字符串列表", '例如 aliases = ["良庆区财政局"]。')
        sites.append(Site(department, url, tuple(aliases), key=f"site{number}"))
    _reject_duplicates(sites, where)
    return tuple(sites)


def _reject_duplicates(sites: list[Site], where: str) -> None:
    seen_urls: dict[str, str] = {}
    seen_departments: set[str] = set()
    for site in sites:
        url = site.url.rstrip("/").lower()
        if url in seen_urls:
            raise InputError(
                f"{where}: 站点 {site.url} 重复出现({seen_urls[url]} 与 {site.department})",
                "每个站点只写一次;同一门户下的部门请用不同的路径前缀。",
            )
        if site.department in seen_departments:
            raise InputError(
                f"{where}: 部门 {site.department} 出现了两次", "每个部门只写一个 [[sites]]。"
            )
        seen_urls[url] = site.department
        seen_departments.add(site.department)


_CRAWL_TYPES: dict[str, type] = {f.name: f.type for f in fields(CrawlSettings)}  # type: ignore[misc]


def _parse_crawl(value: Any, where: str) -> CrawlSettings:
    if not isinstance(value, dict):
        raise InputError(f"{where}: [crawl] 格式错误", "[crawl] 下应为键值对。")
    _unknown_keys(value, set(_CRAWL_TYPES), f"{where}: [crawl]")
    for key, raw in value.items():
        kind = {"str": str, "bool": bool, "int": int, "float": float}[str(_CRAWL_TYPES[key])]
        ok = isinstance(raw, kind) or (kind is float and isinstance(raw, int))
        if not ok or isinstance(raw, bool) and kind is not bool:
            raise InputError(
                f"{where}: [crawl] {key} 的值无效:{raw!r}", f"{key} 应为{_kind_name(kind)}。"
            )
        if kind in (int, float) and raw < 0:
            raise InputError(
                f"{where}: [crawl] {key} 不能为负数:{raw!r}", f"请把 {key} 设为 0 或正数。"
            )
    if value.get("external_links", "check") not in ("check", "skip"):
        raise InputError(
            f"{where}: [crawl] external_links 只能是 check 或 skip",
            '例如 external_links = "skip"。',
        )
    return CrawlSettings(**value)


def _unknown_keys(data: dict[str, Any], known: set[str], where: str) -> None:
    for key in data:
        if key not in known:
            near = ", ".join(sorted(known))
            close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
            guess = f"是不是 {close[0]}?" if close else ""
            raise InputError(f"{where}: 未知的配置项 {key}", f"{guess}可用的配置项:{near}。")
