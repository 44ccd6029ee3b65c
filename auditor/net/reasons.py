"""Reason codes for fetch outcomes: one stable vocabulary for the store, reports and users.

Codes are English and stable (users filter on them); `describe` gives the Chinese wording.
"""

from __future__ import annotations

from twisted.python.failure import Failure

OK_REASONS = frozenset({"ok", "redirected"})
# Listed but not judged: the inspector was not allowed to look, so it is neither ok nor broken.
UNJUDGED_REASONS = frozenset({"robots"})

DESCRIPTIONS = {
    "ok": "正常",
    "redirected": "已重定向",
    "timeout": "访问超时",
    "refused": "连接被拒绝",
    "reset": "连接被重置",
    "dns": "域名无法解析",
    "tls": "证书或加密连接错误",
    "redirect_loop": "重定向循环",
    "too_many_redirects": "重定向次数过多",
    "soft_404": "页面显示“不存在”(软404)",
    "html_instead_of_attachment": "附件地址返回的是网页(疑为错误页)",
    "empty_attachment": "附件为空文件",
    "missing_anchor": "页内锚点不存在",
    "mixed_content": "HTTPS 页面引用了 HTTP 资源",
    "robots": "robots.txt 禁止访问",
    "malformed_url": "网址格式错误",
    "error": "访问出错",
    "unsafe_scheme": "非 http/https 地址(已拒绝访问)",
    "url_too_long": "网址过长(未访问)",
    "invalid_url": "网址格式无效(未访问)",
    "private_address": "指向内网或本机地址(已拒绝访问)",
    "too_large": "内容超过大小上限",
    "headers_too_large": "响应头过大",
}


def describe(reason: str) -> str:
    """Chinese wording of a reason code, e.g. http_404 -> "HTTP 404 错误"."""
    if reason.startswith("http_"):
        return f"HTTP {reason[5:]} 错误"
    return DESCRIPTIONS.get(reason, reason)


def ok_value(reason: str) -> int | None:
    """The checks table's `ok`: 1, 0 (broken), or NULL for reasons that are not a verdict."""
    if reason in UNJUDGED_REASONS:
        return None
    return int(reason in OK_REASONS)


def reason_for_status(status: int) -> str:
    return "ok" if status < 400 else f"http_{status}"


_BY_CLASS_NAME = {
    "DNSLookupError": "dns",
    "ReservedNameError": "dns",
    "CannotResolveHostError": "dns",
    "ConnectionRefusedError": "refused",
    "DownloadConnectionRefusedError": "refused",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "DownloadTimeoutError": "timeout",
    "ConnectionLost": "reset",
    "ConnectionDone": "reset",
    "ResponseNeverReceived": "reset",
    "ResponseFailed": "reset",
    "ResponseDataLossError": "reset",
    "DownloadFailedError": "reset",
    # Refusals and caps of spiders/gatekeeper.py and spiders/resolver.py
    "UnsafeSchemeError": "unsafe_scheme",
    "UrlTooLongError": "url_too_long",
    "InvalidUrlError": "invalid_url",
    "PrivateAddressError": "private_address",
    "PrivateAddressRefused": "private_address",
    "BodyTooLargeError": "too_large",
    "DownloadCancelledError": "too_large",  # Scrapy's DOWNLOAD_MAXSIZE (max_page_bytes)
    "HeadersTooLargeError": "headers_too_large",
}


def reason_for_failure(failure: Failure) -> str:
    """Map a Twisted/Scrapy failure to a reason code (by class name, so that both Scrapy's
    own download errors and the Twisted ones of older Scrapy versions map the same)."""
    value = failure.value
    if value is None:  # a Failure always wraps an exception; None only in a broken caller
        return "error"
    name = type(value).__name__
    if name == "IgnoreRequest":
        return "robots" if "robots" in str(value).lower() else "error"
    if _mentions_tls(value):
        return "tls"
    if any(type(cause).__name__ == "HeadersTooLargeError" for cause in _causes(value)):
        return "headers_too_large"
    return _BY_CLASS_NAME.get(name, "error")


def _causes(value: BaseException) -> list[BaseException]:
    """What a download error wraps: Scrapy's `__cause__`, Twisted's ResponseFailed reasons."""
    found: list[BaseException] = []
    todo = [value]
    while todo and len(found) < 20:
        item = todo.pop()
        found.append(item)
        todo += [getattr(r, "value", r) for r in getattr(item, "reasons", None) or []]
        if item.__cause__ is not None:
            todo.append(item.__cause__)
    return found


def _mentions_tls(value: BaseException) -> bool:
    texts = [
        repr(value),
        *(repr(getattr(r, "value", r)) for r in getattr(value, "reasons", []) or []),
    ]
    return any("ssl" in t.lower() or "certificate" in t.lower() for t in texts)
