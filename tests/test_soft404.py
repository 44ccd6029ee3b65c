"""Soft-404s: a 200 that says "not found", in the styles government sites actually use."""

from __future__ import annotations

import dataclasses

import pytest

from auditor.crawl.soft404 import (
    REASON_ERROR_PAGE,
    REASON_HOME,
    REASON_TEMPLATE,
    fingerprint,
    is_soft_404,
    random_probe_path,
)

ROOT = "http://127.0.0.1:8101"
PROBE = ROOT + random_probe_path("/bm/czj/", "run-1")
NAV = "首页 机构概况 政务动态 通知公告 政策文件 信息公开 办事服务 互动交流 专题专栏 "
FOOTER = (
    "主办单位:良庆区财政局 地址:南宁市良庆区某某路18号 联系电话:0771-1234567 "
    "网站标识码:4501080001 桂ICP备08000837号 建议使用1024×768分辨率浏览本网站 "
)
CHROME = (NAV * 6) + (FOOTER * 3)
ARTICLE = (
    "为进一步规范财政资金管理,我局组织开展了专项检查。检查发现,部分单位存在票据不存在、"
    "凭证已删除、账目不清等问题,网站上个别页面不存在或显示404错误的情况也已整改。"
) * 12


def template_page(url: str, when: str) -> str:
    return f"{NAV}当前位置:首页 抱歉,您要找的内容走丢了 请求地址:{url} 时间:{when} {FOOTER}"


def chrome_fp():
    text = template_page(PROBE, "2014-11-20 10:00:01")
    return fingerprint(200, PROBE, "良庆区财政局", text, PROBE)


def home_fp():
    return fingerprint(200, ROOT + "/bm/czj/", "良庆区财政局", CHROME + "今日要闻", PROBE)


def real_404_fp():
    return fingerprint(404, PROBE, "404 Not Found", "404 Not Found nginx", PROBE)


def test_probe_path_is_under_prefix_and_stable_per_seed():
    first = random_probe_path("/bm/czj/", "run-1")
    assert first.startswith("/bm/czj/auditor-probe-") and first.endswith(".html")
    assert first == random_probe_path("bm/czj", "run-1")
    assert first == random_probe_path(ROOT + "/bm/czj/", "run-1")
    assert first != random_probe_path("/bm/czj/", "run-2")
    assert random_probe_path("/", "x").count("/") == 1


def test_fingerprint_is_a_frozen_record_of_the_answer():
    fp = home_fp()
    assert fp.redirects_home and fp.redirect_target == "127.0.0.1:8101/bm/czj/"
    with pytest.raises(dataclasses.FrozenInstanceError):
        fp.status = 404
    assert not chrome_fp().redirects_home and chrome_fp().redirect_target is None


@pytest.mark.parametrize(
    ("title", "text", "phrase"),
    [
        ("提示", "页面不存在", "页面不存在"),
        (
            "良庆区财政局",
            "对不起,您访问的页面不存在或已被删除!返回首页",
            "您访问的页面不存在或已被删除",
        ),
        ("404 Not Found", "404 Not Found nginx/1.2", "404 Not Found"),
        ("良庆区财政局", "对不起,该信息已过期!3秒后返回首页", "信息已过期"),
        ("文章不存在 - 良庆区财政局", NAV * 3 + "返回", "文章不存在"),
        ("404", "返回首页", "404"),
    ],
)
def test_generic_not_found_pages_without_fingerprint(title, text, phrase):
    url = ROOT + "/bm/czj/xxgk/t123.html"
    assert is_soft_404(200, url, title, text, url, None) == f"页面内容为“{phrase}”"


def test_custom_template_with_site_chrome_matches_the_fingerprint():
    url = ROOT + "/bm/czj/xxgk/2014/t98765.html"
    text = template_page(url, "2014-11-21 09:13:55")
    assert is_soft_404(200, url, "良庆区财政局", text, url, chrome_fp()) == REASON_TEMPLATE
    assert is_soft_404(200, url, "良庆区财政局", text, url, None) is None


def test_short_article_in_the_same_chrome_is_not_the_template():
    url = ROOT + "/bm/czj/tzgg/t5.html"
    text = (
        f"{NAV}当前位置:首页 关于国庆节放假安排的通知 各科室:10月1日至7日放假调休,共7天。{FOOTER}"
    )
    assert is_soft_404(200, url, "良庆区财政局", text, url, chrome_fp()) is None


