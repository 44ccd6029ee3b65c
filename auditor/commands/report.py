"""`auditor report`: write the reports of a stored run (no crawling, no judging)."""

from __future__ import annotations

from pathlib import Path

import click

from auditor.commands.common import db_option, open_store, out_option, writable_dir
from auditor.errors import InputError
from auditor.report import report_files
from auditor.store import Store


@click.command()
@click.argument("run", required=False, type=int)
@db_option(help_text="SQLite 数据库文件(默认:输出目录下的 auditor.db,否则当前目录的 auditor.db)。")
@out_option("reports")
@click.option("--department", help="只生成该部门的报告(部门名称按检查清单的写法)。")
@click.option("--pdf", "want_pdf", is_flag=True, help="同时用无界面 Chromium 打印 PDF。")
def report(
    run: int | None, db_path: str | None, out_dir: str, department: str | None, want_pdf: bool
) -> int:
    """根据数据库中已保存的检查结果生成报告(HTML、JSON、XLSX、CSV)。"""
    out = Path(out_dir)
    store = open_store(Path(db_path) if db_path else _default_db(out))
    run_id = run if run is not None else _latest_run(store)
    writable_dir(out)
    _, paths = report_files(store, run_id, out, department=department)
    if want_pdf:
        from auditor.report.pdf import print_pdf

        paths.append(print_pdf(paths[0]))
    for path in paths:
        click.echo(f"已生成:{path}")
    return 0


def _default_db(out: Path) -> Path:
    beside = out / "auditor.db"
    return beside if beside.exists() else Path("auditor.db")


def _latest_run(store: Store) -> int:
    run = store.latest_run()
    if run is None:
        raise InputError(
            f"数据库 {store.path} 中还没有任何检查记录。", "先运行 auditor audit 或 auditor crawl。"
        )
    return int(run["id"])
