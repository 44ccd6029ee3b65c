"""Fixtures shared by the test modules; the only importer of tests/support.

Test modules never import each other or tests/support (tests/test_layout_of_tests.py checks
it): what they share arrives as a fixture declared here. The file is kept in sections, one per
kind of fixture, so that a fixture added later goes into its section:

- shared material: `shared_corpus` finds the read-only real material (`../shared/corpus`
  beside the clone, as CI lays it out) and skips, saying why, only where it is absent;
  `project_root` is the checkout;
- the CLI runner: `run_cli` runs the real `auditor` CLI in a subprocess, `spawn_cli`
  starts one without waiting, `crawl_cli` crawls an inspection into a database;
- loopback servers: `page_server` serves a dict of pages on 127.0.0.1 (port 0);
  `arrivals` judges the spacing of the requests they (and `linkworld`'s) stamp;
- shared runs: `demo_run` (`auditor demo`) and `demo_crawl` (`auditor crawl` of the demo
  district) run once per session for every module that only reads what they leave;
- worlds: kits that build the generated districts and stores (`tinyworld`, `cmsworld`,
  `planworld`, `county_checklist`, `hostile`, `linkworld`, `judgeworld`, `healthworld`,
  `reportworld`, `classify_items`, `devtools`, `scheduling_doc`, and `inspections`, the
  inspection-file writer they share). A kit is immutable, so it is session-scoped; each world it builds is
  the test's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import support.arrivals
import support.classifyitems
import support.cli
import support.cmsworld
import support.county
import support.devtools
import support.frontiers
import support.healthworld
import support.hostile
import support.inspections
import support.judgeworld
import support.linkworld
import support.pageserver
import support.planworld
import support.redisserver
import support.reportworld
import support.scheduling_doc
import support.tinyworld

from auditor.demo import DemoServer, write_inspection

ROOT = support.cli.ROOT
# benchmarks/ is not a package: its modules import each other by name, and the tests that
# hold its figures (labelled set, real pages, link-checker suites) import them the same way.
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.append(str(ROOT / "benchmarks"))


# --- shared material ------------------------------------------------------------------------


def shared_dir() -> Path | None:
    """`../shared` beside the project root, where the developers and CI keep it."""
    candidate = ROOT.parent / "shared"
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The real pages, titles and link-checker suites, read in place."""
    shared = shared_dir()
    if shared is None or not (shared / "corpus").is_dir():
        pytest.skip("../shared/corpus is absent beside the clone (CI always provides it)")
    return shared / "corpus"


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The checkout (docs/, benchmarks/, checklists/ are read from it)."""
    return ROOT


# --- the CLI runner -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def run_cli() -> Callable[..., Any]:
    """`run_cli(*args, cwd=, timeout=, env=)`: the real CLI in a subprocess (Twisted's
    reactor cannot restart in one process), output captured."""
    return support.cli.run_cli


@pytest.fixture(scope="session")
def crawl_cli() -> Callable[[Path, str], Path]:
    """`crawl_cli(tmp, toml)`: `auditor crawl` of that inspection into tmp/a.db, which must
    succeed; the database's path."""
    return support.cli.crawl_cli


@pytest.fixture(scope="session")
def spawn_cli() -> Callable[..., subprocess.Popen[str]]:
    """`spawn_cli(*args)`: the real CLI started in a subprocess from the checkout, not waited
    for (a distributed coordinator and its workers run side by side); stdout/stderr piped."""
    return support.cli.spawn_cli


# --- loopback servers -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def page_server() -> Iterator[Callable[..., support.pageserver.PageServer]]:
    """`page_server(pages, missing=, delay=, close=)`: a started PageServer on 127.0.0.1,
    port 0, serving path -> (status, headers, body) and recording every request in `log`.
    Use it as a context manager to stop it; any left running stop when the session ends."""
    started: list[support.pageserver.PageServer] = []

    def serve(
        pages: dict[str, support.pageserver.Route] | None = None, **options: Any
    ) -> support.pageserver.PageServer:
        server = support.pageserver.PageServer(pages, **options).start()
        started.append(server)
        return server

    yield serve
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def arrivals() -> ModuleType:
    """`arrivals.shortfall(starts, delay)`: how far stamped request starts fall behind a delay."""
    return support.arrivals


# --- shared runs of the real CLI (read, never written, by the modules that use them) -------


