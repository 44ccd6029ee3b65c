"""Inspection files for the test worlds, written from their parts.

Every world (tinyworld, cmsworld, linkworld, a test's own page server) needs the same file
with other sites and crawl settings; one writer keeps the TOML syntax in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

# our own loopback server: no politeness to keep
LOOPBACK_CRAWL: dict[str, Any] = {
    "obey_robots": False,
    "delay": 0.0,
    "autothrottle": False,
    "retries": 0,
}
# ... and nothing outside the world to check
OWN_SERVER: dict[str, Any] = {"external_links": "skip", **LOOPBACK_CRAWL, "timeout": 5.0}


def inspection_toml(
    sites: Iterable[Sequence[str]],
    platform: str,
    *,
    name: str = "小城区检查",
    as_of: str = "2014-11-20",
    checklist: str = "liangqing-2014",
    platform_name: str = "自治区政府信息公开统一平台",
    **crawl: Any,
) -> str:
    """The inspection file: `sites` are (department, url, alias, ...) rows, `platform` the
    platform's URL, `crawl` the [crawl] table (OWN_SERVER for a loopback world)."""
    lines = [
        f'name = "{name}"',
        f'checklist = "{checklist}"',
        f"as_of = {as_of}",
        "[platform]",
        f'name = "{platform_name}"',
        f'url = "{platform}"',
    ]
    for department, url, *aliases in sites:
        lines += ["[[sites]]", f'department = "{department}"']
        lines += [f"aliases = {toml_value(aliases)}"] if aliases else []
        lines.append(f'url = "{url}"')
    lines.append("[crawl]")
    lines += [f"{key} = {toml_value(value)}" for key, value in crawl.items()]
    return "\n".join(lines) + "\n"


def one_site(
    origin: str, department: str, path: str, *, name: str, as_of: str = "2024-04-01", **crawl: Any
) -> str:
    """The inspection of a one-department world on a test's own page server (platform /pt/)."""
    site = [(department, f"{origin}{path}")]
    return inspection_toml(
        site, f"{origin}/pt/", name=name, as_of=as_of, platform_name="统一平台", **crawl
    )


def toml_value(value: Any) -> str:
    """A TOML literal for the values an inspection holds (bool, number, string, list)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return str(value)
