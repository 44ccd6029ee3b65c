"""Attribution: which department an agency string names, and which it must not."""

from __future__ import annotations

import datetime as dt

import pytest

from auditor.checklist.model import Checklist, Department
from auditor.classify.attribution import attributor_for, build_attributor, leading_places
from auditor.inspection.file import Inspection, Site

ATTRIBUTOR = build_attributor(
    [
        ("城区财政局", ["区财政局"]),
        ("城区发改局", ["南宁市良庆区发展和改革局"]),
        ("城区食药局", ["良庆区食品药品监督管理局"]),
    ],
    ["良庆区"],
)


@pytest.mark.parametrize(
    "agency",
    [
        "城区财政局",
        "区财政局",
        "良庆区财政局",
        "南宁市良庆区财政局",
        "南宁市 良庆区 财政局",
        "财政局",
        "(良庆区财政局)",
    ],
)
def test_forms_of_one_department(agency):
    assert ATTRIBUTOR.department(agency) == "城区财政局"


def test_official_full_name_from_aliases():
    assert ATTRIBUTOR.department("良庆区发展和改革局") == "城区发改局"
    assert ATTRIBUTOR.department("发改局") == "城区发改局"
    assert ATTRIBUTOR.department("良庆区食品药品监督管理局") == "城区食药局"


@pytest.mark.parametrize(
    "agency",
    [
        "邕宁区财政局",
        "南宁市财政局",
        "兴宁区发展和改革局",
        "南宁市食品药品监督管理局",
        "良庆区教育局",
        "",
        None,
    ],
)
def test_other_districts_and_unknown_bodies_are_rejected(agency):
    assert ATTRIBUTOR.department(agency) is None


def test_department_named_inside_a_text():
    assert ATTRIBUTOR.department_in("良庆区财政局2014年部门预算") == "城区财政局"
    assert ATTRIBUTOR.department_in("2014年部门预算(南宁市良庆区财政局)") == "城区财政局"
    assert ATTRIBUTOR.department_in("邕宁区财政局2014年部门预算") is None
    assert ATTRIBUTOR.department_in("市财政局2014年部门预算") is None


@pytest.mark.parametrize(
    "title, foreign",
    [
        ("邕宁区财政局2014年部门预算", True),
        ("南宁市2014年市本级财政预算", True),
        ("兴宁区人民政府关于征地的公告", True),
        ("良庆区2014年财政预算", False),
        ("南宁市良庆区2014年财政预算", False),
        ("城区财政局2014年部门预算", False),
        ("保障性住房小区分配结果公示", False),
        ("关于公布2014年行政事业性收费目录的通知", False),
        # a bracketed column prefix is no place name, nor part of one
        ("【部门预决算】区水利局2015年部门决算公开", False),
        ("[通知公告]城区民政局2013年部门预算", False),
        ("〔财政信息〕兴宁区财政局2014年部门预算", True),
        # an office's sentence is no place name: 卫计局关于公开区 …
        ("城区卫计局关于公开区本级2015年三公经费的说明", False),
        ("住建局关于印发区本级保障房分配方案的通知", False),
    ],
)
def test_titles_opening_with_another_jurisdiction(title, foreign):
    assert ATTRIBUTOR.is_foreign(title) is foreign


def test_a_city_bureaus_branch_in_this_district_is_ours():
    branch = build_attributor([("城区市场监管局", ["南宁市市场监督管理局良庆分局"])], ["良庆区"])
    assert branch.is_foreign("南宁市市场监督管理局良庆分局2015年部门决算") is False
    assert branch.is_foreign("南宁市市场监督管理局2015年部门决算") is True
    assert branch.is_foreign("南宁市市场监督管理局江南分局2015年部门决算") is True


def test_places_learned_from_inspection_and_checklist():
    assert leading_places("南宁市良庆区2014年重点领域检查") == {"南宁市良庆区", "良庆区"}
    checklist = Checklist(
        "t", "t", departments=(Department("城区审计局", ("区审计局",)),), district_short="良庆区"
    )
    site = Site("城区审计局", "http://127.0.0.1:1/", ("审计局",), "site1")
    inspection = Inspection(
        "检查",
        "t",
        dt.date(2014, 11, 20),
        Site("平台", "http://127.0.0.1:2/", key="platform", channel="platform"),
        (site,),
    )
    attributor = attributor_for(checklist, inspection)
    assert attributor.department("良庆区审计局") == "城区审计局"
    assert attributor.department("青秀区审计局") is None


def test_platform_page_owner_prefers_the_agency_and_never_guesses_past_it():
    assert ATTRIBUTOR.owner_of({"catalog": {"agency": "良庆区财政局"}}) == "城区财政局"
    assert ATTRIBUTOR.owner_of({"meta": {"ContentSource": "区财政局"}}) == "城区财政局"
    assert (
        ATTRIBUTOR.owner_of({"agency": "邕宁区财政局", "title": "良庆区财政局2014年部门预算"})
        is None
    )
    assert (
        ATTRIBUTOR.owner_of({"column": "重点领域>城区财政局", "title": "2014年部门预算"})
        == "城区财政局"
    )
    assert ATTRIBUTOR.owner_of({"title": "2014年部门预算", "catalog": "bad"}) is None
