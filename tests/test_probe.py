"""`auditor probe`: timed visits of the home pages, and the week-long 站点无法访问 rule they feed."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from auditor.crawl.probe import probe_sites
from auditor.health.availability import VISITS_PER_DAY, WEEK_DAYS
from auditor.inspection.file import Site, load_inspection
from auditor.store import Store

UA = "auditor-test"


def backfill(db: Path, urls: dict[str, str], failures: dict[str, int]) -> int:
    """A week of earlier visits, 20 a day, as the documented timer would have stored them;
    the first `failures[url]` visits of a url failed. Returns the visits per url."""
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    store = Store(db)
    rows = []
    for department, url in urls.items():
        for n in range(WEEK_DAYS * VISITS_PER_DAY):
            day, minute = divmod(n, VISITS_PER_DAY)
            at = now - dt.timedelta(days=day, hours=2, minutes=minute)
            ok = int(n >= failures.get(url, 0))
            rows.append(
                {"url": url, "department": department, "channel": "site", "at": at.isoformat(),
                 "elapsed_ms": 120, "status": 200 if ok else 503, "ok": ok,
                 "reason": "ok" if ok else "http_503"}
            )  # fmt: skip
    store.add_probes(rows)
    store.close()
    return WEEK_DAYS * VISITS_PER_DAY


def availability(report: dict, department: str) -> dict:
    site = next(h for h in report["health"] if h["department"] == department)
    return next(i for i in site["indicators"] if i["id"] == "home.availability")


def test_the_documented_timers_visit_often_enough(scheduling_doc) -> None:
    """cron: every hour, sleeping under an hour; systemd: hourly with a delay under an hour."""
    cron, exec_start = scheduling_doc.documented_probe()
    assert f"cd {exec_start.directory} " in cron.shell  # both recipes run in the same place
    minute, hour, *days = cron.fields
    assert minute.isdigit() and hour == "*" and days == ["*", "*", "*"]
    runs_per_day = 24  # hour "*" (cron) and OnCalendar=hourly (systemd)
    assert runs_per_day >= VISITS_PER_DAY and cron.max_sleep_s < 3600
    timer = scheduling_doc.doc_section().split("auditor-probe.timer", 1)[1]
    assert "OnCalendar=hourly" in timer
    delay = re.search(r"RandomizedDelaySec=(\d+)min", timer)
    assert delay and int(delay.group(1)) < 60


def test_a_week_of_probes_decides_the_availability_veto(
    run_cli, scheduling_doc, tinyworld, tmp_path: Path
) -> None:
    """The documented cron line and systemd ExecStart themselves make today's visits."""
    cron, exec_start = scheduling_doc.documented_probe()
    work, db = tmp_path / "srv", tmp_path / "srv" / "data" / "auditor.db"
    for folder in ("data", "logs", "bin"):
        (work / folder).mkdir(parents=True)
    with tinyworld.TinyWorld() as world:
        plan = world.inspection(work / "inspection.toml")
        sites = {s.department: s.url for s in load_inspection(plan).sites}
        earlier = backfill(db, sites, failures={sites["城区财政局"]: 6})
        home = world.pages["/czj/"]
        runs = [cron.command(work)] * 4 + [exec_start.command(work)] * 2
        for visit, command in enumerate(runs):  # the 2nd, 4th and 6th visits get a 503
            world.pages["/czj/"] = tinyworld.Page(503, "维护中") if visit % 2 else home
            done = subprocess.run(
                command, cwd=work, env=scheduling_doc.shim_env(work), capture_output=True
            )
            assert done.returncode == 0, done.stderr.decode()
        world.pages["/czj/"] = home
        audit = run_cli("audit", str(plan), "--out", str(tmp_path / "r"), "--db", str(db), "-q")
        assert audit.returncode == 0, audit.stderr
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    failing = availability(report, "城区财政局")
    assert failing["value"] == round((6 + 3) / (earlier + 6), 4)
    assert failing["status"] == "fail" and failing["veto"]
    healthy = availability(report, "城区教育局")
    assert healthy["value"] == 0 and healthy["status"] == "ok" and not healthy["veto"]
    platform = next(h for h in report["health"] if h["channel"] == "platform")
    assert "home.availability" not in platform["vetoes"]


def test_without_a_week_of_data_the_rule_is_not_decided(run_cli, tinyworld, tmp_path: Path) -> None:
    db = tmp_path / "auditor.db"
    with tinyworld.TinyWorld() as world:
        plan = world.inspection(tmp_path / "plan.toml")
        assert run_cli("probe", str(plan), "--db", str(db), "-q").returncode == 0
        audit = run_cli("audit", str(plan), "--out", str(tmp_path / "r"), "--db", str(db), "-q")
        assert audit.returncode == 0, audit.stderr
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    entry = availability(report, "城区财政局")
    assert entry["status"] == "insufficient" and not entry["veto"]
    assert "监测数据不足" in entry["detail"] and "共1次" in entry["detail"]


def slow_or_redirecting(page_server: Any) -> Any:
    """/slow answers after 2 s, /to-file redirects to file:, / answers at once."""
    ok: tuple[int, dict[str, str], bytes] = (200, {}, b"<html>ok</html>")
    server = page_server({"/": ok, "/to-file": (302, {"Location": "file:///etc/passwd"}, b"")})

    def slow(request: Any) -> Any:
        server.stopping.wait(2)
        return ok

    server.pages["/slow"] = slow
    return server


def test_a_visit_fails_on_the_time_limit_and_never_follows_a_redirect_to_a_file(
    page_server,
) -> None:
    server = slow_or_redirecting(page_server)
    base = server.origin
    try:
        sites = [Site("甲", f"{base}/slow"), Site("乙", f"{base}/to-file"), Site("丙", f"{base}/")]
        slow, to_file, fine = probe_sites(sites, UA, limit_s=0.5)
    finally:
        server.stop()
    assert (slow.ok, slow.reason) == (0, "timeout")
    assert (to_file.ok, to_file.reason) == (0, "unsafe_scheme")
    assert (fine.ok, fine.reason, fine.status) == (1, "ok", 200)
