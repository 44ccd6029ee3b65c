"""The demo district's hosts and sites: who runs them, how their CMS spells URLs and pages.

Each site imitates a different real CMS family (TRS WCM, Hanweb, an old ASP system, a .NET
one, JEECMS) so the crawler and extractor meet the variety they meet in the field.
"""

from __future__ import annotations

from dataclasses import dataclass

# Server hosts: one ThreadingHTTPServer each. The portal hosts two departments by prefix.
HOSTS = ("portal", "zjj", "hbj", "syj", "fgj", "platform", "outside")


@dataclass(frozen=True)
class Style:
    """Template choices that vary between sites."""

    date_fmt: str  # iso | cn | slash | iso-time | dot
    date_label: str
    crumb_label: str
    crumb_sep: str
    gov_meta: bool  # 政府网站发展指引 <meta> tags
    catalog: bool  # article pages carry a 信息公开目录 block
    base: str = "base_div.html"


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    cid: int


@dataclass(frozen=True)
class SiteSpec:
    key: str
    title: str
    host: str
    prefix: str
    scheme: str  # trs | hanweb | asp | aspx | jeecms
    style: Style
    department: str | None = None
    aliases: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    encoding: str = "utf-8"
    org_code: str = ""  # first half of 索引号
    site_id: str = ""  # 网站标识码
    icp: str = ""
    sponsor: str = ""  # 主办单位
    robots_path: str = ""  # the one Disallow path on this host (set on the host's main site)
    first_id: int = 1000

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


_TRS = Style("iso", "发布日期:", "当前位置:", " > ", gov_meta=True, catalog=True)
_HANWEB = Style("cn", "发布时间:", "当前位置:", " >> ", gov_meta=False, catalog=True)
_ASP = Style("slash", "日期:", "您现在的位置:", " >> ", False, False, "base_table.html")
_ASPX = Style("iso-time", "时间:", "所在位置:", " > ", gov_meta=False, catalog=False)
_JEECMS = Style("dot", "发布日期:", "当前位置:", " > ", gov_meta=True, catalog=True)
_PLATFORM = Style("iso", "发布日期:", "当前位置:", " > ", gov_meta=True, catalog=True)

