"""Politeness across workers: three workers, each crawling a different department site, all
check attachments on one shared file host; that host still sees one request at a time, spaced
by the inspection's delay, and each attachment once (timestamps taken at the server)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DELAY = 0.25
FILES_PER_SITE = 6
SITES = {"tjj": "区统计局", "slj": "区水利局", "sjj": "区审计局"}  # tests/county.py


class Recorder:
    """A threaded 127.0.0.1 server: `pages` by path, PDFs under /f/, and (start, end, path)
    of every request it answered."""

    def __init__(self, pages: dict[str, str], pause: float = 0.0) -> None:
        self.pages, self.pause = pages, pause
        self.hits: list[tuple[float, float, str]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                start = time.monotonic()
                time.sleep(owner.pause)
                if self.path.startswith("/f/"):
                    status, ctype, body = 200, "application/pdf", b"%PDF-1.4\n%%EOF\n"
                elif self.path in owner.pages:
                    status, ctype = 200, "text/html; charset=utf-8"
                    body = owner.pages[self.path].encode("utf-8")
                else:
                    status, ctype, body = 404, "text/html; charset=utf-8", b"<h1>404</h1>"
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                with owner.lock:
                    owner.hits.append((start, time.monotonic(), self.path))

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def site_pages(key: str, files: str) -> dict[str, str]:
    links = "".join(
        f'<li><a href="{files}/f/{key}-{i}.pdf">{key}附件{i}</a></li>' for i in range(FILES_PER_SITE)
    )
    return {
        f"/{key}/": f"<html><head><meta charset='utf-8'><title>翠湖{SITES[key]}</title></head>"
        f"<body><ul>{links}</ul></body></html>"
    }


def inspection(path: Path, sites: dict[str, Recorder], county: str) -> Path:
    (path.parent / "cuihu.toml").write_text(county, encoding="utf-8")
    lines = ['name = "翠湖区附件检查"', 'checklist = "cuihu.toml"', "as_of = 2014-11-20"]
    first = sites["tjj"].origin
    lines += ["[platform]", 'name = "市政府信息公开平台"', f'url = "{first}/pt/"']
    for key, world in sites.items():
        lines += ["[[sites]]", f'department = "{SITES[key]}"', f'url = "{world.origin}/{key}/"']
    lines += ["[crawl]", 'external_links = "check"', "obey_robots = false", f"delay = {DELAY}"]
    lines += ["autothrottle = false", "timeout = 5.0", "retries = 0", "concurrency_per_host = 1"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shared_host_sees_no_more_load_with_more_workers(
    tmp_path: Path, redis_server: Any, county_checklist: str, spawn_cli: Any
) -> None:
    files = Recorder({}, pause=0.05)
    sites = {key: Recorder(site_pages(key, files.origin)) for key in SITES}
    try:
        plan = inspection(tmp_path / "plan.toml", sites, county_checklist)
        out = tmp_path / "out"
        coordinator = spawn_cli("audit", str(plan), "--out", str(out), "--redis", redis_server.url)
        workers = [spawn_cli("worker", "--redis", redis_server.url, "--slots", "1") for _ in SITES]
        _, err = coordinator.communicate(timeout=240)
        assert coordinator.returncode == 0, err
        for proc in workers:
            proc.wait(timeout=60)
    finally:
        for world in [files, *sites.values()]:
            world.close()
    hits = sorted(h for h in files.hits if h[2].startswith("/f/"))
    counts = Counter(path for _, _, path in hits)
    assert len(counts) == FILES_PER_SITE * len(SITES)
    assert max(counts.values()) == 1  # each attachment checked once across the workers
    gaps = []
    for (start, end, _), (next_start, _, _) in zip(hits, hits[1:], strict=False):
        assert next_start >= end - 0.01  # one request at a time (concurrency_per_host = 1)
        gaps.append(next_start - start)
    # spaced by the delay: the gate spaces the starts at the workers; arrival at the server
    # jitters on a loaded machine, but the jitter does not add up over successive requests
    assert min(gaps) >= DELAY / 2
    windows = [sum(gaps[i : i + 4]) for i in range(len(gaps) - 3)]
    assert min(windows) >= 4 * DELAY - 0.1
