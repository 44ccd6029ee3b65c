"""Crawl progress a person can read: on a terminal, one live line per site in progress plus a
total (finished sites fold into a count, so fifty departments stay readable); elsewhere (a log
file, cron) one summary line every LOG_INTERVAL seconds."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any, TextIO

from rich.console import Console, Group
from rich.live import Live
from rich.text import Text

from auditor.net.reasons import describe

TTY_INTERVAL = 0.5
LOG_INTERVAL = 10.0
MAX_SITE_LINES = 12  # more sites in progress than this are counted, not listed


@dataclass(frozen=True)
class Snapshot:
    """The whole crawl at one moment: what both displays are drawn from."""

    active: list[tuple[str, Any]]  # (department, SiteStats) of sites with work queued
    finished: int
    waiting: int
    pages: int
    checks: int
    errors: int
    elapsed: float

    @property
    def rate(self) -> float:
        return self.pages / max(self.elapsed, 1e-6)


def snapshot(ctx: Any) -> Snapshot:
    """Group the sites by state: in progress (something queued), finished, not started."""
    active, finished, waiting = [], 0, 0
    for site in ctx.inspection.all_sites:
        stats = ctx.site_stats(site.key)
        if stats.queue:
            active.append((site.department, stats))
        elif stats.scheduled:
            finished += 1
        else:
            waiting += 1
    every = list(ctx.stats.values())
    return Snapshot(
        active,
        finished,
        waiting,
        sum(s.pages for s in every),
        sum(s.checks for s in every),
        sum(s.errors for s in every),
        time.monotonic() - ctx.started,
    )


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes // 60:d}:{minutes % 60:02d}:{secs:02d}"


def total_line(snap: Snapshot) -> str:
    """The one line a log gets, and the last line of the terminal display."""
    return (
        f"合计 页面 {snap.pages},检查链接/资源 {snap.checks},异常 {snap.errors},"
        f"{snap.rate:.1f} 页/秒,用时 {_clock(snap.elapsed)};站点:进行中 {len(snap.active)},"
        f"已完成 {snap.finished},等待 {snap.waiting}"
    )


def site_lines(snap: Snapshot) -> list[str]:
    """One line per site in progress, the busiest first, at most MAX_SITE_LINES."""
    busiest = sorted(snap.active, key=lambda pair: -pair[1].queue)
    lines = [
        f"{name[:14]:<14} 页面 {s.pages:>6}  队列 {s.queue:>5}  错误 {s.errors:>4}"
        for name, s in busiest[:MAX_SITE_LINES]
    ]
    if len(busiest) > MAX_SITE_LINES:
        lines.append(f"…… 另有 {len(busiest) - MAX_SITE_LINES} 个站点进行中")
    return lines


class Progress:
    def __init__(self, ctx: Any, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.ctx = ctx
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.quiet = quiet
        self.loop: Any = None
        self.live: Live | None = None

    def start(self) -> None:
        if self.quiet:
            return
        from twisted.internet import task

        self.loop = task.LoopingCall(self.tick)
        self.loop.start(TTY_INTERVAL if self.tty else LOG_INTERVAL, now=False)

    def stop(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self._close_live()

    def _close_live(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None

    def tick(self) -> None:
        snap = snapshot(self.ctx)
        if not self.tty:
            self.stream.write(f"[抓取进度] {total_line(snap)}\n")
            self.stream.flush()
            return
        view = Group(*(Text(line) for line in site_lines(snap)), Text(total_line(snap)))
        if self.live is None:
            console = Console(file=self.stream, highlight=False)
            self.live = Live(view, console=console, auto_refresh=False, transient=True)
            self.live.start()
        self.live.update(view, refresh=True)

    def summary(self, interrupted: bool) -> None:
        self._close_live()
        if self.quiet:
            return
        stats = self.ctx.stats.values()
        pages = sum(s.pages for s in stats)
        checks = sum(s.checks for s in stats)
        errors = sum(s.errors for s in stats)
        elapsed = time.monotonic() - self.ctx.started
        state = "已中断(可用 --resume 继续)" if interrupted else "完成"
        self.stream.write(
            f"抓取{state}:页面 {pages} 个,检查链接/资源 {checks} 个,"
            f"异常 {errors} 个,用时 {elapsed:.1f} 秒。{_repeat_note(stats)}\n"
        )
        bad = [(r, n) for r, n in self.ctx.reasons.most_common() if r not in ("ok", "redirected")]
        if bad:
            self.stream.write("异常原因:" + ",".join(f"{describe(r)} {n}" for r, n in bad) + "\n")
        self.stream.flush()


def _repeat_note(stats: Any) -> str:
    """What a repeat inspection took over from its previous run instead of downloading."""
    reused = sum(getattr(s, "reused", 0) for s in stats)
    kept = sum(getattr(s, "kept", 0) for s in stats)
    if not reused and not kept:
        return ""
    return f"未变化(304){reused} 个,沿用上次未过期的正常链接检查结论 {kept} 个(未重新请求)。"
