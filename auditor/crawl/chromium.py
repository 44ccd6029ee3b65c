"""Render one column page in Debian's headless Chromium, fenced to the inspected hosts.

Some listings are filled by a page's own script in a way no static mechanism of
auditor/extract/discover reads.  With `[crawl] render_listings = true` such a page is
opened in a throwaway Chromium: the page's script runs inside Chromium's renderer (with
Chromium's own sandbox, as an unprivileged uid when auditor runs as root), never in
auditor's process.  auditor only speaks the DevTools protocol over a pipe (fds 3/4,
NUL-terminated JSON): every request the browser would send is paused first (`Fetch`)
and failed unless it is http(s) to an inspected host.  The rendered DOM comes back as
text, which auditor parses like any fetched page.  Time and address space are capped per
page.  docs/render.md states the whole security model.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
)


def find_chromium() -> str | None:
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def chromium_command(chromium: str, profile: Path, *flags: str) -> list[str]:
    """A headless Chromium command line with a throwaway profile and no background traffic."""
    return [chromium, *HEADLESS_FLAGS, f"--user-data-dir={profile}", *flags]


NOBODY = 65534  # the uid Chromium runs as when auditor is root (its sandbox refuses root)
RENDER_TIMEOUT = 15.0  # seconds for one page, from the browser's first answer to the DOM
LAUNCH_TIMEOUT = 30.0  # seconds the browser may take to start (a loaded machine is slow)
MEMORY_CAP_MB = 2048  # RLIMIT_DATA of each browser process (RLIMIT_AS kills Chromium at start)
SETTLE = 0.5  # quiet seconds after the load event before the DOM is read
MAX_DOM_CHARS = 20 * 1024 * 1024
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--deny-permission-prompts",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--remote-debugging-pipe",
)
# Chromium opens the pipe's ends as fds 3 (commands in) and 4 (answers out); bash, not dash,
# because dash redirects only single-digit fds.
_WIRE = 'r=$1 w=$2 m=$3; shift 3; ulimit -d "$m"; exec "$@" 3<&"$r" 4>&"$w"'


@dataclass(frozen=True)
class Rendered:
    """The rendered DOM, or why there is none (Chinese, for the unreadable row)."""

    html: str | None
    why: str | None
    blocked: tuple[str, ...] = ()  # requests failed because they left the inspected hosts


def allowed(url: str, hosts: Iterable[str]) -> bool:
    """Whether the browser may send this request: http(s) to an inspected host only."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return True  # in-page data, no connection
    return parts.scheme in ("http", "https") and parts.netloc.lower() in set(hosts)


def render(url: str, hosts: Iterable[str], timeout: float = RENDER_TIMEOUT) -> Rendered:
    """The page's DOM after its scripts ran, within `timeout` seconds; never raises."""
    chromium = find_chromium()
    if chromium is None:
        return Rendered(None, "未找到 Chromium 浏览器,无法渲染")
    if not allowed(url, hosts):
        return Rendered(None, "页面不在被检查的网站上,不渲染")
    profile = Path(tempfile.mkdtemp(prefix="auditor-render-"))
    try:
        with _refusing_port() as port, _Browser(chromium, profile, fence(port, hosts)) as browser:
            return _Session(browser, set(hosts), timeout).run(url)
    except (OSError, ValueError) as exc:
        return Rendered(None, f"浏览器渲染失败({type(exc).__name__})")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def fence(port: int, hosts: Iterable[str]) -> list[str]:
    """Flags that send every connection not to an inspected host to a proxy port that
    refuses it.  Fetch interception cannot see WebSockets; the proxy fence holds for them
    (and anything else the network service opens), including IP-literal hosts."""
    bypass = ["<-loopback>"]  # loopback is proxied (refused) like any other address
    for host in hosts:
        bypass.extend([host] if ":" in host.rsplit("]", 1)[-1] else [f"{host}:80", f"{host}:443"])
    return [f"--proxy-server=http://127.0.0.1:{port}", f"--proxy-bypass-list={';'.join(bypass)}"]


