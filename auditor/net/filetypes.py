"""What a URL points at by its file extension: an attachment (a document a page discloses) or
a page resource (image, style, script, font).  Used by the extractors and the crawl alike."""

from __future__ import annotations

from auditor.net.urls import split_url

ATTACHMENT_EXTENSIONS = frozenset(
    [
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "wps",
        "et",
        "dps",
        "ppt",
        "pptx",
        "zip",
        "rar",
        "7z",
        "txt",
        "csv",
        "ofd",
        "tif",
    ]
)
RESOURCE_EXTENSIONS = frozenset(
    [
        "jpg",
        "jpeg",
        "png",
        "gif",
        "bmp",
        "webp",
        "svg",
        "ico",
        "css",
        "js",
        "mp3",
        "mp4",
        "avi",
        "flv",
        "swf",
        "woff",
        "woff2",
        "ttf",
    ]
)


def extension(url: str) -> str:
    path = split_url(url).path
    last = path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last else ""


def is_attachment(url: str) -> bool:
    return extension(url) in ATTACHMENT_EXTENSIONS
