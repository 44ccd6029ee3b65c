"""The built-in standard-catalogue-2019 checklist: the 基层政务公开标准目录 of a district.

The ids are pinned here (findings and history of repeat inspections use them), every item
carries what an inspector needs (subject, genre, elements, freshness, basis, 公开时限), the
annual-report deadlines follow Article 49, and hand-written titles of an imaginary district
(清溪区, not the demo) are told apart from news about the same subject.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.checklist.load import load_checklist
from auditor.checklist.model import EVERY_INSPECTED, STATUSES, Checklist
from auditor.classify.classifier import page_items
from auditor.cli import cli
from auditor.commands.common import load_inputs
from auditor.errors import InputError

CATALOGUE = "standard-catalogue-2019"
ID = re.compile(r"^[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*$")
FRESHNESS_CLASSES = {"standing", "event", "rolling", "monthly", "annual-current", "annual-previous"}
# The published ids, area by area: renaming one breaks the history of every district using it.
IDS = {
    "budget": ["government-budget", "government-accounts", "department-budget",
               "department-accounts", "three-public", "government-debt"],
    "major-projects": ["approval", "implementation"],
    "public-resources": ["procurement", "construction-bidding", "land-transfer"],
    "safety": ["policies", "licensing", "penalties", "accident-reports"],
    "land": ["pre-announcement", "compensation-plan", "expropriation"],
    "house-expropriation": ["decision", "compensation"],
    "planning": ["plans", "permits"],
    "environment": ["eia", "penalties", "polluters"],
    "elderly": ["support-policies", "allowances", "institutions"],
    "social-assistance": ["minimum-living", "extreme-poverty", "temporary", "supervision"],
    "rural-revitalisation": ["funds"],
    "food-drug": ["sampling", "licensing", "penalties"],
    "enforcement": ["penalties", "powers"],
    "education": ["enrolment", "catchment", "finance"],
    "employment": ["policies", "vacancies", "training", "subsidy-recipients"],
    "social-insurance": ["guides", "medical"],
    "household": ["registration"],
    "farm-subsidies": ["farmland-protection", "machinery", "animal-epidemic"],
    "health": ["medical-institutions", "public-health-permits", "family-planning"],
    "culture": ["free-opening", "activities"],
    "municipal": ["gas", "utilities"],
    "rural-housing": ["standards", "beneficiaries"],
    "housing": ["allocation", "projects"],
    "legal-services": ["legal-aid", "platforms"],
    "disaster": ["plans", "preparedness", "relief"],
    "disclosure": ["guide", "catalogue", "annual-report", "government-annual-report"],
}  # fmt: skip


def canonical(checklist: Checklist, name: str) -> str | None:
    """The canonical name a checklist gives a department name, None when it knows none."""
    found = checklist.department(name)
    return found.name if found is not None else None


@pytest.fixture(scope="module")
def catalogue() -> Checklist:
    return load_checklist(CATALOGUE)


def test_ids_are_the_published_ones(catalogue: Checklist) -> None:
    expected = [f"{area}.{item}" for area, items in IDS.items() for item in items]
    assert [i.id for i in catalogue.items] == expected
    assert [a.id for a in catalogue.areas] == list(IDS)
    assert len(set(expected)) == len(expected) == 71
    assert all(ID.match(item_id) for item_id in expected)


def test_cli_validates_lists_and_shows_it() -> None:
    runner = CliRunner()
    path = Path(__file__).resolve().parent.parent / "checklists" / f"{CATALOGUE}.toml"
    result = runner.invoke(cli, ["checklist", "validate", str(path)], standalone_mode=False)
    assert result.return_value == 0 and "26 个领域、71 个事项" in result.output
    listing = runner.invoke(cli, ["checklist", "list"], standalone_mode=False).output
    assert any(line.split()[:1] == [CATALOGUE] and line.split()[-1] == "71"
               for line in listing.splitlines())  # fmt: skip
    out = runner.invoke(cli, ["checklist", "show", CATALOGUE], standalone_mode=False).output
    assert "【社会救助】" in out and "【义务教育】" in out
    row = next(line for line in out.splitlines() if "social-assistance.minimum-living" in line)
    assert "区民政局" in row and "滚动更新" in row


@pytest.mark.parametrize("item_id", [f"{a}.{i}" for a, items in IDS.items() for i in items])
def test_item_is_complete(catalogue: Checklist, item_id: str) -> None:
    """Subject and genre prove it; elements, basis and 公开时限 explain it to the inspector."""
    item = catalogue.item(item_id)
    assert item.subject and item.genre and item.elements
    assert str(item.freshness) in FRESHNESS_CLASSES
    assert item.basis.endswith("。") and item.basis_doc and item.channels == ("site",)
    assert "公开时限" in item.note
    assert set(item.deductions) == set(STATUSES) and item.deductions["present"] == 0
    for phrase in (*item.subject, *item.genre):
        assert not any(n in phrase for n in item.hints.negative), phrase


def test_event_items_cost_nothing_when_missing(catalogue: Checklist) -> None:
    events = [i for i in catalogue.items if i.freshness.kind == "event"]
    assert {i.id for i in events} >= {"land.expropriation", "safety.accident-reports"}
    assert all(i.deductions["missing"] == 0 and "人工核实" in i.note for i in events)
    assert all(i.deductions["missing"] == 2 for i in catalogue.items if i not in events)


def test_annual_report_deadlines_follow_article_49(catalogue: Checklist) -> None:
    department = catalogue.item("disclosure.annual-report")
    assert department.lead == (EVERY_INSPECTED,)
    assert (str(department.freshness), department.annual_due) == ("annual-previous", "01-31")
    assert "每年1月31日前" in department.basis and department.citation.startswith("第四十九条")
    government = catalogue.item("disclosure.government-annual-report")
    assert government.lead == ("区政府办公室",)
    assert (str(government.freshness), government.annual_due) == ("annual-previous", "03-31")
    assert "每年3月31日前" in government.basis


def test_article_26_and_the_catalogue_deadlines(catalogue: Checklist) -> None:
    """20 working days is the default; the catalogue's own limits where it sets one."""
    notes = {i.id: i.note for i in catalogue.items}
    assert sum("20个工作日" in n for n in notes.values()) >= 40
    assert "批准后20日内" in notes["budget.government-budget"]
    assert "财政部门批复后20日内" in notes["budget.department-budget"]
    assert "10个工作日" in notes["social-assistance.minimum-living"]
    assert {b.number for b in catalogue.basis} >= {"国务院令第711号", "国办发〔2019〕54号",
                                                     "国办发〔2017〕42号"}  # fmt: skip


