"""A crawl process opens no control port: Scrapy 2.19's RemoteControl (an HTTP server on
localhost that runs the Python code it is sent) is on by default and announces each server,
while it runs, in a job file under the user's state directory.  Watched during a slow crawl."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def test_a_crawl_announces_no_remote_control_server(
    tinyworld, project_root: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    spec = tinyworld.TinyWorld(delay=0.3).inspection(tmp_path / "inspection.toml")
    env = {**os.environ, "PYTHONPATH": str(project_root), "XDG_STATE_HOME": str(state)}
    cmd = [sys.executable, "-m", "auditor", "audit", str(spec), "--out", str(tmp_path / "out")]
    announced: set[Path] = set()
    with subprocess.Popen(cmd, env=env, cwd=project_root, stdout=subprocess.DEVNULL) as audit:
        while audit.poll() is None:
            announced.update(state.rglob("*.json"))
            time.sleep(0.05)
    assert audit.returncode == 0
    assert (tmp_path / "out" / "report.json").exists()
    assert announced == set(), f"control servers announced: {sorted(announced)}"


def test_the_control_server_code_is_never_loaded(project_root: Path) -> None:
    """Scrapy imports every component a setting names, even one switched off: the crawl's
    settings must not name RemoteControl (nor the unused cookies middleware) at all."""
    script = (
        "import sys\n"
        "from scrapy.settings import Settings\n"
        "from auditor.crawl.process import scrapy_settings\n"
        "from auditor.inspection.file import CrawlSettings\n"
        "settings = Settings()\n"
        "settings.setdict(scrapy_settings(CrawlSettings(), None, ()), priority='project')\n"
        "for name in ('EXTENSIONS', 'DOWNLOADER_MIDDLEWARES'):\n"
        "    print(sorted(settings.get_component_priority_dict_with_base(name)))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'tldextract')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(project_root)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    extensions, middlewares, loaded = done.stdout.splitlines()
    assert "RemoteControl" not in extensions
    assert "CookiesMiddleware" not in middlewares
    assert "SafetyMiddleware" in middlewares and "HostGateMiddleware" in middlewares
    assert loaded == "[]"
