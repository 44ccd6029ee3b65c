"""Time classification + judgement of a large stored crawl (target: 100,000 pages < 60 s).

    python3 benchmarks/judge_speed.py [--pages 100000] [--links-per-page 5]

Pages are generated into a temporary SQLite file with realistic facts: most are news and
notices, about one in five discloses a checklist item, each has a body of ~1,500 characters
and a few links, some of them broken.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.checklist.load import load_checklist  # noqa: E402
from auditor.classify.classifier import classify_run  # noqa: E402
from auditor.inspection.file import Inspection, Site  # noqa: E402
from auditor.judge.verdict import judge_run  # noqa: E402
from auditor.store import Store  # noqa: E402

DEPARTMENTS = (
    "城区财政局",
    "城区发改局",
    "城区住建局",
    "城区食药局",
    "城区环保局",
    "城区安监局",
    "城区教育局",
    "城区卫生局",
    "城区征地拆迁办",
    "城区政府采购中心",
    "城区招商局",
    "城区经信局",
    "城区编制办",
    "城区审计局",
    "城区工商局",
)
DISCLOSING = (
    "{y}年部门预算",
    "{y}年部门决算",
    "{y}年第三季度民生资金支出情况",
    "政府定价目录",
    "{y}年保障性安居工程建设计划",
    "公共租赁住房分配结果公示",
    "水质监测信息({y}年9月)",
    "建设项目环评审批结果公告",
    "安全生产预警通知",
    "{y}年义务教育招生公告",
    "XX工程招标公告",
    "{y}年10月进出口情况",
    "征收土地公告",
    "重点领域信息公开工作推进情况",
)
NEWS = (
    "区领导到企业调研",
    "召开{y}年工作会议",
    "开展节日慰问活动",
    "举办业务培训班",
    "关于放假安排的通知",
    "党风廉政建设工作会议",
    "清洁乡村活动进展",
    "表彰先进集体",
)
FILLER = "根据有关规定结合城区实际现将有关情况公布如下各单位要高度重视认真组织实施确保取得实效"


def _page(n: int, site: str, rng: random.Random) -> dict:
    year = rng.choice((2013, 2014))
    pattern = rng.choice(DISCLOSING) if rng.random() < 0.2 else rng.choice(NEWS)
    title = pattern.format(y=year)
    text = title + "".join("".join(rng.sample(FILLER, len(FILLER))) for _ in range(35))
    published = (dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(320))).isoformat()
    facts = {
        "title": title,
        "published": published,
        "column": rng.choice(("工作动态", "通知公告", "信息公开目录")),
        "breadcrumb": ["首页", "政务公开"],
        "text": text[:4000],
        "attachments": [{"url": f"http://127.0.0.1:9/f{n}.xls", "text": title + ".xls"}],
        "agency": "良庆区财政局" if site == "platform" else None,
    }
    return {
        "site_key": site,
        "url": f"http://127.0.0.1:9/{site}/p{n}.html",
        "status": 200,
        "title": title,
        "facts": facts,
    }


def _links(page: dict, count: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    links, checks = [], []
    for k in range(count):
        target = f"{page['url']}.l{k}"
        anchor = rng.choice(("2014年部门预算", "更多>>", "返回首页", "下载附件", "招标公告"))
        links.append(
            {
                "site_key": page["site_key"],
                "source": page["url"],
                "target": target,
                "anchor": anchor,
                "tag": "a",
                "internal": 1,
            }
        )
        ok = rng.random() > 0.05
        checks.append(
            {
                "url": target,
                "status": 200 if ok else 404,
                "ok": int(ok),
                "reason": "ok" if ok else "http_404",
            }
        )
    return links, checks


def generate(store: Store, pages: int, links_per_page: int) -> tuple[int, Inspection]:
    rng = random.Random(7)
    sites = tuple(
        Site(d, f"http://127.0.0.1:{9100 + i}/", (), f"site{i + 1}")
        for i, d in enumerate(DEPARTMENTS)
    )
    platform = Site("统一平台", "http://127.0.0.1:9000/", key="platform", channel="platform")
    run = store.start_run("speed", "", {}, "liangqing-2014", "2014-11-20")
    store.add_sites(
        run,
        [
            {"key": s.key, "department": s.department, "url": s.url, "channel": s.channel}
            for s in (*sites, platform)
        ],
    )
    keys = [s.key for s in (*sites, platform)]
    for start in range(0, pages, 2000):
        batch: dict[str, list[dict]] = {"pages": [], "links": [], "checks": []}
        for n in range(start, min(start + 2000, pages)):
            page = _page(n, rng.choice(keys), rng)
            links, checks = _links(page, links_per_page, rng)
            batch["pages"].append(page)
            batch["links"] += links
            batch["checks"] += checks
        store.write_batch(run, batch)
    return run, Inspection("良庆区检查", "liangqing-2014", dt.date(2014, 11, 20), platform, sites)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--links-per-page", type=int, default=5)
    args = parser.parse_args()
    checklist = load_checklist("liangqing-2014")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "speed.db")
        started = time.perf_counter()
        run, inspection = generate(store, args.pages, args.links_per_page)
        print(
            f"generated {args.pages} pages, {args.pages * args.links_per_page} links "
            f"in {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        matches = classify_run(store, run, checklist)
        classified = time.perf_counter()
        findings = judge_run(store, run, checklist, inspection)
        judged = time.perf_counter()
        store.close()
    print(f"classify_run: {matches} matches in {classified - started:.1f} s")
    print(f"judge_run: {len(findings)} findings in {judged - classified:.1f} s")
    total = judged - started
    print(
        f"total {total:.1f} s for {args.pages} pages (target < 60 s): "
        f"{'met' if total < 60 else 'NOT met'}"
    )
    return 0 if total < 60 else 1


if __name__ == "__main__":
    raise SystemExit(main())
