"""Input loading shared by the commands that take an inspection file."""

from __future__ import annotations

from pathlib import Path

from auditor.checklist import Checklist, load_checklist
from auditor.errors import InputError
from auditor.inspection import Inspection, load_inspection


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
