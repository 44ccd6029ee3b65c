"""report.html: self-contained, hostile text stays text, every status readable without colour."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import lxml.html
import pytest

from auditor.report import build_report
from auditor.report.html import render_html
from auditor.report.wording import safe_href


@pytest.fixture
def page(reportworld, tmp_path: Path) -> str:
    store, run_id = reportworld.make_store(tmp_path)
    return render_html(build_report(store, run_id))


def test_hostile_title_renders_as_text(reportworld, page: str) -> None:
    tree = lxml.html.fromstring(page)
    assert len(tree.xpath("//script")) == 1  # only the report's own filter script
    assert not tree.xpath("//img") and not tree.xpath("//*[@onerror]")
    assert reportworld.HOSTILE_TITLE in tree.text_content()


def test_only_http_links_are_links(page: str) -> None:
    tree = lxml.html.fromstring(page)
    hrefs = tree.xpath("//a/@href")
    assert all(h.startswith(("http://", "https://", "#")) for h in hrefs)
    assert "javascript:alert(document.cookie)" in tree.text_content()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:x",
        "java\tscript:x",
        "data:text/html,<b>",
        "vbscript:x",
        "//evil.invalid/",
        "http:///nohost",
        "",
        None,
    ],
)
def test_unsafe_urls_are_not_links(url: object) -> None:
    assert safe_href(url) is None


def test_page_requests_nothing_from_other_hosts(page: str) -> None:
    tree = lxml.html.fromstring(page)
    assert not tree.xpath("//*[@src] | //link[@href] | //iframe | //object | //embed")
    assert "@import" not in page and "url(" not in page
    script = tree.xpath("//script")[0].text
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy and f"'sha256-{digest}'" in policy


def test_alerts_come_before_the_scorecard(page: str) -> None:
    assert page.index('id="alerts"') < page.index('id="summary"') < page.index('id="scorecard"')
    assert "真人百家乐" in page and "城区教育局" in page[page.index('id="alerts"') :]


def test_matrix_cells_carry_a_symbol_and_link_to_their_finding(page: str) -> None:
    tree = lxml.html.fromstring(page)
    cells = tree.xpath("//table[@class='matrix']//td[contains(@class, 'st-')]")
    assert len(cells) == 14
    symbols = {cell.text_content().strip() for cell in cells}
    assert symbols == {"✓", "◐", "✗", "⚠"}
    for cell in cells:
        target = cell.xpath(".//a/@href")[0]
        assert tree.xpath(f"//tr[@id='{target[1:]}']")


def test_department_section_says_what_to_fix(page: str) -> None:
    tree = lxml.html.fromstring(page)
    section = tree.xpath("//section[@data-dept='城区住建局']")[0]
    todo = section.xpath(".//ol[@class='todo']")[0].text_content()
    assert "部门预算" in todo and "补充公开" in todo and "部门网站、统一平台" in todo
    assert "保障性安居工程年度建设计划" in todo and "修复" in todo
    assert "plan2014.doc" in section.xpath(".//table[@class='links']")[0].text_content()


def test_print_stylesheet(page: str) -> None:
    assert re.search(r"@page\s*{\s*size:\s*A4", page)
    assert "section.dept { break-before: page; }" in page
    assert "thead { display: table-header-group; }" in page
    assert "counter(page)" in page


def test_filters_are_hidden_until_script_runs(page: str) -> None:
    tree = lxml.html.fromstring(page)
    assert tree.get_element_by_id("filters").get("hidden") is not None


def test_department_report_page(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    html = render_html(build_report(store, run_id, department="城区环保局"))
    tree = lxml.html.fromstring(html)
    assert [s.get("data-dept") for s in tree.xpath("//section[@data-dept]")] == ["城区环保局"]
    assert "本报告只含" in html and "城区财政局" not in tree.xpath("//main")[0].text_content()


def test_tampering_reads_in_chinese_with_escaped_snippet(page: str) -> None:
    tree = lxml.html.fromstring(page)
    alerts = tree.get_element_by_id("alerts")
    text = alerts.text_content()
    assert "隐藏链接(暗链)" in text and "样式隐藏(display:none)" in text
    assert "hidden_link" not in text and "位置:footer" in text and "严重" in text
    snippet = alerts.xpath(".//pre[@class='snippet']")[0]
    assert snippet.text_content() == '<a href="http://casino.invalid/">真人百家乐</a>'
    assert not tree.xpath("//a[contains(@href, 'casino.invalid')]")


def test_summary_names_each_failing_department_and_what_to_fix(page: str) -> None:
    tree = lxml.html.fromstring(page)
    rows = tree.xpath("//table[@class='actions']/tbody/tr")
    fixes = {row.xpath("./td[1]")[0].text_content(): row.xpath("./td[3]")[0] for row in rows}
    assert set(fixes) == {"城区财政局", "城区住建局", "城区环保局", "城区教育局"}
    housing = fixes["城区住建局"]
    assert (
        "部门预算" in housing.text_content()
        and "保障性安居工程年度建设计划" in housing.text_content()
    )
    for href in housing.xpath(".//a/@href"):
        assert tree.xpath(f"//*[@id='{href[1:]}']"), href
    assert "暗链" in fixes["城区环保局"].text_content()


def test_gap_rows_cite_the_basis_document(page: str) -> None:
    tree = lxml.html.fromstring(page)
    section = tree.xpath("//section[@data-dept='城区住建局']")[0]
    row = next(r for r in section.xpath(".//tr[@data-status='missing']"))
    text = row.text_content()
    assert "良公开办〔2014〕1号" in text and "应包含:部门收支预算总表" in text
    present = section.xpath(".//tr[@data-status='present']")[0].text_content()
    assert "良公开办" not in present


def test_event_item_not_found_is_to_verify_not_to_fix(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    report = build_report(store, run_id)
    for finding in report["items"]:
        if finding["department"] == "城区教育局" and finding["status"] == "missing":
            finding.update(conditional=True, deduction=0.0)
            finding["requirement"]["note"] = "事件性事项:仅在发生时应公开,请人工核实。"
    tree = lxml.html.fromstring(render_html(report))
    section = tree.xpath("//section[@data-dept='城区教育局']")[0]
    assert "请人工核实" in section.xpath(".//ul[@class='verify']")[0].text_content()
    assert "部门决算" not in section.xpath(".//ol[@class='todo']")[0].text_content()
    row = tree.xpath("//table[@class='actions']/tbody/tr[td[1]='城区教育局']")[0]
    assert "部门决算" not in row.text_content() and "1 项事件类事项需人工核实" in row.text_content()
    assert tree.xpath("//table[@class='matrix']//td[contains(@class, 'st-verify')]")


def test_evidence_beyond_the_listed_pages_is_counted(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    report = build_report(store, run_id)
    report["items"][0]["evidence_total"] = 9
    assert "共找到 9 个相关页面" in render_html(report)


def test_item_on_one_channel_only_is_still_to_fix(reportworld, tmp_path: Path) -> None:
    store, run_id = reportworld.make_store(tmp_path)
    report = build_report(store, run_id)
    finding = next(f for f in report["items"] if f["status"] == "present")
    finding["missing_channels"] = ["platform"]
    tree = lxml.html.fromstring(render_html(report))
    section = tree.xpath(f"//section[@data-dept='{finding['department']}']")[0]
    todo = section.xpath(".//ol[@class='todo']")[0].text_content()
    assert "还需在统一平台补充公开" in todo and finding["item_name"] in todo
    row = tree.xpath(f"//table[@class='actions']/tbody/tr[td[1]='{finding['department']}']")[0]
    assert "统一平台还需公开" in row.text_content()


@pytest.mark.parametrize(
    ("status", "freshness", "words"),
    [
        ("stale", "due:2014-11-15", "已逾期发布"),
        ("stale", "annual-current", "应公开年度"),
        ("stale", "rolling", "最新信息"),
        ("missing", "standing", "补充公开"),
        ("broken", None, "修复"),
    ],
)
def test_action_fits_the_freshness_rule(status: str, freshness: str | None, words: str) -> None:
    from auditor.report.wording import action_text

    assert words in action_text(status, freshness)
