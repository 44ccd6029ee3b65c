"""What a disclosure of each item looks like on this world's sites (second half; the format
and placeholders are described in texts_a)."""

from __future__ import annotations

TEXTS_B: dict[str, dict[str, list[str]]] = {
    "environment.water-quality": {
        "titles": [
            "{y}年{m}月{dist}集中式饮用水水源地水质状况报告",
            "{dist}{y}年{m}月地表水监测断面水质信息",
        ],
        "elements": ["监测断面", "监测项目", "水质类别", "达标情况"],
        "traps": ["{org}开展饮用水水源保护区巡查行动"],
        "column": ["环境质量", "环境监测"],
    },
    "environment.eia": {
        "titles": [
            "{y}年{m}月建设项目环境影响评价文件受理情况公示",
            "关于{proj}环境影响报告表审批意见的公告",
            "{proj}竣工环境保护验收情况公示",
        ],
        "elements": ["建设单位", "建设地点", "环评文件类型", "审批意见"],
        "traps": ["{org}召开建设项目环评审批改革座谈会"],
        "column": ["环评审批", "建设项目管理"],
    },
    "environment.polluter-supervision": {
        "titles": [
            "{y}年第{q}季度国控重点排污单位监督性监测结果",
            "{dist}{y}年重点污染源环境监管信息公开",
        ],
        "elements": ["排污单位名称", "监测点位", "排放浓度", "超标情况"],
        "traps": ["我局开展涉重金属企业环境安全隐患大排查"],
        "column": ["污染源监管", "环境管理"],
    },
    "environment.emission-reduction": {
        "titles": [
            "{dist}{y}年上半年主要污染物总量减排核查结果",
            "{y}年重点减排工程建设进展情况公告",
        ],
        "elements": ["化学需氧量排放量", "氨氮排放量", "二氧化硫排放量", "减排项目进度"],
        "traps": ["全区节能减排工作会议召开"],
        "column": ["总量减排", "环境管理"],
    },
    "safety.incident-response": {
        "titles": [
            "关于{place}“{md}”厂房火灾事故处置情况的通报",
            "{dist}生产安全事故信息发布({y}年第{n}号)",
        ],
        "elements": ["事故发生时间", "伤亡情况", "救援处置进展", "善后工作"],
        "traps": ["{org}组织开展危化品泄漏事故应急演练"],
        "column": ["事故信息", "安全生产"],
    },
    "safety.investigation-reports": {
        "titles": [
            "{co}“{md}”一般生产安全事故调查报告",
            "关于{co}“{md}”事故调查处理结果的公告",
        ],
        "elements": ["事故经过", "事故原因", "责任认定", "处理建议"],
        "traps": ["{org}召开安全生产事故警示教育大会"],
        "column": ["事故信息", "安全生产"],
    },
    "safety.early-warning": {
        "titles": [
            "安全生产预警提示({y}年第{n}期)",
            "关于做好强降雨期间安全生产风险防范的预警通知",
        ],
        "elements": ["风险提示", "重点防范行业", "防范措施"],
        "traps": ["{dist}{y}年“安全生产月”活动正式启动"],
        "column": ["预警信息", "安全生产"],
    },
    "pricing.price-catalog": {
        "titles": [
            "{dist}区本级政府定价项目目录",
            "关于公布{dist}定价目录的通知",
        ],
        "elements": ["定价项目", "定价内容", "定价部门", "备注"],
        "traps": ["{org}开展价格法律法规宣传进社区活动"],
        "column": ["价格管理", "价格收费"],
    },
    "pricing.fee-catalog": {
        "titles": [
            "{dist}行政事业性收费项目目录清单",
            "关于公布{dist}{y}年行政事业性收费项目的通知",
        ],
        "elements": ["收费单位", "收费项目名称", "收费标准", "政策依据"],
        "traps": ["{org}部署清理规范涉企行政事业性收费工作"],
        "column": ["收费公示", "价格收费"],
    },
    "pricing.supervision": {
        "titles": [
            "{dist}教育收费和医疗服务价格监督检查结果公告",
            "{y}年{m}月民生领域价格收费监管情况通报",
        ],
        "elements": ["检查领域", "检查单位数", "发现问题", "整改要求"],
        "traps": ["{org}召开{y}年价格监督检查工作会议"],
        "column": ["价格监管", "价格收费"],
    },
    "pricing.violation-cases": {
        "titles": [
            "{co}价格违法案件行政处罚决定书",
            "关于{y}年查处价格违法典型案件情况的通报",
        ],
        "elements": ["当事人", "违法事实", "处罚依据", "处罚结果"],
        "traps": ["{org}开展价格诚信单位创建活动"],
        "column": ["价格监管", "案件查办"],
    },
    "land.requisition": {
        "titles": [
            "{dist}{y}年第{n}批次城市建设用地征收土地公告",
            "{proj}征地补偿安置方案公告",
            "关于{proj}拟征收土地的告知书",
        ],
        "elements": ["征地位置", "征地面积", "补偿标准", "安置途径", "补偿登记期限"],
        "traps": [
            "{org}召开重点项目征地工作推进会",
            "{place}征收档案数字化整理工作有序开展",
        ],
        "column": ["征地公告", "征地信息"],
    },
    "land.expropriation": {
        "titles": [
            "关于{proj}国有土地上房屋征收决定的公告",
            "{proj}房屋征收补偿方案",
        ],
        "elements": ["征收范围", "签约期限", "补偿方式", "补偿标准", "奖励办法"],
        "traps": ["{org}组织学习《国有土地上房屋征收与补偿条例》"],
        "column": ["房屋征收", "征收公告"],
    },
    "land.survey-results": {
        "titles": [
            "{proj}房屋征收调查结果公示",
            "{proj}被征收房屋分户评估结果公示",
        ],
        "elements": ["被征收人", "房屋面积", "评估单价", "补偿金额"],
        "traps": ["{org}开展征收入户调查工作动员"],
        "column": ["房屋征收", "征收公告"],
    },
    "public-services.enrollment": {
        "titles": [
            "{y}年秋季{dist}小学一年级和初中一年级招生入学公告",
            "{dist}{y}年义务教育学校招生入学实施细则",
        ],
        "elements": ["学校服务片区", "入学条件", "报名材料", "报名时间", "咨询及投诉电话"],
        "traps": ["{org}召开{y}年中小学招生工作会议"],
        "column": ["招生信息", "教育信息"],
    },
    "public-services.education-info": {
        "titles": [
            "{y}年秋季学期家庭经济困难学生资助政策",
            "{dist}{y}年上半年教育经费执行情况公告",
        ],
        "elements": ["资助对象", "资助标准", "申请程序", "经费执行"],
        "traps": ["{org}开展学生资助政策宣传月活动"],
        "column": ["教育信息", "学生资助"],
    },
    "public-services.medical-info": {
        "titles": [
            "{dist}基层医疗卫生机构名录及服务项目",
            "{dist}乡镇卫生院医疗服务项目和收费标准公示",
        ],
        "elements": ["机构名称", "地址", "服务项目", "收费标准", "咨询电话"],
        "traps": ["{org}组织医务人员开展义诊进社区活动"],
        "column": ["医疗服务", "卫生信息"],
    },
    "investment.major-projects": {
        "titles": [
            "{dist}{y}年重大建设项目实施情况公开",
            "{y}年{m}月全区重大项目实施进展情况",
        ],
        "elements": ["项目名称", "建设规模", "总投资", "开工时间", "形象进度"],
        "traps": ["{dist}{y}年第{q}批重大项目集中开工仪式举行"],
        "column": ["投资项目", "重大项目"],
    },
    "investment.promotion-projects": {
        "titles": [
            "{dist}{y}年重点招商引资项目推介表",
            "{y}年第{q}季度重点招商引资项目签约情况",
        ],
        "elements": ["项目名称", "投资方", "投资总额", "合作方式", "签约时间"],
        "traps": ["{org}赴粤港澳开展招商推介活动"],
        "column": ["招商项目", "招商引资"],
    },
    "investment.industrial-policy": {
        "titles": [
            "{dist}关于扶持工业企业技术改造的若干政策措施",
            "{dist}工业项目用地扶持政策汇编",
        ],
        "elements": ["适用范围", "扶持标准", "申报条件", "兑现程序"],
        "traps": ["前三季度全区工业投资稳中有进"],
        "column": ["产业政策", "政策文件"],
    },
    "investment.industry-overview": {
        "titles": [
            "{y}年{m}月全区主要工业行业运行情况",
            "{dist}{y}年上半年主要工业行业基本情况",
        ],
        "elements": ["行业名称", "企业户数", "工业总产值", "同比增长"],
        "traps": ["{org}深入园区开展服务工业企业活动"],
        "column": ["工业经济", "运行分析"],
    },
    "investment.trade-statistics": {
        "titles": [
            "{y}年{m}月{dist}进出口及利用外资统计",
            "{y}年1-{m}月外商投资情况统计表",
        ],
        "elements": ["进出口总额", "同比增长", "新签合同项目数", "实际使用外资金额"],
        "traps": ["{org}组织企业参加中国—东盟博览会"],
        "column": ["统计数据", "外资外贸"],
    },
    "tendering.announcements": {
        "titles": [
            "{proj}采购项目公开招标公告",
            "{proj}采购项目中标结果公告",
        ],
        "elements": ["项目编号", "采购内容", "预算金额", "投标截止时间", "中标供应商"],
        "traps": ["{org}开展政府采购业务知识培训"],
        "column": ["采购公告", "招标采购"],
    },
    "tendering.violations": {
        "titles": [
            "关于{co}在政府采购活动中违法违规行为的处理决定",
            "{y}年政府采购供应商不良行为记录名单",
        ],
        "elements": ["供应商名称", "违法违规行为", "处理依据", "处理结果"],
        "traps": ["{org}召开招投标领域突出问题专项治理会议"],
        "column": ["采购监管", "招标采购"],
    },
    "progress.report": {
        "titles": [
            "{org}{y}年重点领域政府信息公开工作推进情况",
            "{org}关于{y}年重点领域信息公开工作进展情况的报告",
        ],
        "elements": ["工作开展情况", "公开信息数量", "存在问题", "下一步打算"],
        "traps": ["{org}{y}年政务公开工作要点"],
        "column": ["重点工作推进情况"],
    },
}
