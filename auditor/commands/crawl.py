"""`auditor crawl`: fetch every site and the platform into the store."""

from __future__ import annotations

from pathlib import Path

import click

from auditor.classify.classifier import evidence_candidate
from auditor.commands.common import db_option, load_inputs
from auditor.crawl.run import run_crawl
from auditor.store import Store


@click.command()
@click.argument("inspection", type=click.Path(dir_okay=False))
@db_option("auditor.db", "SQLite 数据库文件。")
@click.option("--resume", is_flag=True, help="继续上一次被中断的抓取,不重复下载已保存的页面。")
@click.option("--log", "log_file", type=click.Path(dir_okay=False), help="Scrapy 日志文件。")
def crawl(inspection: str, db_path: str, resume: bool, log_file: str | None) -> int:
    """按检查方案抓取各部门网站和统一平台,结果存入数据库。"""
    spec, checklist = load_inputs(inspection)
    store = Store(db_path)
    log = Path(log_file) if log_file else Path(db_path).with_suffix(".log")
    run_id = run_crawl(
        spec, store, resume=resume, log_file=log, keep_body=evidence_candidate(checklist)
    )
    click.echo(f"抓取记录编号 {run_id},数据库 {db_path}")
    return 0
