"""`auditor pack RUN --out FILE.zip`: the evidence pack of a stored run."""

from __future__ import annotations

from pathlib import Path

import click

from auditor.commands.common import open_store
from auditor.commands.history import stored_db_option
from auditor.workflows.pack import write_pack


@click.command()
@click.argument("run", type=int)
@stored_db_option
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="证据包文件名,如 evidence.zip。",
)
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="有 Chromium 时附 PDF。")
def pack(run: int, db_path: str, out_path: str, pdf: bool) -> int:
    """生成证据包:报告、证据页面快照、清单文件和可校验的文件清单(SHA-256)。"""
    result = write_pack(open_store(db_path), run, Path(out_path), pdf=pdf)
    snapshots = sum(1 for f in result.files if f.kind == "snapshot")
    click.echo(f"已生成证据包:{result.path}(共 {len(result.files)} 个文件)")
    click.echo(f"页面快照 {snapshots} 个;{result.pdf_note}。")
    if result.without_snapshot:
        click.echo(
            f"注意:{len(result.without_snapshot)} 个证据页面抓取时未保存快照,"
            "manifest.json 的 pages_without_snapshot 中列出了它们的网址、抓取时间和哈希。"
        )
    folder = f"evidence-run-{run}"
    click.echo(f"校验方法:unzip {result.path.name} && cd {folder} && sha256sum -c sha256sums.txt")
    return 0
