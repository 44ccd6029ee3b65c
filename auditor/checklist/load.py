"""Finding and reading checklist files: built-in ids, paths, and the chain of `extends`.

load_checklist is the entry point; auditor.checklist holds the model it returns and
auditor.checklist.parse builds it from the parsed TOML, so neither module imports this one.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from auditor.checklist.model import Checklist, Problems
from auditor.checklist.parse import build
from auditor.errors import InputError
from auditor.inspection.tomltext import decode_toml, read_toml_text


def builtin_ids() -> list[str]:
    return sorted(
        p.name[:-5]
        for p in resources.files("auditor.checklists").iterdir()
        if p.name.endswith(".toml")
    )


def list_checklists() -> list[Checklist]:
    return [load_checklist(i) for i in builtin_ids()]


def load_checklist(id_or_path: str | Path) -> Checklist:
    """A built-in id (liangqing-2014) or a .toml path; raises one InputError for all problems."""
    return _load(str(id_or_path), ())


# ---------------------------------------------------------------- reading


def _load(ref: str, chain: tuple[str, ...]) -> Checklist:
    path, text = _source(ref)
    if path in chain:
        raise InputError(
            f"{path}: extends 形成循环:" + " → ".join((*chain, path)),
            "请检查各清单的 extends,不要互相继承。",
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"{path}: TOML 语法错误:{exc}", "请检查该行的引号、等号和方括号。"
        ) from None
    problems = Problems(path)
    base = _load_base(data, path, chain, problems)
    checklist = build(data, path, base, problems)
    problems.raise_if_any()
    return checklist


def _source(ref: str) -> tuple[str, str]:
    """(display path, text) of a built-in id or a file."""
    if not ref.endswith(".toml") and "/" not in ref and "\\" not in ref:
        res = resources.files("auditor.checklists").joinpath(f"{ref}.toml")
        if not res.is_file():
            raise InputError(
                f"没有内置清单 {ref!r}",
                "内置清单:" + "、".join(builtin_ids()) + ";也可以给出 .toml 文件路径。",
            )
        return str(res), decode_toml(res.read_bytes(), str(res))
    path = Path(ref)
    if not path.is_file():
        raise InputError(
            f"找不到清单文件 {path}", "请确认路径正确,或用 auditor checklist list 查看内置清单。"
        )
    return str(path.resolve()), read_toml_text(path)


def _load_base(
    data: dict, path: str, chain: tuple[str, ...], problems: Problems
) -> Checklist | None:
    ref = data.get("extends")
    if ref is None:
        return None
    if not isinstance(ref, str) or not ref.strip():
        problems.add("", "extends", f"应为内置清单编号或文件路径,而不是 {ref!r}")
        return None
    if ref.endswith(".toml") and not Path(ref).is_absolute():
        ref = str(Path(path).parent / ref)
    try:
        return _load(ref, (*chain, path))
    except InputError as exc:
        problems.add("", "extends", f"无法加载基础清单 {data['extends']!r}:{exc.message}")
        return None
