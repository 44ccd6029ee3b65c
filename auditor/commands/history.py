"""`auditor history`: every stored run with its headline figures, oldest first."""

from __future__ import annotations

import unicodedata

import click

from auditor.commands.common import db_option, open_store
from auditor.judge.history import RunSummary, run_summaries
from auditor.report.wording import when

DEFAULT_DB = "reports/latest/auditor.db"
RUN_STATUS = {
    "complete": "完成",
    "running": "运行中或异常退出",
    "interrupted": "已中断",
    "crawled": "已抓取未判定",
    "failed": "失败",
}


# The commands that read stored runs default to the audit command's database.
stored_db_option = db_option(DEFAULT_DB, "auditor audit 使用的 SQLite 数据库文件。")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(rows: list[list[str]]) -> list[str]:
    """Rows aligned for a terminal, counting a Chinese character as two columns."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell + " " * (w - display_width(cell)) for cell, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]


HEADER = ["编号", "开始时间", "状态", "页面", "已公开", "未更新", "未公开", "链接失效"]
HEADER += ["失效链接", "篡改", "检查名称"]


def summary_row(run: RunSummary) -> list[str]:
    figures = (run.pages, run.present, run.stale, run.missing, run.broken)
    return [
        str(run.id),
        when(run.started)[:16],
        RUN_STATUS.get(run.status, run.status),
        *(str(n) for n in figures),
        str(run.broken_links),
        str(run.tampering),
        run.name,
    ]


@click.command()
@stored_db_option
def history(db_path: str) -> int:
    """列出数据库中保存的每一次检查及其主要数字。"""
    runs = run_summaries(open_store(db_path))
    if not runs:
        click.echo("数据库中还没有检查记录。先运行 auditor audit。")
        return 0
    for line in table([HEADER, *(summary_row(run) for run in runs)]):
        click.echo(line)
    click.echo(f"共 {len(runs)} 次检查。用 auditor diff 编号A 编号B 查看两次检查之间的变化。")
    return 0
