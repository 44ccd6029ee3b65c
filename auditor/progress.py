"""Crawl progress: a live line per site on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from auditor.reasons import describe

TTY_INTERVAL = 0.5
LOG_INTERVAL = 10.0


class Progress:
    def __init__(self, ctx: Any, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.ctx = ctx
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.quiet = quiet
        self.loop: Any = None
        self.drawn = 0

    def start(self) -> None:
        if self.quiet:
            return
        from twisted.internet import task

        self.loop = task.LoopingCall(self.tick)
        self.loop.start(TTY_INTERVAL if self.tty else LOG_INTERVAL, now=False)

    def stop(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def lines(self) -> list[str]:
        elapsed = max(time.monotonic() - self.ctx.started, 1e-6)
        out = []
        for site in self.ctx.inspection.all_sites:
            s = self.ctx.site_stats(site.key)
            out.append(
                f"{site.department[:14]:<14} 页面 {s.pages:>6}  队列 {s.queue:>5}  "
                f"错误 {s.errors:>4}  {s.pages / elapsed:6.1f} 页/秒"
            )
        return out

    def tick(self) -> None:
        lines = self.lines()
        if self.tty:
            if self.drawn:
                self.stream.write(f"\x1b[{self.drawn}F")
            self.stream.write("".join(f"\x1b[2K{line}\n" for line in lines))
            self.drawn = len(lines)
        else:
            self.stream.write("[抓取进度] " + ";".join(" ".join(x.split()) for x in lines) + "\n")
        self.stream.flush()

    def summary(self, interrupted: bool) -> None:
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
