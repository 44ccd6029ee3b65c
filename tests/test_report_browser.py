"""The report in a real browser: Debian's headless Chromium, driven over the DevTools protocol.

Checks what a reader relies on: the page loads nothing from any other host, logs no console
error, its filter buttons hide rows, and it prints to a multi-page A4 PDF. CI installs
chromium; without it this test fails with a message rather than skipping silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.report import build_report, write_reports


@pytest.fixture
def browser(devtools, tmp_path: Path) -> Iterator[Any]:
    with devtools.chromium_page(tmp_path / "profile") as page:
        yield page


@pytest.fixture
def report_html(reportworld, tmp_path: Path) -> Path:
    store, run_id = reportworld.make_store(tmp_path)
    return write_reports(build_report(store, run_id), tmp_path / "out", ("html",))[0]


def test_report_loads_offline_without_errors_and_filters(
    devtools, browser, report_html: Path
) -> None:
    devtools.open_report(browser, report_html)
    assert devtools.outside_requests(browser) == []
    assert devtools.console_errors(browser) == []
    assert browser.evaluate("document.getElementById('filters').hidden") is False
    everything = browser.evaluate(devtools.VISIBLE_ROWS)
    assert "present" in everything and len(everything) == 14
    browser.evaluate("document.querySelector('button[data-filter=gaps]').click()")
    gaps = browser.evaluate(devtools.VISIBLE_ROWS)
    assert gaps and "present" not in gaps and len(gaps) < len(everything)
    assert browser.evaluate("document.getElementById('filter-count').textContent") == "显示 6 项"


def test_department_filter_and_sorting(devtools, browser, report_html: Path) -> None:
    devtools.open_report(browser, report_html)
    browser.evaluate(
        "const s = document.getElementById('dept-filter'); s.value = '城区住建局';"
        "s.dispatchEvent(new Event('change'))"
    )
    shown = browser.evaluate(
        "Array.from(document.querySelectorAll('section.dept'))"
        ".filter(s => !s.hidden).map(s => s.dataset.dept)"
    )
    assert shown == ["城区住建局"]
    browser.evaluate(
        "document.getElementById('dept-filter').value = '';"
        "document.getElementById('dept-filter').dispatchEvent(new Event('change'));"
        "document.querySelectorAll('table.scores thead th')[8].click()"
    )
    scores = browser.evaluate(
        "Array.from(document.querySelectorAll('table.scores tbody tr'))"
        ".map(r => parseFloat(r.cells[8].textContent))"
    )
    assert scores == sorted(scores)
    assert devtools.console_errors(browser) == []


def test_harness_sees_outside_requests_and_errors(devtools, browser, tmp_path: Path) -> None:
    """The checks above can fail: a page that loads a remote image and throws is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<img src="http://example.invalid/x.png"><script>undefinedCall()</script>')
    devtools.open_report(browser, page)
    assert devtools.outside_requests(browser) == ["http://example.invalid/x.png"]
    assert devtools.console_errors(browser)


def test_report_prints_to_a4_pdf(devtools, browser, report_html: Path, tmp_path: Path) -> None:
    devtools.open_report(browser, report_html)
    pages, info = devtools.print_pdf_pages(browser, tmp_path / "report.pdf")
    assert pages >= 5  # header, one page per department, appendix
    assert "(A4)" in info, info


def test_hostile_crawled_text_stays_text_in_the_browser(
    devtools, reportworld, browser, report_html: Path
) -> None:
    """A page title full of markup and script, and a tampering snippet, show as text."""
    devtools.open_report(browser, report_html)
    assert devtools.dialogs(browser) == [] and devtools.console_errors(browser) == []
    assert browser.evaluate("document.images.length") == 0
    assert browser.evaluate("document.scripts.length") == 1
    titles = browser.evaluate(
        "Array.from(document.querySelectorAll('.ev-title')).map(e => e.textContent)"
    )
    assert reportworld.HOSTILE_TITLE in titles
    assert browser.evaluate("document.querySelector('a[href*=\"casino.invalid\"]')") is None
    snippet = browser.evaluate("document.querySelector('pre.snippet').textContent")
    assert "casino.invalid" in snippet
    assert browser.evaluate("document.querySelector('a[href^=\"javascript\"]')") is None
