"""Input loading shared by the commands that take an inspection file."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from auditor.checklist.load import load_checklist
from auditor.checklist.model import Checklist
from auditor.errors import InputError, explain_os_error
from auditor.inspection.file import Inspection, load_inspection
from auditor.store import Store

F = TypeVar("F", bound=Callable[..., Any])


def load_inputs(path: str | Path) -> tuple[Inspection, Checklist]:
    """The inspection and its checklist, with every department checked against the checklist."""
    inspection = load_inspection(path)
    checklist = load_checklist(inspection.checklist)
    for number, site in enumerate(inspection.sites, start=1):
        if checklist.department(site.department) is None:
            known = "、".join(d.name for d in checklist.departments[:12])
            raise InputError(
                f"{inspection.path}: 第 {number} 个 [[sites]] 的部门“{site.department}”"
                f"不在检查清单 {checklist.id} 中",
                f"请按清单中的写法填写部门名称,例如:{known}。",
            )
    return inspection, checklist


# Options several commands share, spelled and explained once.
def out_option(default: str) -> Callable[[F], F]:
    return click.option(
        "--out",
        "out_dir",
        default=default,
        show_default=True,
        type=click.Path(file_okay=False),
        help="报告输出目录。",
    )


def db_option(
    default: str | None = None, help_text: str = "SQLite 数据库文件(默认:输出目录下的 auditor.db)。"
) -> Callable[[F], F]:
    return click.option(
        "--db",
        "db_path",
        default=default,
        show_default=default is not None,
        type=click.Path(dir_okay=False),
        help=help_text,
    )


def fail_on_option(help_text: str) -> Callable[[F], F]:
    return click.option("--fail-on", "fail_on", metavar="STATUSES", help=help_text)


quiet_option = click.option("--quiet", "-q", is_flag=True, help="不显示抓取进度。")


def open_store(path: str | Path) -> Store:
    """An existing database only: a typo in --db must not create an empty one."""
    if not Path(path).is_file():
        raise InputError(
            f"找不到数据库文件 {path}。",
            "用 --db 指定 auditor crawl 或 auditor audit 生成的数据库文件"
            "(默认在报告目录中的 auditor.db)。",
        )
    return Store(path)


def writable_dir(path: str | Path, what: str = "输出目录") -> Path:
    """Fail early, with a clear message, when a folder cannot be written (read-only, no
    permission, full disk): before any crawl starts, not at the end in an internal error."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".auditor-write-test-"):
            pass
    except OSError as exc:
        explained = explain_os_error(exc, f"{what} {folder}")
        raise explained or InputError(
            f"无法写入{what} {folder}:{exc.strerror or exc}", "换一个可写的目录。"
        ) from None
    return folder
