"""Write a drafted plan as a commented inspection TOML that `auditor audit` accepts as is.

Rows needing a person are written commented out, with the reason above them, so the file
stays loadable while the user fixes it, and each fix is uncommenting a block.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields

from auditor.inspection.file import CrawlSettings
from auditor.plan.draft import Planned

PLATFORM_NAME = "政府信息公开统一平台"


@dataclass(frozen=True)
class Draft:
    name: str
    checklist: str
    platform: Planned | None  # None: no platform URL known, the block is left commented
    platform_name: str
    sites: list[Planned]
    missing: list[str]  # checklist departments with no row
    source: str  # what the plan was drafted from, for the header comment

    @property
    def problems(self) -> list[Planned]:
        troubled = [p for p in self.sites if not p.ok]
        return troubled if self.platform is None or self.platform.ok else [self.platform, *troubled]


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's."""
    return json.dumps(text, ensure_ascii=False)


def render(draft: Draft, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    lines = [
        f"# 检查方案:由 auditor init 根据 {draft.source} 生成({today.isoformat()})。",
        "# 格式见 docs/inspection.md。每次修改后请运行 auditor audit --check-only 本文件,",
        "# 确认每个网站都能访问、允许抓取。标有“待核对”的段落需要人工改正后取消注释。",
        "",
        f"name = {toml_string(draft.name)}",
        f"checklist = {toml_string(draft.checklist)}",
        f"# as_of = {today.isoformat()}        # 判定“是否及时更新”所依据的日期;省略则为检查当天",
        "",
        *_platform(draft),
    ]
    for entry in draft.sites:
        lines += ["", *_site(entry)]
    if draft.missing:
        lines += ["", "# 清单中的以下部门在表格中没有对应的行(如需检查,请补写 [[sites]]):"]
        lines += [f"#   {name}" for name in draft.missing]
    return "\n".join([*lines, "", *_crawl()]) + "\n"


def _platform(draft: Draft) -> list[str]:
    entry = draft.platform
    block = ["[platform]", f"name = {toml_string(draft.platform_name)}"]
    if entry is None:
        return [
            "# 待核对:没有统一平台的网址,请用 --platform 给出,或在此填写后取消注释",
            *(f"# {line}" for line in block),
            '# url = "http://"',
        ]
    block.append(f"url = {toml_string(entry.url)}")
    if entry.ok:
        return ["# 自治区(省)政府信息公开统一平台,所有部门的信息也要在这里公开", *block]
    return [f"# 待核对:统一平台{entry.problem};{entry.hint}", *(f"# {line}" for line in block)]


def _site(entry: Planned) -> list[str]:
    block = ["[[sites]]", f"department = {toml_string(entry.department)}"]
    if entry.aliases:
        block.append(f"aliases = [{', '.join(toml_string(a) for a in entry.aliases)}]")
    block.append(f"url = {toml_string(entry.url)}")
    where = f"{entry.candidate.where}:{entry.candidate.name.strip()}"
    if entry.ok:
        return [f"# {where}", *block]
    head = f"# 待核对({where}):{entry.problem}" + (f";{entry.hint}" if entry.hint else "")
    return [head, *(f"# {line}" for line in block)]


def _crawl() -> list[str]:
    """The politeness settings at their defaults, commented, so they are found when needed."""
    lines = ["# 抓取礼貌性和限制(以下为默认值;需要修改时取消 [crawl] 和该行的注释):", "# [crawl]"]
    defaults = CrawlSettings()
    for field in fields(CrawlSettings):
        value = getattr(defaults, field.name)
        if isinstance(value, bool):
            shown = "true" if value else "false"
        elif isinstance(value, str):
            shown = toml_string(value)
        else:
            shown = str(value)
        lines.append(f"# {field.name} = {shown}")
    return lines