def test_generic_department_names_and_their_regular_forms(catalogue: Checklist) -> None:
    assert canonical(catalogue, "财政局") == "区财政局"
    assert canonical(catalogue, "区发改局") == "区发展和改革局"
    assert canonical(catalogue, "人社局") == "区人力资源和社会保障局"
    assert canonical(catalogue, "区人民政府办公室") == "区政府办公室"
    leads = {name for i in catalogue.items for name in i.departments}
    assert leads - {EVERY_INSPECTED} <= {d.name for d in catalogue.departments}


def test_a_district_names_itself_by_extending(tmp_path: Path) -> None:
    """A district's checklist extends the catalogue: its own name and irregular names work."""
    path = tmp_path / "清溪区2026.toml"
    path.write_text(
        'id = "qingxi-2026"\ntitle = "清溪区2026年政务公开标准目录"\n'
        'extends = "standard-catalogue-2019"\ndistrict = "江州市清溪区"\n'
        'district_short = "清溪区"\n'
        '[[departments]]\nname = "区农业农村局"\naliases = ["清溪区农业农村和水利局"]\n',
        encoding="utf-8",
    )
    child = load_checklist(path)
    assert len(child.items) == 71
    assert canonical(child, "清溪区财政局") == "区财政局"
    assert canonical(child, "江州市清溪区卫生健康局") == "区卫生健康局"
    assert canonical(child, "清溪区农业农村和水利局") == "区农业农村局"
    assert child.department("石门区财政局") is None  # another district's bureau


