"""Seed footer, cross-page footer comparison, snapshots, the labelled set, and speed sanity."""

from __future__ import annotations

import gzip
import hashlib
import html
import importlib.util
import time
from pathlib import Path

from auditor.tamper import footer_outliers, scan_html, snapshot

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_6470c4af23ec8653.txt"
SEED_FOOTER = (
    "Copyright ? 2008-2017 det365娱乐官网 版权所有\n"
    "南宁市det365娱乐官网主办 南宁市良庆区经济贸易和信息化局承办\n桂ICP备08000837号"
)


def seed_footer() -> str:
    if SEED.exists():
        return SEED.read_text(encoding="utf-8").split("<关闭窗口>")[-1]
    return SEED_FOOTER


def test_seed_footer_is_a_hijacked_footer() -> None:
    lines = "".join(
        f"<p>{html.escape(line)}</p>" for line in seed_footer().splitlines() if line.strip()
    )
    doc = f"<html><body><div class='content'><p>公开方式：主动公开</p></div><div>{lines}</div></body></html>"
    hits = scan_html(doc, "http://www.lq.gov.cn.invalid/a.html")
    assert [(h.kind, h.severity) for h in hits] == [("hijacked_footer", "high")]
    assert "det365娱乐官网" in hits[0].detail


def test_footer_outliers_finds_the_rewritten_page() -> None:
    normal = "主办：南宁市良庆区人民政府 桂ICP备08000837号 您是第{}位访客"
    footers = {f"http://x.invalid/{i}.html": normal.format(1000 + i) for i in range(5)}
    footers["http://x.invalid/bad.html"] = "主办：南宁市det365娱乐官网 桂ICP备08000837号"
    footers["http://x.invalid/dept.html"] = "主办：南宁市良庆区教育局 桂ICP备08000837号"
    outliers = footer_outliers(footers)
    assert [url for url, _ in outliers] == ["http://x.invalid/bad.html"]
    assert "det365娱乐官网" in outliers[0][1]


def test_footer_outliers_new_brand_token_and_organiser() -> None:
    base = {f"u{i}": "南宁市良庆区人民政府主办" for i in range(3)}
    brand = footer_outliers({**base, "v": "南宁市良庆区人民政府主办 x88威尼"})
    organiser = footer_outliers({**base, "w": "南宁市鸿运国际主办"})
    assert [u for u, _ in brand] == ["v"] and [u for u, _ in organiser] == ["w"]
    assert footer_outliers(base) == [] and footer_outliers({}) == []


def test_snapshot_round_trips_and_hashes_the_original() -> None:
    body = "<html>det365娱乐官网</html>".encode()
    packed, digest = snapshot(body)
    assert gzip.decompress(packed) == body
    assert digest == hashlib.sha256(body).hexdigest()
    assert snapshot(body) == (packed, digest)


def _bench():
    spec = importlib.util.spec_from_file_location(
        "tamper_bench", ROOT / "benchmarks/tamper_bench.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_set_has_full_recall_and_no_false_positive() -> None:
    bench = _bench()
    cases = bench.load_cases()
    assert sum(c["label"] == "tampered" for c in cases) >= 60
    assert sum(c["label"] == "clean" for c in cases) >= 60
    failures = [c["id"] for c in cases if not bench.evaluate(c)[0]]
    assert failures == []


def test_templates_alone_are_clean() -> None:
    bench = _bench()
    for template in ("table", "div"):
        case = {"template": template, "position": "none", "html": ""}
        assert scan_html(bench.render(case), bench.PAGE_URL) == []


def test_scan_is_fast_enough_for_every_page() -> None:
    """Sanity, not a timed assertion: a 30 KB page should scan in a few milliseconds."""
    rows = "".join(
        f'<tr><td><a href="/xw/{i}.html" style="color:#333">第{i}条新闻标题 政务公开工作</a></td></tr>'
        for i in range(400)
    )
    doc = f"<html><body><style>.a{{display:none}}</style><table>{rows}</table></body></html>"
    assert len(doc.encode()) > 30_000
    started = time.perf_counter()
    for _ in range(20):
        scan_html(doc, "http://www.lq.gov.cn.invalid/")
    per_page = (time.perf_counter() - started) / 20
    print(f"scan of {len(doc)} chars: {per_page * 1000:.2f} ms")
    assert per_page < 1.0
