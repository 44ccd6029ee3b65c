"""Pages planted for the site-health stage's national indicators, each beside a clean twin.

None of them discloses a checklist item (no `ev`): they are news, a consultation mailbox,
service guides and annual reports, and must leave every item finding as it was.

- 严重错误: 区长覃振邦 called 副区长 (zjj) beside pages naming him and 副区长韦丽萍 rightly (jyj);
  the outdated 良庆开发区 (czj) beside 良庆经济开发区 (jyj); a news page dated 2041 for 2014 (fgj).
- 互动回应: zjj's 咨询投诉 holds a message of June unanswered (veto), two answered in time and
  one of late October still within three months; fgj's 互动交流 answers everything in time.
- 办事指南: czj's 办事指南 holds one complete guide and one missing four of the eight elements.
- 年度报告 2013: czj's on time and complete; fgj's complete but late (March); zjj's existing
  one (articles.py) lacks the sections; the other departments publish none.
"""

from __future__ import annotations

from auditor.demo.articles import Article, _a

LEADER_WRONG = (
    _a(
        "zjj",
        "gzdt",
        "副区长覃振邦到城区住建局调研建筑施工安全生产工作",
        "2014-09-04",
        "9月4日,副区长覃振邦带队到城区住建局调研建筑施工安全生产工作,实地察看了两处在建工地"
        "的安全防护和文明施工情况。",
        "覃振邦要求各参建单位落实安全生产主体责任,加强高处作业和起重机械的日常检查。",
    ),
)
LEADER_RIGHT = (
    _a(
        "jyj",
        "gzdt",
        "区委副书记、区长覃振邦到良庆经济开发区调研职业教育校企合作",
        "2014-09-03",
        "9月3日,区委副书记、区长覃振邦到良庆经济开发区调研职业教育校企合作工作,"
        "副区长韦丽萍陪同调研。",
        "调研组走访了开发区内三家制造企业,听取企业对技能人才培养的意见和建议。",
    ),
)
EXPRESSION_WRONG = (
    _a(
        "czj",
        "gzdt",
        "城区财政局到良庆开发区走访企业宣讲财税扶持政策",
        "2014-09-09",
        "9月9日,城区财政局组织业务骨干到良庆开发区走访企业,宣讲小微企业财税扶持政策。",
        "走访中,工作人员现场解答了企业关于税收优惠申报的问题。",
    ),
)
FUTURE_DATE = (
    _a(
        "fgj",
        "fgdt",
        "城区发改局开展节能宣传周活动",
        "2041-06-16",
        "6月16日,城区发改局在那马镇街头开展节能宣传周活动,发放宣传资料500余份。",
        "活动围绕“携手节能低碳,共建碧水蓝天”主题,向群众普及家庭节能小常识。",
    ),
)


def _message(site: str, column: str, title: str, asked: str, *answer: str) -> Article:
    """A message page as consultation systems print it: the question, then the reply block."""
    reply: tuple[str, ...] = ("办理状态:待回复",)
    if answer:
        replied, text = answer
        reply = (f"回复时间:{_cn(replied)}", f"回复内容:{text}")
    return _a(site, column, title, asked, f"留言时间:{_cn(asked)}", f"留言内容:{title}。", *reply)


def _cn(day: str) -> str:
    """2014-06-10 as 2014年6月10日, the way message systems print it."""
    return f"{int(day[:4])}年{int(day[5:7])}月{int(day[8:])}日"


