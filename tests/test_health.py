"""Site health: each national-inspection indicator at its threshold, on a real stored crawl."""

from __future__ import annotations

import datetime as dt

import pytest

from auditor.health import site_health, verdict
from auditor.health.common import months_before
from auditor.store import Store

ROOT = "http://127.0.0.1:8101/bm/czj/"
AS_OF = dt.date(2014, 11, 20)
FOOTER = (
    "主办单位:良庆区财政局 地址:良庆区某某路18号 联系电话:0771-1234567 "
    "网站标识码:4501080001 桂ICP备08000837号 桂公网安备45010802000123号"
)
KEYS = {"id", "name", "value", "threshold", "status", "veto", "detail"}


def day(age: int) -> str:
    return (AS_OF - dt.timedelta(days=age)).isoformat()


def page(url, status=200, elapsed_ms=300, **facts):
    facts.setdefault("text", "正文")
    return {
        "site_key": "site1",
        "url": url,
        "final_url": url,
        "status": status,
        "elapsed_ms": elapsed_ms,
        "depth": 1,
        "title": facts.get("title", "页面"),
        "facts": facts,
    }


def home(age=1, **facts):
    facts.setdefault("listing_dates", [day(age)])
    facts.setdefault("footer", FOOTER)
    return page(ROOT, is_listing=True, **facts)


def column(slug, name, *dates, **facts):
    return page(f"{ROOT}{slug}/", is_listing=True, column=name, listing_dates=list(dates), **facts)


def link(source, target, ok=1, anchor="一篇文章的标题", listing_date=None):
    return {
        "site_key": "site1",
        "source": source,
        "target": target,
        "anchor": anchor,
        "tag": "a",
        "internal": 1,
        "listing_date": listing_date,
        "check_ok": ok,
    }


def audit(tmp_path, pages, links=(), checks=()):
    store = Store(tmp_path / "audit.db")
    run = store.start_run("检查", "x.toml", {}, "liangqing-2014", AS_OF.isoformat())
    store.add_sites(
        run, [{"key": "site1", "department": "城区财政局", "url": ROOT, "channel": "site"}]
    )
    link_rows = [{k: v for k, v in row.items() if k != "check_ok"} for row in links]
    check_rows = [
        {
            "site_key": "site1",
            "url": row["target"],
            "ok": row["check_ok"],
            "status": 200 if row["check_ok"] else 404,
            "reason": "ok" if row["check_ok"] else "http_404",
        }
        for row in links
        if row["check_ok"] is not None
    ]
    store.write_batch(
        run, {"pages": list(pages), "links": link_rows, "checks": check_rows + list(checks)}
    )
    (site,) = site_health(store, run, AS_OF)
    store.close()
    return site


def ind(site, id_):
    return next(i for i in site["indicators"] if i["id"] == id_)


def test_a_healthy_site_passes_with_every_indicator_well_formed(tmp_path):
    site = audit(tmp_path, [home(), column("gzdt", "工作动态", day(3))])
    assert (site["key"], site["department"], site["url"], site["channel"]) == (
        "site1",
        "城区财政局",
        ROOT,
        "site",
    )
    assert site["verdict"] == "合格" and site["passed"] and site["score"] == 100
    for item in site["indicators"]:
        # availability decides nothing without a week of `auditor probe` visits
        undecided = item["id"] == "home.availability" and item["status"] == "insufficient"
        assert item.keys() >= KEYS and (item["status"] in ("ok", "warn", "fail") or undecided)
    assert not any(i["veto"] for i in site["indicators"])


@pytest.mark.parametrize(("age", "status"), [(9, "ok"), (10, "warn"), (14, "warn"), (15, "fail")])
def test_home_page_update_at_two_weeks_and_the_ten_day_warning(tmp_path, age, status):
    got = ind(audit(tmp_path, [home(age)]), "home.updated")
    assert (got["status"], got["value"], got["veto"]) == (status, age, status == "fail")


