"""`auditor diff RUN_A RUN_B`: what changed between two inspections, in Chinese."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict

import click

from auditor.commands.common import open_store
from auditor.commands.history import stored_db_option, table
from auditor.judge.history import Change, LinkChange, RunDiff, RunSummary, diff_runs
from auditor.report.wording import STATUS_LABELS, STATUS_SYMBOLS, reason_text, when

FIGURES = (
    ("present", "已公开", "项"),
    ("stale", "未及时更新", "项"),
    ("missing", "未公开", "项"),
    ("broken", "链接失效", "项"),
    ("broken_links", "失效链接", "个"),
    ("tampering", "疑似篡改", "处"),
)
SECTIONS = (
    ("fixed", "已整改(问题 → 已公开)"),
    ("new_gaps", "新增问题(已公开 → 未公开或链接失效)"),
    ("went_stale", "变为未及时更新(已公开 → 未及时更新)"),
    ("changed", "问题类型变化"),
)


def run_title(run: RunSummary) -> str:
    return f"第 {run.id} 次({when(run.started)[:16]},检查日 {run.as_of})"


def change_line(change: Change) -> str:
    before, after = STATUS_LABELS[change.before], STATUS_LABELS[change.after]
    points = f"(扣 {change.deduction:g} 分)" if change.deduction else ""
    symbol = STATUS_SYMBOLS[change.after]
    return f"  {symbol} {change.department} {change.item_name}:{before} → {after}{points}"


def link_lines(link: LinkChange) -> list[str]:
    anchor = f";链接文字:{link.anchor}" if link.anchor else ""
    return [
        f"  {link.department} {link.url}({reason_text(link.reason)})",
        f"      所在页面:{link.page}{anchor}",
    ]


def render_diff(diff: RunDiff) -> Iterator[str]:
    yield f"对比:{run_title(diff.before)} → {run_title(diff.after)}"
    before, after = asdict(diff.before), asdict(diff.after)
    yield "；".join(f"{label} {before[k]} → {after[k]} {unit}" for k, label, unit in FIGURES)
    for key, title in SECTIONS:
        changes: tuple[Change, ...] = getattr(diff, key)
        if changes:
            yield f"\n{title}:{len(changes)} 项"
            yield from (change_line(c) for c in changes)
    yield from _links("新增失效链接", diff.links_broken)
    yield from _links("已修复的失效链接", diff.links_repaired)
    if diff.new_tampering:
        yield f"\n新发现疑似篡改:{len(diff.new_tampering)} 处"
        yield from (f"  {t['department']} {t['page']}" for t in diff.new_tampering)
    yield f"\n仍待整改:{diff.open_gaps} 项。"
    yield from _trend(diff)


def _links(title: str, links: tuple[LinkChange, ...]) -> Iterator[str]:
    if links:
        yield f"\n{title}:{len(links)} 个"
        for link in links:
            yield from link_lines(link)


def _trend(diff: RunDiff) -> Iterator[str]:
    if not diff.trend:
        return
    yield "\n各部门趋势(得分,括号内为已公开/应公开项数;从早到晚):"
    rows = []
    for department, points in diff.trend.items():
        steps = " → ".join(f"{p['score']:g}({p['present']}/{p['due']})" for p in points)
        rows.append(["  " + department, steps])
    yield from table(rows)


@click.command()
@click.argument("run_a", type=int)
@click.argument("run_b", type=int)
@stored_db_option
@click.option("--department", help="只看该部门的变化。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出,供其他程序读取。")
def diff(run_a: int, run_b: int, db_path: str, department: str | None, as_json: bool) -> int:
    """对比两次检查:新整改、新增问题、变为未及时更新、新增失效链接和各部门趋势。"""
    result = diff_runs(open_store(db_path), run_a, run_b, department)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    for line in render_diff(result):
        click.echo(line)
    return 0
