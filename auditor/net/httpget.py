"""The project's one urllib path for the few requests made outside the Scrapy crawl (the
availability probe, `init --portal`, `audit --check-only`): redirects only to http(s), checked
on the Location itself before urllib's own scheme rules, and the User-Agent sent as UTF-8
bytes, as Scrapy sends it."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urljoin, urlsplit


class UnsafeRedirect(urllib.error.URLError):
    """A redirect to something other than http(s) (file:, ftp:, data:): never followed."""

    def __init__(self, target: str) -> None:
        super().__init__("重定向到非 http(s) 地址")
        self.target = target


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def http_error_302(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        target = headers.get("location") or headers.get("uri") or ""
        if urlsplit(urljoin(req.full_url, target)).scheme.lower() not in ("http", "https"):
            raise UnsafeRedirect(target)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def opener(use_env_proxies: bool = True) -> urllib.request.OpenerDirector:
    """An opener that follows redirects only to http(s); without the environment's proxies
    when asked (planning talks to the sites themselves)."""
    handlers: list[Any] = [_HttpOnlyRedirects()]
    if not use_env_proxies:
        handlers.insert(0, urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def get_request(url: str, user_agent: str, **headers: str) -> urllib.request.Request:
    """A GET whose User-Agent goes out as its UTF-8 bytes (http.client writes Latin-1 text)."""
    agent = user_agent.encode("utf-8").decode("latin-1")
    return urllib.request.Request(url, headers={"User-Agent": agent, **headers})