def test_home_page_with_no_dated_entry_counts_as_not_updated(tmp_path):
    site = audit(tmp_path, [home(listing_dates=[day(-3)])])  # only a date after as_of
    got = ind(site, "home.updated")
    assert got["status"] == "fail" and got["veto"] and "未注明发布时间" in got["detail"]
    assert site["verdict"] == "单项否决" and not site["passed"]


def test_dates_printed_beside_home_links_count_as_home_entries(tmp_path):
    links = [link(ROOT, ROOT + "gzdt/t1.html", listing_date=day(2))]
    assert ind(audit(tmp_path, [home(listing_dates=[])], links), "home.updated")["value"] == 2


def test_unreachable_home_page_fails_without_claiming_the_weekly_veto(tmp_path):
    check = {"site_key": "site1", "url": ROOT, "status": None, "reason": "timeout", "ok": 0}
    site = audit(tmp_path, [], checks=[check])
    got = ind(site, "home.reachable")
    assert got["status"] == "fail" and not got["veto"] and "timeout" in got["detail"]
    assert ind(site, "home.load_time")["status"] == "fail"
    assert ind(site, "home.updated")["veto"]


@pytest.mark.parametrize(
    ("ms", "status"), [(4999, "ok"), (5000, "warn"), (14999, "warn"), (15000, "fail")]
)
def test_home_load_time(tmp_path, ms, status):
    pages = [{**home(), "elapsed_ms": ms}]
    assert ind(audit(tmp_path, pages), "home.load_time")["status"] == status


@pytest.mark.parametrize(("count", "status"), [(0, "ok"), (1, "warn"), (4, "warn"), (5, "fail")])
def test_five_stale_dynamic_columns_are_a_single_veto(tmp_path, count, status):
    pages = [home()] + [column(f"dt{i}", f"部门动态{i}", day(15)) for i in range(count)]
    pages += [column("yw", "要闻", day(14))]  # exactly two weeks old: still fresh
    got = ind(audit(tmp_path, pages), "columns.stale")
    assert (got["value"], got["status"], got["veto"]) == (count, status, status == "fail")


def test_notice_and_policy_columns_go_stale_after_six_calendar_months(tmp_path):
    edge = months_before(AS_OF, 6)
    assert edge == dt.date(2014, 5, 20)
    before = (edge - dt.timedelta(days=1)).isoformat()
    pages = [
        home(),
        column("tzgg", "通知公告", edge.isoformat()),
        column("zcwj", "政策文件", before),
        column("gsgg", "公示公告", before),
    ]
    site = audit(tmp_path, pages)
    states = {c["name"]: c["status"] for c in site["columns"]}
    assert states == {"通知公告": "ok", "政策文件": "stale", "公示公告": "stale"}
    got = ind(site, "columns.stale")
    assert got["value"] == 2 and got["deduction"] == 5 and site["verdict"] == "扣分"


@pytest.mark.parametrize(("count", "status"), [(5, "ok"), (6, "warn"), (9, "warn"), (10, "fail")])
def test_ten_columns_not_updated_are_a_single_veto(tmp_path, count, status):
    pages = [home(), column("ld", "领导信息", day(365))]  # a year exactly: not counted
    pages += [column(f"c{i}", f"专题{i}", day(366)) for i in range(count)]
    site = audit(tmp_path, pages)
    got = ind(site, "columns.not_updated")
    assert (got["value"], got["status"], got["veto"]) == (count, status, status == "fail")
    assert ind(site, "columns.stale")["value"] == 0


@pytest.mark.parametrize(("count", "status"), [(1, "ok"), (2, "warn"), (4, "warn"), (5, "fail")])
def test_five_empty_columns_are_a_single_veto(tmp_path, count, status):
    pages = [home()] + [column(f"e{i}", f"专栏{i}", text="暂无信息") for i in range(count)]
    got = ind(audit(tmp_path, pages), "columns.empty")
    assert (got["value"], got["status"], got["veto"]) == (count, status, status == "fail")


