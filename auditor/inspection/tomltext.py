"""The text of a user's TOML file (inspection, checklist), whatever editor saved it.

Windows Notepad adds a UTF-8 byte-order mark, and Chinese Windows saves "ANSI" as GBK: both
are accepted (the BOM dropped, GBK read as GB18030, its superset).  Anything else gets a clear
message naming the file and the first undecodable byte.
"""

from __future__ import annotations

from pathlib import Path

from auditor.errors import InputError


def decode_toml(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first = exc
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[: first.start].count(b"\n") + 1
        raise InputError(
            f"{where}: 第 {line} 行有无法识别的字符(文件既不是 UTF-8 也不是 GBK 编码)",
            "请用 UTF-8 编码保存该文件(记事本:另存为 → 编码选 UTF-8)。",
        ) from None


def read_toml_text(path: Path) -> str:
    return decode_toml(path.read_bytes(), str(path))
