"""`auditor init`: draft an inspection file from a spreadsheet or the portal's home page."""

from __future__ import annotations

from pathlib import Path

import click

from auditor.errors import EXIT_INPUT, InputError
from auditor.plan.assemble import Source, draft_plan
from auditor.plan.sheet import example_sheet
from auditor.plan.toml_out import render


@click.command()
@click.option(
    "--sites",
    "sites_file",
    type=click.Path(dir_okay=False),
    help="部门网站表格(.xlsx 或 .csv),表头含部门名称和网址两列。",
)
@click.option("--portal", help="门户网站首页网址:从其“部门网站”等栏目中找出各部门网站。")
@click.option("--platform", help="政府信息公开统一平台的网址。")
@click.option(
    "--platform-name", default="政府信息公开统一平台", show_default=True, help="统一平台的名称。"
)
@click.option("--checklist", help="检查清单编号或文件(默认:最能对应表格中部门的内置清单)。")
@click.option("--name", help="检查名称(默认:地区名 + 政府网站信息公开检查)。")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="写出的检查方案文件。")
@click.option("--force", is_flag=True, help="覆盖已存在的检查方案文件。")
@click.option("--example", is_flag=True, help="输出一份示例表格(CSV),可另存后按本地情况修改。")
def init(
    sites_file: str | None,
    portal: str | None,
    platform: str | None,
    platform_name: str,
    checklist: str | None,
    name: str | None,
    out_file: str | None,
    force: bool,
    example: bool,
) -> int:
    """根据部门网站表格或门户首页生成检查方案文件。"""
    if example:
        click.echo(example_sheet(), nl=False)
        return 0
    if not out_file:
        raise InputError("缺少 --out 检查方案文件名", "例如 --out 检查方案.toml。")
    out = Path(out_file)
    if out.exists() and not force:
        raise InputError(f"文件 {out} 已存在,未覆盖", "换一个 --out 文件名,或加 --force 覆盖。")
    draft = draft_plan(Source(sites_file, portal, platform, checklist, name, platform_name))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(draft), encoding="utf-8")
    active = sum(1 for s in draft.sites if s.ok)
    click.echo(f"已写入检查方案 {out}:{active} 个部门网站,清单 {draft.checklist}。")
    if draft.missing:
        click.echo(
            f"清单中有 {len(draft.missing)} 个部门没有对应的网站:{'、'.join(draft.missing)}。"
        )
    for entry in draft.problems:
        detail = f"{entry.candidate.where}“{entry.candidate.name.strip()}”:{entry.problem}"
        click.echo(f"需要核对:{detail}" + (f";{entry.hint}" if entry.hint else ""), err=True)
    if draft.platform is None:
        click.echo("需要核对:没有统一平台网址;请加 --platform 网址。", err=True)
    if draft.problems or draft.platform is None:
        click.echo(
            f"提示:以上各行在 {out} 中已注释掉(以“# 待核对”标出),改正后取消注释,再运行 auditor audit --check-only {out}。",
            err=True,
        )
        return EXIT_INPUT
    click.echo(f"下一步:auditor audit --check-only {out}  检查各网站能否访问。")
    return 0
