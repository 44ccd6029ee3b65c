"""Spam vocabulary (gambling, porn, scam) and the context rules that keep legitimate news clean.

Each term has a strength:
- "brand": names built like gambling brands ("XX娱乐官网", "365bet", casino names). Flagged in
  visible text; in a footer no context can excuse them (a footer never reports a court case).
- "strong": unambiguous spam words (真人百家乐, 六合彩, 代开发票 …). Flagged in visible text.
- "weak": words with everyday government uses (棋牌, 提款, 洗钱, 办证, 成人, 彩票, 外挂, 私服).
  They only count inside hidden blocks, scripts and meta tags, and together with an external
  link.

Context rules (documented because they decide false positives):
1. Legal lotteries and ordinary phrases are masked before matching: 福利彩票, 体育彩票, 福彩,
   体彩, 竞彩, 彩票公益金, 反洗钱, 成人教育/成人高考/成人高等/成人学历, 长大成人, 娱乐场所,
   办证大厅 … so "中国福利彩票发行管理中心" or "成人高考报名" never match.
2. Enforcement and legal context excuses strong and weak terms in the same sentence: 打击, 整治,
   查处, 破获, 抓获, 捣毁, 取缔, 禁赌, 扫黄, 涉赌, 违法, 犯罪, 诈骗/反诈/防骗, 拘留, 罚款,
   处罚, 判处, 刑法, 第…条, 《…法》 etc. ("打击赌博违法犯罪", a clause of 《治安管理处罚法》).
   Brand terms are excused only outside footers.
3. Term-local exceptions: 棋牌 near 老年/活动中心/活动室/比赛/协会/文体; 提款 near 银行/公积金/
   养老金; 私服 after 身着/穿着; 外挂 before 电梯/楼梯/空调; 娱乐城 near 消防/检查/经营;
   彩票网 before 点 (a lottery outlet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.tamper.shapes import gambling_shapes, porn_phrases

CATEGORY_NAMES = {"gambling": "博彩类", "porn": "色情类", "scam": "违法广告类"}

_GAMBLING_BRAND = (
    "娱乐官网 娱乐官方网站 娱乐平台 娱乐网址 娱乐注册 娱乐开户 娱乐登录 娱乐登陆 娱乐城 娱乐手机版 "
    "彩票网 彩票官网 彩票平台 彩票注册 彩票投注 新葡京 葡京娱乐 威尼斯人 金沙娱乐 金沙赌场 "
    "太阳城娱乐 皇冠体育 皇冠现金网 皇冠娱乐 博狗 伟德国际 明升体育 银河娱乐 永利娱乐 "
    "bet365 365bet 188bet 12bet 1xbet betway sbobet bwin vwin w88 bbin ag真人 ag娱乐 casino "
    "365娱乐 365体育 188体育 888娱乐 888真人 365彩票 棋牌官网 棋牌平台 棋牌游戏"
)
_GAMBLING_STRONG = (
    "博彩 真人百家乐 百家乐 六合彩 时时彩 北京赛车 pk10 幸运飞艇 赌场 赌球 网络赌博 网上赌博 "
    "赌博网站 赌博 老虎机 现金网 真人视讯 真人娱乐 体育投注 足球投注 在线投注 开户送 注册送 "
    "彩金 返水 炸金花 澳门赌 澳门博 baccarat"
)
_PORN_STRONG = (
    "色情 成人电影 成人视频 成人网站 成人影院 成人小说 成人直播 黄色网站 黄色电影 三级片 裸聊 约炮 "
    "一夜情 援交 情色 av女优 无码 激情视频 乱伦 偷拍自拍 午夜影院 porn"
)
_SCAM_STRONG = (
    "代开发票 发票代开 代开增值税 办假证 假证 刻章办证 办证刻章 传奇私服 私服发布 游戏外挂 "
    "外挂辅助 出售枪支 枪支出售 迷药 迷情药 窃听器 信用卡套现 黑客接单 代孕 无痛人流 壮阳 伟哥 春药"
)
_WEAK = {
    "gambling": "棋牌 提款 投注 下注 盘口 彩票 poker 登录入口 网页版",
    "porn": "成人",
    "scam": "洗钱 办证 私服 外挂 套现",
}
MASK_WORDS = (
    "福利彩票 体育彩票 福彩 体彩 竞彩 彩票公益金 反洗钱 成人教育 成人高考 成人高等 成人学历 成人本科 "
    "成人专科 成人礼 成人之美 成人达己 长大成人 成人成才 培养成人 娱乐场所 办证大厅 外挂电梯"
)

ENFORCEMENT_RE = re.compile(
    r"打击|整治|严打|禁止|严禁|禁赌|禁毒|禁黄|扫黄|打非|查处|查获|破获|抓获|捣毁|取缔|侦破|立案|"
    r"防范|抵制|远离|拒绝|举报|违法|犯罪|涉赌|涉黄|涉诈|参赌|聚赌|赌资|黄赌毒|处罚|拘留|罚款|判处|"
    r"判决|刑法|第[一二三四五六七八九十百零〇\d]+条|《[^》]{0,30}法》|专项行动|警方|公安|民警|"
    r"派出所|法院|检察|案件|嫌疑人|诈骗|反诈|防骗|警惕|谨防|骗局|受骗|被骗|开设赌场"
)
LOCAL_EXCEPTIONS = {
    "棋牌": re.compile(r"老年|老干部|活动中心|活动室|文体|比赛|协会|社区|健身|象棋|围棋|桥牌"),
    "提款": re.compile(r"银行|取款|公积金|养老金|存款|储户|ATM", re.I),
    "私服": re.compile(r"身着|穿着|便衣|着装"),
    "外挂": re.compile(r"电梯|楼梯|空调|幕墙|机组"),
    "娱乐城": re.compile(r"消防|检查|经营|整改|安全"),
    "彩票网": re.compile(r"彩票网点"),
    "威尼斯人": re.compile(r"威尼斯人(?:酒店|度假村|会展|剧场)"),
}
GENERIC_BRAND_HEADS = ("娱乐", "彩票", "棋牌")
PLACE_SUFFIXES = "省市区县州"
SENTENCE_END = "。！？!?；;\n"


@dataclass(frozen=True)
class TermHit:
    """A spam word found in a text: `text` is what inspectors read (brand with its prefix)."""

    start: int
    end: int
    term: str
    text: str
    category: str
    strength: str


def _build_table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for words, category, strength in (
        (_GAMBLING_BRAND, "gambling", "brand"),
        (_GAMBLING_STRONG, "gambling", "strong"),
        (_PORN_STRONG, "porn", "strong"),
        (_SCAM_STRONG, "scam", "strong"),
    ):
        table.update({w.lower(): (category, strength) for w in words.split()})
    for category, words in _WEAK.items():
        table.update({w: (category, "weak") for w in words.split()})
    return table


def trie_pattern(words: list[str]) -> str:
    """One regex whose alternation is a prefix trie, so long word lists stay fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_node(trie)


