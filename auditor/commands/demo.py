"""`auditor demo`: serve the bundled demo district on 127.0.0.1 and audit it."""

from __future__ import annotations

from pathlib import Path

import click

from auditor.commands.audit import echo_summary
from auditor.commands.common import load_inputs, out_option, quiet_option
from auditor.demo import DemoServer, write_inspection
from auditor.store import Store
from auditor.workflows.audit import run_audit


@click.command()
@out_option("reports/demo")
@quiet_option
def demo(out_dir: str, quiet: bool) -> int:
    """在本机启动内置的示例城区网站,对其完成一次检查并生成报告。"""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "auditor.db"
    if db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    with DemoServer() as server:
        path = write_inspection(server, out / "demo-inspection.toml")
        click.echo(f"示例城区已在 127.0.0.1 上启动,检查方案:{path}")
        inspection, checklist = load_inputs(path)
        result = run_audit(inspection, checklist, Store(db), out, quiet=quiet)
    echo_summary(result, out)
    return 0
