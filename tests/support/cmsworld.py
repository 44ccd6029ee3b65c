"""A generated CMS district on 127.0.0.1 whose listings are published as real CMSs do.

Four sites: a TRS site (createPageHTML pagers, literal and `var` arguments, an article split
into t…_1 parts), a hanweb site (jpage datastore + dataproxy.jsp groups by POST), a platform
filled from a JSON list API, and a site mixing all three.  `plain=True` publishes the same
articles as plain anchors with next-page links, for comparing audits.  Every request is
logged (method, path with query, body) so tests can count proxy groups and API pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import inspections
from .pageserver import PageServer, Reply, Request
from .tinyworld import article

TOWN = "兴宁区"
PER_PAGE = 4  # TRS, plain and JSON pages
JPAGE_PER_PAGE, JPAGE_GROUPS = 3, 2  # one embedded or proxied group = 6 records
PROXY = "/module/web/jpage/dataproxy.jsp"
TRS_FUNCTION = """<script>function createPageHTML(total, index, name, ext){
 if(total == null || total <= 1){ return; }
 for(var k = 0; k < total; k++){ var target = (k == 0 ? name : name + "_" + k) + "." + ext;
  if(k == index){ document.write("<b>" + (k + 1) + "</b> "); }
  else { document.write("<a href='" + target + "'>" + (k + 1) + "</a> "); } } }</script>"""


@dataclass(frozen=True)
class Art:
    title: str
    path: str
    date: str
    agency: str
    split: bool = False  # TRS article splitter: the second part holds the tables


@dataclass(frozen=True)
class Column:
    path: str  # directory, e.g. /czj/tzgg/
    name: str
    mechanism: str  # trs | trs-var | jpage | json
    arts: tuple[Art, ...]
    column_id: int = 0


def _fillers(agency: str, prefix: str, count: int, month: int) -> list[Art]:
    topics = ("召开季度工作例会", "开展业务知识培训", "组织干部职工义务植树", "开展安全生产检查")
    return [
        Art(f"{agency}{topics[i % 4]}(第{i + 1}期)", f"{prefix}n{i}.html",
            f"2014-{month:02d}-{10 + i % 15:02d}", agency)
        for i in range(count)
    ]  # fmt: skip


def _budget(agency: str, prefix: str) -> list[Art]:
    return [
        Art(f"{agency}2014年部门预算公开", f"{prefix}ys2014.html", "2014-03-18", agency, True),
        Art(f"{agency}2013年部门决算公开", f"{prefix}js2013.html", "2014-08-20", agency),
    ]


def columns() -> list[Column]:
    czj, zjj, fgj = f"{TOWN}财政局", f"{TOWN}住房和城乡建设局", f"{TOWN}发展和改革局"
    housing = [
        Art(f"{TOWN}2014年保障性安居工程年度建设计划", "/zjj/art/2014/2/20/art_31_9001.html",
            "2014-02-20", zjj),
        Art(f"{TOWN}保障性住房项目开工竣工情况(2014年第三季度)",
            "/zjj/art/2014/10/9/art_31_9002.html", "2014-10-09", zjj),
    ]  # fmt: skip
    return [
        Column("/czj/tzgg/", "通知公告", "trs", tuple(_fillers(czj, "/czj/tzgg/", 9, 9))),
        Column("/czj/yjs/", "财政预决算", "trs-var",
               tuple(_fillers(czj, "/czj/yjs/", 5, 7) + _budget(czj, "/czj/yjs/t2014"))),
        Column("/zjj/col/col31/", "保障性住房", "jpage",
               tuple(_fillers(zjj, "/zjj/art/2014/6/1/art_31_", 11, 6) + housing
                     + _budget(zjj, "/zjj/art/2014/3/1/art_31_")), 31),
        Column("/pt/zdly/", "重点领域信息公开", "json",
               tuple(_fillers(f"{TOWN}人民政府办公室", "/pt/content/", 5, 8)
                     + [Art(a.title, "/pt/content/p" + a.path.rsplit("/", 1)[-1], a.date, a.agency)
                        for a in _budget(czj, "c") + _budget(zjj, "z") + _budget(fgj, "f")]
                     + housing[:1]), 7),
        Column("/fgj/tzgg/", "通知公告", "trs", tuple(_fillers(fgj, "/fgj/tzgg/", 6, 5))),
        Column("/fgj/col/col44/", "部门预决算", "jpage",
               tuple(_fillers(fgj, "/fgj/art/art_44_", 5, 4) + _budget(fgj, "/fgj/art/art_44_")), 44),
        Column("/fgj/zcwj/", "政策文件", "json", tuple(_fillers(fgj, "/fgj/zcwj/c", 7, 3)), 45),
    ]  # fmt: skip


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><h1>{title}</h1>{body}</body></html>')  # fmt: skip


def _rows(arts: tuple[Art, ...] | list[Art]) -> str:
    return "".join(f'<li><a href="{a.path}">{a.title}</a><span>{a.date}</span></li>' for a in arts)


def _slices(arts: tuple[Art, ...], size: int) -> list[tuple[Art, ...]]:
    return [arts[i : i + size] for i in range(0, len(arts), size)] or [()]


def _ext(column: Column) -> str:
    return "shtml" if column.mechanism == "trs-var" else "html"


def column_pages(column: Column, plain: bool) -> dict[str, str]:
    """The column's listing pages, path -> HTML."""
    ext, out = _ext(column), {}
    if plain or column.mechanism.startswith("trs"):
        pages = _slices(column.arts, PER_PAGE)
        for i, arts in enumerate(pages):
            name = f"index.{ext}" if i == 0 else f"index_{i}.{ext}"
            out[column.path + name] = _page(column.name, f'<ul class="list">{_rows(arts)}</ul>'
                                            + _pager(column, i, len(pages), plain))  # fmt: skip
    elif column.mechanism == "jpage":
        out[column.path + "index.html"] = _page(column.name, _jpage_page(column))
    else:
        out[column.path + "index.html"] = _page(column.name, _json_page(column))
    return out


