"""How each CMS family spells article, column and attachment URLs, and how it prints dates."""

from __future__ import annotations

import datetime as dt

from auditor.demo.articles import Article
from auditor.demo.sites import Column, SiteSpec


def column_path(site: SiteSpec, column: Column) -> str:
    scheme = site.scheme
    if scheme == "hanweb":
        return f"/col/col{column.cid}/index.html"
    if scheme == "asp":
        return f"/Article/ShowClass.asp?ClassID={column.cid}"
    if scheme == "aspx":
        return f"/Category_{column.cid}/Index.aspx"
    if scheme == "jeecms":
        return f"/{column.key}/index.jhtml"
    return f"{site.prefix}{column.key}/index.html"


def article_path(site: SiteSpec, column: Column, article: Article, number: int) -> str:
    d = article.published
    scheme = site.scheme
    if scheme == "hanweb":
        return f"/art/{d.year}/{d.month}/{d.day}/art_{column.cid}_{number}.html"
    if scheme == "asp":
        return f"/Article/ShowArticle.asp?ArticleID={number}"
    if scheme == "aspx":
        return f"/Item/{number}.aspx"
    if scheme == "jeecms":
        return f"/{column.key}/{d:%Y%m}/{number}.jhtml"
    return f"{site.prefix}{column.key}/{d:%Y%m}/t{d:%Y%m%d}_{number}.html"


def attachment_path(
    site: SiteSpec, article_at: str, article: Article, number: int, ext: str
) -> tuple[str, str]:
    """(path served, href written in the page): TRS writes attachments relative to the article."""
    d = article.published
    scheme = site.scheme
    if scheme == "trs":
        name = f"P0{d:%Y%m%d}{number:06d}.{ext}"
        return article_at.rsplit("/", 1)[0] + "/" + name, "./" + name
    if scheme == "hanweb":
        path = f"/attach/0/{d:%Y%m%d}{number}.{ext}"
    elif scheme == "jeecms":
        path = f"/u/cms/www/{d:%Y%m}/{d:%d}{number}.{ext}"
    else:
        path = f"/UploadFiles/{d:%Y%m}/{d:%Y%m%d}{number}.{ext}"
    return path, path


def format_date(day: dt.date, fmt: str, number: int = 0) -> str:
    if fmt == "cn":
        return f"{day.year}年{day.month}月{day.day}日"
    if fmt == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if fmt == "dot":
        return f"{day:%Y.%m.%d}"
    if fmt == "iso-time":
        return f"{day:%Y-%m-%d} {clock(number)}"
    return day.isoformat()


def clock(number: int) -> str:
    """A stable time of day for an article, so PubDate and listings agree."""
    return f"{8 + number % 9:02d}:{(number * 7) % 60:02d}"
