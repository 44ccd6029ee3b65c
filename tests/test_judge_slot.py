"""The judge keeps only the best evidence per finding, yet reports on all of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from auditor.checklist.load import load_checklist
from auditor.judge.finding import MAX_EVIDENCE, Evidence, Slot, judge_item


def _evidence(n: int, channel: str, state: str = "valid") -> Evidence:
    return Evidence(
        f"http://127.0.0.1/{channel}/{n}.html", "预算", "2014-03-01", channel, 2014, state, ()
    )


def test_many_candidates_keep_the_best_and_count_all():
    slot = Slot()
    for n in range(25):
        slot.add(_evidence(n, "site", "stale" if n % 2 else "valid"))
    slot.add(_evidence(99, "platform"))  # valid, yet sorts after every site page of its rank
    item = load_checklist("liangqing-2014").items[0]
    finding = judge_item(
        item, "城区财政局", slot.best, dt.date(2014, 11, 20), True, slot.total, slot.valid_channels
    )
    assert finding["evidence_total"] == 26
    assert len(finding["evidence"]) == MAX_EVIDENCE
    assert finding["status"] == "present"
    assert finding["missing_channels"] == []
    assert [e["state"] for e in finding["evidence"]] == ["valid"] * MAX_EVIDENCE


def test_proves_texts_are_made_for_the_evidence_kept_only():
    """The `proves` text is made when `best` is read, for what is still among the best:
    the stale pages pushed out by the valid ones that came after them never get one."""
    made: list[str] = []

    def proves(url: str) -> Callable[[], str]:
        def make() -> str:
            made.append(url)
            return f"证明 {url}"

        return make

    slot = Slot()
    evidence = [_evidence(n, "site", "stale") for n in range(MAX_EVIDENCE)]
    evidence += [_evidence(n, "site") for n in range(MAX_EVIDENCE, 2 * MAX_EVIDENCE)]
    for e in evidence:
        slot.add(e, proves(e.url))
    assert made == []
    best = slot.best
    assert [e.url for e in best] == sorted(made) == sorted(e.url for e in evidence[MAX_EVIDENCE:])
    assert [e.proves for e in best] == [f"证明 {e.url}" for e in best]
    assert slot.best == best and len(made) == MAX_EVIDENCE  # read again: not made twice
