"""Serve a generated district on 127.0.0.1 (one threaded server per host, port 0).

From the command line see serve.py; from Python:

    with serve_world(seed, out_dir) as served:   # .inspection, .truth, .requested
        ...
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks.altworld.plan import make_plan
from benchmarks.altworld.render import hard_not_found, soft_not_found
from benchmarks.altworld.site import Resource, World, build
from benchmarks.altworld.truth import compute_truth, inspection_toml


@dataclass
class Served:
    world: World
    origins: dict[str, str]
    inspection: Path
    truth: dict[str, Any]
    requested: set[str] = field(default_factory=set)  # URLs asked for (any method)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _answer(world: World, host: str, path: str) -> Resource:
    found = world.files[host].get(path)
    if found is not None:
        return found
    if host in world.soft404_hosts:
        return Resource(
            200,
            "text/html; charset=utf-8",
            soft_not_found(world.soft404_titles[host]).encode("utf-8"),
        )
    return Resource(404, "text/html", hard_not_found().encode("ascii"))


def _handler(served: Served, host: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, body: bool) -> None:
            path = self.path.split("#")[0]
            with served.lock:
                served.requested.add(served.origins[host] + path)
            res = _answer(served.world, host, path)
            self.send_response(res.status)
            self.send_header("Content-Type", res.content_type)
            self.send_header("Content-Length", str(len(res.body)))
            self.end_headers()
            if body:
                self.wfile.write(res.body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._reply(True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._reply(False)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

    return Handler


def build_world(seed: int, n_depts: int = 9) -> World:
    """The district a seed names (pages in memory, no ports yet)."""
    return build(make_plan(seed, n_depts))


@contextmanager
def serve_world(seed: int, out_dir: str | Path, n_depts: int = 9) -> Iterator[Served]:
    """Serve the seed's district, write inspection.toml and truth.json into out_dir."""
    world = build_world(seed, n_depts)
    servers = {}
    for host in world.hosts:
        servers[host] = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    origins = {h: f"http://127.0.0.1:{s.server_address[1]}" for h, s in servers.items()}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    truth = compute_truth(world, origins)
    served = Served(world, origins, out / "inspection.toml", truth)
    served.inspection.write_text(inspection_toml(world, origins), encoding="utf-8")
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")
    threads = []
    for host, server in servers.items():
        server.RequestHandlerClass = _handler(served, host)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        threads.append(thread)
    try:
        yield served
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()
