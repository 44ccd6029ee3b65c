"""The crawl frontier lives on disk and leaves nothing behind; the run-long URL sets stay
compact without ever forgetting or confusing a URL."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from queuelib.queue import LifoDiskQueue
from scrapy.http import Request

from auditor.crawl.linkbook import RECENT_VERDICTS, LinkState, Waiter
from auditor.net.urlset import BUFFER, UrlSet
from auditor.spiders import frontier
from auditor.spiders.frontier import TailLifoFile
from auditor.store.records import CheckRow


def test_scheduled_requests_wait_on_disk_and_come_back_whole(
    spool: Path, frontiers: ModuleType
) -> None:
    sched, spider = frontiers.scheduler()
    urls = [f"http://127.0.0.1/p{i}.html" for i in range(50)]
    for i, url in enumerate(urls):
        meta = {"kind": "page", "crawl_depth": i % 3, "redirects": ["http://127.0.0.1/r"]}
        sched.enqueue_request(
            Request(url, callback=spider.on_response, meta=meta, priority=-(i % 3))
        )
    memory, disk, spool_dir = sched.mqs, sched.dqs, sched.dqdir
    assert memory is not None and disk is not None and spool_dir is not None
    assert len(memory) == 0 and len(disk) == 50  # nothing held in memory
    assert any(p.is_file() for p in Path(spool_dir).rglob("*"))
    back = [r for r in (sched.next_request() for _ in urls) if r is not None]
    assert {r.url for r in back} == set(urls)
    assert [-r.priority for r in back] == sorted(-r.priority for r in back)
    assert back[0].callback == spider.on_response
    assert back[0].meta["redirects"] == ["http://127.0.0.1/r"]
    sched.close("finished")
    assert not Path(spool_dir).exists()


def test_a_request_comes_back_from_disk_as_scrapy_would_give_it(
    spool: Path, frontiers: ModuleType
) -> None:
    """Every field survives the disk (as Scrapy's own to_dict / request_from_dict would
    carry it), and the pushed request keeps its callback and errback."""
    sched, spider = frontiers.scheduler()
    sent = Request(
        "http://127.0.0.1/a b/页.html?q=1#top",
        callback=spider.on_response,
        errback=spider.on_error,
        headers={"Referer": "http://127.0.0.1/", "Accept": "text/html"},
        meta={"kind": "page", "site_key": "s1", "listing_date": None, "owned": ["u"]},
        priority=-4,
        dont_filter=True,
        flags=["f"],
        cb_kwargs={"k": 1},
    )
    sched.enqueue_request(sent)
    assert sent.callback == spider.on_response and sent.errback == spider.on_error
    back = sched.next_request()
    assert back is not None
    assert back.to_dict(spider=spider) == sent.to_dict(spider=spider)
    sched.close("finished")


def test_a_killed_crawls_spool_is_removed_by_the_next(spool: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    orphan = spool / f"{frontier.PREFIX}{dead.stdout.strip()}"
    (orphan / "queue-x").mkdir(parents=True)
    live = spool / f"{frontier.PREFIX}{os.getppid()}"
    live.mkdir()
    root = frontier.spool_root()
    assert root.is_dir() and not orphan.exists() and live.exists()
    frontier.remove_spool()
    assert not root.exists()


def test_url_set_remembers_every_url_across_merges() -> None:
    urls = [f"http://127.0.0.1:8000/a/{i}.html" for i in range(BUFFER + 5000)]
    claimed = UrlSet(urls[:10])
    claimed.update(urls)
    claimed.add(urls[3])
    assert len(claimed) == len(urls)
    assert all(url in claimed for url in urls)
    assert "http://127.0.0.1:8000/a/0.htm" not in claimed
    assert None not in claimed


def test_old_verdicts_are_read_back_from_the_store() -> None:
    asked: list[str] = []

    def lookup(url: str) -> CheckRow:
        asked.append(url)
        return {"reason": "not_found", "status": 404}

    links = LinkState(lookup=lookup)
    for i in range(RECENT_VERDICTS + 10):
        links.remember({"url": f"http://127.0.0.1/{i}", "reason": "ok", "status": 200})
    recent = links.verdict(f"http://127.0.0.1/{RECENT_VERDICTS}")
    assert recent is not None and recent["status"] == 200
    assert asked == []
    old = links.verdict("http://127.0.0.1/0")
    assert old is not None
    assert (
        old["reason"] == "not_found" and old["redirects"] == [] and asked == ["http://127.0.0.1/0"]
    )
    assert len(links.verdicts) == RECENT_VERDICTS


def test_a_url_walks_wait_for_is_not_looked_up() -> None:
    links = LinkState(lookup=lambda url: pytest.fail("looked up a pending URL"))
    assert links.wait("http://127.0.0.1/t", Waiter("s", [("http://127.0.0.1/a", [])]))
    assert links.verdict("http://127.0.0.1/t") is None


# a push (bytes) or a pop (None)
_STEPS = st.lists(st.one_of(st.binary(max_size=300), st.none()), max_size=60)


@settings(max_examples=60, deadline=None)
@given(steps=_STEPS)
def test_the_tail_file_answers_as_queuelibs_lifo_file(steps: list[bytes | None]) -> None:
    """Every pop and peek gives what queuelib's file gives, and a closed file holds the
    same records (queuelib reopens it)."""
    with tempfile.TemporaryDirectory() as tmp:
        plain, tail = LifoDiskQueue(f"{tmp}/plain"), TailLifoFile(f"{tmp}/tail")
        for step in steps:
            if step is None:
                assert tail.peek() == plain.peek()
                assert tail.pop() == plain.pop()
            else:
                plain.push(step)
                tail.push(step)
            assert len(tail) == len(plain)
        plain.close()
        tail.close()
        again, expected = LifoDiskQueue(f"{tmp}/tail"), LifoDiskQueue(f"{tmp}/plain")
        assert [again.pop() for _ in range(len(again))] == [
            expected.pop() for _ in range(len(expected))
        ]
        assert len(again) == len(expected)
