"""Real hijacked titles (../shared/corpus/realtitles/hijacked.jsonl) and real government titles
(titles.jsonl), read in place, each served as a page of one site whose pages share a title
template: every hijacked title is flagged, none of the real ones.

A hijacker writes the injected string in one of three places, and each is tried: instead of
the whole title, before the page's genuine title, or instead of the site name.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from auditor.tamper import scan_html
from auditor.tamper.title_scan import template_outliers

SITE = "丰源县人民政府"
SHAPES = ("replaced", "prefixed", "site-name")


def load(corpus: Path, name: str) -> list[dict[str, Any]]:
    lines = (corpus / "realtitles" / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def hijacked_title(record: dict[str, Any], shape: str) -> str:
    if shape == "replaced":
        return record["injected"]
    if shape == "prefixed":
        return f"{record['injected']}_{record['genuine']}_{SITE}"
    return f"{record['genuine']}_{record['injected']}"


def page_html(title: str, heading: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<div class='article'><h1>{heading}</h1><p>{heading}。现予以公开，欢迎监督。</p></div>"
        f"<div class='footer'>主办：{SITE}办公室 版权所有</div></body></html>"
    )


def site_pages(corpus: Path, shape_of=lambda i: SHAPES[i % 3]) -> dict[str, tuple[str, bool]]:
    """path -> (page, hijacked) for every real and every hijacked title."""
    pages = {
        f"/zwgk/real{i}.html": (page_html(f"{r['title']}_{SITE}", r["title"]), False)
        for i, r in enumerate(load(corpus, "titles.jsonl"))
    }
    for i, record in enumerate(load(corpus, "hijacked.jsonl")):
        title = hijacked_title(record, shape_of(i))
        pages[f"/zwgk/hijacked{i}.html"] = (page_html(title, record["genuine"]), True)
    return pages


def test_corpus_is_read_in_place(shared_corpus: Path) -> None:
    assert len(load(shared_corpus, "hijacked.jsonl")) >= 12
    assert len(load(shared_corpus, "titles.jsonl")) >= 150


@pytest.mark.parametrize("shape", SHAPES)
def test_every_hijacked_title_and_no_real_title_is_flagged(shared_corpus: Path, shape) -> None:
    pages = site_pages(shared_corpus, lambda i: shape)
    flagged = {
        path
        for path, (body, _) in pages.items()
        if any(h.location == "head > title" for h in scan_html(body, f"http://127.0.0.1{path}"))
    }
    hijacked = {path for path, (_, bad) in pages.items() if bad}
    assert sorted(hijacked - flagged) == [] and sorted(flagged - hijacked) == []


def test_site_template_flags_no_real_title(shared_corpus: Path) -> None:
    titles = {
        f"/r{i}": f"{r['title']}_{SITE}" for i, r in enumerate(load(shared_corpus, "titles.jsonl"))
    }
    titles["/"] = SITE
    titles["/ty/"] = "丰源县教育和体育局"
    assert template_outliers(titles) == []


def test_a_bare_brand_breaking_the_template_is_flagged() -> None:
    titles = {f"/p{i}": f"第{i}号通知_{SITE}" for i in range(5)}
    titles["/x"] = "鸿运体育"  # no sales word: only the broken template gives it away
    titles["/y"] = "鸿运体育_丰源县人民政府"  # on the template: the page scan's business
    assert [url for url, _ in template_outliers(titles)] == ["/x"]


@pytest.fixture(scope="module")
def audited(
    linkworld, run_cli, shared_corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict]:
    tmp = tmp_path_factory.mktemp("realtitles")
    pages = site_pages(shared_corpus)
    routes = {path: linkworld.html(body) for path, (body, _) in pages.items()}
    index = "".join(f"<li><a href='{path}'>第{n}条</a></li>" for n, path in enumerate(pages))
    routes["/"] = linkworld.html(page_html(SITE, SITE).replace("</h1>", f"</h1><ul>{index}</ul>"))
    world = linkworld.World()
    try:
        site = world.serve("site", routes)
        platform = world.serve("platform", {"/": linkworld.html(page_html("统一平台", "统一平台"))})
        (tmp / "i.toml").write_text(
            linkworld.inspection_toml([("城区财政局", site)], platform), encoding="utf-8"
        )
        result = run_cli("audit", str(tmp / "i.toml"), "--out", str(tmp / "out"), "--quiet")
        assert result.returncode == 0, result.stderr
    finally:
        world.close()
    report = json.loads((tmp / "out" / "report.json").read_text(encoding="utf-8"))
    yield {"report": report, "pages": pages, "site": site}


def test_crawl_flags_every_hijacked_title_and_no_real_one(audited: dict) -> None:
    flagged = {urlsplit(t["page"]).path for t in audited["report"]["tampering"]}
    hijacked = {path for path, (_, bad) in audited["pages"].items() if bad}
    assert sorted(hijacked - flagged) == [] and sorted(flagged - hijacked) == []
    for entry in audited["report"]["tampering"]:
        assert entry["kind_label"] and not entry["technique_label"].isascii()