def _pager(column: Column, index: int, count: int, plain: bool) -> str:
    ext = _ext(column)
    if plain:
        return f'<a href="index_{index + 1}.{ext}">下一页</a>' if index + 1 < count else ""
    if column.mechanism == "trs-var":
        call = f"var countPage = {count};\nvar currentPage = {index};\n"
        call += f'createPageHTML(countPage, currentPage, "index", "{ext}");'
    else:
        call = f'createPageHTML({count}, {index}, "index", "{ext}");'
    return f'{TRS_FUNCTION}<div class="pager"><script>{call}</script></div>'


def datastore(arts: list[Art] | tuple[Art, ...], column: Column) -> str:
    records = "".join(
        f"<record><![CDATA[<li><a href='{a.path}' target='_blank'>{a.title}</a>"
        f"<span class='bt-data'>{a.date}</span></li>]]></record>"
        for a in arts
    )
    query = f"page=1&webid=3&path=/&columnid={column.column_id}&unitid=88&webname={TOWN}&permissiontype=0"
    nextgroup = f'<nextgroup><![CDATA[<a href="{PROXY}?{query}"></a>]]></nextgroup>'
    return f"<datastore>{nextgroup}<recordset>{records}</recordset></datastore>"


def _jpage_page(column: Column) -> str:
    first = column.arts[: JPAGE_PER_PAGE * JPAGE_GROUPS]
    call = (f"$('#list-{column.column_id}').jpage({{dataStore: dataStore, perPage: {JPAGE_PER_PAGE},"
            f" totalRecord: {len(column.arts)}, groupSize: {JPAGE_GROUPS}, proxyUrl: '{PROXY}'}});")  # fmt: skip
    return (f'<div id="list-{column.column_id}"><script type="text/xml">{datastore(first, column)}'
            f'</script></div><script>{call}</script>')  # fmt: skip


def _json_page(column: Column) -> str:
    api = f"{column.path.split('/')[1]}/api/list?columnId={column.column_id}"
    script = (f"fetch('/{api}&pageNo=1&pageSize={PER_PAGE}').then(function(r){{return r.json();}})"
              ".then(function(d){ document.getElementById('info-list').innerHTML = ''; });")  # fmt: skip
    return f'<ul id="info-list"></ul><script>{script}</script>'


def unreadable_column() -> dict[str, str]:
    """A column whose list a script builds from pieces: nothing can read it, in any variant."""
    script = "var cid = 9; $.ajax({url: base + 'more?col=' + cid, success: fill});"
    body = f'<div class="news-list"></div><p>共 5 条</p><script>{script}</script>'
    return {"/czj/gsgg/index.html": _page("公示公告", body)}


