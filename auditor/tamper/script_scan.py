"""Inline scripts, read as text and never run: written links, hiding applied by id, and
search-engine cloaking.

Obfuscation is undone only as far as text decoding goes (jsread.py: escapes, concatenated
literals, atob, String.fromCharCode with literal numbers, %NN): the payload a writer call would
receive is parsed as HTML and walked with the page's styles like the body, which covers the
injections seen on hacked sites without interpreting JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import unquote

from auditor.tamper.hit import TamperHit, element_path, truncate
from auditor.tamper.hosts import is_external, is_public_sector, is_spam_host, link_host
from auditor.tamper.jsread import payload
from auditor.tamper.linkfacts import hosts_phrase, link_facts, several_outside
from auditor.tamper.vocab import describe, spam_terms

SCRIPT_SET = "script:"  # marks a rule a script applies: "script:#x{display:none}"
WrittenScan = Callable[[str], TamperHit | None]
WRITE_RE = re.compile(
    r"document\s*\.\s*write(?:ln)?\s*\(|\.innerHTML\s*\+?=|insertAdjacentHTML\s*\(|"
    r"\.(?:html|append|prepend|after|before)\s*\(|\.outerHTML\s*="
)
HEX_RE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")
CHARCODE_RE = re.compile(r"String\.fromCharCode\(\s*([\d\s,]+)\)")
CONCAT_RE = re.compile(r"(['\"])\s*\+\s*(['\"])")
LINK_RE = re.compile(r"<a\b[^>]*?href\s*=\s*\\?['\"]?([^'\"\s>\\]+)[^>]*>(.*?)</a", re.I | re.S)
TAG_RE = re.compile(r"<[^>]*>")
HIDING_RE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|text-indent\s*:\s*-\d{3,}|"
    r"(?:left|top)\s*:\s*-\d{3,}|font-size\s*:\s*0|height\s*:\s*[01]px",
    re.I,
)
REFERRER_RE = re.compile(r"document\s*\.\s*referr?er", re.I)
ENGINE_RE = re.compile(r"baidu|sogou|so\.com|soso|sm\.cn|google|bing|yahoo|360\.cn|youdao", re.I)
SPIDER_RE = re.compile(r"userAgent[\s\S]{0,200}(?:spider|bot|slurp)", re.I)
REDIRECT_RE = re.compile(
    r"location(?:\.href)?\s*=(?!=)|location\.(?:replace|assign)\s*\(|window\.open\s*\(|"
    r"document\s*\.\s*write|innerHTML|createElement\(\s*['\"]iframe",
    re.I,
)


STYLE_SET_RE = re.compile(
    r"getElementById\(\s*['\"]([\w-]+)['\"]\s*\)\s*\.style\.(display|visibility)\s*=\s*"
    r"['\"](none|hidden)['\"]"
    r"|\$\(\s*['\"]#([\w-]+)['\"]\s*\)\s*\.(?:hide\(\s*\)|css\(\s*['\"](display|visibility)['\"]"
    r"\s*,\s*['\"](none|hidden)['\"])"
)


def script_rules(script) -> list[str]:
    """CSS rules a script applies by id ("#x{display:none}"), marked as set by a script."""
    text = script.text or ""
    if script.get("src") or ("none" not in text and "hid" not in text):
        return []
    rules = []
    for m in STYLE_SET_RE.finditer(decode_js(text)):
        ident = m.group(1) or m.group(4)
        prop, value = (m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(6))
        rules.append(f"{SCRIPT_SET}#{ident}{{{prop or 'display'}:{value or 'none'}}}")
    return rules


@lru_cache(maxsize=256)
def decode_js(text: str) -> str:
    """Undo escaping and literal concatenation so written HTML can be read.  Cached: a site's
    template repeats the same inline scripts on every page."""
    text = CHARCODE_RE.sub(_charcodes, text)
    text = HEX_RE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    if "%3C" in text.upper() or "%u" in text:
        text = unquote(re.sub(r"%u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text))
    return CONCAT_RE.sub("", text)


def _charcodes(m: re.Match) -> str:
    codes = [int(c) for c in m.group(1).replace(" ", "").split(",") if c]
    return "'" + "".join(chr(c) for c in codes if 0 < c < 0x110000) + "'"


def script_hits(
    script, page_url: str, page_host: str | None, written: WrittenScan | None = None
) -> list[TamperHit]:
    """Findings for one `<script>` element (inline text or src). `written` walks the markup
    a script writes with the page's own style rules (see scan.py)."""
    src = script.get("src")
    if src:
        return _src_hit(script, src, page_url, page_host)
    code = script.text or ""
    decoded = decode_js(code)
    found = _cloaking(script, decoded) or _written(
        script, code, decoded, page_url, page_host, written
    )
    return [found] if found else []


