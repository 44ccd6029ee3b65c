"""A column's index page is never evidence, even when the extractor missed that it is a
listing: titled like its column and undated, at a directory or index address, or titled
栏目-站点名 with the date of its newest entry."""

from __future__ import annotations

import pytest

from auditor.classify.classifier import is_column_page


@pytest.mark.parametrize(
    "facts, url, column_page",
    [
        ({"title": "价格收费-城区发改局", "column": "价格收费", "published": "2014-06-01"}, "http://h/c/7/", True),
        ({"title": "价格收费 | 城区发改局", "column": "价格收费", "published": "2014-06-01"}, "http://h/c/7/list.html", True),
        ({"title": "价格收费", "column": "价格收费", "published": "2014-06-01"}, "http://h/c/7/index_2.shtml", True),
        ({"title": "价格收费", "column": "价格收费"}, "http://h/c/7/2014/88.html", True),
        ({"title": "价格收费", "column": "价格收费", "published": "2014-06-01"}, "http://h/c/7/2014/88.html", False),
        ({"title": "2014年价格收费目录-城区发改局", "column": "价格收费", "published": "2014-06-01"}, "http://h/c/7/", False),
        ({"title": "任意", "column": "价格收费", "is_listing": True}, "http://h/c/7/88.html", True),
    ],
)  # fmt: skip
def test_column_index_pages(facts: dict, url: str, column_page: bool) -> None:
    assert is_column_page(facts, url) is column_page


@pytest.fixture()
def world(judgeworld, tmp_path):
    world = judgeworld.World(tmp_path)
    yield world
    world.store.close()


def test_a_column_index_the_extractor_missed_is_not_evidence(judgeworld, world):
    world.page("site1", "部门预算-城区财政局", "2014-03-01", column="部门预算")
    assert world.judge()[(judgeworld.FIN, "budget.department-budget")]["status"] == "missing"
