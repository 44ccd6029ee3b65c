"""Words for the synthetic district: department names, titles per column, body text."""

from __future__ import annotations

import random

DEPARTMENTS = (
    "城区财政局",
    "城区教育局",
    "城区住建局",
    "城区环保局",
    "城区食药局",
    "城区发改局",
    "城区卫计局",
    "城区民政局",
    "城区人社局",
    "城区国土局",
    "城区交通局",
    "城区水利局",
    "城区农业局",
    "城区林业局",
    "城区商务局",
    "城区审计局",
    "城区统计局",
    "城区安监局",
    "城区文体局",
    "城区司法局",
)
TOPICS = (
    "召开专题会议研究部署下一阶段重点工作",
    "关于做好年度目标责任考评工作的通知",
    "关于印发实施方案的通知",
    "部门预算编制说明及收支预算总表",
    "因公出国(境)费、公务用车购置及运行费、公务接待费",
    "行政许可事项办理结果公示",
    "国民经济和社会发展规划纲要",
    "公开招聘工作人员公告",
    "人大代表建议和政协提案办理结果",
    "重大建设项目批准和实施情况",
    "政府信息公开指南和目录",
)
TITLES = (
    "{d}召开{y}年第{n}次工作推进会",
    "关于开展{y}年安全生产大检查的通知",
    "{d}关于印发{y}年工作要点的通知",
    "{d}{y}年部门预算",
    "{d}{y}年“三公”经费预算情况说明",
    "{d}行政许可决定公示(第{n}期)",
    "{d}{y}年工作计划",
    "{d}{y}年公开招聘工作人员公告",
    "对区政协{y}年第{n}号提案的答复",
    "{y}年重大项目建设进展情况(第{n}期)",
    "{d}政府信息公开指南",
)
WORDS = (
    "为深入贯彻落实党的十八届三中全会精神",
    "进一步推进政府信息公开工作",
    "按照上级有关文件要求",
    "结合我区实际",
    "现将有关事项通知如下",
    "各单位要高度重视",
    "切实加强组织领导",
    "明确责任分工",
    "确保各项工作落到实处",
    "提高行政效能和服务水平",
    "主动接受社会监督",
    "请各部门于规定时间前报送",
    "特此通知",
    "全面完成年度目标任务",
    "加大财政资金统筹力度",
    "保障和改善民生",
)
CSS = "body{margin:0;padding:0;font:12px/1.5 SimSun}.nav li{float:left;width:80px}"


def title_for(department: str, column: int, n: int) -> str:
    template = TITLES[column % len(TITLES)]
    return template.format(d=department, y=2013 + n % 2, n=1 + n % 30)


def paragraph(rng: random.Random, topic: str) -> str:
    return topic + ",".join(rng.choice(WORDS) for _ in range(8)) + "。"


def filler(rng: random.Random, chars: int) -> str:
    """Chinese body text of about `chars` characters."""
    out, size = [], 0
    while size < chars:
        word = rng.choice(WORDS)
        out.append(word + ",")
        size += len(word) + 1
    return "".join(out)


def css(rng: random.Random, chars: int) -> str:
    """The inline style block a CMS template carries on every page (ASCII)."""
    rules = [f".c{rng.randrange(10**6)} {{{CSS}}}" for _ in range(chars // 80)]
    return "".join(rules)