def test_column_without_dates_but_with_entries_is_not_empty(tmp_path):
    undated = column("jgzn", "机构职能")
    bare = column("ztzl", "专题专栏")
    links = [link(undated["url"], ROOT + "jgzn/ks1.html", anchor="办公室职责")]
    links += [link(bare["url"], ROOT + "tzgg/", anchor="通知公告")]  # a menu link only
    site = audit(tmp_path, [home(), undated, bare, column("tzgg", "通知公告", day(1))], links)
    states = {c["name"]: c["status"] for c in site["columns"]}
    assert states["机构职能"] == "undated" and states["专题专栏"] == "empty"


def test_pagination_pages_form_one_column_dated_by_its_newest_entry(tmp_path):
    first = column("gzdt", "工作动态", day(20))
    second = {**column("gzdt", "工作动态", day(3)), "url": ROOT + "gzdt/index_1.html"}
    site = audit(tmp_path, [home(), first, second])
    (col,) = site["columns"]
    assert (col["newest"], col["age_days"], col["status"], col["kind_name"]) == (
        day(3),
        3,
        "ok",
        "动态要闻",
    )


def test_broken_links_on_home_and_other_pages_with_deductions(tmp_path):
    other = ROOT + "gzdt/t1.html"
    links = [
        link(ROOT, ROOT + "bad1.html", ok=0),
        link(ROOT, ROOT + "bad2.html", ok=0),
        link(other, ROOT + "bad1.html", ok=0),
    ]  # already counted on the home page
    links += [link(other, f"{ROOT}old{i}.pdf", ok=0) for i in range(3)]
    links += [link(other, "http://unchecked.invalid/", ok=None), link(ROOT, ROOT + "ok.html")]
    site = audit(tmp_path, [home(), page(other)], links)
    home_links, other_links = ind(site, "links.home_broken"), ind(site, "links.other_broken")
    assert (home_links["value"], home_links["status"], home_links["deduction"]) == (2, "fail", 2)
    assert (other_links["value"], other_links["status"], other_links["deduction"]) == (
        3,
        "warn",
        0.3,
    )
    assert "http_404" in home_links["detail"]
    assert site["score"] == 97.7 and site["verdict"] == "扣分" and site["passed"]


def test_broken_link_deductions_are_capped(tmp_path):
    links = [link(ROOT, f"{ROOT}bad{i}.html", ok=0) for i in range(12)]
    links += [link(ROOT + "a.html", f"{ROOT}x{i}.html", ok=0) for i in range(5)]
    site = audit(tmp_path, [home(), page(ROOT + "a.html")], links)
    assert ind(site, "links.home_broken")["deduction"] == 10
    assert ind(site, "links.other_broken")["deduction"] == 0
    assert site["score"] == 90


def test_footer_identifiers_found_on_the_home_page(tmp_path):
    badge = link(ROOT, "http://127.0.0.1:9/badge", anchor="党政机关网站标识")
    site = audit(tmp_path, [home()], [badge])
    values = {
        i["id"]: (i["status"], i["value"])
        for i in site["indicators"]
        if i["id"].startswith("footer.")
    }
    assert values == {
        "footer.site_id": ("ok", "4501080001"),
        "footer.icp": ("ok", "桂ICP备08000837号"),
        "footer.police": ("ok", "桂公网安备45010802000123号"),
        "footer.party_mark": ("ok", "http://127.0.0.1:9/badge"),
        "footer.sponsor": ("ok", "良庆区财政局"),
        "footer.contact": ("ok", "电话:0771-1234567"),
    }


@pytest.mark.parametrize(
    ("footer", "found"),
    [
        ("网站标识码:bm12345678", "bm12345678"),
        ("网站标识码 450108000", None),  # nine digits is no site code
        ("网站标识码:45010800012", None),
    ],
)
def test_site_identification_code_shapes(tmp_path, footer, found):
    got = ind(audit(tmp_path, [home(footer=footer, text="")]), "footer.site_id")
    assert got["value"] == found and got["status"] == ("ok" if found else "warn")


