"""What a disclosure of each item looks like on this world's sites (first half of the areas).

Written for this benchmark from how district sites phrase such documents, independently of
the demo district and of the checklist's match hints: the point is to measure the classifier
on wording it was not written against. Placeholders: {org} the publishing department's name
as printed, {dist} the district's short name, {y} the edition year, {y0} the year before it,
{m} month, {q} quarter, {n} batch number, {proj} a project, {place} a place, {co} a company,
{md} a month-day label such as 3·15.

Each entry: `titles` (ways a real disclosure is titled), `elements` (what its body lists),
`traps` (news, meetings, campaigns, plans and statistics items *about* the subject that are
not the disclosure), `column` (names a site may give the column it is filed in).
"""

from __future__ import annotations

TEXTS_A: dict[str, dict[str, list[str]]] = {
    "approval.adjustments": {
        "titles": [
            "{dist}人民政府关于取消和调整一批行政审批项目的决定",
            "{dist}{y}年第{n}批取消、下放和变更实施机关的行政审批事项目录",
        ],
        "elements": ["取消的审批事项及依据", "下放至镇(街道)实施的事项", "变更实施机关的事项"],
        "traps": [
            "{org}举办行政审批制度改革业务骨干培训班",
            "{dist}深化审批制度改革 企业办事时间再压缩",
        ],
        "column": ["审批改革", "机构编制"],
    },
    "approval.results": {
        "titles": [
            "{y}年{m}月企业投资项目备案核准结果公示",
            "{org}行政审批办理结果公告({y}年第{n}期)",
            "{y}年{m}月企业设立登记审批结果",
        ],
        "elements": ["申请单位", "审批事项", "受理日期", "办结日期", "审批结论"],
        "traps": [
            "{org}窗口扎实推进审批服务提速增效",
            "我局召开行政审批窗口规范化建设座谈会",
        ],
        "column": ["审批结果", "行政审批"],
    },
    "approval.licensing-guide": {
        "titles": [
            "{dist}行政许可事项目录及办事指南",
            "{org}关于公布区本级行政许可项目清单的通知",
        ],
        "elements": ["许可项目名称", "设定依据", "法定办结时限", "申请材料清单"],
        "traps": ["{dist}开展行政许可标准化建设业务培训"],
        "column": ["行政许可", "办事指南"],
    },
    "budget.government-budget": {
        "titles": [
            "关于{dist}{y0}年预算执行情况和{y}年预算草案的报告",
            "{dist}{y}年区本级一般公共预算公开",
            "{dist}{y}年财政收支预算表",
        ],
        "elements": ["一般公共预算收支总表", "政府性基金收支预算表", "区本级支出预算表"],
        "traps": [
            "{dist}召开{y}年预算编制工作布置会",
            "1-{m}月全区财政收入完成情况简析",
        ],
        "column": ["财政预决算", "财政资金"],
    },
    "budget.government-accounts": {
        "titles": [
            "{dist}{y}年区本级财政决算公开",
            "关于{dist}{y}年财政决算的报告",
        ],
        "elements": ["一般公共预算收支决算总表", "政府性基金收支决算表", "决算情况说明"],
        "traps": ["{org}部署{y}年度财政总决算编审工作"],
        "column": ["财政预决算", "财政资金"],
    },
    "budget.department-budget": {
        "titles": [
            "{org}{y}年部门预算公开",
            "{org}{y}年度部门预算及情况说明",
            "{y}年{org}部门预算信息",
        ],
        "elements": [
            "收支预算总表",
            "财政拨款收支预算表",
            "一般公共预算支出表",
            "部门职责及机构设置",
        ],
        "traps": [
            "{org}组织财务人员参加{y}年预算编制培训",
            "{org}召开{y}年预算管理工作推进会",
        ],
        "column": ["部门预决算", "财务信息", "预决算公开"],
    },
    "budget.department-accounts": {
        "titles": [
            "{org}{y}年度部门决算公开",
            "{org}{y}年部门决算报告",
        ],
        "elements": ["收支决算总表", "财政拨款收支决算表", "部门决算情况说明", "机关运行经费"],
        "traps": ["{org}认真做好{y}年度部门决算编报工作"],
        "column": ["部门预决算", "财务信息", "预决算公开"],
    },
    "budget.three-public": {
        "titles": [
            "{dist}{y}年区本级“三公”经费预算公开",
            "{dist}{y}年各部门“三公”经费预算汇总表",
        ],
        "elements": ["因公出国(境)费用", "公务用车购置及运行维护费", "公务接待费", "增减变化原因"],
        "traps": [
            "{dist}严控“三公”经费支出 厉行节约成效明显",
            "关于开展“三公”经费使用情况专项检查的通知",
        ],
        "column": ["财政预决算", "三公经费"],
    },
    "budget.audit-results": {
        "titles": [
            "关于{dist}{y}年度本级预算执行和其他财政收支的审计工作报告",
            "{dist}{y}年度区本级预算执行审计结果公告",
        ],
        "elements": ["区本级预算执行审计情况", "部门预算执行审计发现的问题", "整改情况"],
        "traps": [
            "{org}召开{y}年度预算执行审计进点会",
            "{org}组织开展审计业务大讲堂",
        ],
        "column": ["审计结果", "审计公告"],
    },
    "budget.livelihood-funds": {
        "titles": [
            "{y}年{m}月民生资金支出情况公开",
            "{dist}{y}年第{q}季度民生资金支出情况表",
        ],
        "elements": ["教育支出", "医疗卫生支出", "社会保障和就业支出", "农林水支出"],
        "traps": ["{dist}民生投入持续加大 群众获得感不断增强"],
        "column": ["财政资金", "民生资金"],
    },
    "housing.annual-plan": {
        "titles": [
            "{dist}{y}年保障性安居工程建设计划表",
            "{y}年度保障性住房和棚户区改造建设任务公示",
        ],
        "elements": ["项目名称", "建设地点", "建设类型", "计划套数", "计划开工时间"],
        "traps": ["{dist}召开{y}年保障性安居工程建设推进会"],
        "column": ["住房保障", "安居工程"],
    },
    "housing.project-progress": {
        "titles": [
            "{y}年保障性安居工程项目开工竣工情况({m}月)",
            "{dist}保障性住房项目建设进度公示({y}年{m}月)",
        ],
        "elements": ["项目名称", "建设地点", "开工套数", "竣工套数", "形象进度"],
        "traps": ["市领导到我区调研保障房项目建设工作"],
        "column": ["住房保障", "安居工程"],
    },
    "housing.allocation": {
        "titles": [
            "{y}年第{n}批公共租赁住房分配结果公示",
            "{dist}廉租住房配租家庭名单公示({y}年第{n}批)",
        ],
        "elements": ["申请家庭", "配租房源", "轮候顺序", "摇号结果", "退出情况"],
        "traps": ["{org}开展保障性住房分配管理专项检查"],
        "column": ["住房保障", "分配公示"],
    },
    "housing.supervision-contact": {
        "titles": [
            "{dist}保障性住房工作监督举报电话及电子邮箱",
            "关于公布保障性安居工程监督电话和邮箱的公告",
        ],
        "elements": ["监督举报电话", "监督电子邮箱", "受理时间"],
        "traps": ["我局召开保障房质量监督工作座谈会"],
        "column": ["住房保障", "通知公告"],
    },
    "food-drug.incidents": {
        "titles": [
            "关于{place}学校集体食物中毒事件调查处理情况的通报",
            "{dist}食品安全热点问题处置情况公告({y}年第{n}号)",
        ],
        "elements": ["事件经过", "已采取的处置措施", "后续进展"],
        "traps": ["{org}开展{y}年食品安全宣传周活动"],
        "column": ["监管信息", "食品药品安全"],
    },
    "food-drug.enforcement": {
        "titles": [
            "{y}年第{n}期食品药品行政处罚案件信息公开",
            "{org}{y}年{m}月监督检查结果公告",
        ],
        "elements": ["被检查单位", "检查结果", "处罚决定", "案件办理情况"],
        "traps": ["{org}召开执法办案能力提升推进会"],
        "column": ["监管信息", "执法公示"],
    },
    "food-drug.blacklist": {
        "titles": [
            "{dist}食品药品安全“黑名单”企业名单",
            "关于公布食品药品严重违法生产经营者黑名单的公告",
        ],
        "elements": ["企业名称", "违法事实", "处罚结果", "列入日期"],
        "traps": ["{org}推进食品药品安全信用体系建设"],
        "column": ["监管信息", "信用信息"],
    },
    "food-drug.illegal-ads": {
        "titles": [
            "{y}年第{n}期违法药品医疗器械保健食品广告公告",
            "违法保健食品广告查处情况公告({y}年{m}月)",
        ],
        "elements": ["广告名称", "发布媒体", "违法内容", "处理结果"],
        "traps": ["我局联合多部门开展虚假广告整治宣传进社区"],
        "column": ["监管信息", "广告监测"],
    },
    "food-drug.gmp": {
        "titles": [
            "辖区药品生产企业新版GMP认证实施情况公开",
            "{dist}药品生产企业新修订GMP实施进展公告",
        ],
        "elements": ["企业名称", "认证范围", "证书编号", "认证日期"],
        "traps": ["{org}组织辖区药企负责人学习新版GMP"],
        "column": ["药品监管", "监管信息"],
    },
    "food-drug.campaigns": {
        "titles": [
            "{y}年婴幼儿配方乳粉专项整治工作情况通报",
            "{dist}乳制品和保健食品专项整治结果公告",
        ],
        "elements": ["检查经营单位数", "发现问题", "立案查处", "下架产品"],
        "traps": [
            "{org}召开婴幼儿配方乳粉整治动员会",
            "{dist}秋季学校周边安全隐患专项整治工作方案",
        ],
        "column": ["专项整治", "监管信息"],
    },
    "food-drug.standards": {
        "titles": [
            "食品安全国家标准目录及解读",
            "《预包装食品营养标签通则》国家标准解读",
        ],
        "elements": ["标准编号", "标准名称", "适用范围", "解读要点"],
        "traps": ["{org}举办食品安全标准宣贯培训班"],
        "column": ["标准法规", "食品安全"],
    },
}
