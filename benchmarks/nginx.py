"""nginx from Debian's packages serving the synthetic district on 127.0.0.1, one server block
(and port) per site, so the web server is never the bottleneck of the benchmark."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

CONF = """worker_processes 1;
daemon on;
pid {work}/nginx.pid;
error_log {work}/error.log crit;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  # LinkChecker only goes beyond ~6 requests/s per host when the server answers with this
  # header (its documented opt-in for servers that allow it); auditor ignores it.
  add_header LinkChecker allowed always;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
{servers}
}}
"""
SERVER = "  server {{ listen 127.0.0.1:{port}; root {root}; }}"


def ensure_installed() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise SystemExit("nginx 未安装:请先运行 benchmarks/run(会用 apt-get 安装)")
    return found


class Nginx:
    """Start/stop one nginx for a world directory written by bigworld.py."""

    def __init__(self, world: Path, work: Path) -> None:
        self.world, self.work = world.resolve(), work.resolve()
        self.binary = ensure_installed()
        self.conf = self.work / "nginx.conf"

    def start(self) -> Nginx:
        meta = json.loads((self.world / "world.json").read_text("utf-8"))
        ports = [(s["port"], self.world / s["key"]) for s in meta["sites"]]
        ports.append((meta["outside"], self.world / "outside"))
        servers = "\n".join(SERVER.format(port=p, root=root) for p, root in ports)
        self.work.mkdir(parents=True, exist_ok=True)
        self.conf.write_text(CONF.format(work=self.work, servers=servers), "utf-8")
        self.stop()
        subprocess.run([self.binary, "-c", str(self.conf), "-p", str(self.work)], check=True)
        time.sleep(0.3)
        return self

    def stop(self) -> None:
        pid_file = self.work / "nginx.pid"
        if pid_file.exists():
            subprocess.run(
                [self.binary, "-c", str(self.conf), "-p", str(self.work), "-s", "stop"],
                check=False,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(50):
                if not pid_file.exists():
                    break
                time.sleep(0.1)

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def requests_per_second(url: str, requests: int = 20000, concurrency: int = 32) -> float | None:
    """nginx's own rate on this machine, measured with ApacheBench (keep-alive)."""
    ab = shutil.which("ab")
    if not ab:
        return None
    out = subprocess.run(
        [ab, "-q", "-k", "-n", str(requests), "-c", str(concurrency), url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout
    found = re.search(r"Requests per second:\s+([\d.]+)", out)
    return float(found.group(1)) if found else None
