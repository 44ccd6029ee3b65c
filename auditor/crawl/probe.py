"""Availability probe: one timed visit of every inspected home page, kept for the week-long rule.

The national indicator 站点无法访问 (a single veto) samples each home page at least 20 times a
day for a week and fails a site when 5 % or more of the visits cannot load it within 15 s. One
audit is one visit, so `auditor probe` is run by a timer at random minutes (docs/scheduling.md),
each run storing one visit per site, and the report computes the week's failure rate
(auditor/health/availability.py).

A visit is a plain GET of the home page, read to its end (at most MAX_BODY bytes) within the
15 s limit; redirects are followed only to http(s) URLs, as the crawl does.
"""

from __future__ import annotations

import time
import urllib.error
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

from auditor.inspection.file import Inspection, Site
from auditor.net.httpget import UnsafeRedirect, get_request, opener
from auditor.store import Store, now_iso

LOAD_LIMIT_S = 15.0  # the indicator's limit: not loaded within 15 s counts as a failure
MAX_BODY = 5 * 1024 * 1024  # a home page larger than this is read no further
CHUNK = 64 * 1024
_OPENER = opener()


@dataclass(frozen=True)
class Visit:
    url: str
    department: str
    channel: str
    at: str
    elapsed_ms: int
    status: int | None
    ok: int
    reason: str  # ok | http_NNN | timeout | refused | dns | unsafe_scheme | error


def visit(site: Site, user_agent: str, limit_s: float = LOAD_LIMIT_S) -> Visit:
    """One timed GET of the site's home page; never raises."""
    at, started = now_iso(), time.monotonic()
    status, reason = None, "ok"
    try:
        with _OPENER.open(get_request(site.url, user_agent), timeout=limit_s) as response:
            status = response.status
            _drain(response, started + limit_s)
    except UnsafeRedirect:
        reason = "unsafe_scheme"
    except urllib.error.HTTPError as exc:
        status, reason = exc.code, f"http_{exc.code}"
    except TimeoutError:
        reason = "timeout"
    except urllib.error.URLError as exc:
        reason = _url_error(exc)
    except (OSError, ValueError):  # a reset, a bad status line, an unusable URL
        reason = "error"
    elapsed = time.monotonic() - started
    if reason == "ok" and elapsed > limit_s:
        reason = "timeout"
    ok = int(reason == "ok")
    return Visit(
        site.url, site.department, site.channel, at, int(elapsed * 1000), status, ok, reason
    )


def _drain(response: Any, deadline: float) -> None:
    """Read the body as a browser would wait for it, stopping at the cap or the deadline."""
    read = 0
    while read < MAX_BODY and time.monotonic() < deadline:
        chunk = response.read(CHUNK)
        if not chunk:
            return
        read += len(chunk)


def _url_error(exc: urllib.error.URLError) -> str:
    text = str(exc.reason).lower()
    if "timed out" in text:
        return "timeout"
    if "refused" in text:
        return "refused"
    if "name or service" in text or "nodename" in text or "getaddrinfo" in text:
        return "dns"
    return "error"


def probe_sites(
    sites: Iterable[Site], user_agent: str, limit_s: float = LOAD_LIMIT_S
) -> list[Visit]:
    """Visit every home page at once (one request per site), so one slow site delays no other."""
    sites = list(sites)
    with ThreadPoolExecutor(max_workers=max(1, min(16, len(sites)))) as pool:
        return list(pool.map(lambda s: visit(s, user_agent, limit_s), sites))


def probe_inspection(inspection: Inspection, store: Store) -> list[Visit]:
    """One visit of every inspected home page (department sites and the platform), stored."""
    visits = probe_sites(inspection.all_sites, inspection.crawl.user_agent)
    store.add_probes(asdict(v) for v in visits)
    return visits
