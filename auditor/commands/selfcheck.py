"""`auditor selfcheck INSPECTION.toml --department NAME`: a department checks itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from auditor.commands.audit import hold_lock, parse_fail_on
from auditor.commands.common import db_option, fail_on_option, load_inputs, out_option, quiet_option
from auditor.errors import EXIT_GAPS
from auditor.report.wording import STATUS_LABELS, STATUS_SYMBOLS
from auditor.store import Store
from auditor.store.records import ReportDocument
from auditor.workflows.audit import gaps, run_audit
from auditor.workflows.selfcheck import Todo, reduced_inspection, todo_list


def deadline_words(todo: Todo) -> str:
    if todo.deadline is None:
        return "无固定期限,尽快办理"
    if todo.days_left is not None and todo.days_left < 0:
        return f"{todo.deadline}(已逾期 {-todo.days_left} 天)"
    if todo.days_left == 0:
        return f"{todo.deadline}(今天到期)"
    return f"{todo.deadline}(还剩 {todo.days_left} 天)"


def render_todos(department: str, report: ReportDocument, todos: list[Todo]) -> Iterator[str]:
    items = report["items"]
    present = sum(1 for f in items if f["status"] == "present")
    as_of = report["inspection"]["as_of"]
    yield (
        f"{department} 自查结果(判定基准日 {as_of}):应公开 {len(items)} 项,"
        f"已公开 {present} 项,待整改 {len(items) - present} 项。"
    )
    if not todos:
        yield "没有待办事项。"
        return
    yield "待办事项(按期限、扣分排序):"
    for number, todo in enumerate(todos, start=1):
        label = "即将过期" if todo.status == "present" else STATUS_LABELS[todo.status]
        yield f"{number:>2}. {STATUS_SYMBOLS[todo.status]} [{label}] {todo.item_name}"
        yield f"    要做:{todo.action}"
        if todo.reason and todo.status != "present":
            yield f"    原因:{todo.reason}"
        points = f";扣 {todo.deduction:g} 分" if todo.deduction else ""
        yield f"    期限:{deadline_words(todo)}{points}"


@click.command()
@click.argument("inspection", type=click.Path(dir_okay=False))
@click.option("--department", required=True, help="自查的部门(按检查方案中的写法)。")
@out_option("reports/selfcheck")
@db_option()
@fail_on_option("仍有这些状态的事项时以退出码 1 结束,如 missing,broken,stale。")
@click.option("--wait", is_flag=True, help="另一次检查正在使用数据库时排队等待。")
@quiet_option
def selfcheck(
    inspection: str,
    department: str,
    out_dir: str,
    db_path: str | None,
    fail_on: str | None,
    wait: bool,
    quiet: bool,
) -> int:
    """部门自查:只抓取本部门网站和统一平台,只判定本部门事项,列出待办事项和期限。"""
    statuses = parse_fail_on(fail_on)
    spec, checklist = load_inputs(inspection)
    reduced = reduced_inspection(spec, checklist, department)
    name = reduced.sites[0].department
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = Path(db_path) if db_path else out / "auditor.db"
    with hold_lock(db, True, wait):
        result = run_audit(reduced, checklist, Store(db), out, department=name, quiet=quiet)
    for line in render_todos(name, result.report, todo_list(result.report, checklist, spec.as_of)):
        click.echo(line)
    click.echo(f"报告:{result.files[0]}")
    failing = gaps(result.report, statuses)
    if failing:
        click.echo(f"仍有 {len(failing)} 项 {','.join(sorted(statuses))} 问题,退出码 1。", err=True)
        return EXIT_GAPS
    return 0
