"""A large synthetic district written as static files, for nginx to serve.

    python3 benchmarks/bigworld.py OUT_DIR [--pages 100000] [--sites 20]

Each site is a Chinese government site in one of three CMS styles: a home page, about a dozen
columns with paginated listings (20 dated entries a page), articles of 20-40 KB with a
信息公开目录 block, navigation, related links, attachments, friend links and about 50 links in
all; 1% of links are broken; every fourth site is GBK.  A unified platform is one more site,
and an "outside" site takes the friend links (checked, never crawled).  Deterministic: the
same arguments write the same bytes.  `change(out, fraction)` corrects a share of the articles
in place, as a week of publishing would.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

from bigworld_text import DEPARTMENTS, TOPICS, css, filler, paragraph, title_for

COLUMNS = ("gzdt", "tzgg", "zcwj", "bmys", "sgjf", "xzxk", "ghjh", "rsxx", "jyta", "zdxm", "xxgk")
COLUMN_NAMES = ("工作动态", "通知公告", "政策文件", "部门预决算", "三公经费", "行政许可")
COLUMN_NAMES += ("规划计划", "人事信息", "建议提案", "重大项目", "信息公开目录")
PER_LISTING = 20
BROKEN_RATE = 0.01
BASE_PORT = 18100


@dataclass(frozen=True)
class SiteSpec:
    index: int
    key: str
    department: str
    port: int
    encoding: str
    articles: int

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def plan(pages: int, sites: int, base_port: int = BASE_PORT) -> list[SiteSpec]:
    """Sites (departments, then the platform) sharing `pages` pages; listings count too."""
    count = sites + 1
    per_site = pages // count
    articles = max(int(per_site * PER_LISTING / (PER_LISTING + 1)) - 1, len(COLUMNS))
    out = []
    for i in range(count):
        name = "统一平台" if i == sites else DEPARTMENTS[i % len(DEPARTMENTS)] + _suffix(i)
        key = "platform" if i == sites else f"d{i:02d}"
        encoding = "gbk" if i % 4 == 3 else "utf-8"
        out.append(SiteSpec(i, key, name, base_port + i, encoding, articles))
    return out


def _suffix(i: int) -> str:
    return "" if i < len(DEPARTMENTS) else f"{i // len(DEPARTMENTS) + 1}分局"


def outside_port(specs: list[SiteSpec]) -> int:
    return specs[-1].port + 1


def article_path(spec: SiteSpec, n: int) -> str:
    column = COLUMNS[n % len(COLUMNS)]
    year, month, day = 2013 + n % 2, 1 + n % 12, 1 + n % 28
    return f"/{column}/{year}{month:02d}/t{year}{month:02d}{day:02d}_{n}.html"


def article_date(n: int) -> str:
    year, month, day = 2013 + n % 2, 1 + n % 12, 1 + n % 28
    return f"{year}-{month:02d}-{day:02d}"


def listing_path(column: str, page: int) -> str:
    return f"/{column}/index.html" if page == 0 else f"/{column}/index_{page}.html"


def column_articles(spec: SiteSpec, c: int) -> list[int]:
    numbers = range(c, spec.articles, len(COLUMNS))
    return sorted(numbers, key=lambda n: (article_date(n), n), reverse=True)


class Writer:
    """Renders one site's pages into OUT/<key>/."""

    def __init__(self, out: Path, spec: SiteSpec, specs: list[SiteSpec]) -> None:
        self.out, self.spec, self.specs = out / spec.key, spec, specs
        self.rng = random.Random(spec.index)
        self.outside = f"http://127.0.0.1:{outside_port(specs)}"

    def write(self, path: str, html: str) -> None:
        target = self.out / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html.encode(self.spec.encoding, errors="replace"))

    def maybe_broken(self, href: str) -> str:
        return href.replace(".html", "_gone.html") if self.rng.random() < BROKEN_RATE else href

    def nav(self) -> str:
        items = "".join(
            f'<li><a href="{listing_path(c, 0)}">{n}</a></li>'
            for c, n in zip(COLUMNS, COLUMN_NAMES, strict=True)
        )
        return f'<ul class="nav"><li><a href="/index.html">首页</a></li>{items}</ul>'

    def friends(self) -> str:
        links = [f'<a href="{self.outside}/zw/{i}.html">友情链接{i}</a>' for i in range(6)]
        links += [f'<a href="{s.origin}/index.html">{s.department}</a>' for s in self.specs[:6]]
        return '<div class="friends">' + " ".join(links) + "</div>"

    def page(self, title: str, column: str, body: str) -> str:
        charset = self.spec.encoding
        return (
            f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>'
            f'<meta name="SiteName" content="{self.spec.department}">'
            f'<meta name="ColumnName" content="{column}">'
            f'<link rel="stylesheet" href="/css/style.css"><script src="/js/common.js"></script>'
            f"<style>{css(self.rng, 7000)}</style></head><body>"
            f'<div class="header"><h2>{self.spec.department}</h2>{self.nav()}</div>'
            f'<div class="main">{body}</div>'
            f'<div class="footer">{self.friends()}<p>主办:{self.spec.department} '
            f"网站标识码:45010800{self.spec.index:02d} 桂ICP备0500{self.spec.index:04d}号</p>"
            "</div></body></html>"
        )


def write_site(out: Path, spec: SiteSpec, specs: list[SiteSpec]) -> int:
    w = Writer(out, spec, specs)
    count = 0
    for c, column in enumerate(COLUMNS):
        numbers = column_articles(spec, c)
        count += _write_listings(w, c, column, numbers)
        for number in numbers:
            w.write(article_path(spec, number), _article(w, c, number))
            count += 1
    w.write("/index.html", _home(w))
    w.write("/css/style.css", css(w.rng, 3000))
    w.write("/js/common.js", "var site = 1;")
    return count + 1


