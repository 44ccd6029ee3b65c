"""`auditor audit --check-only`: every site of a plan tried once, nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

HOME = """<html><head><meta charset="gbk"><title>翠湖区统计局</title></head><body>
<h1>翠湖区统计局</h1><a href="/tjj/tjgb/">统计公报</a><a href="/tjj/tjsj/">统计数据</a></body></html>"""


def write_plan(county_checklist, path: Path, platform: str, sites: dict[str, str]) -> Path:
    (path.parent / "cuihu.toml").write_text(county_checklist, encoding="utf-8")
    blocks = "".join(
        f'\n[[sites]]\ndepartment = "{name}"\nurl = "{url}"\n' for name, url in sites.items()
    )
    path.write_text(
        f'name = "翠湖区检查"\nchecklist = "cuihu.toml"\n[platform]\nname = "平台"\n'
        f'url = "{platform}"\n{blocks}\n[crawl]\ndelay = 0.0\ntimeout = 3.0\n'
        "max_pages_per_site = 500\n",
        encoding="utf-8",
    )
    return path


def serve_stats(host: Any) -> None:
    """A site that tells its size: robots.txt names a sitemap with four of its pages."""
    o = host.origin
    locs = [f"{o}/tjj/", f"{o}/tjj/tjgb/", f"{o}/tjj/tjsj/", f"{o}/tjj/a1.html", f"{o}/zwgk/x.html"]
    sitemap = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    host.text("/robots.txt", f"User-agent: *\nDisallow: /admin/\nSitemap: {o}/sitemap.xml\n")
    host.pages["/sitemap.xml"] = (
        200,
        {"Content-Type": "application/xml"},
        f"<urlset>{sitemap}</urlset>",
    )
    host.html("/tjj/", HOME, "gbk")
    host.html("/pt/", "<html><head><title>统一平台</title></head><body>共 35 条</body></html>")


def test_a_sound_plan_passes_with_size_and_time_estimates(
    county_checklist, planworld, run_cli, tmp_path: Path
) -> None:
    with planworld.Host() as good:
        serve_stats(good)
        plan = write_plan(
            county_checklist,
            tmp_path / "plan.toml",
            good.origin + "/pt/",
            {"区统计局": good.origin + "/tjj/"},
        )
        result = run_cli("audit", "--check-only", str(plan), "--out", str(tmp_path / "out"))
        assert good.requests.count("/robots.txt") == 1  # one host, asked once
        assert good.requests.count("/sitemap.xml") == 1
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["部门", "网址", "可访问"]
    stats = next(line for line in lines if line.startswith("区统计局"))
    assert "gb" in stats.lower() and "翠湖区统计局" in stats and "4(站点地图)" in stats
    platform = next(line for line in lines if line.startswith("平台"))
    assert "36(栏目条数)" in platform
    assert "全部 2 个网站可以检查" in result.stdout
    assert not (tmp_path / "out").exists()


def test_unreachable_and_forbidding_sites_fail_the_check_and_nothing_is_written(
    county_checklist,
    planworld,
    run_cli,
    tmp_path: Path,
) -> None:
    with planworld.Host() as good, planworld.Host() as forbidding, planworld.ClosedPort() as closed:
        serve_stats(good)
        forbidding.text("/robots.txt", "User-agent: *\nDisallow: /\n")
        forbidding.html("/", "<title>翠湖区水利局</title>")
        sites = {
            "区统计局": good.origin + "/tjj/",
            "区水利局": forbidding.origin + "/",
            "区审计局": closed + "/sjj/",
        }
        plan = write_plan(county_checklist, tmp_path / "plan.toml", good.origin + "/pt/", sites)
        out = tmp_path / "out"
        result = run_cli("audit", "--check-only", str(plan), "--out", str(out))
        assert forbidding.requests == ["/robots.txt"]  # robots obeyed: home page not fetched
    assert result.returncode == 2, result.stdout + result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("无法检查")]
    assert len(failed) == 2, result.stderr
    assert "区水利局" in failed[0] and "robots.txt" in failed[0]
    assert "区审计局" in failed[1] and "连接被拒绝" in failed[1]
    table = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert "否:连接被拒绝" in table["区审计局"] and table["区统计局"].split()[2] == "是"
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cuihu.toml", "plan.toml"]
