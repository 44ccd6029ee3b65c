"""`auditor probe INSPECTION.toml --db FILE`: one timed visit of every home page, stored.

Run by a timer 20+ times a day (docs/scheduling.md); the report turns a week of visits into
the 站点无法访问 indicator. It takes no audit lock: a visit is one small insert, and an audit
running at the same minute must not make the probe skip its sample.
"""

from __future__ import annotations

from pathlib import Path

import click

from auditor.commands.common import quiet_option
from auditor.commands.history import stored_db_option
from auditor.crawl.probe import probe_inspection
from auditor.inspection.file import load_inspection
from auditor.store import Store


@click.command()
@click.argument("inspection", type=click.Path(dir_okay=False))
@stored_db_option
@quiet_option
def probe(inspection: str, db_path: str, quiet: bool) -> int:
    """访问一次各站点首页并记录是否在15秒内打开(供“站点无法访问”一周监测)。"""
    plan = load_inspection(inspection)
    store = Store(Path(db_path))
    try:
        visits = probe_inspection(plan, store)
    finally:
        store.close()
    failed = [v for v in visits if not v.ok]
    if not quiet:
        for v in visits:
            state = "正常" if v.ok else f"失败({v.reason})"
            click.echo(f"{v.department}  {v.url}  {v.elapsed_ms / 1000:.1f} 秒  {state}")
        click.echo(f"已记录 {len(visits)} 次访问,失败 {len(failed)} 次,写入 {db_path}。")
    return 0
