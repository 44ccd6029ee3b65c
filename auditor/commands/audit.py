"""`auditor audit`: crawl, classify, judge and write the reports."""

from __future__ import annotations

from pathlib import Path

import click

from auditor.audit import AuditResult, gaps, run_audit
from auditor.checklist import STATUSES
from auditor.commands.common import load_inputs
from auditor.errors import EXIT_GAPS, InputError
from auditor.store import Store


def parse_fail_on(value: str | None) -> set[str]:
    statuses = {s.strip() for s in (value or "").split(",") if s.strip()}
    unknown = statuses - set(STATUSES)
    if unknown:
        raise InputError(
            f"--fail-on 中有未知状态:{'、'.join(sorted(unknown))}",
            f"可用的状态:{','.join(STATUSES)},例如 --fail-on missing,broken。",
        )
    return statuses


def echo_summary(result: AuditResult, out_dir: Path) -> None:
    report = result.report
    counts: dict[str, int] = {}
    for item in report["items"]:
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    names = {"present": "已公开", "stale": "未及时更新", "missing": "未公开", "broken": "链接失效"}
    figures = ",".join(f"{names[s]} {counts.get(s, 0)} 项" for s in names)
    click.echo(
        f"检查完成:共抓取页面 {report['pages_crawled']} 个;{figures};"
        f"失效链接 {len(report['broken_links'])} 个;疑似篡改 {len(report['tampering'])} 处。"
    )
    click.echo(f"报告:{out_dir / 'report.html'}")


@click.command()
@click.argument("inspection", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    default="reports/latest",
    show_default=True,
    type=click.Path(file_okay=False),
    help="报告输出目录。",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    help="SQLite 数据库文件(默认:输出目录下的 auditor.db)。",
)
@click.option("--resume", is_flag=True, help="继续上一次被中断的抓取。")
@click.option(
    "--reuse-crawl",
    "reuse",
    type=int,
    metavar="RUN",
    help="不重新抓取,用数据库中编号为 RUN 的抓取结果重新判定(例如修改清单之后)。",
)
@click.option("--department", help="只输出该部门的报告。")
@click.option(
    "--fail-on",
    "fail_on",
    metavar="STATUSES",
    help="发现这些状态时以退出码 1 结束,如 missing,broken。",
)
@click.option("--quiet", "-q", is_flag=True, help="不显示抓取进度。")
def audit(
    inspection: str,
    out_dir: str,
    db_path: str | None,
    resume: bool,
    reuse: int | None,
    department: str | None,
    fail_on: str | None,
    quiet: bool,
) -> int:
    """按检查方案完成一次检查:抓取、分类、判定并生成报告。"""
    statuses = parse_fail_on(fail_on)
    spec, checklist = load_inputs(inspection)
    if department and checklist.department(department) is None:
        raise InputError(f"检查清单中没有部门“{department}”", "请按检查方案中的写法填写部门名称。")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    store = Store(db_path or out / "auditor.db")
    result = run_audit(
        spec,
        checklist,
        store,
        out,
        resume=resume,
        reuse_run=reuse,
        department=department,
        quiet=quiet,
    )
    echo_summary(result, out)
    failing = gaps(result.report, statuses)
    if failing:
        click.echo(f"存在 {len(failing)} 项 {','.join(sorted(statuses))} 问题,退出码 1。", err=True)
        return EXIT_GAPS
    return 0
