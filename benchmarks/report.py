"""The benchmark's table in benchmarks/RESULTS.md: the generated part sits between two
markers, so the hand-written notes (profile, what changed, misses) around it survive a rerun."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from measure import Measured

START = "<!-- results:start -->"
END = "<!-- results:end -->"
LABELS = {
    "audit": "auditor 完整检查(首次)",
    "scrapy": "Scrapy 纯抓取爬虫(下限)",
    "linkchecker": "LinkChecker",
    "repeat": "auditor 复查(无变化)",
    "changed": "auditor 复查(5% 页面变化)",
    "polite": "auditor 礼貌检查(默认每站间隔,20 站)",
}


@dataclass(frozen=True)
class Row:
    name: str
    measured: Measured
    pages: int
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.measured.wall if self.measured.wall else 0.0

    @property
    def label(self) -> str:
        if self.name.startswith("redis-"):
            return f"auditor 分布式检查(Redis,{self.name[6:]} 个 worker 进程)"
        if self.name.startswith("audit-"):
            return f"auditor 首次检查,{self.name[6:]} 页世界(内存曲线)"
        return LABELS.get(self.name, self.name)


def table(rows: list[Row]) -> list[str]:
    out = [
        "| run | pages | wall s | pages/s | CPU s | peak RSS MB | exit | stages s |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        m = r.measured
        note = " (time cap)" if m.timed_out else ""
        out.append(
            f"| {r.label}{note} | {r.pages} | {m.wall:.1f} | {r.pages_per_s:.1f} | "
            f"{m.cpu:.1f} | {m.peak_mb:.0f} | {m.returncode} | {stages(r.stages)} |"
        )
    return out


def stages(seconds: dict[str, float]) -> str:
    """Where an audit's wall time went, as recorded in runs.timings."""
    return " ".join(f"{stage} {value:.1f}" for stage, value in seconds.items()) or "—"


def ratios(rows: list[Row]) -> list[str]:
    by = {r.name: r for r in rows}
    audit = by.get("audit")
    if audit is None:
        return []
    out = []
    for other, what in (("linkchecker", "≥ 3"), ("scrapy", "≥ 1")):
        if other in by and by[other].pages_per_s:
            ratio = audit.pages_per_s / by[other].pages_per_s
            out.append(f"- auditor / {other} pages/s: **{ratio:.2f}×** (target {what})")
    floor = by.get("scrapy")
    if floor and floor.pages and audit.pages and floor.measured.cpu:
        ratio = (audit.measured.cpu / audit.pages) / (floor.measured.cpu / floor.pages)
        out.append(f"- auditor / scrapy CPU per page: **{ratio:.2f}×** (target ≤ 1)")
    for repeat, what in (("repeat", "≥ 5"), ("changed", "≥ 4")):
        if repeat in by and by[repeat].measured.wall:
            ratio = audit.measured.wall / by[repeat].measured.wall
            out.append(f"- first audit / {repeat} wall time: **{ratio:.2f}×** (target {what})")
    return out


def write_results(
    path: Path,
    rows: list[Row],
    nginx_rate: float | None,
    pages: int,
    machine: str,
    notes: list[str] | None = None,
) -> None:
    rate = f"{nginx_rate:.0f} requests/s" if nginx_rate else "not measured (ab missing)"
    body = [
        START,
        f"Machine and date: {machine}",
        "",
        f"World: {pages} pages requested of the generator; nginx alone (ab -k -c 32, one "
        f"listing page): {rate}.",
        "",
        *table(rows),
        "",
        *ratios(rows),
        *(notes or []),
        END,
    ]
    text = path.read_text("utf-8") if path.exists() else "# Benchmark results\n\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + "\n".join(body) + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + "\n".join(body) + "\n"
    path.write_text(text, "utf-8")