def _trie_node(node: dict) -> str:
    parts = [re.escape(ch) + _trie_node(sub) for ch, sub in sorted(node.items()) if ch]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in node else body


TERMS = _build_table()
TERM_RE = re.compile(trie_pattern(list(TERMS)))
BRAND_TAIL_RE = re.compile(r"(?:娱乐)?(?:官方网站|官网|平台|城|网址|注册|开户|登录|登陆|手机版)")
MASK_RE = re.compile(trie_pattern(MASK_WORDS.split()))


def mask(text: str) -> str:
    """Blank out legitimate phrases, keeping offsets, so they cannot match a spam term."""
    return MASK_RE.sub(lambda m: "\u3000" * len(m.group()), text)


def sentence(text: str, start: int, end: int, limit: int = 120) -> str:
    left = max(text.rfind(ch, max(0, start - limit), start) for ch in SENTENCE_END)
    rights = [i for i in (text.find(ch, end, end + limit) for ch in SENTENCE_END) if i >= 0]
    left = max(left, start - limit, -1)
    return text[left + 1 : min(rights) if rights else end + limit]


def _fold(text: str) -> str:
    """Lower-case without moving offsets (str.lower can lengthen a few exotic characters)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower()[:1] for c in text)


def _brand_text(text: str, start: int, end: int) -> str:
    tail = BRAND_TAIL_RE.match(text, end)
    end = tail.end() if tail else end
    if not text[start:end].startswith(GENERIC_BRAND_HEADS) and not text[start].isdigit():
        return text[start:end]
    i = start
    while i > 0 and start - i < 12 and text[i - 1].isascii() and text[i - 1].isalnum():
        i -= 1
    if i == start:
        while i > 0 and start - i < 6 and "\u4e00" <= text[i - 1] <= "\u9fff":
            i -= 1
        # A hijacked footer keeps the real sponsor's place name: "南宁市鑫盛娱乐官网主办"
        # names the brand 鑫盛娱乐官网, so the prefix starts after the last place suffix.
        cut = max(text.rfind(c, i, start) for c in PLACE_SUFFIXES)
        i = cut + 1 if cut >= 0 else max(i, start - 4)
    return text[i:end]


def find_terms(text: str) -> list[TermHit]:
    """Every vocabulary match after masking, with no context judgement yet."""
    masked = _fold(mask(text))
    hits = []
    for m in TERM_RE.finditer(masked):
        category, strength = TERMS[m.group()]
        shown = text[m.start() : m.end()]
        if strength == "brand":
            shown = _brand_text(text, m.start(), m.end())
        hits.append(TermHit(m.start(), m.end(), m.group(), shown, category, strength))
    return hits + _shape_hits(text, masked, hits)


def _shape_hits(text: str, masked: str, known: list[TermHit]) -> list[TermHit]:
    """Brand-shaped names and porn stock phrases the word lists do not name."""
    taken = [(h.start, h.end) for h in known if h.strength != "weak"]
    found = []
    for spans, category, strength in (
        (gambling_shapes(masked), "gambling", "brand"),
        (porn_phrases(masked), "porn", "strong"),
    ):
        for start, end in spans:
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            shown = _shape_text(text, start, end) if strength == "brand" else text[start:end]
            found.append(TermHit(start, end, masked[start:end], shown, category, strength))
    return sorted(found, key=lambda h: h.start)


def _shape_text(text: str, start: int, end: int) -> str:
    """The brand with the name before its head word ("星空" of "星空体育官网")."""
    i = start
    while i > 0 and start - i < 3 and "\u4e00" <= text[i - 1] <= "\u9fff":
        i -= 1
    cut = max(text.rfind(c, i, start) for c in PLACE_SUFFIXES)
    return text[(cut + 1 if cut >= 0 else i) : end]


def is_excused(hit: TermHit, text: str, in_footer: bool = False) -> bool:
    """True when the sentence around the hit shows legitimate use (see the module docstring)."""
    around = sentence(text, hit.start, hit.end)
    local = LOCAL_EXCEPTIONS.get(hit.term)
    if local and local.search(text[max(0, hit.start - 12) : hit.end + 12]):
        return True
    if hit.strength == "brand" and in_footer:
        return False
    return bool(ENFORCEMENT_RE.search(around))


def spam_terms(text: str, *, weak: bool, in_footer: bool = False) -> list[TermHit]:
    """Unexcused spam terms in a text; weak terms only when `weak` (hidden or meta context)."""
    return [
        h
        for h in find_terms(text)
        if (weak or h.strength != "weak") and not is_excused(h, text, in_footer)
    ]


def describe(hits: list[TermHit], limit: int = 3) -> str:
    """ "博彩类词语“真人百家乐”“六合彩”" for a detail sentence."""
    if not hits:
        return ""
    names = list(dict.fromkeys(h.text for h in hits))
    names = [n for n in names if not any(n != o and n in o for o in names)][:limit]
    category = CATEGORY_NAMES[hits[0].category]
    kind = "品牌" if hits[0].strength == "brand" else "词语"
    return category + kind + "".join(f"“{n}”" for n in names)
