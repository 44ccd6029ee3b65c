"""Draft an inspection from a spreadsheet or a portal: the library side of `auditor init`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from auditor.checklist.load import builtin_ids, load_checklist
from auditor.checklist.model import Checklist
from auditor.classify.attribution import common_district
from auditor.errors import InputError
from auditor.inspection.file import CrawlSettings
from auditor.plan.draft import Candidate, Planned, check_url, missing_departments, plan_sites
from auditor.plan.fetch import fetch, robots_of
from auditor.plan.names import department_names
from auditor.plan.portal import portal_links
from auditor.plan.sheet import read_sheet
from auditor.plan.toml_out import PLATFORM_NAME, Draft


@dataclass(frozen=True)
class Source:
    """Where the departments come from, and what the user gave on the command line."""

    sites_file: str | None
    portal: str | None
    platform: str | None
    checklist: str | None
    name: str | None
    platform_name: str = PLATFORM_NAME


def draft_plan(source: Source) -> Draft:
    if bool(source.sites_file) == bool(source.portal):
        raise InputError(
            "请给出 --sites 表格文件或 --portal 门户网址(二选一)",
            "例如 auditor init --sites 部门网站.xlsx --platform http://平台/ --out 检查方案.toml。",
        )
    if source.sites_file:
        candidates = sheet_candidates(source.sites_file)
        found_platform, origin = "", Path(source.sites_file).name
    else:
        assert source.portal is not None
        candidates, found_platform = portal_candidates(source.portal)
        origin = f"门户 {source.portal}"
    checklist = choose_checklist(source.checklist, candidates)
    places = common_district(c.name for c in candidates)
    names = department_names(checklist, places)
    sites = plan_sites(candidates, names)
    platform_url = source.platform or found_platform
    return Draft(
        name=source.name or f"{_district(checklist, places)}政府网站信息公开检查",
        checklist=_checklist_ref(source.checklist, checklist),
        platform=_platform(platform_url, source.platform_name) if platform_url else None,
        platform_name=source.platform_name,
        sites=sites,
        missing=missing_departments(sites, names),
        source=origin,
    )


def sheet_candidates(path: str) -> list[Candidate]:
    sheet = read_sheet(path)
    return [Candidate(f"第 {row.number} 行", row.name, row.url) for row in sheet.rows]


def portal_candidates(url: str) -> tuple[list[Candidate], str]:
    """The portal's department links, read from its home page after asking robots.txt."""
    home, problem, hint = check_url(url)
    if problem:
        raise InputError(f"--portal {problem}", hint)
    settings = CrawlSettings()
    if not robots_of(home, settings.user_agent, settings.timeout).allows(home, settings.user_agent):
        raise InputError(
            f"门户 {home} 的 robots.txt 不允许抓取首页", "请改用 --sites 表格列出各部门网站。"
        )
    answer = fetch(home, settings.user_agent, settings.timeout)
    if not answer.ok:
        raise InputError(
            f"无法读取门户首页 {home}:{answer.error or f'HTTP {answer.status}'}",
            "请确认网址正确且网站可以访问,或改用 --sites 表格。",
        )
    _, text = answer.text()
    links = portal_links(text, answer.url)
    if not links.sites:
        raise InputError(
            f"门户首页 {home} 中没有找到部门网站栏目(部门网站、政府部门、乡镇街道等)",
            "请改用 --sites 表格列出各部门网站,表格格式见 docs/inspection.md。",
        )
    return links.sites, links.platform


def choose_checklist(given: str | None, candidates: list[Candidate]) -> Checklist:
    """The given checklist, else the built-in one that knows the most of the names."""
    if given:
        return load_checklist(given)
    best: tuple[int, Checklist] | None = None
    for checklist_id in builtin_ids():
        checklist = load_checklist(checklist_id)
        names = department_names(checklist, common_district(c.name for c in candidates))
        known = sum(1 for c in candidates if names.resolve(c.name))
        if best is None or known > best[0]:
            best = (known, checklist)
    assert best is not None
    return best[1]


def _platform(url: str, name: str) -> Planned:
    checked, problem, hint = check_url(url)
    return Planned(Candidate("--platform", name, url), name, checked, problem, hint)


def _checklist_ref(given: str | None, checklist: Checklist) -> str:
    """A built-in id as is; a file as an absolute path, so the plan works from anywhere."""
    if given and (given.endswith(".toml") or "/" in given or "\\" in given):
        return str(Path(given).resolve())
    return checklist.id


def _district(checklist: Checklist, places: set[str]) -> str:
    """The checklist's district, or the one the rows name when the checklist is another's:
    the plan's name teaches the audit whose bodies are ours."""
    short = checklist.district_short or checklist.district
    if not places or (short and any(p.endswith(short) for p in places)):
        return checklist.district
    return max(places, key=len)
