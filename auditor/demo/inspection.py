"""Write the demo district's inspection file, pointing at the live loopback ports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from auditor.demo.sites import department_sites

if TYPE_CHECKING:
    from auditor.demo.server import DemoServer

NAME = "良庆区2014年重点领域政府信息公开专项检查(示例城区)"
PLATFORM_NAME = "自治区政府信息公开统一平台"
# Politeness off: the servers are ours and local, so the demo crawl takes seconds.
CRAWL = {
    "external_links": '"check"',
    "obey_robots": "true",
    "delay": "0.0",
    "autothrottle": "false",
    "timeout": "3.0",
    "retries": "1",
    "concurrency_per_host": "8",
    "max_per_pattern": "30",
    "max_pages_per_site": "300",
    "max_depth": "8",
    "max_repeated_segments": "2",
}

# The district's leaders (fictional) and its own official expression, for the 严重错误 checks.
SERIOUS = (
    "[[serious.leaders]]",
    'name = "覃振邦"',
    'title = "区委副书记、区长"',
    "[[serious.leaders]]",
    'name = "韦丽萍"',
    'title = "副区长"',
    "[[serious.expressions]]",
    'wrong = "良庆开发区"',
    'right = "良庆经济开发区"',
)


def inspection_text(urls: dict[str, str], as_of: str = "2014-11-20") -> str:
    lines = [
        f'name = "{NAME}"',
        'checklist = "liangqing-2014"',
        f"as_of = {as_of}",
        "",
        "[platform]",
        f'name = "{PLATFORM_NAME}"',
        f'url = "{urls["platform"]}"',
    ]
    for spec in department_sites():
        aliases = ", ".join(f'"{a}"' for a in spec.aliases)
        lines += [
            "",
            "[[sites]]",
            f'department = "{spec.department}"',
            f"aliases = [{aliases}]",
            f'url = "{urls[spec.key]}"',
        ]
    lines += ["", *SERIOUS, "", "[crawl]", *(f"{key} = {value}" for key, value in CRAWL.items())]
    return "\n".join(lines) + "\n"


def write_inspection(server: DemoServer, path: str | Path, as_of: str = "2014-11-20") -> Path:
    """Write a valid inspection TOML for the running demo district and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(inspection_text(server.urls, as_of), encoding="utf-8")
    return path
