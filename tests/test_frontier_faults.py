"""The crawl's spool on a failing disk: a full disk loses no scheduled request, and a spool
that cannot be read ends the spider as interrupted instead of failing on every pop forever
(a crawl that filled its disk once hung that way)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pytest
from scrapy import Request
from twisted.internet import reactor

from auditor.spiders import frontier

# A child process whose files may not grow past `limit` bytes: a write across it is cut
# short, the next fails with EFBIG, as on a full disk (SIGXFSZ ignored, so writes answer).
_LIMITED = """
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
"""


def test_a_full_disk_keeps_the_tail_file_whole(tmp_path: Path) -> None:
    """A push the disk cannot take fails and leaves the queue as it was: every record
    pushed before comes back, last first."""
    code = f"""
        from auditor.spiders.frontier import TailLifoFile
        queue, pushed = TailLifoFile({str(tmp_path / "q")!r}), []
        try:
            for i in range(10_000):
                record = b"%05d" % i * 20
                queue.push(record)
                pushed.append(record)
        except OSError as error:
            print("failed", len(pushed))
        back = [queue.pop() for _ in range(len(queue))]
        assert back == pushed[::-1], (len(back), len(pushed))
        assert queue.pop() is None
        print("whole", len(back))
        """
    script = _LIMITED.format(limit=20_000) + textwrap.dedent(code)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    failed, whole = done.stdout.split("\n")[:2]
    assert failed.startswith("failed ") and int(failed.split()[1]) > 100
    assert whole == f"whole {failed.split()[1]}"


def test_a_failing_spool_keeps_new_requests_in_memory_then_ends_the_spider(
    spool: Path, frontiers: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    """Requests the disk no longer takes wait in memory and come back; a spool that can no
    longer be read closes the spider as `frontier_lost` (interrupted: --resume) once, and
    leaves nothing pending that the engine would pop again."""
    sched, spider = frontiers.scheduler()
    for i in range(3):
        sched.enqueue_request(Request(f"http://127.0.0.1/disk{i}", callback=spider.on_response))
    queues: dict[int, Any] = cast(Any, sched.dqs).queues
    for queue in queues.values():
        os.close(queue.fd)  # the spool's file fails every read and write from now: EBADF
    later = {f"http://127.0.0.1/memory{i}" for i in range(3)}
    with caplog.at_level(logging.WARNING):
        for url in sorted(later):
            sched.enqueue_request(Request(url, callback=spider.on_response))
    assert "待抓取队列无法写入磁盘" in caplog.text
    assert {cast(Request, sched.next_request()).url for _ in later} == later
    # the engine's close_spider is only looked up: the decision is checked, nothing runs
    engine = cast(Any, sched.crawler).engine = type("Engine", (), {"close_spider": print})()
    calls: list[Any] = []
    try:
        assert sched.next_request() is None
        assert not sched.has_pending_requests()  # nothing left to pop in a loop
        calls = [c for c in cast(Any, reactor).getDelayedCalls() if c.func == engine.close_spider]
        assert [c.args for c in calls] == [(spider, frontier.LOST_REASON)]
        assert "读取失败" in caplog.text and "--resume" in caplog.text
    finally:
        for call in calls:
            call.cancel()
    sched.close(frontier.LOST_REASON)
    assert not Path(str(sched.dqdir)).exists()
