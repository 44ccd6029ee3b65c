"""The report's Chinese vocabulary: one place for every word a reader sees about a status.

Symbols are chosen so that a black-and-white print or a colour-blind reader tells the
statuses apart without colour.
"""

from __future__ import annotations

import datetime as dt
import re

from auditor.net.reasons import describe
from auditor.net.urls import split_url

STATUS_LABELS = {
    "present": "已公开",
    "stale": "未及时更新",
    "missing": "未公开",
    "broken": "链接失效",
}
STATUS_SYMBOLS = {"present": "✓", "stale": "◐", "missing": "✗", "broken": "⚠"}
STATUS_ACTIONS = {
    "present": "无需整改",
    "stale": "发布最新一期(或按时限要求的版本)",
    "missing": "补充公开该事项",
    "broken": "修复失效的链接或附件",
}
STALE_ACTIONS = {  # by freshness kind: what "not up to date" asks the department to do
    "due": "已逾期发布,按方案扣分;今后须在期限前发布",
    "annual-current": "发布应公开年度的版本",
    "annual-previous": "发布应公开年度的版本",
    "rolling": "更新该事项,发布最新信息",
    "monthly": "按月更新,发布最新一期",
}
STATUS_FALLBACK_REASONS = {
    "present": "找到符合时效要求的公开页面。",
    "stale": "只找到过期或较早版本的页面。",
    "missing": "未找到公开该事项的页面。",
    "broken": "指向该事项的链接或附件无法访问。",
}
CHANNEL_LABELS = {"site": "部门网站", "platform": "统一平台"}
EVIDENCE_STATES = {"valid": "有效", "stale": "过期", "broken": "失效"}
FRESHNESS_LABELS = {
    "standing": "长期公开(不判过期)",
    "event": "事件触发(发生相关事件时公开)",
    "rolling": "滚动更新(最新信息不早于检查日前183天)",
    "monthly": "按月更新(最新信息不早于检查日前62天)",
    "annual-current": "当年度版本(如本年度预算)",
    "annual-previous": "上一年度版本(如上年度决算)",
    "due": "限期公开",
}
NATIONAL_STATUS = {
    "ok": "✓ 通过",
    "warn": "◐ 通过(有预警)",
    "fail": "✗ 否决",
    "insufficient": "? 数据不足",
    "absent": "— 未检查",
}
HEALTH_STATUS = {
    "ok": "✓ 达标",
    "warn": "◐ 预警",
    "fail": "✗ 不达标",
    "insufficient": "? 数据不足",
    # column verdicts (auditor/health/columns.py)
    "stale": "◐ 超期未更新",
    "empty": "✗ 空白栏目",
    "undated": "? 无法判断日期",
}
SEVERITY_LABELS = {"high": "严重", "medium": "中等", "low": "轻微"}
CUTOFF_LABELS = {
    "max_pages": "达到单站页面上限",
    "max_depth": "超过抓取深度",
    "pattern_limit": "同一网址模式页面过多",
    "repeated_segments": "网址路径重复(疑似陷阱)",
    "too_many_links": "页面链接过多(只取前若干个)",
    "robots_too_large": "robots.txt 过大(只读取前 500 KiB)",
}
LIMIT_LABELS = {
    "max_pages_per_site": "单站页面上限",
    "max_depth": "最大抓取深度",
    "max_per_pattern": "同一网址模式页面上限",
    "max_repeated_segments": "网址路径重复段上限",
    "timeout": "单次访问超时(秒)",
    "recheck_ok_links_after_hours": "正常链接复查间隔(小时)",
    "max_url_length": "网址长度上限",
    "max_page_bytes": "页面大小上限(字节)",
    "max_robots_bytes": "robots.txt 读取上限(字节)",
    "max_header_bytes": "响应头大小上限(字节)",
    "max_redirects": "重定向跳数上限",
    "max_links_per_page": "每页链接数上限",
}
STAGE_LABELS = {
    "crawl": "抓取与链接检查",
    "footers": "页脚比对",
    "classify": "识别事项",
    "judge": "判定结果",
    "sample": "抽样",
    "report": "生成报告",
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def status_symbol(status: str) -> str:
    return STATUS_SYMBOLS.get(status, "?")


def channel_label(channel: str | None) -> str:
    return CHANNEL_LABELS.get(channel or "", channel or "")


def action_text(status: str, freshness: str | None) -> str:
    """What the department must do about a finding, in one phrase."""
    if status == "stale":
        kind = (freshness or "").partition(":")[0]
        return STALE_ACTIONS.get(kind, STATUS_ACTIONS["stale"])
    return STATUS_ACTIONS.get(status, "")


def freshness_label(freshness: str | None) -> str:
    """'due:2014-11-15' -> '限期公开(2014-11-15前)'."""
    if not freshness:
        return ""
    kind, _, due = freshness.partition(":")
    if kind == "due" and due:
        return f"限期公开({due} 前发布)"
    return FRESHNESS_LABELS.get(kind, freshness)


_KIND_BY_TAG = {
    "a": "页面链接",
    "area": "页面链接",
    "js": "页面链接",
    "meta-refresh": "自动跳转",
    "img": "图片",
    "picture": "图片",
    "source": "音视频或图片",
    "video": "音视频",
    "audio": "音视频",
    "track": "字幕",
    "script": "脚本",
    "iframe": "框架页面",
    "frame": "框架页面",
    "object": "插件内容",
    "embed": "插件内容",
    "applet": "插件内容",
    "json-ld": "结构化数据",
    "meta": "页面元数据",
}
_KIND_BY_ATTR = {
    "cite": "引用来源",
    "@import": "样式表",
    "poster": "图片",
    "srcset": "图片",
    "background": "图片",
}
_ATTACHMENT_KIND = "附件"


def link_kind(tag: str | None, attr: str | None, url: str) -> str:
    """What a link is, in the reader's words (图片, 样式表, 脚本, 附件, 页面链接…), from the
    element and attribute it was found in."""
    from auditor.net.filetypes import extension, is_attachment

    tag, attr = (tag or "a").lower(), (attr or "").lower()
    if is_attachment(url):
        return _ATTACHMENT_KIND
    if attr in _KIND_BY_ATTR:
        return _KIND_BY_ATTR[attr]
    if tag == "link":
        if "stylesheet" in attr.split() or extension(url) == "css":
            return "样式表"
        return "网站图标" if "icon" in attr else "关联资源"
    if tag == "css":
        return "样式表" if extension(url) == "css" else "样式中的图片或字体"
    return _KIND_BY_TAG.get(tag, "元素属性中的链接")


def reason_text(reason: str | None) -> str:
    """Chinese wording of a fetch reason code (the fetch vocabulary of auditor/net/reasons.py)."""
    if not reason:
        return "未知原因"
    return describe(reason)


_BLANK_OR_CONTROL = re.compile("[\x00-\x20]")  # one C scan, not a generator per character


def safe_href(url: object) -> str | None:
    """The URL when a browser may follow it safely (http/https only), else None.

    Crawled links are hostile: javascript:, data:, vbscript: and anything odd is shown as
    text, never as a link."""
    if not isinstance(url, str) or _BLANK_OR_CONTROL.search(url):
        return None
    parts = split_url(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def days_between(start: str | None, end: str | None) -> int | None:
    """Whole days from start to end (ISO dates or datetimes); None when either is unknown."""
    try:
        first = dt.date.fromisoformat(str(start)[:10])
        last = dt.date.fromisoformat(str(end)[:10])
    except (TypeError, ValueError):
        return None
    return (last - first).days


def when(stamp: str | None) -> str:
    """'2014-11-20T09:30:00+08:00' -> '2014-11-20 09:30:00' for reading."""
    return str(stamp or "")[:19].replace("T", " ")


def deadline_text(deadline: str | None, as_of: str | None) -> str:
    """'2014-11-15(已逾期 5 天)' relative to the inspection date."""
    if not deadline:
        return ""
    days = days_between(as_of, deadline)
    if days is None:
        return deadline
    if days < 0:
        return f"{deadline}(检查日已逾期 {-days} 天)"
    return f"{deadline}(距检查日还有 {days} 天)"
