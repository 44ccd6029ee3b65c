"""Spam read by its shape, not by a list of names: a list of brands is always one brand behind.

Gambling promotions name a brand the same way whatever the brand is:
- a name, a gambling head word and a sales tail: "星空体育app下载官网", "开元棋牌官方平台",
  "万博体育登录入口" (head 体育/娱乐/彩票/棋牌/真人/电竞…, tail 官网/app/登录入口/平台/下注/注册…);
- a Latin or letter-digit brand glued to a sales tail or a casino head: "m6登录", "raybet官网",
  "hth网页版", "bbin视讯" (not to 体育/娱乐/电竞: "JK娱乐" is an agency, "EDG电竞" a club).
Government text uses the head words too (体育局, 电竞比赛, 棋牌活动室, 体育彩票), but never
glued to a sales tail. Porn stuffing reads as a run of the genre's stock phrases (国产精品,
一区二区, 午夜福利, 中文字幕…), which are words, not brands.
"""

from __future__ import annotations

import re

HEADS = "体育|娱乐城|娱乐场|娱乐|彩票|棋牌|真人|电竞|视讯|电玩城|电玩|捕鱼|足彩|菠菜|博彩|赌场"
# heads no public body uses for itself: any tail sells them ("菠菜导航", "足彩平台")
CASINO_HEADS = "娱乐城|娱乐场|真人|视讯|电玩城|捕鱼|足彩|菠菜|博彩|赌场"
SALES_TAILS = (
    "官方网站|官方入口|官方平台|官方app|官方下载|官网|登录入口|登陆入口|app下载|下注|投注|开户|网址|"
    "网页版|手机版|客户端"
)
# tails a public service also has ("体育平台预约", "统一身份认证平台登录")
PLAIN_TAILS = "登录|登陆|入口|下载|平台|注册|导航|在线"
TAILS = f"{SALES_TAILS}|{PLAIN_TAILS}"
LINK = r"(?:\s?app|\(中国\)|（中国）|中国)?"
# a head word glued to a sales tail: "体育app官网", "棋牌官方平台", "菠菜导航", "体育平台入口"
HEAD_TAIL_RE = re.compile(
    f"(?:{HEADS}){LINK}(?:{SALES_TAILS}|(?:{PLAIN_TAILS})(?:{TAILS}))"
    f"|(?:{CASINO_HEADS}){LINK}(?:{PLAIN_TAILS})",
    re.I,
)
# Latin letters (with digits) glued to a head word or a tail: "ob电竞", "m6登录", "raybet官网"
# Latin words government pages glue to 平台/登录 themselves ("OA登录", "CCTV5体育")
NOT_BRANDS = {
    "app", "wap", "web", "pc", "ios", "apk", "www", "com", "cn", "gov", "html", "http", "oa",
    "vpn", "ca", "sso", "ukey", "qq", "cctv", "cctv5", "nba", "cba", "gis", "erp", "ppp",
}  # fmt: skip
# 体育 and 娱乐 after a Latin name are also clubs, venues and agencies ("JK娱乐", "EDG电竞")
LATIN_HEADS = "真人|视讯|棋牌|彩票|博彩|捕鱼"
LATIN_RE = re.compile(
    f"([a-z][a-z0-9]{{1,11}}|\\d{{1,6}}[a-z]{{2}}[a-z0-9]{{0,8}})(?={LINK}(?:{LATIN_HEADS}|{SALES_TAILS}))"
)
PORN_RE = re.compile(
    "a片|午夜福利|一区二区|二区三区|精品国产|国产精品|国产成人|日韩精品|欧美日韩|亚洲天堂|"
    "亚洲av|中文字幕在线|色综合|久久精品|久久久久|在线视频观看|无码精品"
)


# What a match of each shape must contain: a head word (HEAD_TAIL_RE); a Latin head or a
# sales tail after the name (LATIN_RE). One literal search costs a tenth of a shape's own
# scan (profiled on a 5,000-page world) and most pages hold neither, so a shape is scanned
# for only where it can match.
HEAD_WORD_RE = re.compile(HEADS)
LATIN_AFTER_RE = re.compile(f"{LATIN_HEADS}|{SALES_TAILS}")


def gambling_shapes(folded: str) -> list[tuple[int, int]]:
    """(start, end) of brand-shaped names in lower-cased, masked text."""
    spans = []
    if HEAD_WORD_RE.search(folded):
        spans = [m.span() for m in HEAD_TAIL_RE.finditer(folded)]
    if not LATIN_AFTER_RE.search(folded):
        return spans
    for m in LATIN_RE.finditer(folded):
        before = folded[m.start() - 1] if m.start() else " "
        if m.group(1) not in NOT_BRANDS and not (before.isascii() and before.isalnum()):
            spans.append((m.start(), _word_end(folded, m.end())))
    return spans


WORD_END_RE = re.compile(f"(?:{HEADS})?{LINK}(?:{TAILS})?", re.I)


def _word_end(text: str, end: int) -> int:
    m = WORD_END_RE.match(text, end)
    return m.end() if m else end


def porn_phrases(folded: str) -> list[tuple[int, int]]:
    """Stock phrases of porn stuffing."""
    return [m.span() for m in PORN_RE.finditer(folded)]
