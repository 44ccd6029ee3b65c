"""Hijacked page titles, read by segment and by shape.

A hijacked title keeps the site's genuine words beside the injected ones ("澳客彩票网-游戏平台_
关于规范彩票市场秩序的公告"), so the genuine part must never excuse the injected part: a title
is read segment by segment (the parts between `_ - | /`), and enforcement words excuse a term
only inside its own segment. Beyond words, a keyword-stuffed run ("大发体育_足彩网-在线|官网")
gives itself away by segments that are bare sales words, which no government title template has.
"""

from __future__ import annotations

import re

from auditor.tamper.vocab import TermHit, spam_terms

SEGMENT_RE = re.compile(r"\s*(?:[_|｜/／]+|\s-+\s|-+|——|—|–)\s*")
CLAUSE_RE = re.compile(r"\s*[,，]\s*")
SALES_WORDS = {
    "官网", "官方网站", "在线", "app", "登录", "登陆", "注册", "下载", "入口", "手机版", "网页版",
    "客户端", "开户", "投注", "下注", "平台",
}  # fmt: skip
MIN_SEGMENTS = 3


def segments(title: str) -> list[str]:
    """The template's parts; commas join clauses of one sentence and do not split."""
    return [s for s in SEGMENT_RE.split(title) if s.strip()]


def runs(title: str) -> list[str]:
    """Every short phrase of a run, commas included ("A片,午夜福利,…")."""
    return [c for s in segments(title) for c in CLAUSE_RE.split(s) if c.strip()]


def title_terms(title: str) -> list[TermHit]:
    """Spam terms of a title, each judged inside its own segment."""
    found: list[TermHit] = []
    for part in segments(title):
        found += spam_terms(part, weak=False)
    return found


def stuffed_sales_words(title: str) -> list[str]:
    """Bare sales words standing as segments of a run of three or more short segments."""
    parts = runs(title)
    if len(parts) < MIN_SEGMENTS:
        return []
    return [p for p in parts if p.strip().lower() in SALES_WORDS]
