"""Names a spreadsheet uses, mapped to a checklist's departments (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checklist.load import load_checklist
from auditor.plan.names import department_names


@pytest.fixture(scope="module")
def names(county_checklist, tmp_path_factory: pytest.TempPathFactory):
    path: Path = tmp_path_factory.mktemp("county") / "cuihu.toml"
    path.write_text(county_checklist, encoding="utf-8")
    return department_names(load_checklist(path))


@pytest.mark.parametrize(
    ("written", "department"),
    [
        ("区统计局", "区统计局"),
        ("翠湖区统计局", "区统计局"),
        ("青州市翠湖区统计局", "区统计局"),
        ("翠湖区 统计局", "区统计局"),
        ("翠湖区发展和改革委员会", "区发改委"),
        ("青州市翠湖区人力资源和社会保障局", "区人社局"),
        ("翠湖区卫生健康委员会", "区卫健委"),
        ("翠湖区人民政府外事办公室", "区外事办"),
        ("翠湖区外事办公室", "区外事办"),
        ("白沙镇人民政府", "白沙镇"),
        ("翠湖区统计局\uff08普查中心\uff09", "区统计局"),  # a note in full-width brackets
        ("红山区统计局", None),  # another district's body of the same name
        ("青州市统计局", None),  # the parent city's
        ("翠湖区统汁局", None),  # misspelt: suggested, never guessed
        ("", None),
    ],
)
def test_written_names_map_to_the_checklist(names, written: str, department: str | None) -> None:
    assert names.resolve(written) == department


def test_a_misspelt_name_gets_the_nearest_department_suggested(names) -> None:
    assert names.suggest("翠湖区统汁局")[0] == "区统计局"
    assert names.suggest("翠湖区水力局")[0] == "区水利局"


def test_an_abbreviation_two_departments_could_share_is_not_guessed(
    county_checklist, tmp_path: Path
) -> None:
    text = county_checklist + '\n[[departments]]\nname = "区水务局"\n'
    path = tmp_path / "two.toml"
    path.write_text(text, encoding="utf-8")
    two = department_names(load_checklist(path))
    assert two.resolve("翠湖区水利局") == "区水利局"
    assert two.resolve("翠湖区水利和水务局") is None  # 水利局 and 水务局 both shorten it


def test_a_list_of_another_districts_bodies_is_read_with_its_own_district(names) -> None:
    """A checklist written for 翠湖区, reused by 松岭县: the rows' own county counts as ours,
    a body of a third county does not."""
    from auditor.classify.attribution import common_district

    rows = ["松岭县统计局", "松岭县发展和改革委员会", "江城市松岭县审计局", "红山区水利局"]
    places = common_district(rows)
    assert places == {"松岭县"}
    county = department_names(names.checklist, places)
    assert [county.resolve(r) for r in rows] == ["区统计局", "区发改委", "区审计局", None]
    assert names.resolve("松岭县统计局") is None  # without the rows, 松岭县 is foreign
