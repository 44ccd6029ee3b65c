"""The crawl progress display: readable with many sites, one line in a log."""

from __future__ import annotations

import io
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from auditor.crawl.progress import MAX_SITE_LINES, Progress
from auditor.spiders.context import SiteStats


@dataclass
class FakeSite:
    key: str
    department: str


@dataclass
class FakeInspection:
    all_sites: list[FakeSite]


@dataclass
class FakeContext:
    """The attributes Progress reads from a CrawlContext."""

    inspection: FakeInspection
    stats: dict[str, SiteStats]
    reasons: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=lambda: time.monotonic() - 65)

    def site_stats(self, key: str) -> SiteStats:
        return self.stats.setdefault(key, SiteStats())


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def district(active: int, finished: int, waiting: int) -> FakeContext:
    sites, stats = [], {}
    for n in range(active + finished + waiting):
        key = f"site{n}"
        sites.append(FakeSite(key, f"部门{n:02d}"))
        if n < active:
            stats[key] = SiteStats(pages=10, scheduled=30, done=10 + n)
        elif n < active + finished:
            stats[key] = SiteStats(pages=20, checks=5, scheduled=40, done=40)
    return FakeContext(FakeInspection(sites), stats)


def test_log_gets_one_summary_line_per_tick() -> None:
    stream = io.StringIO()
    Progress(district(3, 40, 7), stream=stream).tick()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert "进行中 3" in lines[0] and "已完成 40" in lines[0] and "等待 7" in lines[0]
    assert "页面 830" in lines[0] and "用时 0:01:0" in lines[0]


def test_terminal_lists_sites_in_progress_and_folds_the_rest() -> None:
    stream = Tty()
    progress = Progress(district(MAX_SITE_LINES + 3, 40, 0), stream=stream)
    progress.tick()
    progress.summary(interrupted=False)
    shown = stream.getvalue()
    assert "部门00" in shown and "另有 3 个站点进行中" in shown
    assert "部门40" not in shown  # a finished site is counted, not listed
    assert "已完成 40" in shown
    assert "抓取完成" in shown


def test_quiet_draws_nothing() -> None:
    stream: Any = Tty()
    progress = Progress(district(2, 0, 0), quiet=True, stream=stream)
    progress.summary(interrupted=True)
    assert stream.getvalue() == ""
