"""Hijacked page titles, read by segment and by shape.

A hijacked title keeps the site's genuine words beside the injected ones ("澳客彩票网-游戏平台_
关于规范彩票市场秩序的公告"), so the genuine part must never excuse the injected part: a title
is read segment by segment (the parts between `_ - | /`), and enforcement words excuse a term
only inside its own segment. Beyond words, a keyword-stuffed run ("大发体育_足彩网-在线|官网")
gives itself away by segments that are bare sales words, which no government title template has.
"""

from __future__ import annotations

import re
from collections import Counter

from auditor.tamper.vocab import TermHit, mask, spam_terms

SEGMENT_RE = re.compile(r"\s*(?:[_|｜/／]+|\s-+\s|-+|——|—|–)\s*")
CLAUSE_RE = re.compile(r"\s*[,，]\s*")
SALES_WORDS = {
    "官网", "官方网站", "在线", "app", "登录", "登陆", "注册", "下载", "入口", "手机版", "网页版",
    "客户端", "开户", "投注", "下注", "平台",
}  # fmt: skip
MIN_SEGMENTS = 3
GOVERNMENT_WORD_RE = re.compile(
    r"政府|人民|委员会|党委|人大|政协|[局厅委办署院馆]|中心|公告|通知|报告|决算|预算|公开|工作|管理"
)
# a company-style "(中国)官方网站", a Latin name or "最新" before 官网, or a domain on a TLD
# public bodies do not use ("XX旅游官网" of a tourism bureau is none of these)
PROMO_RE = re.compile(
    r"(?:[(（]中国[)）]|最新|(?!app|wap|web)[a-z0-9]{2,}[)）]?[·・]?)\s*(?:官方网站|官网|官方入口|官方平台)"
    r"|\b[a-z0-9-]+\.(?:vip|xyz|top|bet|win|club|cc|live)\b",
    re.I,
)
# words of video-site stuffing; two phrases of a long run carrying them make a stuffed title
VIDEO_WORDS_RE = re.compile(r"视频|观看|高清|字幕|免费|午夜|激情|福利|精品|无码|国产|日韩|欧美")
LONG_RUN = 4


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
    """Bare sales words standing as segments of a run of three or more short segments, or
    two phrases of video-site stuffing in a run of four or more."""
    parts = runs(title)
    if len(parts) < MIN_SEGMENTS:
        return []
    sales = [p for p in parts if p.strip().lower() in SALES_WORDS]
    video = [p for p in parts if VIDEO_WORDS_RE.search(p)] if len(parts) >= LONG_RUN else []
    return sales or (video if len(video) >= 2 else [])


GAMBLING_HEAD_RE = re.compile(r"体育|娱乐|彩票|棋牌|真人|电竞|博彩|足彩|菠菜|赌")
TEMPLATE_SHARE = 0.5
TEMPLATE_MIN = 3


def site_template(titles: list[str]) -> str | None:
    """The last segment most of a site's titles share ("青岚县人民政府" of "…_青岚县人民政府"):
    the pages of one site are made from one template."""
    ends = Counter(parts[-1] for parts in map(segments, titles) if len(parts) >= 2)
    if not ends:
        return None
    end, votes = ends.most_common(1)[0]
    return end if votes >= TEMPLATE_MIN and votes >= TEMPLATE_SHARE * len(titles) else None


def promotions(title: str) -> list[str]:
    """Segments that advertise a site the way casinos do ("(中国)官方网站", "hth官网", a .vip
    domain) without a single government word."""
    return [p for p in segments(title) if PROMO_RE.search(p) and not GOVERNMENT_WORD_RE.search(p)]


def template_outliers(titles: dict[str, str]) -> list[tuple[str, str]]:
    """(url, Chinese detail) for titles that break the site's template and read as gambling:
    a gambling head word (体育, 娱乐, 彩票…) with no government word anywhere in the title.
    Pages on the template are judged by the page scan alone (their variable part is the
    page's own).  In URL order, whatever order the titles come in (a tie between two
    templates then goes the same way on every crawl: see footer_outliers)."""
    ordered = sorted(titles.items())
    template = site_template([t for _, t in ordered if t])
    if template is None:
        return []
    found = []
    for url, title in ordered:
        if not title or segments(title)[-1] == template or template in title:
            continue
        heads = GAMBLING_HEAD_RE.findall(mask(title))
        if heads and not GOVERNMENT_WORD_RE.search(title):
            detail = (
                f"网页标题不符合本站标题格式（本站页面标题以“{template}”结尾），"
                f"且出现博彩类字样“{heads[0]}”"
            )
            found.append((url, detail))
    return found
