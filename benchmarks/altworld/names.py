"""Departments of the generated district and the names they publish under.

The checklist (liangqing-2014) fixes the canonical names; a real district prints many
spellings, among them official full names that the checklist does not know and that the
inspection file therefore declares as aliases. Path codes are full pinyin, unlike the
initials the demo uses.
"""

from __future__ import annotations

from dataclasses import dataclass

DIST = "良庆区"


@dataclass(frozen=True)
class Dept:
    code: str  # pinyin path segment / host label
    name: str  # canonical, as the checklist spells it
    official: str  # official full name: an inspection-file alias
    printed: tuple[str, ...]  # spellings the department's own pages use for itself
    site_title: str


DEPTS: tuple[Dept, ...] = (
    Dept(
        "bianban",
        "城区编制办",
        "中共南宁市良庆区委员会机构编制委员会办公室",
        ("良庆区编办", "中共南宁市良庆区委员会机构编制委员会办公室"),
        "良庆区机构编制网",
    ),
    Dept(
        "caizheng",
        "城区财政局",
        "南宁市良庆区财政局",
        ("良庆区财政局", "南宁市良庆区财政局"),
        "南宁市良庆区财政局",
    ),
    Dept(
        "shenji",
        "城区审计局",
        "南宁市良庆区审计局",
        ("良庆区审计局", "南宁市良庆区审计局"),
        "良庆区审计局",
    ),
    Dept(
        "zhujian",
        "城区住建局",
        "南宁市良庆区住房和城乡建设局",
        ("良庆区住房和城乡建设局", "南宁市良庆区住房和城乡建设局"),
        "良庆区住房和城乡建设局",
    ),
    Dept(
        "shiyao",
        "城区食药局",
        "南宁市良庆区食品药品监督管理局",
        ("良庆区食品药品监督管理局", "良庆区食药监局"),
        "良庆区食品药品监督管理局",
    ),
    Dept(
        "weiji",
        "城区卫生局",
        "南宁市良庆区卫生和计划生育局",
        ("良庆区卫生和计划生育局", "良庆区卫计局"),
        "良庆区卫生和计划生育局",
    ),
    Dept(
        "anjian",
        "城区安监局",
        "南宁市良庆区安全生产监督管理局",
        ("良庆区安全生产监督管理局", "南宁市良庆区安全生产监督管理局"),
        "良庆区安监局",
    ),
    Dept(
        "zhengchai",
        "城区征地拆迁办",
        "南宁市良庆区征地拆迁工作办公室",
        ("良庆区征地拆迁工作办公室", "南宁市良庆区征地拆迁工作办公室"),
        "良庆区征地拆迁工作办公室",
    ),
    Dept(
        "gongxin",
        "城区经信局",
        "南宁市良庆区工业和信息化局",
        ("良庆区工业和信息化局", "南宁市良庆区工业和信息化局"),
        "良庆区工业和信息化局",
    ),
    Dept(
        "touzi",
        "城区招商局",
        "南宁市良庆区投资促进局",
        ("良庆区投资促进局", "南宁市良庆区投资促进局"),
        "良庆区投资促进局",
    ),
    Dept(
        "caigou",
        "城区政府采购中心",
        "南宁市良庆区政府集中采购中心",
        ("良庆区政府集中采购中心", "南宁市良庆区政府集中采购中心"),
        "良庆区政府集中采购中心",
    ),
    Dept(
        "huanbao",
        "城区环保局",
        "南宁市良庆区环境保护局",
        ("良庆区环境保护局", "南宁市良庆区环境保护局"),
        "良庆区环境保护局",
    ),
    Dept(
        "gongshang",
        "城区工商局",
        "南宁市工商行政管理局良庆分局",
        ("南宁市工商行政管理局良庆分局", "良庆工商分局"),
        "南宁市工商局良庆分局",
    ),
    Dept(
        "jiaoyu",
        "城区教育局",
        "南宁市良庆区教育局",
        ("良庆区教育局", "南宁市良庆区教育局"),
        "良庆区教育信息网",
    ),
    Dept(
        "fagai",
        "城区发改局",
        "南宁市良庆区发展和改革局",
        ("良庆区发展和改革局", "南宁市良庆区发展和改革局"),
        "良庆区发展和改革局",
    ),
)
BY_NAME = {d.name: d for d in DEPTS}

# Same-named bodies of other districts: their entries on the platform are nobody's evidence.
OTHER_BODIES = ("江南区财政局", "西乡塘区住房和城乡建设局", "兴宁区教育局", "青秀区环境保护局")

PROJECTS = (
    "大塘至那马二级公路改扩建工程",
    "良庆区五象新区配套道路一期工程",
    "那黄大道综合管廊工程",
    "良庆镇中心小学教学楼",
    "大沙田片区棚户区改造项目",
    "玉洞大道延长线工程",
    "南晓镇污水处理厂",
    "良庆区人民医院门诊综合楼",
    "蟠龙片区安置小区二期",
)
PLACES = ("大塘镇", "南晓镇", "那马镇", "良庆镇", "大沙田街道", "玉洞街道")
COMPANIES = (
    "南宁市某建材有限公司",
    "广西某物流有限公司",
    "良庆区某木材加工厂",
    "南宁某化工有限公司",
    "广西某建设工程有限公司",
)
