"""Whose a dead platform link is: the department its text names, the 发布机构 its listing
row states, the owner of the page it sits on, or the only department that owes the item."""

from __future__ import annotations

from typing import Any

import pytest

DEAD = "http://127.0.0.1:9000/platform/gone.html"


@pytest.fixture()
def world(judgeworld, tmp_path):
    world = judgeworld.World(tmp_path)
    yield world
    world.store.close()


def _dead_row(world: Any, anchor: str, publisher: str | None) -> None:
    """A listing row of the platform (a listing page nobody owns) leading to a 404."""
    listing = world.page("platform", "重点领域信息公开", is_listing=True)
    world.link("platform", listing, DEAD, anchor, False, listing_date="2014-10-06")
    world.batch["links"][-1]["publisher"] = publisher


def test_dead_link_belongs_to_the_publisher_its_listing_row_names(judgeworld, world):
    _dead_row(world, "2014年部门预算", "良庆区发展和改革局")
    found = world.judge()
    assert found[(judgeworld.DEV, "budget.department-budget")]["status"] == "broken"
    assert found[(judgeworld.FIN, "budget.department-budget")]["status"] == "missing"


def test_dead_link_whose_publisher_is_another_body_is_nobodys(world):
    _dead_row(world, "2014年部门预算", "兴宁区财政局")
    found = world.judge()
    assert {f["status"] for (_d, i), f in found.items() if i == "budget.department-budget"} == {
        "missing"
    }


def test_dead_link_without_publisher_goes_to_the_only_department_owing_the_item(judgeworld, world):
    _dead_row(world, "2014年10月民生资金", None)
    assert world.judge()[(judgeworld.FIN, "budget.livelihood-funds")]["status"] == "broken"


def test_dead_link_of_an_item_many_owe_is_not_guessed(judgeworld, world):
    _dead_row(world, "2014年部门预算", None)
    found = world.judge()
    assert found[(judgeworld.FIN, "budget.department-budget")]["status"] == "missing"
    assert found[(judgeworld.DEV, "budget.department-budget")]["status"] == "missing"
