"""Chinese names for the tampering kinds and hiding techniques auditor/tamper emits.

An inspector acts on "用 display:none 隐藏的链接", not on "hidden_link"; the CSS or script
term stays in brackets so a web administrator can find the spot in the page source.
"""

from __future__ import annotations

KIND_LABELS = {
    "hidden_link": "隐藏链接(暗链)",
    "injected_text": "被植入的文字",
    "hijacked_footer": "页脚被篡改",
    "footer_outlier": "页脚与本站其他页面不一致",
    "hidden_iframe": "隐藏或整页框架",
    "script_injection": "脚本植入链接",
    "meta_spam": "标题或元数据被篡改",
    "cloaking_script": "跳转/伪装脚本",
}
TECHNIQUE_LABELS = {
    "display:none": "样式隐藏",
    "hidden-attribute": "hidden 属性隐藏",
    "visibility:hidden": "不可见样式",
    "opacity:0": "完全透明",
    "zero-size-overflow-hidden": "零尺寸区域",
    "clip": "裁剪隐藏",
    "offscreen-position": "移出屏幕外",
    "z-index": "压在其他内容下方",
    "marquee": "滚动字幕",
    "text-indent": "文字缩进到屏幕外",
    "font-size:0": "字号为 0",
    "line-height:0": "行高为 0",
    "same-color": "文字与背景同色",
    "full-page-iframe": "整页框架覆盖",
    "zero-size": "零尺寸框架",
    "iframe": "框架载入",
    "external-script": "引用外部脚本",
    "script-file": "本站脚本文件",
    "referrer-redirect": "按来源跳转",
    "user-agent": "按访问者类型跳转",
    "innerHTML": "脚本写入(innerHTML)",
    "document.write": "脚本写入(document.write)",
    "title": "网页标题",
    "meta-refresh": "自动跳转(meta refresh)",
    "visible-text": "直接可见的文字",
    "footer-differs": "与本站多数页面的页脚不同",
    "title-template": "标题不符合本站标题格式",
}
# techniques named by a CSS term worth keeping for whoever cleans the page
CSS_TERMS = {
    "display:none",
    "visibility:hidden",
    "opacity:0",
    "font-size:0",
    "line-height:0",
    "text-indent",
    "clip",
    "z-index",
    "marquee",
}
STYLE_RULE = "style-rule "
SCRIPT_STYLE = "script-style "
LINKED_STYLE = "linked-style "


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "")


def technique_label(technique: str | None) -> str:
    """'display:none' -> '样式隐藏(display:none)'; unknown techniques are shown as they are."""
    technique = technique or ""
    if "+" in technique:  # a script wrote markup that hides itself: "document.write+font-size:0"
        return "，".join(technique_label(part) for part in technique.split("+", 1))
    if technique.startswith(STYLE_RULE):
        return f"样式表规则隐藏({technique[len(STYLE_RULE) :]})"
    if technique.startswith(LINKED_STYLE):
        return f"外部样式表规则隐藏({technique[len(LINKED_STYLE) :]})"
    if technique.startswith(SCRIPT_STYLE):
        return f"脚本设置隐藏({technique[len(SCRIPT_STYLE) :]})"
    if technique.startswith("meta "):
        return f"元数据 {technique[5:]} 被篡改"
    label = TECHNIQUE_LABELS.get(technique)
    if label is None or label == technique:
        return technique
    return f"{label}({technique})" if technique in CSS_TERMS else label
