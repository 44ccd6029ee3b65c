"""HTML of the generated district: four page families unlike the demo's.

- table: an old table-layout CMS (the GBK site), list dates 2014.3.5, breadcrumb with >>;
- trs: a TRS-like portal, `<div class="zwgk_list">` lists with [2014-03-05], articles with a
  信息公开目录 table (索引号/发布机构/生成日期/文号/名称) and 政府网站发展指引 meta tags;
- dl: a div-based CMS, date before the link as 2014年03月05日, breadcrumb with slashes;
- platform: the unified platform, tables of 信息名称/发布机构/发布日期 and a catalog block.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from benchmarks.altworld.docs import Doc


@dataclass(frozen=True)
class Entry:
    title: str
    href: str
    published: dt.date
    agency: str


def list_date(template: str, day: dt.date) -> str:
    if template == "table":
        return f"{day.year}.{day.month}.{day.day}"
    if template == "trs":
        return f"[{day.isoformat()}]"
    if template == "dl":
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    return day.isoformat()


def _head(title: str, template: str, encoding: str, meta: str = "") -> str:
    charset = "gb2312" if encoding == "gbk" else "utf-8"
    if template == "table":
        tag = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    else:
        tag = f'<meta charset="{charset}">'
    return f"<!DOCTYPE html>\n<html><head>{tag}<title>{escape(title)}</title>{meta}</head>\n"


def _nav(template: str, home: str, columns: list[tuple[str, str]]) -> str:
    links = "".join(f'<a href="{h}">{escape(n)}</a>' for n, h in columns)
    if template == "table":
        return f'<table class="nav" width="980"><tr><td><a href="{home}">首页</a> | {links}</td></tr></table>'
    return f'<div class="menu"><a href="{home}">网站首页</a>{links}</div>'


def _crumb(template: str, home: str, column: str, column_href: str) -> str:
    col = f'<a href="{column_href}">{escape(column)}</a>'
    if template == "table":
        return f'<td class="position">当前位置:<a href="{home}">首页</a> &gt;&gt; {col}</td>'
    if template == "trs":
        return f'<div class="bread">您所在的位置:<a href="{home}">首页</a> &gt; 政府信息公开 &gt; {col}</div>'
    if template == "dl":
        return f'<nav class="crumb"><a href="{home}">首页</a> / 信息公开 / {col}</nav>'
    return (
        f'<div class="location">当前位置:<a href="{home}">首页</a> » 重点领域信息公开 » {col}</div>'
    )


def _wrap_crumb(template: str, crumb: str) -> str:
    return f"<table><tr>{crumb}</tr></table>" if template == "table" else crumb


BODY_CLASS = {"trs": "TRS_Editor", "dl": "article-content", "platform": "zw-content"}


def _footer(site_title: str) -> str:
    return f'<div class="foot">主办单位:{escape(site_title)} 版权所有 技术支持:某某网络科技有限公司</div></body></html>'


def _rows(template: str, entries: list[Entry]) -> str:
    if template == "table":
        rows = "".join(
            f'<tr><td class="tit">·<a href="{e.href}" target="_blank">{escape(e.title)}</a></td>'
            f'<td class="time">{list_date(template, e.published)}</td></tr>'
            for e in entries
        )
        return f'<table class="listtable" width="100%">{rows}</table>'
    if template == "trs":
        rows = "".join(
            f'<li><a href="{e.href}" title="{escape(e.title)}">{escape(e.title)}</a>'
            f"<span>{list_date(template, e.published)}</span></li>"
            for e in entries
        )
        return f'<div class="zwgk_list"><ul>{rows}</ul></div>'
    if template == "dl":
        rows = "".join(
            f"<li><em>{list_date(template, e.published)}</em>"
            f'<a href="{e.href}">{escape(e.title)}</a></li>'
            for e in entries
        )
        return f'<ul class="article-list">{rows}</ul>'
    rows = "".join(
        f'<tr><td>{i}</td><td class="mc"><a href="{e.href}">{escape(e.title)}</a></td>'
        f"<td>{escape(e.agency)}</td><td>{list_date(template, e.published)}</td></tr>"
        for i, e in enumerate(entries, 1)
    )
    head = "<tr><th>序号</th><th>信息名称</th><th>发布机构</th><th>发布日期</th></tr>"
    return f'<table class="xxgk-list">{head}{rows}</table>'


@dataclass(frozen=True)
class Frame:
    """What every page of one site shares."""

    template: str
    encoding: str
    site_title: str
    home: str
    columns: tuple[tuple[str, str], ...]  # (name, href)


def home_page(frame: Frame, latest: list[Entry]) -> str:
    head = _head(frame.site_title, frame.template, frame.encoding)
    return (
        f'{head}<body><div class="top"><h1>{escape(frame.site_title)}</h1></div>'
        f"{_nav(frame.template, frame.home, list(frame.columns))}"
        f'<div class="latest"><h3>最新信息</h3>{_rows(frame.template, latest)}</div>'
        f"{_footer(frame.site_title)}"
    )


def listing_page(
    frame: Frame, column: tuple[str, str], entries: list[Entry], pages: list[str], page: int
) -> str:
    name, href = column
    head = _head(f"{name}-{frame.site_title}", frame.template, frame.encoding)
    pager = ""
    if len(pages) > 1:
        nxt = f'<a href="{pages[page + 1]}">下一页</a>' if page + 1 < len(pages) else ""
        prev = f'<a href="{pages[page - 1]}">上一页</a>' if page > 0 else ""
        pager = f'<div class="page">共{len(pages)}页 第{page + 1}页 {prev} {nxt}</div>'
    return (
        f'{head}<body><div class="top">{escape(frame.site_title)}</div>'
        f"{_nav(frame.template, frame.home, list(frame.columns))}"
        f"{_wrap_crumb(frame.template, _crumb(frame.template, frame.home, name, href))}"
        f'<div class="colname">{escape(name)}</div>{_rows(frame.template, entries)}{pager}'
        f"{_footer(frame.site_title)}"
    )


def _catalog(doc: Doc, column: str, index_no: str) -> str:
    day = doc.published
    cells = (
        ("索引号", index_no),
        ("信息分类", column),
        ("发布机构", doc.agency),
        ("生成日期", f"{day.year}年{day.month:02d}月{day.day:02d}日"),
        ("文号", doc.doc_no),
        ("信息名称", doc.title),
    )
    rows = "".join(f"<tr><th>{k}:</th><td>{escape(v)}</td></tr>" for k, v in cells)
    return f'<div class="xxgk_table"><table>{rows}</table></div>'


def _meta_line(template: str, doc: Doc) -> str:
    day = doc.published
    if template == "table":
        when = f"{day.year}年{day.month:02d}月{day.day:02d}日"
        return f'<td class="artinfo">发布时间:{when} &nbsp; 来源:{escape(doc.agency)} &nbsp; 点击:{doc.uid % 500}</td>'
    if template == "dl":
        return f'<div class="meta">时间:{day.isoformat()} 10:{doc.uid % 60:02d}  来源:{escape(doc.agency)}</div>'
    return f'<div class="info">发布日期:{day.year}年{day.month:02d}月{day.day:02d}日</div>'


def article_page(
    frame: Frame, column: tuple[str, str], doc: Doc, attachment: str, index_no: str
) -> str:
    tpl = frame.template
    meta = ""
    if tpl == "trs":
        meta = (
            f'<meta name="ArticleTitle" content="{escape(doc.title)}">'
            f'<meta name="PubDate" content="{doc.published.isoformat()} 09:30">'
            f'<meta name="ContentSource" content="{escape(doc.agency)}">'
        )
    head = _head(f"{doc.title}_{frame.site_title}", tpl, frame.encoding, meta)
    paras = "".join(f"<p>{escape(p)}</p>" for p in doc.body)
    if attachment:
        paras += f'<p>附件:<a href="{attachment}">{escape(doc.attachment)}</a></p>'
    catalog = _catalog(doc, column[0], index_no) if tpl in ("trs", "platform") else ""
    body = (
        f'<table width="980"><tr><td class="arttitle"><b>{escape(doc.title)}</b></td></tr>'
        f'<tr>{_meta_line(tpl, doc)}</tr><tr><td class="artcontent">{paras}</td></tr></table>'
        if tpl == "table"
        else f'{catalog}<div class="article"><h1 class="title">{escape(doc.title)}</h1>'
        f'{_meta_line(tpl, doc)}<div class="{BODY_CLASS.get(tpl, "content")}">{paras}</div></div>'
    )
    crumb = _wrap_crumb(tpl, _crumb(tpl, frame.home, *column))
    return (
        f'{head}<body><div class="top">{escape(frame.site_title)}</div>'
        f"{_nav(tpl, frame.home, list(frame.columns))}{crumb}{body}{_footer(frame.site_title)}"
    )


def soft_not_found(site_title: str) -> str:
    """What the soft-404 site answers, with status 200, for any address it does not have."""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(site_title)}</title></head>'
        '<body><div class="tip"><img src="/images/tip.gif" alt="">'
        '<p>对不起,您要查看的信息已撤销或不存在!</p><p><a href="/">返回首页</a></p></div></body></html>'
    )


def hard_not_found() -> str:
    return "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"


def attachment_error() -> str:
    """An attachment address that answers a web page instead of the file."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>系统提示</title></head><body>'
        '<div class="err">文件下载失败:服务器上找不到该附件,请与网站管理员联系。</div></body></html>'
    )
