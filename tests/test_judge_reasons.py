"""The reason of a present finding names where the item was found and which required
channel lacks it, never one channel in both halves."""

from __future__ import annotations

import pytest


@pytest.fixture()
def world(judgeworld, tmp_path):
    world = judgeworld.World(tmp_path)
    yield world
    world.store.close()


def test_platform_only_item_found_on_the_site_only(judgeworld, world):
    world.page("site2", "城区发改局政务公开工作推进情况", "2014-11-01")
    finding = world.judge()[(judgeworld.DEV, "progress.report")]
    assert finding["missing_channels"] == ["platform"]
    assert finding["reason"] == "已在部门网站公开,统一平台未发布"
    assert "统一平台公开" not in finding["reason"]


def test_found_on_both_channels(judgeworld, world):
    world.page("site1", "2014年部门预算", "2014-03-01")
    world.page("platform", "2014年部门预算", "2014-03-02", agency="区财政局")
    finding = world.judge()[(judgeworld.FIN, "budget.department-budget")]
    assert finding["reason"] == "已在部门网站和统一平台公开"


def test_found_on_the_platform_only(judgeworld, world):
    world.page("platform", "2014年部门预算", "2014-03-02", agency="区财政局")
    finding = world.judge()[(judgeworld.FIN, "budget.department-budget")]
    assert finding["reason"] == "已在统一平台公开,部门网站未发布"