@contextlib.contextmanager
def _refusing_port() -> Iterator[int]:
    """A loopback port held bound but never listening: every connection to it is refused,
    and no other program can take it while the browser runs."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


class _Browser:
    """A Chromium process with its DevTools pipe; killed (whole group) on exit."""

    def __init__(self, chromium: str, profile: Path, flags: list[str]) -> None:
        cmd_r, self.cmd_w = os.pipe()
        self.res_r, res_w = os.pipe()
        root = os.geteuid() == 0
        if root:
            os.chown(profile, NOBODY, NOBODY)
        command = [chromium, *FLAGS, *flags, f"--user-data-dir={profile}", "about:blank"]
        wire = ["/bin/bash", "-c", _WIRE, "bash", str(cmd_r), str(res_w), str(MEMORY_CAP_MB * 1024)]
        env = {"PATH": "/usr/bin:/bin", "HOME": str(profile), "LANG": "C.UTF-8"}
        ids: dict[str, Any] = {"user": NOBODY, "group": NOBODY, "extra_groups": []} if root else {}
        self.proc = subprocess.Popen(  # noqa: S603 - a fixed command line, no shell input
            [*wire, *command],
            pass_fds=(cmd_r, res_w),
            env=env,
            start_new_session=True,
            cwd=profile,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **ids,
        )
        os.close(cmd_r)
        os.close(res_w)
        self.buffer = b""
        self.next_id = 0

    def __enter__(self) -> _Browser:
        return self

    def __exit__(self, *_: object) -> None:
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, 9)
        self.proc.wait()
        os.close(self.cmd_w)
        os.close(self.res_r)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> int:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.cmd_w, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self, deadline: float) -> dict[str, Any] | None:
        """The next message, or None when the deadline passed or the browser is gone."""
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.res_r], [], [], left)[0]:
                return None
            chunk = os.read(self.res_r, 1 << 16)
            if not chunk:
                return None
            self.buffer += chunk
            if len(self.buffer) > 4 * MAX_DOM_CHARS:
                raise ValueError("oversized DevTools message")
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message


class _Session:
    """One page in the browser: intercept, navigate, wait for quiet, read the DOM."""

    def __init__(self, browser: _Browser, hosts: set[str], timeout: float) -> None:
        self.browser, self.hosts, self.timeout = browser, hosts, timeout
        self.deadline = time.monotonic() + LAUNCH_TIMEOUT
        self.blocked: list[str] = []
        self.loaded = False
        self.last_event = time.monotonic()

    def run(self, url: str) -> Rendered:
        b = self.browser
        # Intercept at the browser target: every page, frame and worker is paused.
        if self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}) is None:
            return self.failed("浏览器未能启动")
        # The page's time cap starts once the browser answers: a slow start (a busy
        # machine) must not count as a slow page.
        self.deadline = time.monotonic() + self.timeout
        target = self.call("Target.createTarget", {"url": "about:blank"})
        if target is None:
            return self.failed("浏览器未能打开页面")
        attach = {"targetId": target["targetId"], "flatten": True}
        session = (self.call("Target.attachToTarget", attach) or {}).get("sessionId", "")
        self.call("Page.enable", {}, session)
        b.send("Page.navigate", {"url": url}, session)
        while not self.loaded or time.monotonic() - self.last_event < SETTLE:
            if self.pump(min(self.deadline, time.monotonic() + SETTLE)):
                continue
            if time.monotonic() >= self.deadline and not self.loaded:
                return self.failed("页面在时限内未加载完成")
            if time.monotonic() >= self.deadline:  # loaded, still busy: read what it shows
                self.deadline += SETTLE * 4
                break
            if b.proc.poll() is not None:
                return self.failed("浏览器意外退出")
        expr = {"expression": "document.documentElement.outerHTML", "returnByValue": True}
        result = self.call("Runtime.evaluate", expr, session)
        html = ((result or {}).get("result") or {}).get("value")
        if not isinstance(html, str):
            return self.failed("未能读取渲染后的页面")
        return Rendered(html[:MAX_DOM_CHARS], None, tuple(self.blocked))

    def failed(self, why: str) -> Rendered:
        return Rendered(None, why, tuple(self.blocked))

    def call(self, method: str, params: dict[str, Any], session: str = "") -> Any:
        """Send a command and pump events until its answer; None on error or timeout."""
        wanted = self.browser.send(method, params, session)
        while True:
            message = self.browser.receive(self.deadline)
            if message is None:
                return None
            if message.get("id") == wanted:
                return None if "error" in message else message.get("result", {})
            self.event(message)

    def pump(self, until: float) -> bool:
        """Handle events until `until`; False when none came."""
        message = self.browser.receive(until)
        if message is None:
            return False
        self.event(message)
        return True

    def event(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method == "Page.loadEventFired":
            self.loaded = True
        if method != "Fetch.requestPaused":
            return
        self.last_event = time.monotonic()
        params, session = message["params"], message.get("sessionId", "")
        request_id, url = params["requestId"], params["request"]["url"]
        if allowed(url, self.hosts):
            self.browser.send("Fetch.continueRequest", {"requestId": request_id}, session)
            return
        self.blocked.append(url)
        fail = {"requestId": request_id, "errorReason": "BlockedByClient"}
        self.browser.send("Fetch.failRequest", fail, session)
