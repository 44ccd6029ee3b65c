"""Chinese pages decode to the right text whatever the header and the meta tag claim."""

import codecs

import pytest

from auditor.extract import decode_html, parse_document

TEXT = "良庆区财政局2014年部门预算公开"
RARE = "镕"  # in GBK/GB18030, not in GB2312: pages declared gb2312 use it anyway


def page(charset_meta: str, text: str = TEXT) -> str:
    return (
        f"<html><head>{charset_meta}<title>{text}</title></head><body><p>{text}</p></body></html>"
    )


def test_gb2312_bytes_with_meta_charset() -> None:
    body = page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    text, encoding = decode_html(body.encode("gb2312"), None)
    assert TEXT in text
    assert encoding == "gb18030"


def test_gb2312_label_decodes_gbk_only_characters() -> None:
    body = page('<meta charset="gb2312">', TEXT + RARE).encode("gbk")
    text, _ = decode_html(body, "GB2312")
    assert TEXT + RARE in text


def test_latin1_header_on_gbk_page_is_ignored() -> None:
    body = page('<meta charset="gbk">').encode("gbk")
    text, encoding = decode_html(body, "ISO-8859-1")
    assert TEXT in text and encoding == "gb18030"


def test_latin1_header_and_no_meta_falls_back_to_gb18030() -> None:
    text, encoding = decode_html(page("").encode("gb18030"), "iso-8859-1")
    assert TEXT in text and encoding == "gb18030"


def test_utf8_header_but_gbk_bytes_trusts_the_meta() -> None:
    body = page('<meta charset="gb2312">').encode("gbk")
    text, encoding = decode_html(body, "utf-8")
    assert TEXT in text and encoding == "gb18030"


def test_gbk_header_but_utf8_bytes_decodes_as_utf8() -> None:
    body = page('<meta charset="utf-8">').encode("utf-8")
    text, encoding = decode_html(body, "gbk")
    assert TEXT in text and encoding == "utf-8"


def test_copied_gb2312_meta_on_utf8_page() -> None:
    body = page('<meta charset="gb2312">').encode("utf-8")
    text, encoding = decode_html(body, None)
    assert TEXT in text and encoding == "utf-8"


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_nothing_declared(codec: str) -> None:
    text, encoding = decode_html(page("").encode(codec), None)
    assert TEXT in text and encoding == codec


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    ],
)
def test_bom_wins_over_declarations(bom: bytes, codec: str, name: str) -> None:
    body = bom + page('<meta charset="gb2312">').encode(codec)
    text, encoding = decode_html(body, "iso-8859-1")
    assert TEXT in text and encoding == name
    assert not text.startswith("\ufeff")


def test_undecodable_bytes_are_replaced_not_raised() -> None:
    body = page('<meta charset="utf-8">').encode("utf-8") + b"\xff\xfe\x81"
    text, _ = decode_html(body, "x-unknown-charset")
    assert TEXT in text


def test_a_whole_content_type_header_is_accepted() -> None:
    body = page("").encode("gbk")
    text, encoding = decode_html(body, "text/html; charset=GB2312")
    assert TEXT in text and encoding == "gb18030"


def test_unknown_declared_charset_is_ignored() -> None:
    text, encoding = decode_html(page('<meta charset="x-bogus">').encode("gbk"), "bogus")
    assert TEXT in text and encoding == "gb18030"


def test_parse_document_keeps_the_encoding_and_unicode_text() -> None:
    body = page('<meta charset="gb2312">').encode("gb2312")
    doc = parse_document(body, "http://127.0.0.1:8101/a.html", "ISO-8859-1")
    assert doc.encoding == "gb18030"
    assert doc.tree.findtext(".//title") == TEXT
