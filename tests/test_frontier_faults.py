"""The crawl's spool on a failing disk: a full disk loses no scheduled request, and a spool
that cannot be read ends the spider as interrupted instead of failing on every pop forever
(a crawl that filled its disk once hung that way)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, cast

from test_frontier import scheduler, spool  # noqa: F401  (spool is a fixture)
from twisted.internet import reactor

from auditor.spiders import frontier

# A child process whose files may not grow past `limit` bytes: writes beyond it are cut short,
# then fail with EFBIG, as on a full disk (SIGXFSZ ignored, so the write answers instead).
_LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
"""


def run_limited(code: str, tmp: Path, limit: int) -> subprocess.CompletedProcess[str]:
    script = _LIMITED.format(limit=limit) + textwrap.dedent(code)
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(Path(__file__).parent)}
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )


def test_a_full_disk_keeps_the_tail_file_whole(tmp_path: Path) -> None:
    """A push the disk cannot take fails and leaves the queue as it was: every record
    pushed before comes back, last first."""
    done = run_limited(
        f"""
        from auditor.spiders.frontier import TailLifoFile
        queue, pushed = TailLifoFile({str(tmp_path / "q")!r}), []
        try:
            for i in range(10_000):
                record = b"%05d" % i * 20
                queue.push(record)
                pushed.append(record)
        except OSError as error:
            print("failed", error.errno, len(pushed))
        back = [queue.pop() for _ in range(len(queue))]
        assert back == pushed[::-1], (len(back), len(pushed))
        assert queue.pop() is None
        print("whole", len(back))
        """,
        tmp_path,
        limit=20_000,
    )
    assert done.returncode == 0, done.stderr
    failed, whole = done.stdout.split("\n")[:2]
    assert failed.startswith("failed ") and int(failed.split()[2]) > 100
    assert whole == f"whole {failed.split()[2]}"


def test_requests_the_disk_cannot_take_wait_in_memory(tmp_path: Path) -> None:
    done = run_limited(
        """
        from test_frontier import scheduler
        from scrapy import Request
        sched, spider = scheduler()
        urls = {f"http://127.0.0.1/p{i}.html" for i in range(400)}
        for url in sorted(urls):
            sched.enqueue_request(Request(url, callback=spider.on_response))
        back = {sched.next_request().url for _ in urls}
        assert back == urls and sched.next_request() is None
        print(sched.stats.get_value("scheduler/enqueued/memory"))
        sched.close("finished")
        """,
        tmp_path,
        limit=30_000,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) > 0  # some of them did not fit on disk
    assert "待抓取队列无法写入磁盘" in done.stderr


def test_an_unreadable_spool_closes_the_spider_as_interrupted(spool: Path) -> None:  # noqa: F811
    sched, spider = scheduler()
    for i in range(5):
        sched.enqueue_request(
            frontier.Request(f"http://127.0.0.1/{i}", callback=spider.on_response)
        )
    queues: dict[int, Any] = cast(Any, sched.dqs).queues
    for queue in queues.values():
        os.close(queue.fd)  # the file can no longer be read: EBADF on the next pop
    # the engine's close_spider is only looked up: the decision is checked, nothing runs
    engine = cast(Any, sched.crawler).engine = type("Engine", (), {"close_spider": print})()
    calls: list[Any] = []
    try:
        assert sched.next_request() is None
        assert not sched.has_pending_requests()  # nothing left to pop in a loop
        calls = [c for c in cast(Any, reactor).getDelayedCalls() if c.func == engine.close_spider]
        assert [c.args for c in calls] == [(spider, frontier.LOST_REASON)]
    finally:
        for call in calls:
            call.cancel()
    sched.close(frontier.LOST_REASON)
    assert not Path(str(sched.dqdir)).exists()
