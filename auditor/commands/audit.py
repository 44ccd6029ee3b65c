"""`auditor audit`: crawl, classify, judge and write the reports."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import click

from auditor.checklist.model import STATUSES
from auditor.commands.common import (
    db_option,
    fail_on_option,
    load_inputs,
    out_option,
    quiet_option,
    writable_dir,
)
from auditor.errors import EXIT_GAPS, EXIT_INPUT, EXIT_INTERRUPTED, InputError
from auditor.store import Store
from auditor.workflows.audit import AuditResult, gaps, run_audit
from auditor.workflows.lock import EXIT_LOCKED, RunLock
from auditor.workflows.runlog import RunLog


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
    for line in summary_lines(result, out_dir):
        click.echo(line)


def summary_lines(result: AuditResult, out_dir: Path) -> list[str]:
    report = result.report
    counts: dict[str, int] = {}
    for item in report["items"]:
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    names = {"present": "已公开", "stale": "未及时更新", "missing": "未公开", "broken": "链接失效"}
    figures = ",".join(f"{names[s]} {counts.get(s, 0)} 项" for s in names)
    lines = [
        f"检查完成(第 {result.run_id} 次):共抓取页面 {report['pages_crawled']} 个;{figures};"
        f"失效链接 {len(report['broken_links'])} 个;疑似篡改 {len(report['tampering'])} 处。"
    ]
    sample = report.get("sample")
    if sample:
        lines.append(f"抽查:每站随机抽取 {sample['per_site']} 个页面,随机种子 {sample['seed']}。")
    return [*lines, f"报告:{out_dir / 'report.html'}"]


def check_plan_command(path: str) -> int:
    """Print whether each site can be inspected; exit 2 when one cannot. No database."""
    from auditor.plan.check import check_plan, format_table, table_rows

    spec, _ = load_inputs(path)
    checks = check_plan(spec)
    for line in format_table(table_rows(checks, spec.crawl)):
        click.echo(line)
    failing = [c for c in checks if not c.inspectable(spec.crawl)]
    for check in failing:
        why = check.reason or "robots.txt 不允许抓取首页"
        click.echo(f"无法检查:{check.site.department} {check.site.url}:{why}", err=True)
    if failing:
        fixes = ["请改正网址或确认网站已开放"] if any(c.reason for c in failing) else []
        if any(not c.reason for c in failing):
            fixes.append(
                "robots.txt 不允许时请联系网站,或在获得授权后在 [crawl] 设置 obey_robots = false"
            )
        click.echo(
            f"提示:{len(failing)} 个网站无法检查;{';'.join(fixes)};改好后重新运行 --check-only。",
            err=True,
        )
        return EXIT_INPUT
    click.echo(f"全部 {len(checks)} 个网站可以检查。")
    return 0


def distributed(redis_url: str | None, workers: int) -> dict[str, Any]:
    """The crawl to pass to run_audit when --redis is given (Redis is imported only then)."""
    if not redis_url:
        if workers:
            raise InputError(
                "--workers 只能与 --redis 一起使用",
                "例如 --redis redis://127.0.0.1:6379/0 --workers 4。",
            )
        return {}
    from auditor.distributed.coordinator import distributed_crawl

    return {"crawl": distributed_crawl(redis_url, workers)}


def hold_lock(db: Path, use_lock: bool, wait: bool) -> AbstractContextManager[object]:
    return RunLock(db, wait=wait) if use_lock else nullcontext()


@click.command()
@click.argument("inspection", type=click.Path(dir_okay=False))
@out_option("reports/latest")
@db_option()
@click.option(
    "--check-only",
    is_flag=True,
    help="只检查方案:每个网站访问一次首页和 robots.txt,列出能否检查和预计用时,不抓取、不写数据库。",
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
@fail_on_option("发现这些状态时以退出码 1 结束,如 missing,broken。")
@quiet_option
@click.option(
    "--sample",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="每个站点随机抽取 N 个页面供人工抽查(随机种子记入报告)。",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    help="抽查的随机种子;填报告中记录的种子可重现同一次抽取。",
)
@click.option(
    "--lock/--no-lock",
    "use_lock",
    default=True,
    show_default=True,
    help=f"同一数据库同时只运行一次检查;另一次正在运行时以退出码 {EXIT_LOCKED} 结束。",
)
@click.option("--wait", is_flag=True, help="另一次检查正在运行时排队等待,而不是直接退出。")
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    help="把每次运行的开始、结果和失败原因追加写入该文件(定时任务用)。",
)
@click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    help="分布式抓取:在该 Redis(redis://主机:端口/库)发布任务,由各机器上的 auditor worker 抓取。",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    help="与 --redis 一起用:在本机另外启动 N 个 worker 进程。",
)
def audit(
    inspection: str,
    out_dir: str,
    db_path: str | None,
    check_only: bool,
    resume: bool,
    reuse: int | None,
    department: str | None,
    fail_on: str | None,
    quiet: bool,
    sample: int,
    seed: int | None,
    use_lock: bool,
    wait: bool,
    log_file: str | None,
    redis_url: str | None = None,
    workers: int = 0,
) -> int:
    """按检查方案完成一次检查:抓取、分类、判定并生成报告。"""
    if check_only:
        return check_plan_command(inspection)
    statuses = parse_fail_on(fail_on)
    out = Path(out_dir)
    db = Path(db_path) if db_path else out / "auditor.db"
    log = RunLog(log_file)
    with log.run(f"检查 {inspection}"):
        writable_dir(out)  # a read-only or full folder is said now, not after the crawl
        writable_dir(db.parent, "数据库目录")
        with hold_lock(db, use_lock, wait):
            spec, checklist = load_inputs(inspection)
            if department and checklist.department(department) is None:
                raise InputError(
                    f"检查清单中没有部门“{department}”", "请按检查方案中的写法填写部门名称。"
                )
            out.mkdir(parents=True, exist_ok=True)
            result = run_audit(
                spec,
                checklist,
                Store(db),
                out,
                resume=resume,
                reuse_run=reuse,
                department=department,
                quiet=quiet,
                sample=sample,
                seed=seed,
                **distributed(redis_url, workers),
            )
    lines = summary_lines(result, out)
    log.write(*lines)
    for line in lines:
        click.echo(line)
    if not result.complete:
        message = "抓取被中断,报告只反映已抓取的部分;可加 --resume 继续这次检查。"
        log.write(message)
        click.echo(message, err=True)
        return EXIT_INTERRUPTED
    failing = gaps(result.report, statuses)
    if failing:
        click.echo(f"存在 {len(failing)} 项 {','.join(sorted(statuses))} 问题,退出码 1。", err=True)
        return EXIT_GAPS
    return 0