def _write_listings(w: Writer, c: int, column: str, numbers: list[int]) -> int:
    pages = max((len(numbers) + PER_LISTING - 1) // PER_LISTING, 1)
    for page in range(pages):
        chunk = numbers[page * PER_LISTING : (page + 1) * PER_LISTING]
        rows = "".join(
            f'<li><a href="{w.maybe_broken(article_path(w.spec, n))}" target="_blank">'
            f"{title_for(w.spec.department, c, n)}</a><span>{article_date(n)}</span></li>"
            for n in chunk
        )
        pager = " ".join(f'<a href="{listing_path(column, p)}">{p + 1}</a>' for p in range(pages))
        body = (
            f'<h1>{COLUMN_NAMES[c]}</h1><ul class="list">{rows}</ul><div class="page">{pager}</div>'
        )
        w.write(listing_path(column, page), w.page(COLUMN_NAMES[c], COLUMN_NAMES[c], body))
    return pages


def _article(w: Writer, c: int, n: int) -> str:
    spec, rng = w.spec, w.rng
    title = title_for(spec.department, c, n)
    agency = spec.department if spec.key != "platform" else DEPARTMENTS[n % len(DEPARTMENTS)]
    catalog = (
        f'<table class="xxgk"><tr><td>索引号:</td><td>000014349/{article_date(n)[:4]}-{n:05d}'
        f"</td><td>发布机构:</td><td>{agency}</td></tr><tr><td>名称:</td><td>{title}</td>"
        f"<td>发布日期:</td><td>{article_date(n)}</td></tr></table>"
    )
    text = "".join(f"<p>{paragraph(rng, TOPICS[c % len(TOPICS)])}</p>" for _ in range(8))
    text += f"<p>{filler(rng, rng.randint(2500, 7500))}</p>"
    related = "".join(
        f'<li><a href="{w.maybe_broken(article_path(spec, m))}">{title_for(spec.department, m % len(COLUMNS), m)}</a></li>'
        for m in rng.sample(range(spec.articles), min(20, spec.articles))
    )
    files = "".join(
        f'<a href="/{COLUMNS[c]}/files/P0{n}_{k}.{ext}">附件{k + 1}</a> '
        for k, ext in enumerate(("pdf", "xls")[: n % 3])
    )
    body = (
        f"{catalog}<h1>{title}</h1><div class='info'>发布日期:{article_date(n)} 来源:{agency}</div>"
        f'<div id="zoom">{text}</div><div class="files">{files}</div>'
        f'<ul class="related">{related}</ul>'
    )
    return w.page(title, COLUMN_NAMES[c], body)


def _home(w: Writer) -> str:
    latest = "".join(
        f'<li><a href="{article_path(w.spec, n)}">{title_for(w.spec.department, n % len(COLUMNS), n)}</a>'
        f"<span>{article_date(n)}</span></li>"
        for n in range(min(30, w.spec.articles))
    )
    return w.page(w.spec.department, "首页", f'<ul class="latest">{latest}</ul>')


def write_attachments(out: Path, spec: SiteSpec) -> None:
    """Attachments exist as small files (the crawl checks them, never parses them)."""
    for n in range(spec.articles):
        for k, ext in enumerate(("pdf", "xls")[: n % 3]):
            target = out / spec.key / COLUMNS[n % len(COLUMNS)] / "files" / f"P0{n}_{k}.{ext}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"%PDF-1.4 benchmark attachment\n" * 4)


def write_outside(out: Path) -> None:
    for i in range(6):
        target = out / "outside" / "zw" / f"{i}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<html><body>外部网站 {i}</body></html>", encoding="utf-8")


def generate(out: Path, pages: int, sites: int, base_port: int = BASE_PORT) -> list[SiteSpec]:
    specs = plan(pages, sites, base_port)
    total = 0
    for spec in specs:
        total += write_site(out, spec, specs)
        write_attachments(out, spec)
    write_outside(out)
    meta = {"pages": total, "sites": [s.__dict__ for s in specs], "outside": outside_port(specs)}
    (out / "world.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    return specs


CORRECTION = "<p>更正:本文第二段所列数字有误,已于2014年11月20日更正。</p>"


def change(out: Path, fraction: float, seed: int = 7) -> int:
    """Put a correction at the top of `fraction` of the article bodies, in each page's own
    encoding; returns how many changed.  The correction is text a reader (and auditor's
    classifier and site health) reads: until session 17 a line was appended before
    </body>, beyond the 4,000 characters of text auditor keeps, so a "changed" page was
    new bytes to the crawl but the same page to every stage after it."""
    meta = json.loads((out / "world.json").read_text("utf-8"))
    encodings = {site["key"]: site["encoding"] for site in meta["sites"]}
    files = sorted(p for p in out.glob("*/*/2*/t*.html") if "outside" not in p.parts)
    rng = random.Random(seed)
    picked = rng.sample(files, int(len(files) * fraction))
    mark = b'<div id="zoom">'
    for path in picked:
        correction = CORRECTION.encode(encodings[path.relative_to(out).parts[0]])
        path.write_bytes(path.read_bytes().replace(mark, mark + correction, 1))
    return len(picked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--base-port", type=int, default=BASE_PORT, help="first site's port")
    args = parser.parse_args()
    specs = generate(args.out, args.pages, args.sites, args.base_port)
    print(f"{len(specs)} sites written to {args.out}")


if __name__ == "__main__":
    main()