def test_missing_footer_identifiers_are_warnings(tmp_path):
    site = audit(tmp_path, [home(footer="版权所有", text="欢迎访问")])
    footer = [i for i in site["indicators"] if i["id"].startswith("footer.")]
    assert len(footer) == 6 and all(i["status"] == "warn" and not i["veto"] for i in footer)
    assert ind(site, "footer.contact")["value"] is None


def test_site_id_from_meta_tag_when_the_footer_lacks_it(tmp_path):
    site = audit(tmp_path, [home(footer="", meta={"SiteIDCode": "4501080001"})])
    assert ind(site, "footer.site_id")["value"] == "4501080001"


@pytest.mark.parametrize(("tagged", "status"), [(19, "ok"), (18, "warn"), (0, "fail")])
def test_metadata_coverage(tmp_path, tagged, status):
    meta = {"SiteName": "良庆区财政局", "ArticleTitle": "标题"}
    pages = [page(f"{ROOT}a{i}.html", meta=meta if i < tagged else {}) for i in range(20)]
    site = audit(tmp_path, [home(meta={}), *pages[:-1]], [])
    got = ind(site, "meta.SiteName")
    assert got["status"] == status
    assert got["value"] == round(tagged / 20, 3)  # 19 article pages + the home page
    assert ind(site, "meta.ArticleTitle")["value"] == round(min(tagged, 19) / 19, 3)


def test_verdict_scores_deductions_and_vetoes():
    def one(deduction=0.0, veto=False):
        return {"id": "x", "veto": veto, "deduction": deduction}

    assert verdict([one()])["verdict"] == "合格"
    assert verdict([one(40)]) | {"vetoes": []} == {
        "verdict": "扣分",
        "passed": True,
        "score": 60,
        "deductions": 40,
        "vetoes": [],
    }
    assert verdict([one(40.1)])["verdict"] == "不合格"
    assert verdict([one(40.1)])["passed"] is False
    assert verdict([one(veto=True)])["verdict"] == "单项否决"


def test_malformed_facts_from_hostile_pages_do_not_break_the_audit(tmp_path):
    pages = [
        home(listing_dates=["not a date", 5, None, day(2)], meta=["x"], footer=7),
        {**page(ROOT + "junk/"), "facts": "<<not json>>"},
        column("bad", "工作动态", "2014-13-45", breadcrumb="x"),
    ]
    links = [link(ROOT, ROOT + "bad/", anchor=None), {**link(ROOT, ""), "target": None}]
    site = audit(tmp_path, pages, links)
    assert ind(site, "home.updated")["value"] == 2
    assert {c["name"]: c["status"] for c in site["columns"]} == {"工作动态": "stale"}


def test_other_pages_broken_targets_are_the_sites_own_in_url_order(tmp_path):
    """Broken targets elsewhere are listed in URL order, not in the order the crawl stored
    the links that lead to them (which differs between two crawls of one site) nor the
    order they were checked; a target only another site links to, or one robots.txt
    forbids, is not this site's broken link."""
    a, b = ROOT + "a.html", ROOT + "b.html"
    late, early = ROOT + "checked-last.html", ROOT + "checked-first.html"
    neighbour, forbidden = ROOT + "only-linked-by-site2.html", ROOT + "forbidden.html"
    links = [link(a, late, ok=None), link(b, early, ok=None), link(b, late, ok=None)]
    links += [link(a, forbidden, ok=None)]
    links += [{**link("http://127.0.0.1:8102/", neighbour, ok=None), "site_key": "site2"}]
    checks = [
        {"site_key": "site1", "url": url, "ok": 0, "status": 404, "reason": "http_404"}
        for url in (neighbour, early, late)
    ] + [{"site_key": "site1", "url": forbidden, "ok": 0, "status": None, "reason": "robots"}]
    site = audit(tmp_path, [home(), page(a), page(b)], links, checks)
    other = ind(site, "links.other_broken")
    assert (other["value"], other["deduction"]) == (2, 0.2)
    assert other["detail"].index(early) < other["detail"].index(late)  # linked first: late
    assert neighbour not in other["detail"] and forbidden not in other["detail"]