MAILBOX = (
    _message("zjj", "zxts", "关于南晓镇某小区路灯长期不亮的咨询", "2014-06-10"),
    _message(
        "zjj",
        "zxts",
        "咨询房屋建筑施工许可办理进度",
        "2014-07-15",
        "2014-07-22",
        "您好!您咨询的施工许可申请已受理,目前正在审查,请留意短信通知。",
    ),
    _message(
        "zjj",
        "zxts",
        "关于玉洞大道人行道破损修复的建议",
        "2014-09-02",
        "2014-09-09",
        "感谢您的建议,我局已通知施工单位于本月内完成人行道修复。",
    ),
    _message("zjj", "zxts", "咨询二次供水设施维护责任单位", "2014-10-27"),
    _message(
        "fgj",
        "hdjl",
        "建议增设那马镇至市区的公交线路",
        "2014-08-05",
        "2014-08-12",
        "感谢您的建议,我局已将意见转交城区交通运输部门研究办理。",
    ),
    _message(
        "fgj",
        "hdjl",
        "咨询良庆区统计年鉴的查阅方式",
        "2014-10-20",
        "2014-10-28",
        "您好!统计年鉴可在城区统计局资料室查阅,联系电话0771-4512306。",
    ),
)
GUIDES = (
    _a(
        "czj",
        "bszn",
        "行政事业单位国有资产处置审批办事指南",
        "2014-05-12",
        "一、事项名称:行政事业单位国有资产处置审批。",
        "二、设定依据:《行政事业单位国有资产管理办法》及自治区有关规定。",
        "三、申请条件:处置资产已达到使用年限或因技术原因确需报废、转让的。",
        "四、申请材料:处置申请文件、资产清单、资产价值凭证及权属证明。",
        "五、办理地点:良庆区政务服务中心二楼财政窗口。",
        "六、办理时间:工作日上午8:00-12:00,下午15:00-18:00。",
        "七、联系电话:0771-4512318。",
        "八、办理流程:申请—受理—审核—批复—送达。",
    ),
    _a(
        "czj",
        "bszn",
        "政府采购供应商投诉处理办事指南",
        "2014-05-12",
        "一、事项名称:政府采购供应商投诉处理。",
        "二、申请条件:供应商认为采购文件、采购过程或中标结果使自己的合法权益受到损害,"
        "已依法质疑且对答复不满意的。",
        "三、申请材料:投诉书正本及副本、质疑函及答复、相关证明材料。",
        "四、办理地点:良庆区政务服务中心二楼财政窗口。",
    ),
)
ANNUAL_REPORTS = (
    _a(
        "czj",
        "tzgg",
        "城区财政局2013年政府信息公开工作年度报告",
        "2014-01-22",
        "本报告根据《中华人民共和国政府信息公开条例》要求编制,统计期限为2013年1月1日至12月31日。",
        "一、概述。2013年,我局明确一名副局长分管政府信息公开工作,完善了公开目录和工作制度。",
        "二、主动公开政府信息情况。全年主动公开政府信息142条,其中网站公开128条。",
        "三、依申请公开政府信息情况。全年受理申请3件,均在法定期限内答复。",
        "四、政府信息公开的收费及减免情况。全年未收取任何费用。",
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况。全年未发生。",
        "六、存在的主要问题及改进情况。部分信息更新不够及时,下一步将加强审核和更新。",
    ),
    _a(
        "fgj",
        "xxgknb",
        "良庆区发展和改革局2013年政府信息公开工作年度报告",
        "2014-03-18",
        "本报告依据《中华人民共和国政府信息公开条例》编制,统计期限为2013年1月1日至12月31日。",
        "一、概述。我局将政府信息公开纳入年度工作要点,指定办公室具体承办。",
        "二、主动公开政府信息情况。全年主动公开政府信息96条。",
        "三、依申请公开政府信息情况。全年未收到公开申请。",
        "四、政府信息公开的收费及减免情况。无。",
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况。无。",
        "六、存在的主要问题及改进情况。公开的及时性有待提高,将完善信息报送机制。",
    ),
)
HEALTH = (
    *LEADER_WRONG,
    *LEADER_RIGHT,
    *EXPRESSION_WRONG,
    *FUTURE_DATE,
    *MAILBOX,
    *GUIDES,
    *ANNUAL_REPORTS,
)

# What a correct audit at 2014-11-20 concludes on these indicators, per inspected department.
# Indicators left out of a department's row are "ok" there; 未发现 channels are warnings.
EXPECTED: dict[str, dict[str, str]] = {
    "城区财政局": {"serious.expressions": "fail", "service.guides": "fail"},
    "城区教育局": {"interaction.response": "warn", "annual.report": "fail"},
    "城区住建局": {
        "serious.leaders": "fail",
        "interaction.response": "fail",
        "annual.report": "fail",
    },
    "城区环保局": {"interaction.response": "warn", "annual.report": "fail"},
    "城区食药局": {"interaction.response": "warn", "annual.report": "fail"},
    "城区发改局": {"serious.dates": "fail", "annual.report": "warn"},
}
INDICATORS = (
    "serious.leaders",
    "serious.expressions",
    "serious.dates",
    "service.guides",
    "interaction.response",
    "annual.report",
)
# (indicator, title of the page it must cite); look-alikes must never be cited.
PLANTED = (
    ("serious.leaders", LEADER_WRONG[0].title),
    ("serious.expressions", EXPRESSION_WRONG[0].title),
    ("serious.dates", FUTURE_DATE[0].title),
    ("interaction.response", MAILBOX[0].title),
    ("service.guides", GUIDES[1].title),
    ("annual.report", "城区住建局2013年政府信息公开工作年度报告"),
    ("annual.report", ANNUAL_REPORTS[1].title),
)
LOOK_ALIKES = (
    ("serious.leaders", LEADER_RIGHT[0].title),
    ("serious.expressions", LEADER_RIGHT[0].title),
    *(("interaction.response", m.title) for m in MAILBOX[1:]),
    ("service.guides", GUIDES[0].title),
)