SITES: tuple[SiteSpec, ...] = (
    SiteSpec(
        "czj",
        "良庆区财政局",
        "portal",
        "/bm/czj/",
        "trs",
        _TRS,
        department="城区财政局",
        aliases=("良庆区财政局",),
        columns=(
            Column("gzdt", "工作动态", 1),
            Column("czyjs", "财政预决算", 2),
            Column("mszj", "民生资金", 3),
            Column("tzgg", "通知公告", 4),
            Column("jgzn", "机构职能", 5),
            Column("bszn", "办事指南", 6),
        ),
        org_code="007664521",
        site_id="4501080001",
        icp="桂ICP备05002751号",
        sponsor="南宁市良庆区人民政府办公室",
        first_id=1001,
    ),
    SiteSpec(
        "jyj",
        "良庆区教育局",
        "portal",
        "/bm/jyj/",
        "trs",
        _TRS,
        department="城区教育局",
        aliases=("良庆区教育局",),
        columns=(
            Column("gzdt", "教育动态", 1),
            Column("zsxx", "招生信息", 2),
            Column("jyzc", "教育政策", 3),
            Column("bmys", "部门预决算", 4),
        ),
        org_code="007664566",
        site_id="4501080001",
        icp="桂ICP备05002751号",
        sponsor="南宁市良庆区人民政府办公室",
        first_id=2001,
    ),
    SiteSpec(
        "zjj",
        "良庆区住房和城乡建设局",
        "zjj",
        "/",
        "hanweb",
        _HANWEB,
        department="城区住建局",
        aliases=("良庆区住房和城乡建设局", "良庆区住建局"),
        columns=(
            Column("gzdt", "工作动态", 1451),
            Column("tzgg", "通知公告", 1452),
            Column("bzxzf", "保障性住房", 1453),
            Column("bmys", "部门预决算", 1454),
            Column("xxgk", "政府信息公开", 1455),
            Column("zxts", "咨询投诉", 1456),
        ),
        org_code="007664603",
        site_id="4501080014",
        icp="桂ICP备06003318号",
        sponsor="南宁市良庆区住房和城乡建设局",
        robots_path="/manage/",
        first_id=37201,
    ),
    SiteSpec(
        "hbj",
        "良庆区环境保护局",
        "hbj",
        "/",
        "asp",
        _ASP,
        department="城区环保局",
        aliases=("良庆区环境保护局", "良庆区环保局"),
        columns=(
            Column("hbdt", "环保动态", 3),
            Column("hjzl", "环境质量", 5),
            Column("hpsp", "环评审批", 6),
            Column("bmys", "部门预决算", 7),
            Column("zwgk", "政务公开", 8),
        ),
        encoding="gbk",
        org_code="007664638",
        site_id="4501080022",
        icp="桂ICP备09001207号",
        sponsor="南宁市良庆区环境保护局",
        robots_path="/admin/",
        first_id=321,
    ),
    SiteSpec(
        "syj",
        "良庆区食品药品监督管理局",
        "syj",
        "/",
        "aspx",
        _ASPX,
        department="城区食药局",
        aliases=("良庆区食品药品监督管理局", "良庆区食药局"),
        columns=(
            Column("spdt", "食药动态", 1),
            Column("jgxx", "监管信息", 2),
            Column("bmys", "部门预决算", 3),
            Column("zwgk", "政务公开", 5),
        ),
        org_code="322105871",
        site_id="4501080031",
        icp="桂ICP备13004026号",
        sponsor="南宁市良庆区食品药品监督管理局",
        robots_path="/search/",
        first_id=2001,
    ),
    SiteSpec(
        "fgj",
        "良庆区发展和改革局",
        "fgj",
        "/",
        "jeecms",
        _JEECMS,
        department="城区发改局",
        aliases=("良庆区发展和改革局", "良庆区发改局"),
        columns=(
            Column("fgdt", "发改动态", 1),
            Column("xzsp", "行政审批", 2),
            Column("jgsf", "价格收费", 3),
            Column("zdxm", "重点项目", 4),
            Column("bmys", "部门预决算", 5),
            Column("hdjl", "互动交流", 6),
            Column("xxgknb", "信息公开年报", 7),
        ),
        org_code="007664492",
        site_id="4501080009",
        icp="桂ICP备07000598号",
        sponsor="南宁市良庆区发展和改革局",
        robots_path="/cms/",
        first_id=3101,
    ),
    SiteSpec(
        "platform",
        "自治区政府信息公开统一平台",
        "platform",
        "/",
        "trs",
        _PLATFORM,
        columns=(
            Column("gkml/zdly", "重点领域", 10),
            Column("gkml/zdly/czyjs", "财政预算决算和“三公”经费", 11),
            Column("gkml/zdly/bzxzf", "保障性住房", 12),
            Column("gkml/zdly/spyp", "食品药品安全", 13),
            Column("gkml/zdly/hjbh", "环境保护", 14),
            Column("gkml/zdly/jgsf", "价格和收费", 15),
            Column("gkml/zdly/ggqsy", "教育医疗等公共企事业单位", 16),
            Column("gkml/zdly/tjqk", "工作推进情况", 17),
            Column("xwdt", "工作动态", 20),
        ),
        site_id="4500000046",
        icp="桂ICP备05000130号",
        sponsor="广西壮族自治区人民政府办公厅",
        robots_path="/gkml/ysq/",
        first_id=51001,
    ),
    SiteSpec(
        "outside",
        "南宁市人民政府门户网站",
        "outside",
        "/",
        "trs",
        _TRS,
        site_id="4501000001",
        icp="桂ICP备05000321号",
        sponsor="南宁市人民政府办公厅",
    ),
)

# The portal root itself (良庆区人民政府门户网站) is not a department site; only its
# prefixes are inspected.
PORTAL = SiteSpec(
    "portal",
    "南宁市良庆区人民政府门户网站",
    "portal",
    "/",
    "trs",
    _TRS,
    site_id="4501080001",
    icp="桂ICP备05002751号",
    sponsor="南宁市良庆区人民政府办公室",
    robots_path="/bm/czj/nbxx/",
)


def site(key: str) -> SiteSpec:
    return next(s for s in (*SITES, PORTAL) if s.key == key)


def department_sites() -> tuple[SiteSpec, ...]:
    return tuple(s for s in SITES if s.department)
