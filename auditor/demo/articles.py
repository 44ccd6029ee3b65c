"""Every article of the demo district, with the evidence each one plants for the ground truth.

Titles and bodies are written the way district sites write them, not to suit any classifier.
`ev` marks what a correct audit must conclude from the page: the item it discloses and whether
that evidence is valid, stale or broken at as_of 2014-11-20.  Pages without `ev` disclose
nothing the checklist asks of their department (news, notices, meeting reports).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    item: str
    state: str  # valid | stale | broken
    department: str


@dataclass(frozen=True)
class Attachment:
    text: str
    ext: str
    ok: bool = True  # False: the server answers with an HTML error page


@dataclass(frozen=True)
class Article:
    site: str
    column: str
    title: str
    published: dt.date
    body: tuple[str, ...]
    evidence: Evidence | None = None
    attachments: tuple[Attachment, ...] = ()
    agency: str = ""  # 发布机构; empty: the site's own department
    doc_no: str = ""
    status: int = 200  # 404: still listed, but the page is gone
    flags: frozenset[str] = frozenset()  # tampered | enc:meta | enc:iso | enc:bare | js-only


_DEPT = {
    "czj": "城区财政局",
    "jyj": "城区教育局",
    "zjj": "城区住建局",
    "hbj": "城区环保局",
    "syj": "城区食药局",
    "fgj": "城区发改局",
}


def _a(
    site: str,
    column: str,
    title: str,
    day: str,
    *body: str,
    ev: str = "",
    dept: str = "",
    attachments: tuple[Attachment, ...] = (),
    agency: str = "",
    doc_no: str = "",
    status: int = 200,
    flags: Iterable[str] = (),
) -> Article:
    """Compact article constructor: ev is "item:state"."""
    evidence = None
    if ev:
        item, state = ev.split(":")
        evidence = Evidence(item, state, dept or _DEPT[site])
    return Article(
        site,
        column,
        title,
        dt.date.fromisoformat(day),
        body,
        evidence,
        attachments=attachments,
        agency=agency,
        doc_no=doc_no,
        status=status,
        flags=frozenset(flags),
    )


_XLS = Attachment
BUDGET = "budget.department-budget"
ACCOUNTS = "budget.department-accounts"

CZJ = (
    _a(
        "czj",
        "gzdt",
        "城区财政局召开党的群众路线教育实践活动总结大会",
        "2014-10-28",
        "10月28日,城区财政局召开党的群众路线教育实践活动总结大会,全面总结教育实践活动开展情况。",
        "会议要求全局干部职工巩固和扩大活动成果,以优良作风推动财政各项工作。",
    ),
    _a(
        "czj",
        "gzdt",
        "城区财政局组织干部职工参加财政业务知识培训",
        "2014-09-16",
        "为提高干部职工业务能力,城区财政局于9月15日至16日组织开展财政业务知识培训。",
        "培训内容包括会计基础工作规范、国库集中支付和政府采购等。",
    ),
    _a(
        "czj",
        "gzdt",
        "城区财政局召开政府信息公开工作部署会",
        "2014-08-12",
        "8月12日,城区财政局召开政府信息公开工作部署会,传达学习《南宁市良庆区2014年重点领域"
        "政府信息公开工作实施方案》精神。",
        "会议要求各股室按照职责分工,做好财政预算决算、“三公”经费和行政事业性收费目录等信息的"
        "公开工作,确保按时完成各项任务。",
    ),
    _a(
        "czj",
        "czyjs",
        "良庆区2014年本级财政预算公开说明",
        "2014-02-25",
        "根据《中华人民共和国预算法》和上级有关规定,现将经城区第二届人民代表大会第四次会议批准的"
        "良庆区2014年本级财政预算公开如下。",
        "2014年城区本级一般公共预算收入安排52360万元,一般公共预算支出安排86420万元。"
        "收支预算总表和财政拨款支出预算表详见附件。",
        ev="budget.government-budget:valid",
        doc_no="良财预〔2014〕8号",
        attachments=(_XLS("良庆区2014年本级财政预算表", "xls"),),
    ),
    _a(
        "czj",
        "czyjs",
        "良庆区2013年本级财政决算公开说明",
        "2014-08-08",
        "经城区人大常委会审查批准,现将良庆区2013年本级财政决算公开如下。",
        "2013年城区本级一般公共预算收入完成48915万元,一般公共预算支出完成80237万元,收支平衡。",
        ev="budget.government-accounts:valid",
        doc_no="良财预〔2014〕41号",
    ),
    _a(
        "czj",
        "czyjs",
        "良庆区2013年本级“三公”经费预算情况说明",
        "2013-05-10",
        "2013年城区本级财政拨款安排“三公”经费预算386.5万元,其中因公出国(境)费0万元,"
        "公务用车购置及运行费241.2万元,公务接待费145.3万元。",
        ev="budget.three-public:stale",
    ),
    _a(
        "czj",
        "czyjs",
        "城区财政局2014年部门预算",
        "2014-03-20",
        "按照城区人民政府关于部门预算公开的要求,现将城区财政局2014年部门预算公开如下。",
        "一、部门主要职责;二、部门预算单位构成;三、2014年部门预算收支总体情况:收入预算合计"
        "1162.4万元,支出预算合计1162.4万元。",
        ev=f"{BUDGET}:valid",
    ),
    _a(
        "czj",
        "czyjs",
        "城区财政局2013年部门决算",
        "2014-08-20",
        "现将城区财政局2013年度部门决算公开如下:2013年度收入合计1098.7万元,支出合计1085.2万元,"
        "年末结转和结余13.5万元。",
        ev=f"{ACCOUNTS}:valid",
    ),
    _a(
        "czj",
        "mszj",
        "良庆区2014年第三季度财政民生资金支出情况",
        "2014-10-15",
        "2014年第三季度,城区财政用于教育、医疗卫生、社会保障和就业、住房保障及“三农”等民生领域"
        "支出合计21834万元,占同期一般公共预算支出的76.3%。",
        ev="budget.livelihood-funds:valid",
    ),
    _a(
        "czj",
        "mszj",
        "良庆区2014年第一季度财政民生资金支出情况",
        "2014-04-18",
        "2014年第一季度,城区财政民生领域支出合计15216万元,占同期一般公共预算支出的74.8%。",
        ev="budget.livelihood-funds:stale",
    ),
    _a(
        "czj",
        "tzgg",
        "关于开展2014年“小金库”专项治理工作的通知",
        "2014-07-10",
        "各镇人民政府,城区各部门:为进一步严肃财经纪律,决定在全城区开展“小金库”专项治理工作。",
    ),
    _a(
        "czj",
        "tzgg",
        "关于组织开展2014年度会计人员继续教育的通知",
        "2014-10-08",
        "各有关单位:根据《会计人员继续教育规定》,现就2014年度会计人员继续教育有关事项通知如下。",
    ),
    _a(
        "czj",
        "jgzn",
        "城区财政局主要职责",
        "2013-03-01",
        "贯彻执行国家财政、税收的方针政策和法律法规,拟订城区财政发展规划。",
        "负责管理城区本级财政收支,组织实施国库集中收付制度。",
    ),
)