def _src_hit(script, src: str, page_url: str, page_host: str | None) -> list[TamperHit]:
    host = link_host(src, page_url)
    if not is_spam_host(host) or not is_external(host, page_host) or is_public_sector(host or ""):
        return []
    detail = f"页面引用了可疑外部脚本，来源站点 {host}"
    return [_hit(script, "script_injection", "external-script", detail, src, "high")]


def _cloaking(script, code: str) -> TamperHit | None:
    by_referrer = REFERRER_RE.search(code) and ENGINE_RE.search(code)
    by_agent = SPIDER_RE.search(code)
    if not (by_referrer or by_agent) or not REDIRECT_RE.search(code):
        return None
    technique = "referrer-redirect" if by_referrer else "user-agent"
    who = "从搜索引擎进入的访客" if by_referrer else "搜索引擎爬虫"
    detail = f"脚本判断{who}后跳转或改写页面（搜索引擎劫持）"
    return _hit(script, "cloaking_script", technique, detail, code, "high")


def _written(
    script,
    code: str,
    decoded: str,
    page_url: str,
    page_host: str | None,
    written: WrittenScan | None,
) -> TamperHit | None:
    """A writer call's payload: hidden blocks in it (walked by `written`), else its links."""
    writer = WRITE_RE.search(decoded)
    if not writer:
        return None
    technique = "innerHTML" if "document" not in writer.group() else "document.write"
    html = payload(code)
    if written is not None and "<" in html:
        hidden = written(html)
        if hidden is not None:
            return _hit(
                script,
                "script_injection",
                f"{technique}+{hidden.technique}",
                f"脚本以 {technique} 写入的内容{hidden.detail}",
                html,
                hidden.severity,
            )
    return _written_links(script, technique, html, page_url, page_host)


def _written_links(
    script, technique: str, html: str, page_url: str, page_host: str | None
) -> TamperHit | None:
    links = [
        link_facts(h, TAG_RE.sub("", t), page_url, page_host) for h, t in LINK_RE.findall(html)
    ]
    terms = spam_terms(TAG_RE.sub(" ", html), weak=True)
    if not _suspicious_write(html, links, terms):
        return None
    outside = [f for f in links if f.outside]
    hides = bool(HIDING_RE.search(html)) and bool(outside)
    detail = f"脚本以 {technique} 写入 {len(links)} 个链接"
    detail += f"，指向 {hosts_phrase(outside)}" if outside else ""
    detail += f"，含{describe(terms)}" if terms else ""
    severity = "high" if terms or hides or any(f.suspicious for f in outside) else "medium"
    return _hit(script, "script_injection", technique, detail, html, severity)


def _suspicious_write(code: str, links, terms) -> bool:
    """Same rule as hidden blocks, plus any external link written inside a hiding style."""
    outside = [f for f in links if f.outside]
    if any(t.strength != "weak" for t in terms) or (terms and outside):
        return True
    hides = bool(HIDING_RE.search(code)) and bool(outside)
    return hides or any(f.suspicious for f in outside) or several_outside(links)


def _hit(el, kind: str, technique: str, detail: str, snippet: str, severity: str) -> TamperHit:
    return TamperHit(kind, technique, detail, truncate(snippet), element_path(el), severity)
