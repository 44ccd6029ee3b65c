"""服务不实用: service guides are found and each missing element is named; complete guides,
notices about guides and long guides whose end was not stored do not fail the site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from auditor.health.guides import ELEMENTS, guides

COMPLETE = (
    "事项名称:城镇最低生活保障审批。设定依据:《社会救助暂行办法》。受理条件:家庭人均收入低于标准。"
    "申请材料:身份证、户口簿。办理地点:区政务服务中心3号窗口。办公时间:工作日9:00-17:00。"
    "咨询电话:0771-1234567。办理流程:申请、受理、审核、公示、审批。"
)
LACKING = (
    "事项名称:个体工商户登记。法律依据:《个体工商户条例》。申请材料:身份证。办理地点:一楼大厅。"
)


def guide_page(tinyworld, title: str, agency: str, text: str) -> Any:
    """An article whose main text is the guide (tinyworld's article keeps extras outside it)."""
    paragraphs = "".join(f"<p>{line}。</p>" for line in text.split("。") if line)
    return tinyworld.Page(
        200,
        f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<meta name="PubDate" content="2014-05-01 09:00"></head><body><h1>{title}</h1>
<div class="info">发布日期:2014-05-01 来源:{agency}</div><div id="zoom">{paragraphs}</div>
<div class="footer">主办:{agency}</div></body></html>""",
    )


def page(title: str, text: str, **extra: object) -> dict:
    return {"url": f"http://x/{len(title)}.html", "title": title, "text": text, **extra}


def test_missing_elements_are_named_per_guide() -> None:
    found = {g.title: g for g in guides([
        page("最低生活保障审批办事指南", COMPLETE),
        page("个体工商户登记服务指南", LACKING),
        page("关于印发区级办事指南的通知", LACKING),  # a notice about guides
        page("城镇职工医保报销", LACKING, column_name="办事指南"),  # guide by column + labels
        page("区长接待日", "时间:周三", column_name="办事指南"),  # column alone is not enough
    ])}  # fmt: skip
    assert set(found) == {"最低生活保障审批办事指南", "个体工商户登记服务指南", "城镇职工医保报销"}
    assert found["最低生活保障审批办事指南"].missing == ()
    assert found["个体工商户登记服务指南"].missing == (
        "申请条件",
        "办理时间",
        "联系电话",
        "办理流程",
    )


def test_a_guide_longer_than_the_stored_text_is_not_failed_for_its_tail() -> None:
    (long_guide,) = guides([page("公租房申请办事指南", LACKING + "说明" * 2000)])
    assert long_guide.truncated and long_guide.missing


def test_an_audit_fails_a_site_whose_guide_lacks_elements(
    run_cli, tinyworld, tmp_path: Path
) -> None:
    with tinyworld.TinyWorld() as world:
        czj, jyj = "良庆区财政局", "良庆区教育局"
        world.pages["/czj/"] = tinyworld.listing(
            czj, czj, [("惠农补贴申领办事指南", "/czj/g1.html", "2014-05-01")]
        )
        world.pages["/czj/g1.html"] = guide_page(tinyworld, "惠农补贴申领办事指南", czj, LACKING)
        world.pages["/jyj/"] = tinyworld.listing(
            jyj, jyj, [("学籍转出办事指南", "/jyj/g2.html", "2014-05-01")]
        )
        world.pages["/jyj/g2.html"] = guide_page(tinyworld, "学籍转出办事指南", jyj, COMPLETE)
        plan = world.inspection(tmp_path / "plan.toml")
        audit = run_cli("audit", str(plan), "--out", str(tmp_path / "r"), "-q")
        assert audit.returncode == 0, audit.stderr
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    sites = {h["department"]: h for h in report["health"]}
    lacking = next(i for i in sites["城区财政局"]["indicators"] if i["id"] == "service.guides")
    assert lacking["veto"] and "service.guides" in sites["城区财政局"]["vetoes"]
    assert lacking["guides"][0]["missing"] == ["申请条件", "办理时间", "联系电话", "办理流程"]
    complete = next(i for i in sites["城区教育局"]["indicators"] if i["id"] == "service.guides")
    assert complete["status"] == "ok" and "要素齐全" in complete["detail"]
    assert len(ELEMENTS) == 8
