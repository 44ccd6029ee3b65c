"""Soft-404 detection: a page answered 200 that really says "not found".

Government CMSs rarely send a real 404: many answer 200 with a custom error template, or
redirect every unknown address to the home page. The crawler requests one random path per site
(`random_probe_path`), keeps what the site answered as a `Fingerprint`, and asks
`is_soft_404` for every later 2xx response. Generic not-found phrases catch the rest, but only
in a title or a short page, so a long article that mentions 页面不存在 or 404 is never flagged.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

NOT_FOUND_PHRASES = (
    "您访问的页面不存在或已被删除",
    "您访问的页面不存在",
    "您所访问的页面不存在",
    "页面不存在",
    "网页不存在",
    "找不到该页面",
    "找不到页面",
    "页面找不到",
    "页面未找到",
    "无法找到该页",
    "404 Not Found",
    "Page Not Found",
    "该信息已删除",
    "信息已被删除",
    "该文章已被删除",
    "文章不存在",
    "信息不存在",
    "记录不存在",
    "页面已失效",
    "链接已失效",
    "信息已过期",
    "页面已过期",
    "该页面已下线",
)
_BARE_ERROR_TITLE = re.compile(r"^\W*(?:404|错误|出错了|error)\W*$", re.IGNORECASE)
SHORT_TEXT = 600  # characters of main text below which a phrase anywhere counts
TITLE_SLACK = 6  # characters beside the phrase in one title segment ("对不起,页面不存在!")
_TITLE_SEPARATORS = re.compile(r"\s[-_|·—]+\s|[|_—]+|\s-|-\s")
SHINGLE = 4  # characters per shingle: Chinese text is dense, so short shingles discriminate
MIN_JACCARD = 0.8  # overlap with the site's not-found template
MAX_EXTRA_SHINGLES = 12  # own content beyond the template that still reads as the template
INDEX_FILES = re.compile(r"(?:index|default|home)\.(?:s?html?|jsp|php|aspx?)$", re.IGNORECASE)
_URLISH = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|/[\w./?=&%#~+-]*", re.IGNORECASE)
_NOISE = re.compile(r"[\d\s\W_]+")

REASON_PHRASE = "页面内容为“{}”"
REASON_TEMPLATE = "与站点的404模板相同"
REASON_HOME = "所有不存在的地址都被重定向到首页"
REASON_ERROR_PAGE = "被重定向到站点的错误页面"


def random_probe_path(site_prefix: str, seed: str) -> str:
    """A path under the site's prefix that no real site serves, stable for one seed so a
    resumed crawl probes the same address."""
    path = urlsplit(site_prefix).path if "://" in site_prefix else site_prefix
    prefix = "/" + path.strip("/") + "/" if path.strip("/") else "/"
    digest = hashlib.sha256(f"auditor-probe:{seed}".encode()).hexdigest()[:12]
    return f"{prefix}auditor-probe-{digest}.html"


@dataclass(frozen=True)
class Fingerprint:
    """What one site answers for a page that does not exist."""

    status: int
    home: str  # the site's home directory (normalised path of the probe's folder)
    redirect_target: str | None  # normalised final path when the probe was redirected
    redirects_home: bool
    text_hash: str  # hash of the normalised template text ("" when the page had no text)
    shingles: frozenset[int]
    title: str


def fingerprint(
    status: int, final_url: str, title: str, text: str, request_url: str
) -> Fingerprint:
    """Learn the site's not-found answer from the response to `random_probe_path`."""
    home = _directory(request_url)
    target = _normal_path(final_url) if _moved(request_url, final_url) else None
    norm = normalise_text(text)
    return Fingerprint(
        status=int(status or 0),
        home=home,
        redirect_target=target,
        redirects_home=target is not None and home.startswith(target),
        text_hash=_hash(norm) if norm else "",
        shingles=shingles(norm),
        title=normalise_text(title),
    )


def is_soft_404(
    status: int,
    final_url: str,
    title: str,
    text: str,
    request_url: str,
    fingerprint: Fingerprint | None,
) -> str | None:
    """A short Chinese reason when a 2xx response is really "not found", else None."""
    if not 200 <= int(status or 0) < 300:
        return None
    if fingerprint is not None:
        reason = _by_redirect(final_url, request_url, fingerprint)
        reason = reason or _by_template(final_url, title, text, request_url, fingerprint)
        if reason:
            return reason
    return _by_phrase(title or "", text or "")