def test_home_page_is_never_the_template_even_when_the_site_serves_it_for_everything():
    fp = fingerprint(200, PROBE, "良庆区财政局", CHROME, PROBE)
    home = ROOT + "/bm/czj/"
    assert is_soft_404(200, home, "良庆区财政局", CHROME, home, fp) is None
    deep = ROOT + "/bm/czj/nothing/here.html"
    assert is_soft_404(200, deep, "良庆区财政局", CHROME, deep, fp) == REASON_TEMPLATE


def test_redirect_to_home_for_a_deep_url():
    fp = home_fp()
    deep = ROOT + "/bm/czj/xxgk/2013/t1.html"
    home = ROOT + "/bm/czj/index.html"
    assert is_soft_404(200, home, "良庆区财政局", CHROME, deep, fp) == REASON_HOME
    assert is_soft_404(200, home, "良庆区财政局", CHROME, ROOT + "/bm/czj/", fp) is None
    moved = ROOT + "/bm/czj/xxgk/t2.html"
    assert is_soft_404(200, moved, "标题", ARTICLE, ROOT + "/bm/czj/old.html", fp) is None
    slash = ROOT + "/bm/czj/xxgk/"
    assert is_soft_404(200, slash, "信息公开", ARTICLE, ROOT + "/bm/czj/xxgk", fp) is None


def test_redirect_to_home_is_only_a_soft_404_when_the_probe_showed_it():
    deep = ROOT + "/bm/czj/xxgk/2013/t1.html"
    assert is_soft_404(200, ROOT + "/bm/czj/", "首页", CHROME, deep, chrome_fp()) is None
    assert is_soft_404(200, ROOT + "/bm/czj/", "首页", CHROME, deep, None) is None


def test_portal_prefix_redirected_to_portal_root_counts_as_home():
    fp = fingerprint(200, ROOT + "/", "良庆区人民政府", CHROME, PROBE)
    assert fp.redirects_home
    deep = ROOT + "/bm/czj/xxgk/t1.html"
    assert is_soft_404(200, ROOT + "/", "良庆区人民政府", CHROME, deep, fp) == REASON_HOME


def test_redirect_to_an_error_page_that_answers_200():
    error = ROOT + "/error/404.html"
    fp = fingerprint(200, error, "提示信息", "系统提示:请求的资源暂时无法显示", PROBE)
    deep = ROOT + "/bm/czj/xxgk/t7.html"
    got = is_soft_404(200, error, "提示信息", "系统提示:请求的资源暂时无法显示", deep, fp)
    assert got == REASON_ERROR_PAGE


@pytest.mark.parametrize("fp", [None, "chrome", "home", "real"])
def test_long_genuine_article_mentioning_missing_pages_is_not_flagged(fp):
    made = {None: None, "chrome": chrome_fp(), "home": home_fp(), "real": real_404_fp()}[fp]
    url = ROOT + "/bm/czj/gzdt/t42.html"
    title = "关于网站页面不存在、链接已失效等问题的整改情况报告"
    assert is_soft_404(200, url, title, NAV + ARTICLE + FOOTER, url, made) is None


def test_short_legitimate_page_with_the_word_does_not_trigger():
    url = ROOT + "/bm/czj/hdjl/t3.html"
    text = "经核查,来信反映的问题不存在。相关单位已于2014年10月删除过期公告。"
    assert is_soft_404(200, url, "来信答复", text, url, chrome_fp()) is None


def test_real_404_is_not_a_soft_404():
    url = ROOT + "/bm/czj/nothing.html"
    assert is_soft_404(404, url, "404 Not Found", "404 Not Found", url, real_404_fp()) is None
    assert is_soft_404(500, url, "页面不存在", "页面不存在", url, None) is None


def test_sites_with_real_404s_still_have_their_normal_pages_pass():
    url = ROOT + "/bm/czj/gzdt/t43.html"
    text = NAV + "我局召开2014年第三季度工作会议,总结前三季度工作。" + FOOTER
    assert is_soft_404(200, url, "我局召开工作会议", text, url, real_404_fp()) is None


def test_hostile_input_is_handled():
    url = ROOT + "/bm/czj/x.html"
    huge = "页" * 2_000_000
    assert is_soft_404(200, url, "", huge, url, chrome_fp()) is None
    assert is_soft_404(200, "", "", "", url, fingerprint(200, "", "", "", "")) is None
