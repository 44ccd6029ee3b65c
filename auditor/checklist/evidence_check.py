"""Checks of the evidence model of a checklist item (subject, genre, not_genre).

Kept apart from auditor.checklist.parse so that a clerk's mistake in the model gets its own
clear message: a subject term that is only a wildcard, a $ that is not at the end, an item
without subject or genre (it could never be proved, only guessed).
"""

from __future__ import annotations

from typing import Any

GAP = "*"  # a short insertion inside a subject term: 征收*土地 = 征收集体土地
END = "$"  # at the end of a title: 工作$ = a title that ends with 工作
LEGACY_TITLES = (
    "hints.titles 已不再使用:请改写成 subject(主题词及其变体)和 genre(文种,如 公告、目录、批复),"
    "见 docs/classification.md"
)


def term_problem(term: str, key: str) -> str:
    """Why one subject/genre/not_genre term is malformed, or "" when it is fine."""
    core = term[:-1] if term.endswith(END) else term
    if END in core or (key == "subject" and term.endswith(END)):
        return f"“{term}”:$ 只能写在 genre 或 not_genre 词语的末尾,表示位于标题结尾"
    parts = core.split(GAP)
    if any(not part.strip() for part in parts):
        return f"“{term}”:* 表示中间可插入少量文字,前后都要有词语"
    if GAP in core and key != "subject":
        return f"“{term}”:* 只能用在 subject 中"
    return ""


def check_item(item: Any, problems: Any, skip: set[str]) -> None:
    """Every item needs subject and genre terms, each well formed."""
    for key in ("subject", "genre"):
        if not getattr(item, key) and key not in skip:
            problems.add(item.id, key, _EMPTY[key])
    for key in ("subject", "genre", "not_genre"):
        for term in getattr(item, key):
            if why := term_problem(term, key):
                problems.add(item.id, key, why)


def check_default(terms: tuple[str, ...], problems: Any) -> None:
    for term in terms:
        if why := term_problem(term, "not_genre"):
            problems.add("", "not_genre", why)


_EMPTY = {
    "subject": "至少写一个主题词(证明文件必须谈的事,如 征地、征收土地)",
    "genre": "至少写一个文种(证明文件是什么,如 公告、目录、批复)",
}