def article_pages(column: Column, plain: bool) -> dict[str, str]:
    out = {}
    for art in column.arts:
        if not art.split:
            out[art.path] = article(art.title, art.agency, art.date).body
            continue
        stem, ext = art.path.rsplit(".", 1)
        more = (f'<a href="{stem.rsplit("/", 1)[-1]}_1.{ext}">下一页</a>' if plain else
                f'{TRS_FUNCTION}<script>createPageHTML(2, 0, "{stem.rsplit("/", 1)[-1]}", "{ext}")</script>')  # fmt: skip
        out[art.path] = article(art.title, art.agency, art.date, more).body
        tables = "<p>附表:部门收支预算总表、财政拨款支出预算表及预算说明。</p>"
        out[f"{stem}_1.{ext}"] = article(art.title, art.agency, art.date, tables).body
    return out


def site_pages(plain: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    homes: dict[str, list[str]] = {}
    for column in columns():
        out.update(column_pages(column, plain))
        out.update(article_pages(column, plain))
        site = "/" + column.path.split("/")[1] + "/"
        first = f"index.{_ext(column)}"
        homes.setdefault(site, []).append(f'<a href="{column.path}{first}">{column.name}</a>')
    out.update(unreadable_column())
    homes["/czj/"].append('<a href="/czj/gsgg/index.html">公示公告</a>')
    for site, anchors in homes.items():
        out[site] = _page(f"{TOWN}{site.strip('/')}", "<nav>" + " | ".join(anchors) + "</nav>")
    return out


def expected_articles() -> set[str]:
    """Every article path (and split part) a browser reaches."""
    paths = set()
    for column in columns():
        for art in column.arts:
            paths.add(art.path)
            if art.split:
                stem, ext = art.path.rsplit(".", 1)
                paths.add(f"{stem}_1.{ext}")
    return paths


class CmsWorld(PageServer):
    """Serves the district; `log` holds (method, path?query, body) of every request."""

    def __init__(self, plain: bool = False) -> None:
        super().__init__(close=True)  # HTTP/1.0: no connection is reused
        self.plain = plain
        self.site = site_pages(plain)
        self.by_column = {c.column_id: c for c in columns() if c.column_id}

    def answer(self, request: Request) -> Reply:
        with self.lock:
            self.log.append(request)
        status, kind, text = self._route(request)
        return status, {"Content-Type": kind}, text

    def _route(self, request: Request) -> tuple[int, str, str]:
        method, target, body = request
        parts = urlsplit(target)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == PROXY and method == "POST":
            return self._proxy(query, {k: v[0] for k, v in parse_qs(body).items()})
        if parts.path.endswith("/api/list"):
            return self._api(query)
        page = self.site.get(parts.path)
        if page is None:
            return 404, "text/html; charset=utf-8", _page("404", "页面不存在")
        return 200, "text/html; charset=utf-8", page

    def _proxy(self, query: dict[str, str], form: dict[str, str]) -> tuple[int, str, str]:
        column = self.by_column.get(int(form.get("columnid", "0") or 0))
        if column is None:
            return 404, "text/xml", "<datastore></datastore>"
        start, end = int(query["startrecord"]), int(query["endrecord"])
        return 200, "text/xml; charset=utf-8", datastore(column.arts[start - 1 : end], column)

    def _api(self, query: dict[str, str]) -> tuple[int, str, str]:
        column = self.by_column.get(int(query.get("columnId", "0") or 0))
        if column is None:
            return 404, "application/json", "{}"
        page, size = int(query.get("pageNo", "1")), int(query.get("pageSize", str(PER_PAGE)))
        arts = column.arts[(page - 1) * size : page * size]
        rows = [{"title": a.title, "url": a.path, "publishDate": a.date + " 09:30:00",
                 "publisher": a.agency} for a in arts]  # fmt: skip
        data = {"code": 0, "data": {"total": len(column.arts), "pageNo": page, "pageSize": size,
                                    "list": rows}}  # fmt: skip
        return 200, "application/json; charset=utf-8", json.dumps(data, ensure_ascii=False)

    def inspection(self, path: Path) -> Path:
        o = self.origin
        sites = [
            ("城区财政局", f"{o}/czj/", f"{TOWN}财政局"),
            ("城区住建局", f"{o}/zjj/", f"{TOWN}住房和城乡建设局"),
            ("城区发改局", f"{o}/fgj/", f"{TOWN}发展和改革局"),
        ]
        name = f"{TOWN}重点领域公开检查"
        text = inspections.inspection_toml(sites, f"{o}/pt/", name=name, **inspections.OWN_SERVER)
        path.write_text(text, encoding="utf-8")
        return path
