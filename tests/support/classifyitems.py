"""Items and a checklist of the classifier's tests (the `classify_items` fixture)."""

from __future__ import annotations

from auditor.checklist.model import Checklist, Freshness, Hints, Item

BUDGET = Item(
    "budget.department-budget",
    "部门预算",
    "budget",
    ("@every-inspected",),
    freshness=Freshness("annual-current"),
    subject=("部门预算", "单位预算"),
    genre=("公开", "说明", "表", "预算$"),
    elements=("收支预算总表",),
    hints=Hints(columns=("部门预决算",), urls=("bmys",), negative=("部门预算编制",)),
)
GOV_BUDGET = Item(
    "budget.government-budget",
    "本级财政预算",
    "budget",
    ("城区财政局",),
    subject=("财政预算", "预算草案"),
    genre=("报告", "草案", "预算$"),
    hints=Hints(negative=("部门预算",)),
)
THREE = Item(
    "budget.three-public",
    "三公经费",
    "budget",
    ("城区财政局",),
    subject=("三公",),
    genre=("经费", "公开"),
)
EVENT = Item(
    "food-drug.incidents",
    "食品药品安全热点问题",
    "food-drug",
    ("城区食药局",),
    subject=("食品安全事件", "食品安全"),
    genre=("召开新闻发布会", "处置情况", "事件"),
)
LAND = Item(
    "land.requisition",
    "征地信息",
    "land",
    ("城区征地拆迁办",),
    subject=("征地", "征收*土地", "征占地"),
    genre=("公告", "方案", "告知书"),
    elements=("补偿标准", "安置途径", "地类"),
    hints=Hints(columns=("征地信息",)),
)
NOT_GENRE = (
    "召开",
    "部署会",
    "培训",
    "调研",
    "关于开展",
    "工作的通知",
    "专项清理",
    "工作$",
    "档案管理",
)
CHECKLIST = Checklist(
    "t", "测试", items=(BUDGET, GOV_BUDGET, THREE, EVENT, LAND), not_genre=NOT_GENRE
)
