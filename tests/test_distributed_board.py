"""The Redis bookkeeping of a distributed crawl, on a real redis-server: a group is held by one
attempt at a time, an expired lease gives the group (and its claimed checks) to the next
attempt, and only the attempt still holding the group can hand in its shard."""

from __future__ import annotations

import time
from typing import Any

import pytest

from auditor.distributed import board as board_module
from auditor.distributed.board import Board, Job
from auditor.distributed.connect import connect


@pytest.fixture
def board(redis_server: Any, monkeypatch: pytest.MonkeyPatch) -> Board:
    monkeypatch.setattr(board_module, "LEASE_MS", 300)
    shared = Board(connect(redis_server.url), "job1")
    shared.publish(Job("job1", None, [["a"], ["b"]]), [0, 1])
    return shared


def test_each_group_goes_to_one_attempt(board: Board) -> None:
    first, second = board.take("A"), board.take("B")
    assert {first[0], second[0]} == {0, 1}
    assert board.take("C") == (None, 2)  # nothing to take, two groups held


def test_an_expired_lease_gives_the_group_to_the_next_attempt(board: Board) -> None:
    group, _ = board.take("A")
    board.take("B")
    assert group is not None and board.claim("http://files.example/x.pdf", group, "A")
    time.sleep(0.4)  # A stops renewing: killed
    assert board.renew(1 - group, "B") is False  # B did not renew either
    taken, _ = board.take("C")
    assert taken is not None
    # A's claim died with its lease: the attempt redoing the work checks the URL
    assert board.claim("http://files.example/x.pdf", taken, "C")
    assert not board.finish(group, "A", b"partial")  # A's rows are never merged


def test_a_finished_attempt_keeps_its_claims_and_hands_in_once(board: Board) -> None:
    group, _ = board.take("A")
    assert group is not None and board.claim("http://files.example/y.pdf", group, "A")
    assert board.finish(group, "A", b"shard-bytes")
    time.sleep(0.4)
    other, _ = board.take("B")
    assert other is not None and not board.claim("http://files.example/y.pdf", other, "B")
    assert list(board.finished_shards()) == [(group, b"shard-bytes")]
    assert list(board.finished_shards()) == []


def test_a_shard_leaves_redis_only_after_its_merge(board: Board) -> None:
    """A coordinator killed while merging a shard (it never asks for the next) leaves it in
    Redis, so its resume merges it: the group is not crawled again by an attempt that the
    finished attempt's claims would keep from checking the URLs it claimed."""
    for token in ("A", "B"):
        group, _ = board.take(token)
        assert group is not None and board.claim(f"http://files.example/{token}.pdf", group, token)
        assert board.finish(group, token, f"shard-{token}".encode())
    shards = iter(board.finished_shards())
    first = next(shards)  # merging it, then killed: the generator is never resumed
    del shards
    assert sorted(body for _, body in board.finished_shards()) == [b"shard-A", b"shard-B"]
    assert list(board.finished_shards()) == []
    assert first[1] in (b"shard-A", b"shard-B")


def test_a_released_group_is_taken_again_at_once(board: Board, monkeypatch: Any) -> None:
    monkeypatch.setattr(board_module, "LEASE_MS", 60_000)
    group, _ = board.take("A")
    board.take("B")
    assert group is not None
    board.release(group, "C")  # not the holder: nothing happens
    assert board.take("D") == (None, 2)
    board.release(group, "A")  # A stopped (SIGTERM) without a whole shard
    assert board.take("E") == (group, 0)