@pytest.fixture(scope="session")
def demo_run(
    run_cli: Callable[..., subprocess.CompletedProcess[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`auditor demo --out OUT --quiet`, once: (OUT, the finished process)."""
    out = tmp_path_factory.mktemp("demo")
    return out, run_cli("demo", "--out", str(out), "--quiet")


@pytest.fixture(scope="session")
def demo_crawl(
    run_cli: Callable[..., subprocess.CompletedProcess[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Any]]:
    """`auditor crawl` of the demo district into a.db, once; its servers keep running for
    the readers. Keys: server, db (path), result, origins, and requests (the servers' log
    as the crawl left it, before any reader fetched a page)."""
    tmp = tmp_path_factory.mktemp("crawl")
    with DemoServer() as server:
        inspection = write_inspection(server, tmp / "demo.toml")
        result = run_cli("crawl", str(inspection), "--db", str(tmp / "a.db"))
        yield {
            "server": server,
            "db": tmp / "a.db",
            "result": result,
            "origins": dict(server.origins),
            "requests": list(server.requests),
        }


# --- worlds ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def tinyworld() -> ModuleType:
    """A tiny mutable district: `tinyworld.TinyWorld(pages, delay)`, `initial_pages()`,
    `changed_pages(pages)`, page builders `Page`, `article`, `listing`."""
    return support.tinyworld


@pytest.fixture(scope="session")
def inspections() -> ModuleType:
    """Inspection files from their parts: `inspections.inspection_toml(sites, platform,
    name=, as_of=, **crawl)`, `inspections.one_site(origin, department, path, name=)`,
    `inspections.OWN_SERVER` / `LOOPBACK_CRAWL` (crawl settings for a loopback world)."""
    return support.inspections


@pytest.fixture(scope="session")
def cmsworld() -> ModuleType:
    """A district published by TRS, hanweb and JSON-API CMSs: `cmsworld.CmsWorld(plain)`."""
    return support.cmsworld


@pytest.fixture(scope="session")
def planworld() -> ModuleType:
    """Hosts for the planning tests: `planworld.Host()`, `planworld.ClosedPort()`."""
    return support.planworld


@pytest.fixture(scope="session")
def county_checklist() -> str:
    """The TOML of a county checklist of our own (not the demo district)."""
    return support.county.COUNTY


@pytest.fixture(scope="session")
def hostile() -> ModuleType:
    """A raw-socket hostile server (`hostile.HostileServer`) and its route behaviours."""
    return support.hostile


@pytest.fixture(scope="session")
def linkworld() -> ModuleType:
    """Crafted link-check servers (`linkworld.World`), routes and `crawl(tmp, toml)`."""
    return support.linkworld


@pytest.fixture(scope="session")
def judgeworld() -> ModuleType:
    """A hand-built stored crawl (`judgeworld.World(tmp)`), its checklist and inspection."""
    return support.judgeworld


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test asking for `delta_edit` or `reuse_edit` runs once for each edit of
    `healthworld` of that kind, by name (its DELTA_EDITS, REUSE_EDITS)."""
    for argument, edits in (
        ("delta_edit", support.healthworld.DELTA_EDITS),
        ("reuse_edit", support.healthworld.REUSE_EDITS),
    ):
        if argument in metafunc.fixturenames:
            metafunc.parametrize(argument, list(edits))


@pytest.fixture(scope="session")
def healthworld() -> ModuleType:
    """Two sites' stored runs for site health's reuse (`healthworld.world()`,
    `stored_run`, `repeat`, `Repeat`) and the edits the tests make of them."""
    return support.healthworld


@pytest.fixture(scope="session")
def reportworld() -> ModuleType:
    """A synthetic audit in a real Store: `reportworld.make_store(tmp, title)`."""
    return support.reportworld


@pytest.fixture(scope="session")
def classify_items() -> ModuleType:
    """The classifier tests' items and checklist (`classify_items.CHECKLIST`)."""
    return support.classifyitems


@pytest.fixture(scope="session")
def devtools() -> ModuleType:
    """Headless Chromium over DevTools: `devtools.chromium_page(profile)` and readers."""
    return support.devtools


@pytest.fixture(scope="session")
def scheduling_doc() -> ModuleType:
    """The probe recipes of docs/scheduling.md made runnable (`documented_probe()`)."""
    return support.scheduling_doc


# --- the crawl's disk frontier ---------------------------------------------------------------


@pytest.fixture
def spool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The crawl's request spool (spiders/frontier.py) under the test's tmp_path (TMPDIR)."""
    from auditor.spiders import frontier

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(frontier.tempfile, "tempdir", None)  # re-read TMPDIR
    return tmp_path


@pytest.fixture(scope="session")
def frontiers() -> ModuleType:
    """`frontiers.scheduler()`: an open DiskFrontier and its `Probe` spider."""
    return support.frontiers


# --- Redis for the distributed crawl (issue 18) --------------------------------------------


@pytest.fixture
def shard_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the distributed workers (and the coordinator's merges) started by this test put
    their shards: under the test's tmp_path (AUDITOR_SHARD_DIR), never the system's /tmp."""
    path = tmp_path / "shards"
    path.mkdir()
    monkeypatch.setenv("AUDITOR_SHARD_DIR", str(path))
    return path


@pytest.fixture
def redis_server(
    tmp_path_factory: pytest.TempPathFactory, shard_dir: Path
) -> Iterator[support.redisserver.RedisServer]:
    """Skips only where redis-server is absent outside CI; in CI (CI=true) it must exist."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing in CI: .ci/run and tests/run install it")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    try:
        import scrapy_redis  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("the redis extra is missing in CI: pip install -e '.[dev,redis]'")
        pytest.skip("the redis extra is not installed: pip install -e '.[redis]'")
    server = support.redisserver.RedisServer(binary, tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
