"""Legitimate government content must yield no tampering finding."""

from __future__ import annotations

import pytest

from auditor.tamper import scan_html

URL = "http://www.lq.gov.cn.invalid/xwzx/1.html"

LEGITIMATE = [
    "中国福利彩票发行管理中心召开2024年福利彩票发行工作会议，福彩公益金助力养老服务。",
    "全区体育彩票销量再创新高，体彩公益金支持全民健身工程。",
    "我区深入开展打击赌博违法犯罪专项行动，坚决遏制跨境赌博。",
    "开展禁毒禁赌宣传进社区活动，引导群众远离黄赌毒。",
    "《治安管理处罚法》第七十条规定：以营利为目的，为赌博提供条件的，或者参与赌博赌资较大的，处五日以下拘留或者五百元以下罚款。",
    "2024年成人高考网上报名将于9月开始，成人教育学历继续教育招生。",
    "老年活动中心棋牌室、书画室全天开放。",
    "人民银行开展反洗钱宣传，提醒群众防范洗钱风险。",
    "不动产登记办证大厅延时服务，方便群众办证。",
    "全市完成加装外挂电梯50部。",
    "全区彩票网点均已悬挂“不向未成年人销售彩票”标识。",
    "反诈中心提醒：刷单返利、网络赌博都是诈骗，切勿上当受骗。",
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_text_in_body_title_and_footer(text: str) -> None:
    doc = (
        f"<html><head><title>{text[:30]}</title></head><body>"
        f"<div class='article'><p>{text}</p></div><div id='footer'>主办：某区人民政府办公室</div>"
        "</body></html>"
    )
    assert scan_html(doc, URL) == []


def test_footer_identifiers_and_national_service_links() -> None:
    footer = (
        '<div class="footer" style="font-size:0"><a href="https://bszs.conac.cn/x"><img src="r.png"></a>'
        '<a href="https://www.12377.cn/"><img src="j.png"></a></div>'
        "<p>网站标识码：4501080001 桂ICP备08000837号 桂公网安备45010802000123号</p>"
    )
    assert scan_html(f"<html><body>{footer}</body></html>", URL) == []


def test_hidden_dropdown_of_government_sites() -> None:
    links = "".join(
        f'<a href="http://www.{name}.gov.cn.invalid/">{name}人民政府</a>'
        for name in ("a", "b", "c")
    )
    assert (
        scan_html(f'<html><body><div style="display:none">{links}</div></body></html>', URL) == []
    )


def test_logo_image_replacement_and_skip_link() -> None:
    body = (
        '<h1><a href="/" style="text-indent:-9999px;background:url(l.png)">区人民政府</a></h1>'
        '<a href="#main" style="position:absolute;left:-9999px">跳到主要内容</a>'
    )
    assert scan_html(f"<html><body>{body}</body></html>", URL) == []


def test_white_text_on_image_background_is_not_same_colour() -> None:
    body = (
        '<div style="background:url(nav.jpg)"><a style="color:#fff" href="http://a.example/">甲</a>'
        '<a style="color:#fff" href="http://b.example/">乙</a></div>'
    )
    assert scan_html(f"<html><body>{body}</body></html>", URL) == []


def test_ordinary_scripts_are_not_flagged() -> None:
    scripts = (
        "<script>document.write(new Date().getFullYear()+'年');</script>"
        '<script>if(/iPhone|Android/i.test(navigator.userAgent)){location.href="/m/";}</script>'
        "<script>var hm=document.createElement('script');hm.src='https://hm.baidu.com/hm.js?1';</script>"
    )
    assert scan_html(f"<html><head>{scripts}</head><body></body></html>", URL) == []
