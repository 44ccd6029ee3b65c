"""The inspection file's `[serious]` section: what 严重错误 (a single veto) is checked against.

The national indicators count as serious errors wrong leaders' names and titles, wrong or
outdated official expressions, and faked publication dates. Who leads the district changes
with every appointment and only the 政务办 knows it, so leaders come from the inspection file;
official expressions ship with a default list (DEFAULT_EXPRESSIONS) that the file extends.

    [[serious.leaders]]
    name = "张三"
    title = "区委副书记、区长"        # one or more titles, separated by 、
    [[serious.leaders]]
    name = "李四"
    title = "区长"
    until = 2014-03-01                 # left office: named as current after this is an error
    [[serious.expressions]]
    wrong = "良庆开发区"
    right = "良庆经济开发区"
    [serious.founded]                  # a site's first day: earlier publication dates are faked
    "城区财政局" = 2008-05-01
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from auditor.errors import InputError

REFORM_2018 = "2018-03-21"  # 国务院机构改革方案 adopted; the old names are history after it
BASIS_REFORM = "《国务院机构改革方案》(2018年3月17日第十三届全国人大一次会议批准)"
BASIS_XINHUA = "新华社《新闻信息报道中的禁用词和慎用词》"


@dataclass(frozen=True)
class Leader:
    name: str
    titles: tuple[str, ...]
    until: str | None = None  # ISO date the leader left office; None = current


@dataclass(frozen=True)
class Expression:
    wrong: str
    right: str
    since: str | None = None  # wrong only on pages published on or after this date
    basis: str = ""
    pattern: str = ""  # a regex when the plain phrase would also match a longer word
    literal: str = ""  # with a pattern: text every match contains (the cheap pre-test)

    def needle(self) -> str:
        """Text every match contains, or "" when unknown: testing `needle in text` first
        spares the regex scan of nearly every page (profiled: most of site health's time)."""
        return self.literal if self.pattern else self.wrong

    def regex(self) -> re.Pattern[str]:
        """`原`/`前` before an outdated name means the text speaks of history: not an error."""
        core = self.pattern or re.escape(self.wrong)
        return re.compile(f"(?<![原前]){core}" if self.since else core)


def _reform(wrong: str, right: str) -> Expression:
    """An institution renamed by the 2018 reform; 环境保护部门 (departments in general) and
    农业部署 (plans) are other words that merely contain the old name."""
    pattern = f"{re.escape(wrong)}(?![门署落])"
    return Expression(wrong, right, REFORM_2018, BASIS_REFORM, pattern, literal=wrong)


DEFAULT_EXPRESSIONS: tuple[Expression, ...] = (
    Expression("台湾政府", "台湾当局", basis=BASIS_XINHUA),
    Expression("台湾总统", "台湾地区领导人", basis=BASIS_XINHUA),
    Expression("北韩", "朝鲜", basis=BASIS_XINHUA),
    Expression("南朝鲜", "韩国", basis=BASIS_XINHUA),
    Expression(
        "香港政府",
        "香港特别行政区政府",
        basis=BASIS_XINHUA,
        pattern="(?<!特别行政区)香港政府",
        literal="香港政府",
    ),
    Expression(
        "澳门政府",
        "澳门特别行政区政府",
        basis=BASIS_XINHUA,
        pattern="(?<!特别行政区)澳门政府",
        literal="澳门政府",
    ),
    Expression(
        "一带一路战略",
        "“一带一路”倡议",
        basis="国家发展改革委等关于规范“一带一路”对外表述的要求",
        pattern='一带一路[”"」]?战略',
        literal="一带一路",
    ),
    _reform("国家工商行政管理总局", "国家市场监督管理总局"),
    _reform("国家质量监督检验检疫总局", "国家市场监督管理总局"),
    _reform("国家食品药品监督管理总局", "国家市场监督管理总局(国家药品监督管理局)"),
    _reform("国家卫生和计划生育委员会", "国家卫生健康委员会"),
    _reform("国家安全生产监督管理总局", "应急管理部"),
    _reform("国土资源部", "自然资源部"),
    _reform("环境保护部", "生态环境部"),
    _reform("农业部", "农业农村部"),
    _reform("文化部", "文化和旅游部"),
    _reform("国家旅游局", "文化和旅游部"),
)


@dataclass(frozen=True)
class SeriousRules:
    leaders: tuple[Leader, ...] = ()
    expressions: tuple[Expression, ...] = ()  # the file's own, added to the defaults
    founded: dict[str, str] = field(default_factory=dict)  # department -> ISO first day

    def all_expressions(self) -> tuple[Expression, ...]:
        return DEFAULT_EXPRESSIONS + self.expressions


def parse_serious(value: Any, where: str) -> SeriousRules:
    """Validate the `[serious]` table; every mistake names the key and how to write it."""
    if value is None:
        return SeriousRules()
    if not isinstance(value, dict):
        raise InputError(
            f"{where}: [serious] 格式错误", "[serious] 下应为 leaders、expressions、founded。"
        )
    unknown = set(value) - {"leaders", "expressions", "founded"}
    if unknown:
        raise InputError(
            f"{where}: [serious] 未知的配置项 {sorted(unknown)[0]}",
            "可用的配置项:leaders, expressions, founded。",
        )
    leaders = tuple(
        _leader(raw, f"{where}: 第 {n} 个 [[serious.leaders]]")
        for n, raw in enumerate(_tables(value, "leaders", where), start=1)
    )
    expressions = tuple(
        _expression(raw, f"{where}: 第 {n} 个 [[serious.expressions]]")
        for n, raw in enumerate(_tables(value, "expressions", where), start=1)
    )
    founded = value.get("founded", {})
    if not isinstance(founded, dict):
        raise InputError(f"{where}: [serious.founded] 格式错误", '例如 "城区财政局" = 2008-05-01。')
    return SeriousRules(
        leaders,
        expressions,
        {k: _date(v, f"{where}: [serious.founded] {k}") for k, v in founded.items()},
    )


def _tables(value: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    tables = value.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise InputError(f"{where}: serious.{key} 格式错误", f"请写成 [[serious.{key}]] 表。")
    return tables


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: 缺少 {key}", f'请写明 {key} = "…"。')
    return value.strip()


def _date(value: Any, where: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    raise InputError(f"{where} 不是有效日期:{value!r}", "日期写作 2014-03-01(不加引号)。")


def _leader(raw: dict[str, Any], where: str) -> Leader:
    titles = tuple(t.strip() for t in re.split("[、,,/]", _text(raw, "title", where)) if t.strip())
    until = raw.get("until")
    return Leader(
        _text(raw, "name", where), titles, _date(until, f"{where}: until") if until else None
    )


def _expression(raw: dict[str, Any], where: str) -> Expression:
    since = raw.get("since")
    return Expression(
        _text(raw, "wrong", where),
        _text(raw, "right", where),
        _date(since, f"{where}: since") if since else None,
        "检查方案",
    )


def rules_from_run(inspection: dict[str, Any] | None) -> SeriousRules:
    """The rules an audit ran with, rebuilt from the run's stored inspection."""
    raw = (inspection or {}).get("serious") or {}
    leaders = tuple(
        Leader(x["name"], tuple(x["titles"]), x.get("until")) for x in raw.get("leaders", [])
    )
    expressions = tuple(Expression(**x) for x in raw.get("expressions", []))
    return SeriousRules(leaders, expressions, dict(raw.get("founded", {})))


ANSWER_WITHIN_DAYS = 15  # a common provincial limit for answering a consultation (days)


def parse_interaction(value: Any, where: str) -> int:
    """`[interaction] answer_within_days = N`: answers later than N days are reported."""
    if value is None:
        return ANSWER_WITHIN_DAYS
    if not isinstance(value, dict) or set(value) - {"answer_within_days"}:
        raise InputError(
            f"{where}: [interaction] 格式错误或含未知配置项", "可用的配置项:answer_within_days。"
        )
    days = value.get("answer_within_days", ANSWER_WITHIN_DAYS)
    if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
        raise InputError(
            f"{where}: [interaction] answer_within_days 的值无效:{days!r}",
            "应为正整数(天数),例如 answer_within_days = 15。",
        )
    return days
