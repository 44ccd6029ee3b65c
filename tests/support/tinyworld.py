"""A tiny mutable district on 127.0.0.1 for workflow tests (history, self-check, pack, lock).

One threaded HTTP server holds two department prefixes (/czj/, /jyj/) and a platform prefix
(/pt/). Tests change `world.pages` between runs to simulate a district that fixes some gaps
and breaks other things; the demo district is fixed, so it cannot show a diff.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import inspections
from .pageserver import HTML, PageServer, Reply, Request

HIDDEN_LINK = (
    '<div style="display:none"><a href="http://casino.invalid/">澳门赌场</a>'
    '<a href="http://bet.invalid/">博彩娱乐</a><a href="http://slots.invalid/">网上赌博</a></div>'
)


@dataclass
class Page:
    """An HTML page; as a route of the page server it answers its status and body."""

    status: int
    body: str

    def __call__(self, request: Request) -> Reply:
        return self.status, HTML, self.body


def article(title: str, agency: str, published: str, extra: str = "") -> Page:
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<meta name="PubDate" content="{published} 09:00"><meta name="ContentSource" content="{agency}">
</head><body><h1>{title}</h1><div class="info">发布日期:{published} 来源:{agency}</div>
<div id="zoom"><p>{title}。现将有关情况公开如下,请社会各界监督。</p>
<p>本文由{agency}发布。</p></div>{extra}<div class="footer">主办:{agency}</div></body></html>"""
    return Page(200, html)


def listing(title: str, agency: str, entries: list[tuple[str, str, str]]) -> Page:
    rows = "".join(f'<li><a href="{h}">{t}</a><span>{d}</span></li>' for t, h, d in entries)
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><ul class="list">{rows}</ul>
<div class="footer">主办:{agency}</div></body></html>"""
    return Page(200, html)


def initial_pages() -> dict[str, Page]:
    """First state: 财政局 discloses its budget; its accounts link is broken; 教育局 is thin."""
    czj, jyj = "良庆区财政局", "良庆区教育局"
    return {
        "/czj/": listing(
            "良庆区财政局",
            czj,
            [
                ("良庆区财政局2014年部门预算公开", "/czj/a1.html", "2014-03-10"),
                ("良庆区2014年财政预算报告", "/czj/a2.html", "2014-02-20"),
                ("良庆区财政局2013年部门决算公开", "/czj/gone.html", "2014-08-01"),
                ("良庆区2013年财政决算报告", "/czj/a3.html", "2014-08-15"),
            ],
        ),
        "/czj/a1.html": article("良庆区财政局2014年部门预算公开", czj, "2014-03-10"),
        "/czj/a2.html": article("良庆区2014年财政预算报告", czj, "2014-02-20"),
        "/czj/a3.html": article("良庆区2013年财政决算报告", czj, "2014-08-15"),
        "/jyj/": listing(
            "良庆区教育局",
            jyj,
            [("良庆区教育局2013年部门预算公开", "/jyj/b1.html", "2013-03-01")],
        ),
        "/jyj/b1.html": article("良庆区教育局2013年部门预算公开", jyj, "2013-03-01"),
        "/pt/": listing(
            "自治区政府信息公开统一平台",
            "自治区人民政府办公厅",
            [("良庆区财政局2014年部门预算公开", "/pt/p1.html", "2014-03-12")],
        ),
        "/pt/p1.html": article("良庆区财政局2014年部门预算公开", czj, "2014-03-12"),
    }


def changed_pages(pages: dict[str, Page]) -> dict[str, Page]:
    """Second state: the accounts link works again (fixed), the budget report is replaced by
    last year's edition (went stale), the final-accounts report is withdrawn (new gap),
    教育局's listing gains a broken link, and 财政局's budget page gets a hidden link."""
    czj, jyj = "良庆区财政局", "良庆区教育局"
    out = dict(pages)
    out["/czj/"] = listing(
        "良庆区财政局",
        czj,
        [
            ("良庆区财政局2014年部门预算公开", "/czj/a1.html", "2014-03-10"),
            ("良庆区2013年财政预算报告", "/czj/a2.html", "2014-02-20"),
            ("良庆区财政局2013年部门决算公开", "/czj/gone.html", "2014-08-01"),
        ],
    )
    out["/czj/gone.html"] = article("良庆区财政局2013年部门决算公开", czj, "2014-08-01")
    out["/czj/a2.html"] = article("良庆区2013年财政预算报告", czj, "2014-02-20")
    del out["/czj/a3.html"]
    out["/czj/a1.html"] = article(
        "良庆区财政局2014年部门预算公开", czj, "2014-03-10", extra=HIDDEN_LINK
    )
    out["/jyj/"] = listing(
        "良庆区教育局",
        jyj,
        [
            ("良庆区教育局2013年部门预算公开", "/jyj/b1.html", "2013-03-01"),
            ("良庆区教育局2014年义务教育招生工作方案", "/jyj/missing.html", "2014-06-01"),
        ],
    )
    return out


class TinyWorld(PageServer):
    """Serves `pages` (path -> Page); anything else is a 404. `delay` slows every answer."""

    def __init__(self, pages: dict[str, Page] | None = None, delay: float = 0.0) -> None:
        super().__init__(delay=delay)
        self.pages = pages if pages is not None else initial_pages()  # type: ignore[assignment]

    def inspection(self, path: Path, as_of: str = "2014-11-20", name: str = "小城区检查") -> Path:
        """An inspection file for this world, polite settings off (it is our own server)."""
        o = self.origin
        sites = [("城区财政局", f"{o}/czj/", "良庆区财政局"), ("城区教育局", f"{o}/jyj/", "良庆区教育局")]
        text = inspections.inspection_toml(
            sites, f"{o}/pt/", name=name, as_of=as_of, **{**inspections.OWN_SERVER, "timeout": 3.0}
        )
        path.write_text(text, encoding="utf-8")
        return path
