"""Debian's headless Chromium driven over the DevTools protocol, for the tests that open the
report in a real browser (the `devtools` fixture). Without chromium a test fails with a
message rather than skipping silently."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import socket
import struct
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.crawl.chromium import chromium_command, find_chromium


class DevTools:
    """A minimal stdlib WebSocket client for one DevTools target (text frames only)."""

    def __init__(self, ws_url: str) -> None:
        match = re.match(r"ws://([^/:]+):(\d+)(/.*)", ws_url)
        assert match, ws_url
        self.sock = socket.create_connection((match[1], int(match[2])), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {match[3]} HTTP/1.1\r\nHost: {match[1]}:{match[2]}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert b" 101 " in head.split(b"\r\n")[0], head
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            assert chunk, "DevTools connection closed"
            data += chunk
        return data

    def _send(self, text: str) -> None:
        payload, mask = text.encode(), os.urandom(4)
        size = len(payload)
        if size < 126:
            header = struct.pack("!BB", 0x81, 0x80 | size)
        elif size < 65536:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, size)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, size)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _receive(self) -> dict[str, Any]:
        message = b""
        while True:
            first, second = self._read(2)
            size = second & 0x7F
            if size == 126:
                size = struct.unpack("!H", self._read(2))[0]
            elif size == 127:
                size = struct.unpack("!Q", self._read(8))[0]
            message += self._read(size)
            if first & 0x80:
                return json.loads(message)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = self._receive()
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, method: str, seconds: float = 20) -> None:
        self.sock.settimeout(seconds)
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._receive())


@contextlib.contextmanager
def chromium_page(profile: Path) -> Iterator[DevTools]:
    """A headless Chromium with one blank page, stopped on exit."""
    chromium = find_chromium()
    if chromium is None:
        pytest.fail("Chromium 未安装:请 apt-get install chromium(CI 会安装),浏览器测试不能跳过。")
    command = chromium_command(chromium, profile, "--remote-debugging-port=0", "about:blank")
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        yield DevTools(_page_socket(process))
    finally:
        process.terminate()
        process.wait(timeout=10)


def _page_socket(process: subprocess.Popen) -> str:
    assert process.stderr is not None
    for line in process.stderr:
        match = re.search(r"DevTools listening on ws://([^/]+)/", line)
        if match:
            break
    else:
        pytest.fail("Chromium 未启动 DevTools")
    with urllib.request.urlopen(f"http://{match[1]}/json/list", timeout=10) as response:
        targets = json.load(response)
    return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")


def open_report(browser: DevTools, html: Path) -> None:
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable")
    browser.call("Page.navigate", url=html.as_uri())
    browser.wait_for("Page.loadEventFired")
    browser.evaluate("1")  # flush events logged during load


def outside_requests(browser: DevTools) -> list[str]:
    urls = [
        e["params"]["request"]["url"]
        for e in browser.events
        if e.get("method") == "Network.requestWillBeSent"
    ]
    return [url for url in urls if not url.startswith(("file:", "data:", "about:"))]


def console_errors(browser: DevTools) -> list[Any]:
    errors = [
        e["params"]["entry"]
        for e in browser.events
        if e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error"
    ]
    errors += [
        e["params"] for e in browser.events if e.get("method") in ("Runtime.exceptionThrown",)
    ]
    errors += [
        e["params"]
        for e in browser.events
        if e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error"
    ]
    return errors


VISIBLE_ROWS = (
    "Array.from(document.querySelectorAll('section.dept tr[data-status]'))"
    ".filter(r => r.offsetParent !== null).map(r => r.dataset.status)"
)


def print_pdf_pages(browser: DevTools, pdf: Path) -> tuple[int, str]:
    """Print the open page as Chromium's "print to PDF" does; (page count, pdfinfo text)."""
    result = browser.call(
        "Page.printToPDF",
        paperWidth=8.27,
        paperHeight=11.69,
        preferCSSPageSize=True,
        printBackground=True,
    )
    pdf.write_bytes(base64.b64decode(result["data"]))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    assert found, info
    return int(found[1]), info


def dialogs(browser: DevTools) -> list[Any]:
    return [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
