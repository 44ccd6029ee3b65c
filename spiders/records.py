"""Turn Scrapy responses and failures into store rows (pages, checks)."""

from __future__ import annotations

import hashlib
from typing import Any

from scrapy.http import Response

from auditor.net.filetypes import is_attachment
from auditor.net.reasons import ok_value, reason_for_status
from auditor.store import now_iso


def header(response: Response, name: str) -> str:
    value = response.headers.get(name)
    return value.decode("latin-1").strip() if value else ""


def content_type(response: Response) -> str:
    return header(response, "Content-Type").split(";")[0].strip().lower()


def header_charset(response: Response) -> str | None:
    for part in header(response, "Content-Type").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def is_html(response: Response) -> bool:
    kind = content_type(response)
    if kind:
        return "html" in kind or kind == "application/xhtml+xml"
    return response.body[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def elapsed_ms(response: Response) -> int:
    return int(1000 * float(response.meta.get("download_latency", 0.0)))


def declared_size(response: Response) -> int:
    length = header(response, "Content-Length")
    return int(length) if length.isdigit() else len(response.body)


def is_empty(response: Response, stopped: bool) -> bool:
    """Zero bytes: said by Content-Length, or seen when the whole body was read."""
    length = header(response, "Content-Length")
    if length.isdigit():
        return int(length) == 0
    return not stopped and not response.body


def check_reason(response: Response, stopped: bool) -> str:
    """The verdict on the last answer of a fetched resource that is not crawled as a page
    (a redirect walk's own verdict, "redirected", is composed by the spider)."""
    status = response.status
    if status >= 400:
        return reason_for_status(status)
    urls = (response.meta.get("origin", response.url), response.url)
    if any(is_attachment(url) for url in urls):
        if is_html(response):
            return "html_instead_of_attachment"
        if is_empty(response, stopped):
            return "empty_attachment"
    return "ok"


def check_row(
    url: str,
    site_key: str,
    reason: str,
    response: Response | None = None,
    redirects: list[str] | None = None,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "url": url,
        "site_key": site_key,
        "reason": reason,
        "ok": ok_value(reason),
        "redirects": redirects or [],
        "checked_at": now_iso(),
        "status": None,
    }
    if response is not None:
        row.update(
            status=response.status,
            elapsed_ms=elapsed_ms(response),
            content_type=content_type(response),
            size=declared_size(response),
            final_url=response.url,
            etag=header(response, "ETag"),
            last_modified=header(response, "Last-Modified"),
        )
    return row


def page_row(
    url: str, site_key: str, response: Response, facts: dict[str, Any], encoding: str
) -> dict[str, Any]:
    meta = response.meta
    return {
        "url": url,
        "site_key": site_key,
        "final_url": response.url,
        "status": response.status,
        "content_type": content_type(response),
        "encoding": encoding,
        "title": facts.get("title") or "",
        "sha256": hashlib.sha256(response.body).hexdigest(),
        "size": len(response.body),
        "fetched_at": now_iso(),
        "elapsed_ms": elapsed_ms(response),
        "depth": meta.get("crawl_depth", 0),
        "listing_date": meta.get("listing_date"),
        "facts": facts,
        "etag": header(response, "ETag"),
        "last_modified": header(response, "Last-Modified"),
    }
