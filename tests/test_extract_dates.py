"""Dates as Chinese government pages print them, and as CMSs write them into URLs."""

import pytest

from auditor.extract import find_date, url_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2014-08-05", "2014-08-05"),
        ("2014-8-5", "2014-08-05"),
        ("2014/8/5", "2014-08-05"),
        ("2014.08.05", "2014-08-05"),
        ("2014年8月5日", "2014-08-05"),
        ("2014 年 08 月 05 日", "2014-08-05"),
        ("２０１４－０８－０５", "2014-08-05"),
        ("２０１４年８月５日", "2014-08-05"),
        ("2014-08-05 10:23:45", "2014-08-05"),
        ("2014-08-05T10:23", "2014-08-05"),
        ("[2014/08/05]", "2014-08-05"),
        ("发布时间：2014年08月05日 星期二", "2014-08-05"),
        ("二〇一四年八月五日", "2014-08-05"),
        ("二〇一四年十二月三十一日", "2014-12-31"),
        ("20140805", "2014-08-05"),
        ("2007-08-20-23:59:59", "2007-08-20"),
    ],
)
def test_find_date_formats(text: str, iso: str) -> None:
    assert find_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "2014-13-05",
        "2014-02-30",
        "1899-01-01",
        "2014-08",
        "08-05",
        "版本1.2014.08",
        "电话0771-2014-0805",
        "良公开办〔2014〕1号",
        "2014年度部门预算",
    ],
)
def test_find_date_rejects_non_dates(text: str | None) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("http://a.example/xxgk/201408/t20140805_123.html", "2014-08-05"),
        ("http://a.example/art/2014/8/5/art_12_345.html", "2014-08-05"),
        ("http://a.example/news/2014-08/05/content_1.htm", "2014-08-05"),
        ("http://a.example/c/201408/05/c_1.html", "2014-08-05"),
        ("http://a.example/html/2014/0805/12.html", "2014-08-05"),
        ("http://a.example/doc/20140805/1.shtml", "2014-08-05"),
        ("http://a.example/zwgk/2014-08-05/1.html", "2014-08-05"),
        ("http://a.example/list_2.html", None),
        ("http://a.example/art/2014/13/5/art_1.html", None),
        ("http://a.example/id/12345678/", None),
    ],
)
def test_url_date(url: str, iso: str | None) -> None:
    assert url_date(url) == iso