def not_found_phrase(title: str, text: str) -> str | None:
    """The not-found phrase a page shows as its title, or anywhere in a short main text."""
    for segment in _TITLE_SEPARATORS.split(title or "")[:8]:
        hit = _title_phrase(segment)
        if hit:
            return hit
    folded = _fold(text)
    return _find_phrase(folded) if len(folded) <= SHORT_TEXT else None


def _title_phrase(segment: str) -> str | None:
    """A title segment that is the phrase itself, give or take an apology: an article titled
    "关于网站页面不存在问题的整改报告" is about missing pages, not one of them."""
    if _BARE_ERROR_TITLE.match(segment.strip()):
        return segment.strip()
    folded = _fold(segment)
    phrase = _find_phrase(folded)
    if phrase and len(_NOISE.sub("", folded.replace(phrase.lower(), ""))) <= TITLE_SLACK:
        return phrase
    return None


def _find_phrase(folded: str) -> str | None:
    return next((p for p in NOT_FOUND_PHRASES if p.lower() in folded), None)


def _by_phrase(title: str, text: str) -> str | None:
    phrase = not_found_phrase(title, text)
    return REASON_PHRASE.format(phrase) if phrase else None


def _by_redirect(final_url: str, request_url: str, fp: Fingerprint) -> str | None:
    if fp.redirect_target is None or not _moved(request_url, final_url):
        return None
    if _normal_path(final_url) != fp.redirect_target:
        return None
    if _normal_path(request_url) == fp.redirect_target:
        return None
    return REASON_HOME if fp.redirects_home else REASON_ERROR_PAGE


def _by_template(
    final_url: str, title: str, text: str, request_url: str, fp: Fingerprint
) -> str | None:
    if fp.redirects_home or not fp.text_hash:
        return None
    if fp.home in (_normal_path(request_url), _normal_path(final_url)):
        return None  # the home page is never a not-found page, whatever the site serves
    norm = normalise_text(text)
    if norm and _hash(norm) == fp.text_hash:
        return REASON_TEMPLATE
    return REASON_TEMPLATE if _resembles(shingles(norm), fp.shingles) else None


def _resembles(page: frozenset[int], template: frozenset[int]) -> bool:
    """Template-like: mostly the template's shingles and almost nothing of its own, so a
    short article wrapped in the same site chrome still stands apart."""
    if not page or not template:
        return False
    common = len(page & template)
    jaccard = common / len(page | template)
    return jaccard >= MIN_JACCARD and len(page) - common <= MAX_EXTRA_SHINGLES


def normalise_text(text: str) -> str:
    """Text without URLs, digits, punctuation or spacing: what stays the same between two
    renderings of one template (which echo the requested address, dates and counters)."""
    without_urls = _URLISH.sub(" ", (text or "")[:20000])
    return _NOISE.sub("", without_urls).lower()


def shingles(norm: str) -> frozenset[int]:
    """Stable (process-independent) hashes of overlapping character windows."""
    if len(norm) < SHINGLE:
        return frozenset({_crc(norm)}) if norm else frozenset()
    return frozenset(_crc(norm[i : i + SHINGLE]) for i in range(len(norm) - SHINGLE + 1))


def _crc(piece: str) -> int:
    return zlib.crc32(piece.encode())


def _hash(norm: str) -> str:
    return hashlib.sha1(norm.encode()).hexdigest()


def _fold(text: str) -> str:
    """Whitespace runs as one space, trimmed, lowercased.  `str.split` splits at the very
    characters `\\s` matches, at a fraction of `re.sub`'s cost (it folds every page's text)."""
    return " ".join((text or "")[:20000].split()).lower()


def _normal_path(url: str) -> str:
    """Host plus path with index files and trailing slashes folded: /a/index.html == /a/."""
    parts = urlsplit(url or "")
    path = INDEX_FILES.sub("", parts.path or "/")
    path = path if path.endswith("/") else path + "/"
    return f"{parts.netloc.lower()}{path}"


def _directory(url: str) -> str:
    parts = urlsplit(url or "")
    folder = (parts.path or "/").rsplit("/", 1)[0] + "/"
    return f"{parts.netloc.lower()}{folder}"


def _moved(request_url: str, final_url: str) -> bool:
    return bool(final_url) and _normal_path(final_url) != _normal_path(request_url)
