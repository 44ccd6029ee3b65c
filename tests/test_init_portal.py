"""`auditor init --portal` on a generated portal: department blocks to site roots and prefixes."""

from __future__ import annotations

from pathlib import Path

from auditor.inspection.file import load_inspection


def portal_home(stats: str, health: str, platform: str) -> str:
    """A portal front page: navigation and news that are not departments, a 区直部门 block
    with links to other hosts and into the portal, and a 乡镇街道 drop-down."""
    return f"""<!doctype html><html><head><meta charset="gbk"><title>翠湖区人民政府门户网站</title></head>
<body><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zfbm/">政府部门</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
<div class="news"><h3>政务动态</h3><ul>
<li><a href="/news/2024/01.html">翠湖区统计局发布年度统计公报</a></li>
<li><a href="http://127.0.0.1:9/outside.html">青州市新闻网</a></li></ul></div>
<div class="box"><div class="box-hd"><h3>区直部门</h3><a href="/bmlist/">更多&gt;&gt;</a></div>
<ul class="links">
<li><a href="{stats}/" target="_blank">翠湖区统计局</a></li>
<li><a href="/dept/fgw/index.html">翠湖区发展和改革委员会</a></li>
<li><a href="/dept/rsj/">青州市翠湖区人力资源和社会保障局</a></li>
<li><a href="{health}/index.shtml" title="翠湖区卫生健康委员会"><img src="/i/wjw.png" alt=""></a></li>
</ul></div>
<div class="box"><span class="title">乡镇街道</span>
<select onchange="window.open(this.value)"><option value="">请选择</option>
<option value="/town/bs/index.html">白沙镇人民政府</option></select></div>
<div class="footer"><a href="{platform}">省政府信息公开统一平台</a> 主办:翠湖区人民政府办公室</div>
</body></html>"""


def test_portal_blocks_give_separate_hosts_and_portal_prefixes(
    county_checklist, planworld, run_cli, tmp_path: Path
) -> None:
    checklist = tmp_path / "cuihu.toml"
    checklist.write_text(county_checklist, encoding="utf-8")
    with (
        planworld.Host() as portal,
        planworld.Host() as stats,
        planworld.Host() as health,
        planworld.Host() as platform,
    ):
        portal.text("/robots.txt", "User-agent: *\nDisallow: /admin/\n")
        portal.html("/", portal_home(stats.origin, health.origin, platform.origin + "/"), "gbk")
        plan = tmp_path / "plan.toml"
        result = run_cli(
            "init",
            "--portal",
            portal.origin + "/",
            "--checklist",
            str(checklist),
            "--out",
            str(plan),
            timeout=60,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert portal.requests == ["/robots.txt", "/"]  # one page, after robots.txt
        assert stats.requests == health.requests == platform.requests == []
    drafted = load_inspection(plan)
    assert {(s.department, s.url) for s in drafted.sites} == {
        ("区统计局", stats.origin + "/"),
        ("区发改委", portal.origin + "/dept/fgw/"),
        ("区人社局", portal.origin + "/dept/rsj/"),
        ("区卫健委", health.origin + "/"),
        ("白沙镇", portal.origin + "/town/bs/"),
    }
    assert drafted.platform.url == platform.origin + "/"
    assert drafted.checklist == str(checklist.resolve())
    assert "区审计局" in result.stdout  # in the checklist, not on the portal


def test_portal_whose_robots_forbid_it_is_not_read(planworld, run_cli, tmp_path: Path) -> None:
    with planworld.Host() as portal:
        portal.text("/robots.txt", "User-agent: *\nDisallow: /\n")
        portal.html("/", portal_home("http://127.0.0.1:9", "http://127.0.0.1:9", "/pt/"))
        result = run_cli(
            "init", "--portal", portal.origin, "--out", str(tmp_path / "plan.toml"), timeout=60
        )
        assert portal.requests == ["/robots.txt"]
    assert result.returncode == 2
    assert "robots.txt 不允许" in result.stderr and "--sites" in result.stderr
    assert not (tmp_path / "plan.toml").exists()


def test_tabbed_blocks_are_read_and_menu_items_are_not() -> None:
    """Tabs whose heading links go nowhere head their panes; a menu's 政府部门 page link and
    the news beside it are no departments."""
    from auditor.plan.portal import portal_links

    page = """<ul class="menu"><li><a href="/zfbm/">政府部门</a></li><li><a href="/xw/">要闻</a></li></ul>
    <div class="tabs"><ul><li><a href="javascript:;">部门网站</a></li><li><a href="#">乡镇网站</a></li></ul>
    <div class="pane"><a href="http://127.0.0.1:8/">翠湖区统计局</a><a href="/dept/sjj/list.html">审计局</a></div>
    <div class="pane"><a href="/town/bs/">白沙镇</a><a href="mailto:x@y">邮箱</a></div></div>"""
    found = portal_links(page, "http://127.0.0.1:7/")
    assert [(c.name, c.url) for c in found.sites] == [
        ("翠湖区统计局", "http://127.0.0.1:8/"),
        ("审计局", "http://127.0.0.1:7/dept/sjj/"),
        ("白沙镇", "http://127.0.0.1:7/town/bs/"),
    ]