TITLES = {
    "清溪区教育局2026年部门预算公开": {"budget.department-budget"},
    "清溪区民政局2025年度部门决算公开说明": {"budget.department-accounts"},
    "关于清溪区2025年预算执行情况和2026年预算草案的报告": {"budget.government-budget"},
    "清溪区2026年义务教育学校招生入学实施方案": {"education.enrolment"},
    "2026年城区公办小学招生范围一览表": {"education.catchment"},
    "清溪区2026年3月城乡最低生活保障对象名单公示": {"social-assistance.minimum-living"},
    "清溪区人民政府关于征收土地的预公告": {"land.pre-announcement"},
    "清溪区人民政府征收土地公告(2026年第3批)": {"land.expropriation"},
    "清溪区第5批次征地补偿安置方案公告": {"land.compensation-plan"},
    "关于某某化工有限公司建设项目环境影响报告表的批复": {"environment.eia"},
    "清溪区应急管理局行政处罚决定书(清应急罚〔2026〕3号)": {"safety.penalties"},
    "某某公司“6·12”生产安全事故调查报告": {"safety.accident-reports"},
    "清溪区卫生健康局2026年度医疗机构校验结果公示": {"health.medical-institutions"},
    "2026年第一批公租房配租结果公示": {"housing.allocation"},
    "2026年农村危房改造补助对象名单公示": {"rural-housing.beneficiaries"},
    "清溪区2025年政府信息公开工作年度报告": {"disclosure.annual-report"},
    # the catalogue document itself is the district's 公开目录, not the area's disclosure
    "社会救助领域基层政务公开标准目录": {"disclosure.catalogue"},
}
NEWS = [
    "区财政局召开2026年部门预算编制工作会议",
    "区教育局局长带队调研义务教育招生工作",
    "区民政局开展低保专项治理工作推进会",
    "区自然资源局召开征地拆迁工作调度会",
    "清溪区生态环境分局召开环评审批改革座谈会",
    "清溪区开展安全生产月活动",
    "清溪区举行2026年重点项目集中开工仪式",
    "关于做好2025年度政府信息公开工作年度报告编制工作的通知",
    "区市场监管局举办食品安全宣传周活动",
]


@pytest.mark.parametrize("title, expected", TITLES.items())
def test_disclosures_prove_their_item(catalogue: Checklist, title: str, expected: set) -> None:
    assert page_items(catalogue, title=title) == expected


@pytest.mark.parametrize("title", NEWS)
def test_news_about_the_subject_proves_nothing(catalogue: Checklist, title: str) -> None:
    assert page_items(catalogue, title=title) == set()


def test_the_government_report_is_both_reports(catalogue: Checklist) -> None:
    """Attribution decides whose it is: the government office's, or nobody else's."""
    found = page_items(catalogue, title="清溪区人民政府2025年政府信息公开工作年度报告")
    assert found == {"disclosure.annual-report", "disclosure.government-annual-report"}


def test_an_inspection_names_the_generic_departments(tmp_path: Path) -> None:
    """Used directly, the inspection writes the catalogue's names (or their regular forms)
    and gives the district's own names as aliases; the district's name alone is refused."""
    text = (
        'name = "清溪区政务公开检查"\nchecklist = "standard-catalogue-2019"\n'
        '[platform]\nname = "统一平台"\nurl = "http://127.0.0.1:9/"\n'
        '[[sites]]\ndepartment = "{first}"\naliases = ["清溪区财政局"]\n'
        'url = "http://127.0.0.1:9/czj/"\n'
        '[[sites]]\ndepartment = "发改局"\naliases = ["清溪区发展和改革局"]\n'
        'url = "http://127.0.0.1:9/fgj/"\n'
    )
    path = tmp_path / "清溪区.toml"
    path.write_text(text.replace("{first}", "区财政局"), encoding="utf-8")
    inspection, checklist = load_inputs(path)
    names = [site.department for site in inspection.sites]
    item = checklist.item("major-projects.approval")
    assert checklist.responsible(item, names) == ["区发展和改革局"]
    report = checklist.item("disclosure.annual-report")
    assert checklist.responsible(report, names) == ["区财政局", "区发展和改革局"]
    path.write_text(text.replace("{first}", "清溪区财政局"), encoding="utf-8")
    with pytest.raises(InputError, match="不在检查清单 standard-catalogue-2019 中"):
        load_inputs(path)


def test_docs_district_example_validates(tmp_path: Path) -> None:
    """docs/checklists.md shows a district extending the catalogue; it must load as told."""
    docs = (Path(__file__).parent.parent / "docs" / "checklists.md").read_text(encoding="utf-8")
    section = docs[docs.index("更好的做法") : docs.index("本区目录中新增的事项")]
    text = "\n".join(line[4:] for line in section.splitlines() if line.startswith("    "))
    path = tmp_path / "qingxi.toml"
    path.write_text(text, encoding="utf-8")
    child = load_checklist(path)
    assert "household.registration" not in [i.id for i in child.items] and len(child.items) == 70
    assert child.item("municipal.gas").departments == ("区城市管理综合行政执法局",)
    assert str(child.item("budget.department-budget").freshness) == "due:2026-04-30"
    assert canonical(child, "清溪区农业农村和水利局") == "区农业农村局"
    assert canonical(child, "清溪区财政局") == "区财政局"
