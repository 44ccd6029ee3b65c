"""From candidate rows (spreadsheet rows or portal links) to the sites of a plan.

Each candidate gets its checklist department and a URL the audit accepts, or a problem a
person must settle (no department, a duplicate, a URL without scheme).  Problems never stop
the draft: the plan is written with those rows commented out, so fixing one is editing a
line, not starting again.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from auditor.classify.attribution import clean
from auditor.errors import InputError
from auditor.inspection.file import parse_url
from auditor.plan.names import DepartmentNames


@dataclass(frozen=True)
class Candidate:
    """A department site as found: `where` says where (第 3 行, 门户链接 …) for messages."""

    where: str
    name: str
    url: str


@dataclass(frozen=True)
class Planned:
    candidate: Candidate
    department: str  # the checklist's name, or the written name when unresolved
    url: str  # as the audit accepts it, or the suggested fix when the URL needs one
    problem: str = ""  # Chinese, "" when the row is fine
    hint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def aliases(self) -> tuple[str, ...]:
        """The written name, kept so the audit knows the department by it too."""
        written = self.candidate.name.strip()
        return (written,) if clean(written) and clean(written) != clean(self.department) else ()


def plan_sites(candidates: list[Candidate], names: DepartmentNames) -> list[Planned]:
    """One Planned per candidate, in order; the first of two rows for a department wins."""
    planned: list[Planned] = []
    by_department: dict[str, Candidate] = {}
    by_url: dict[str, Candidate] = {}
    for candidate in candidates:
        entry = _plan_one(candidate, names)
        if entry.ok:
            entry = _duplicate(entry, by_department, by_url)
        if entry.ok:
            by_department[entry.department] = candidate
            by_url[_url_key(entry.url)] = candidate
        planned.append(entry)
    return planned


def missing_departments(planned: list[Planned], names: DepartmentNames) -> list[str]:
    """Departments of the checklist no candidate names, even with a problem to fix."""
    found = {p.department for p in planned}
    return [d.name for d in names.checklist.departments if d.name not in found]


def _plan_one(candidate: Candidate, names: DepartmentNames) -> Planned:
    url, url_problem, url_hint = check_url(candidate.url)
    department = names.resolve(candidate.name)
    if department is None:
        near = names.suggest(candidate.name)
        hint = f"是不是 {'、'.join(near)}?" if near else "请按清单中的部门名称填写。"
        written = candidate.name.strip() or "(空)"
        problem = f"清单中没有部门“{written}”" + (f";{url_problem}" if url_problem else "")
        return Planned(candidate, written, url, problem, hint)
    if url_problem:
        return Planned(candidate, department, url, url_problem, url_hint)
    return Planned(candidate, department, url)


def _duplicate(
    entry: Planned, by_department: dict[str, Candidate], by_url: dict[str, Candidate]
) -> Planned:
    first = by_department.get(entry.department) or by_url.get(_url_key(entry.url))
    if first is None:
        return entry
    what = f"部门 {entry.department}" if entry.department in by_department else f"网址 {entry.url}"
    return Planned(
        entry.candidate,
        entry.department,
        entry.url,
        f"{what} 与{first.where}重复",
        "每个部门只写一行;同一门户下的部门请写各自的路径前缀。",
    )


def check_url(written: str) -> tuple[str, str, str]:
    """(URL, problem, hint): a bare domain gets http:// suggested, never silently added."""
    text = written.strip()
    if not text:
        return "", "缺少网址", "请填写网站首页地址,如 http://www.example.gov.cn/。"
    if "://" not in text and not text.startswith("//"):
        suggested = _with_slash("http://" + text)
        return suggested, f"网址“{text}”缺少 http:// 或 https://", f"是不是 {suggested}?"
    try:
        return parse_url(text, ""), "", ""
    except InputError as exc:
        return text, f"网址“{text}”无效", exc.hint


def _with_slash(url: str) -> str:
    return url if urlsplit(url).path else url + "/"


def _url_key(url: str) -> str:
    return url.rstrip("/").lower()
