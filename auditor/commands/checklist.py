"""`auditor checklist`: read, show and validate the checklists audits are judged against.

An auditor must be able to read the rule a finding cites, and a 政务办 clerk must be able to
check a hand-written checklist before using it in an audit; both without reading TOML.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import click

from auditor.checklist.load import (
    list_checklists,
    load_checklist,
)
from auditor.checklist.model import (
    EVERY_INSPECTED,
    EVERY_NAMED,
    Checklist,
    Item,
)
from auditor.errors import EXIT_INPUT, InputError
from auditor.report.wording import STATUS_LABELS, channel_label, freshness_label

SPECIAL_LABELS = {EVERY_INSPECTED: "各受检部门", EVERY_NAMED: "方案点名的各部门"}
EVIDENCE_LABELS = {
    "subject": "主题(标题须含其一)",
    "genre": "文种(标题须含其一)",
    "not_genre": "不能证明的文种(另加清单默认)",
}
HINT_LABELS = {
    "columns": "栏目",
    "body": "正文",
    "urls": "网址",
    "negative": "排除(标题含则不算)",
}


@click.group()
def checklist() -> None:
    """检查清单:列出、查看、校验信息公开要求。"""


@checklist.command("list")
def list_() -> int:
    """列出内置的检查清单。"""
    rows = [(c.id, c.title, str(len(c.items))) for c in list_checklists()]
    click.echo(format_table(("编号", "名称", "事项数"), rows))
    click.echo("\n查看某个清单:auditor checklist show 编号")
    return 0


@checklist.command()
@click.argument("checklist_id", metavar="编号或文件")
@click.option(
    "--item",
    "item_id",
    metavar="事项编号",
    help="只看一个事项的全部细节(要素、依据、匹配线索、扣分)。",
)
def show(checklist_id: str, item_id: str | None) -> int:
    """按领域列出清单的事项、责任部门、时效和公开渠道。"""
    loaded = load_checklist(checklist_id)
    if item_id:
        click.echo(describe_item(loaded, _item(loaded, item_id)))
    else:
        click.echo(describe_checklist(loaded))
    return 0


@checklist.command()
@click.argument("file", metavar="文件")
def validate(file: str) -> int:
    """校验清单文件,一次列出全部问题(有问题时退出码为 2)。"""
    try:
        loaded = load_checklist(file)
    except InputError as exc:
        click.echo(f"校验未通过。{exc.message}")
        click.echo(f"提示:{exc.hint}")
        return EXIT_INPUT
    click.echo(
        f"校验通过:{loaded.id}《{loaded.title}》,{len(loaded.areas)} 个领域、"
        f"{len(loaded.items)} 个事项、{len(loaded.departments)} 个部门。"
    )
    return 0


def describe_checklist(c: Checklist) -> str:
    lines = [f"{c.title}({c.id})"]
    facts = [("版本", c.version), ("地区", c.district), ("继承", c.extends)]
    lines += [f"{k}:{v}" for k, v in facts if v]
    lines += ["依据文件:"] + [f"  {b.number} {b.name} {b.date}".rstrip() for b in c.basis]
    lines += ["时间节点:"] * bool(c.deadlines) + [f"  {d.date} {d.name}" for d in c.deadlines]
    for area in c.areas:
        rows = [_row(c, item) for item in c.items_in(area.id)]
        lines += ["", f"【{area.name}】{area.basis}"]
        lines.append(format_table(("编号", "事项", "责任部门", "时效", "渠道"), rows, indent="  "))
    lines += [
        "",
        f"共 {len(c.areas)} 个领域、{len(c.items)} 个事项。",
        "事项细节:auditor checklist show 编号 --item 事项编号",
    ]
    return "\n".join(lines)


def describe_item(c: Checklist, item: Item) -> str:
    area = c.area(item.area)
    facts = [
        ("领域", area.name if area else item.area),
        ("责任部门", departments_label(item)),
        ("时效", _freshness(item, short=False)),
        ("公开渠道", "、".join(channel_label(ch) for ch in item.channels)),
        ("要素", "、".join(item.elements)),
        ("依据", " ".join(x for x in (item.basis_doc, item.citation) if x)),
        ("原文", item.basis),
        (
            "扣分",
            ",".join(
                f"{STATUS_LABELS[s]} {p:g} 分" for s, p in item.deductions.items() if s != "present"
            ),
        ),
        ("说明", item.note),
    ]
    lines = [f"{item.id} {item.name}"] + [f"{k}:{v}" for k, v in facts if v]
    lines.append("证明文件:")
    for kind, label in EVIDENCE_LABELS.items():
        if terms := getattr(item, kind):
            lines.append(f"  {label}:{'、'.join(terms)}")
    lines.append("佐证线索:")
    for kind, label in HINT_LABELS.items():
        if phrases := getattr(item.hints, kind):
            lines.append(f"  {label}:{'、'.join(phrases)}")
    return "\n".join(lines)


def departments_label(item: Item) -> str:
    if item.lead and item.lead[0] in SPECIAL_LABELS:
        return SPECIAL_LABELS[item.lead[0]]
    lead = "、".join(item.lead) + ("(牵头)" if item.cooperating else "")
    return "、".join([lead, *item.cooperating])


def format_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], indent: str = "") -> str:
    """Columns aligned by display width: a Chinese character takes two terminal cells."""
    widths = [max(_width(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = [header, tuple("─" * w for w in widths), *rows]
    return "\n".join(
        indent + "  ".join(_pad(v, w) for v, w in zip(r, widths, strict=True)).rstrip()
        for r in lines
    )


def _row(c: Checklist, item: Item) -> tuple[str, ...]:
    channels = "、".join(channel_label(ch) for ch in item.channels)
    return (item.id, item.name, departments_label(item), _freshness(item, short=True), channels)


def _freshness(item: Item, short: bool) -> str:
    label = freshness_label(str(item.freshness))
    if short:
        label = label.split("(")[0] + (f" {item.freshness.due}前" if item.freshness.due else "")
    return label + (f",每年 {item.annual_due} 前" if item.annual_due else "")


def _item(c: Checklist, item_id: str) -> Item:
    try:
        return c.item(item_id)
    except KeyError:
        raise InputError(
            f"清单 {c.id} 中没有事项 {item_id}",
            f"先运行 auditor checklist show {c.id} 查看事项编号。",
        ) from None


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
