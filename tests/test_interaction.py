"""互动回应差: unanswered messages older than three months within the year fail the site; answered,
recent or old messages, and late answers (a warning) do not; no channel is said as such."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from auditor.health.interaction import judge_messages, messages

AS_OF = dt.date(2014, 11, 20)


def message_page(title: str, asked: str, answer: str = "", answered: str = "") -> dict:
    text = f"来信标题:{title} 留言时间:{asked} 留言内容:请问相关政策如何办理?"
    if answered:
        text += f" 回复时间:{answered}"
    if answer:
        text += f" 回复内容:{answer}"
    return {"url": f"http://x/{title}.html", "title": title, "text": text}


PAGES = [
    message_page("低保申请进度", "2014-05-03"),  # unanswered, 6 months: the veto
    message_page(
        "路灯不亮", "2014-07-01", answered="2014-07-05", answer="已安排维修人员处理完毕。"
    ),
    message_page("学区划分", "2014-10-30"),  # unanswered but under 3 months: pending
    message_page("老旧小区改造", "2013-06-01"),  # older than the year: not counted
    message_page(
        "噪音扰民", "2014-03-01", answered="2014-05-20", answer="经核查已责令整改到位。"
    ),  # late
    message_page(
        "公交线路", "2014-04-01", answer="已转交公交公司研究办理并答复来信人。"
    ),  # no date
    {"url": "http://x/news.html", "title": "我区召开会议", "text": "会议时间:2014-05-01"},
]


def test_unanswered_messages_over_three_months_within_the_year_fail() -> None:
    entry = judge_messages(list(messages(PAGES)), True, AS_OF, 15)
    assert entry["veto"] and entry["value"] == 1
    assert [m["title"] for m in entry["messages"]["unanswered"]] == ["低保申请进度"]
    assert [m["title"] for m in entry["messages"]["late"]] == ["噪音扰民"]


def test_answered_in_time_passes_and_late_answers_only_warn() -> None:
    answered = [p for p in PAGES if p["title"] in ("路灯不亮", "学区划分", "老旧小区改造")]
    assert judge_messages(list(messages(answered)), True, AS_OF, 15)["status"] == "ok"
    late = [p for p in PAGES if p["title"] == "噪音扰民"]
    entry = judge_messages(list(messages(late)), True, AS_OF, 15)
    assert entry["status"] == "warn" and not entry["veto"] and "超过15天" in entry["detail"]


def test_no_channel_is_reported_as_such() -> None:
    entry = judge_messages([], False, AS_OF, 15)
    assert entry["status"] == "warn" and "未发现咨询" in entry["detail"]


def message_html(tinyworld, title: str, asked: str, answer: str = "") -> Any:
    reply = f"<p>回复时间:2014-05-06</p><p>回复内容:{answer}</p>" if answer else ""
    return tinyworld.Page(
        200,
        f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
</head><body><h1>{title}</h1><div id="zoom"><p>留言时间:{asked}</p>
<p>留言内容:我想咨询本区相关政策的具体办理流程和要求。</p>{reply}</div></body></html>""",
    )


def test_an_audit_reads_the_message_pages_of_a_mailbox(run_cli, tinyworld, tmp_path: Path) -> None:
    with tinyworld.TinyWorld() as world:
        czj, jyj = "良庆区财政局", "良庆区教育局"
        world.pages["/czj/"] = tinyworld.listing("局长信箱", czj, [
            ("咨询惠农补贴发放时间", "/czj/m1.html", "2014-05-01"),
            ("咨询预算公开", "/czj/m2.html", "2014-05-02"),
        ])  # fmt: skip
        world.pages["/czj/m1.html"] = message_html(tinyworld, "咨询惠农补贴发放时间", "2014-05-01")
        world.pages["/czj/m2.html"] = message_html(
            tinyworld, "咨询预算公开", "2014-05-02", "已在网站公开。"
        )
        world.pages["/jyj/"] = tinyworld.listing(
            "教育局", jyj, [("局长信箱", "/jyj/m3.html", "2014-05-01")]
        )
        world.pages["/jyj/m3.html"] = message_html(
            tinyworld, "咨询入学", "2014-05-01", "请按招生方案办理。"
        )
        plan = world.inspection(tmp_path / "plan.toml")
        audit = run_cli("audit", str(plan), "--out", str(tmp_path / "r"), "-q")
        assert audit.returncode == 0, audit.stderr
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    sites = {h["department"]: {i["id"]: i for i in h["indicators"]} for h in report["health"]}
    failing = sites["城区财政局"]["interaction.response"]
    assert failing["veto"] and [m["title"] for m in failing["messages"]["unanswered"]] == [
        "咨询惠农补贴发放时间"
    ]
    assert sites["城区教育局"]["interaction.response"]["status"] == "ok"
