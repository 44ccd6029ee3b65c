"""Building a Checklist from parsed TOML, checking every field on the way.

Each problem is reported to `problems` with its item id and field instead of raised, so that
auditor.checklist can show all of them at once. Private to auditor.checklist.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from auditor.checklist.evidence_check import LEGACY_TITLES, check_default, check_item
from auditor.checklist.model import (
    CHANNELS,
    HINT_KINDS,
    SPECIAL_DEPARTMENTS,
    STATUSES,
    Area,
    BasisDoc,
    Checklist,
    Deadline,
    Department,
    Freshness,
    Hints,
    Item,
    Problems,
    _iso_date,
    _unique,
    parse_freshness,
)
from auditor.errors import InputError

TOP_KEYS = set(
    [
        "id",
        "title",
        "version",
        "district",
        "district_short",
        "extends",
        "exclude",
        "department_prefix",
        "deductions",
        "basis",
        "deadlines",
        "departments",
        "areas",
        "items",
        "not_genre",
    ]
)
ITEM_KEYS = set(
    [
        "id",
        "name",
        "lead",
        "cooperating",
        "elements",
        "basis",
        "freshness",
        "channels",
        "hints",
        "deductions",
        "citation",
        "basis_doc",
        "annual_due",
        "note",
        "subject",
        "genre",
        "not_genre",
    ]
)
REQUIRED_ITEM_KEYS = ("name", "lead", "freshness", "subject", "genre")


@dataclass
class _Known:
    """What an item is checked against while its file is built."""

    problems: Problems
    departments: tuple[Department, ...]
    area_ids: set[str]
    deductions: dict[str, float]


def build(data: dict, path: str, base: Checklist | None, problems: Problems) -> Checklist:
    _check_keys(data, TOP_KEYS, "", "", problems)
    for key in ("id", "title"):
        if not _opt_text(data, key, "", problems):
            problems.add("", key, "必填,应为非空文字")
    district = _opt_text(data, "district", "", problems) or (base.district if base else "")
    short = _opt_text(data, "district_short", "", problems) or (base.district_short if base else "")
    departments = _departments(data, base, district, short, problems)
    areas = _areas(data, base, problems)
    defaults = {
        "present": 0.0,
        **(_deductions(data.get("deductions", {}), "", "deductions", problems) or {}),
    }
    known = _Known(problems, departments, {a.id for a in areas}, defaults)
    return Checklist(
        id=str(data.get("id", "")),
        title=str(data.get("title", "")),
        version=str(data.get("version", "")),
        basis=_basis(data, base, problems),
        departments=departments,
        areas=areas,
        items=_items(data, base, known),
        path=path,
        district=district,
        district_short=short,
        extends=str(data.get("extends", "")),
        deadlines=_deadlines(data, problems),
        not_genre=_not_genre(data, base, problems),
    )


def _not_genre(data: dict, base: Checklist | None, problems: Problems) -> tuple[str, ...]:
    """The checklist's own list, else its base's: kinds of page that never prove an item."""
    if "not_genre" not in data:
        return base.not_genre if base else ()
    terms = _strings(data["not_genre"], "", "not_genre", problems) or ()
    check_default(terms, problems)
    return terms


def _departments(
    data: dict, base: Checklist | None, district: str, short: str, problems: Problems
) -> tuple[Department, ...]:
    found = {d.name: d for d in (base.departments if base else ())}
    prefix = str(data.get("department_prefix", "城区"))
    seen: set[str] = set()
    for raw in _tables(data, "departments", problems):
        name = _opt_text(raw, "name", "", problems)
        where = f"[[departments]] {name or '(缺少 name)'}"
        if not name or name in seen:
            problems.add("", where, "部门重复声明" if name else "缺少 name")
            continue
        seen.add(name)
        _check_keys(raw, {"name", "aliases", "named"}, "", where, problems)
        given = _strings(raw.get("aliases", []), "", where + " 的 aliases", problems) or ()
        old = found[name].aliases if name in found else ()
        forms = _unique((*old, *given, *_regular_forms(name, prefix, district, short)))
        found[name] = Department(
            name, tuple(f for f in forms if f != name), raw.get("named", True) is not False
        )
    _check_alias_clash(list(found.values()), problems)
    return tuple(found.values())


def _regular_forms(name: str, prefix: str, district: str, short: str) -> list[str]:
    """城区财政局 is also written 区财政局, 财政局, 良庆区财政局 and 南宁市良庆区财政局."""
    if not prefix or not name.startswith(prefix) or len(name) <= len(prefix):
        return []
    core = name[len(prefix) :]
    return [f"区{core}", core, *(f"{d}{core}" for d in (short, district) if d)]


def _check_alias_clash(departments: list[Department], problems: Problems) -> None:
    owner: dict[str, str] = {}
    for dept in departments:
        for alias in (dept.name, *dept.aliases):
            if owner.setdefault(alias, dept.name) != dept.name:
                problems.add(
                    "",
                    f"[[departments]] {dept.name}",
                    f"别名“{alias}”同时属于 {owner[alias]},无法区分",
                )


def _areas(data: dict, base: Checklist | None, problems: Problems) -> tuple[Area, ...]:
    found = {a.id: a for a in (base.areas if base else ())}
    seen: set[str] = set()
    for raw in _tables(data, "areas", problems):
        area_id, name = _opt_text(raw, "id", "", problems), _opt_text(raw, "name", "", problems)
        where = f"[[areas]] {area_id or '(缺少 id)'}"
        _check_keys(raw, {"id", "name", "basis"}, "", where, problems)
        if not area_id or not name or area_id in seen:
            problems.add("", where, "领域重复" if area_id in seen else "id 和 name 都必填")
            continue
        seen.add(area_id)
        found[area_id] = Area(area_id, name, str(raw.get("basis", "")))
    return tuple(found.values())


def _items(data: dict, base: Checklist | None, known: _Known) -> tuple[Item, ...]:
    found = {i.id: i for i in (base.items if base else ())}
    for item_id in _strings(data.get("exclude", []), "", "exclude", known.problems) or ():
        if found.pop(item_id, None) is None:
            known.problems.add("", "exclude", f"基础清单中没有条目 {item_id}")
    seen: set[str] = set()
    for raw in _tables(data, "items", known.problems):
        item_id = _opt_text(raw, "id", "", known.problems)
        if not item_id or item_id in seen:
            known.problems.add(item_id, "id", "编号重复" if item_id else "[[items]] 缺少 id")
            continue
        seen.add(item_id)
        found[item_id] = _item(raw, item_id, found.get(item_id), known)
    return tuple(found.values())


def _item(raw: dict, item_id: str, old: Item | None, known: _Known) -> Item:
    """A new item, or `old` with the fields this file overrides."""
    p = known.problems
    _check_keys(raw, ITEM_KEYS, item_id, "", p)
    area = item_id.split(".", 1)[0] if "." in item_id else ""
    if area not in known.area_ids:
        p.add(
            item_id,
            "id",
            f"领域 {area} 未在 [[areas]] 中声明"
            if area
            else "编号应写成 领域.事项,例如 budget.three-public",
        )
    parsed: dict[str, Any] = {
        k: _FIELDS[k](v, item_id, k, p) for k, v in raw.items() if k in _FIELDS
    }
    missing = [k for k in REQUIRED_ITEM_KEYS if k not in raw] if old is None else []
    for key in missing:
        p.add(item_id, key, "必填")
    values: dict[str, Any] = {k: v for k, v in parsed.items() if v is not None}
    if "hints" in values:
        values["hints"] = replace(old.hints if old else Hints(), **values["hints"])
    values["deductions"] = {
        **(old.deductions if old else known.deductions),
        **values.get("deductions", {}),
    }
    if old is not None:
        item = replace(old, **values)
    else:  # placeholders let the remaining checks run on a broken item
        item = Item(**{"id": item_id, "area": area, "name": "", "lead": (), **values})
    _check_item(item, known, skip=set(missing) | {k for k, v in parsed.items() if v is None})
    return item  # with problems recorded, load_checklist raises before anyone sees it


def _check_item(item: Item, known: _Known, skip: set[str]) -> None:
    """Cross-field checks; `skip` holds fields already reported as missing or malformed."""
    p, declared = known.problems, [d.name for d in known.departments]
    if not item.lead and "lead" not in skip:
        p.add(item.id, "lead", "至少要有一个牵头部门")
    for key in ("lead", "cooperating"):
        names = getattr(item, key)
        for name in names:
            if name in SPECIAL_DEPARTMENTS and (key == "cooperating" or len(names) > 1):
                p.add(item.id, key, f"{name} 只能单独用作 lead")
            elif name not in SPECIAL_DEPARTMENTS and name not in declared:
                p.add(
                    item.id,
                    key,
                    f"部门“{name}”未在 [[departments]] 中声明{_suggest(name, declared)}",
                )
    check_item(item, p, skip)
    if not item.channels and "channels" not in skip:
        p.add(item.id, "channels", "至少要有一个公开渠道")


def _field_text(value: Any, item_id: str, key: str, p: Problems) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    p.add(item_id, key, f"应为非空文字,而不是 {value!r}")
    return None


def _field_strings(value: Any, item_id: str, key: str, p: Problems) -> tuple[str, ...] | None:
    return _strings(value, item_id, key, p)


def _field_freshness(value: Any, item_id: str, key: str, p: Problems) -> Freshness | None:
    try:
        return parse_freshness(str(value))
    except InputError as exc:
        p.add(item_id, key, f"{exc.message}({exc.hint})")
        return None


def _field_channels(value: Any, item_id: str, key: str, p: Problems) -> tuple[str, ...] | None:
    channels = _strings(value, item_id, key, p)
    bad = [c for c in channels or () if c not in CHANNELS]
    for channel in bad:
        p.add(item_id, key, f"未知渠道 {channel!r}(可用:site 部门网站、platform 统一平台)")
    return None if bad else channels


def _field_annual_due(value: Any, item_id: str, key: str, p: Problems) -> str | None:
    try:
        dt.date.fromisoformat(f"2000-{value}")
        return str(value)
    except (ValueError, TypeError):
        p.add(item_id, key, f"应写成 MM-DD,例如 01-31,而不是 {value!r}")
        return None


def _field_hints(value: Any, item_id: str, key: str, p: Problems) -> dict | None:
    if not isinstance(value, dict):
        p.add(item_id, key, '应为表,例如 hints.titles = ["部门预算"]')
        return None
    if "titles" in value:
        p.add(item_id, "hints.titles", LEGACY_TITLES)
    _check_keys(
        {k: v for k, v in value.items() if k != "titles"}, set(HINT_KINDS), item_id, "hints", p
    )
    parsed = {k: _strings(value[k], item_id, f"hints.{k}", p) for k in HINT_KINDS if k in value}
    return None if None in parsed.values() else parsed


def _deductions(value: Any, item_id: str, key: str, p: Problems) -> dict[str, float] | None:
    if not isinstance(value, dict):
        p.add(item_id, key, "应为表,例如 { missing = 2, stale = 1, broken = 1 }")
        return None
    result = {}
    for status, points in value.items():
        if (
            status not in STATUSES
            or isinstance(points, bool)
            or not isinstance(points, int | float)
            or points < 0
        ):
            p.add(item_id, f"{key}.{status}", f"应为 {'/'.join(STATUSES)} = 非负分值")
        else:
            result[status] = float(points)
    return result


_FIELDS: dict[str, Callable[[Any, str, str, Problems], Any]] = {
    "name": _field_text,
    "basis": _field_text,
    "citation": _field_text,
    "basis_doc": _field_text,
    "note": _field_text,
    "lead": _field_strings,
    "cooperating": _field_strings,
    "elements": _field_strings,
    "subject": _field_strings,
    "genre": _field_strings,
    "not_genre": _field_strings,
    "freshness": _field_freshness,
    "channels": _field_channels,
    "annual_due": _field_annual_due,
    "hints": _field_hints,
    "deductions": _deductions,
}


def _basis(data: dict, base: Checklist | None, problems: Problems) -> tuple[BasisDoc, ...]:
    docs = []
    for raw in _tables(data, "basis", problems):
        where = f"[[basis]] {raw.get('number') or raw.get('name', '')}"
        _check_keys(raw, {"name", "number", "date"}, "", where, problems)
        if not _opt_text(raw, "name", "", problems):
            problems.add("", where, "缺少 name")
        docs.append(
            BasisDoc(
                str(raw.get("name", "")),
                str(raw.get("number", "")),
                _date_or_problem(raw.get("date", ""), where, problems),
            )
        )
    return tuple(_unique((*docs, *(base.basis if base else ()))))


def _deadlines(data: dict, problems: Problems) -> tuple[Deadline, ...]:
    result = []
    for raw in _tables(data, "deadlines", problems):
        where = f"[[deadlines]] {raw.get('name', '')}"
        _check_keys(raw, {"date", "name", "basis"}, "", where, problems)
        date = _date_or_problem(raw.get("date"), where, problems)
        result.append(Deadline(date, str(raw.get("name", "")), str(raw.get("basis", ""))))
    return tuple(result)


def _date_or_problem(value: Any, where: str, problems: Problems) -> str:
    if value in ("", None) and "basis" in where:
        return ""
    try:
        return _iso_date(value, "date")
    except InputError as exc:
        problems.add("", where + " 的 date", exc.message)
        return ""


def _tables(data: dict, key: str, problems: Problems) -> list[dict]:
    value = data.get(key, [])
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return value
    problems.add("", key, f"应写成 [[{key}]] 表数组")
    return []


def _strings(value: Any, item_id: str, key: str, p: Problems) -> tuple[str, ...] | None:
    values = [value] if isinstance(value, str) else value
    if isinstance(values, list) and all(isinstance(v, str) and v.strip() for v in values):
        return tuple(v.strip() for v in values)
    p.add(item_id, key, f"应为文字或文字列表,而不是 {value!r}")
    return None


def _opt_text(data: dict, key: str, item_id: str, p: Problems) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        p.add(item_id, key, f"应为文字,而不是 {value!r}")
        return ""
    return value.strip()


def _check_keys(data: dict, allowed: set[str], item_id: str, where: str, p: Problems) -> None:
    for key in [k for k in data if k not in allowed]:
        p.add(
            item_id, f"{where}.{key}" if where else key, f"未知字段{_suggest(key, sorted(allowed))}"
        )


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
    return f"(是不是 {close[0]}?)" if close else ""
