"""An evidence pack verifies with sha256sum -c, and its snapshots are the stored bodies."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from auditor.store import Store


@pytest.fixture(scope="module")
def pack(run_cli, tinyworld, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run of the changed district (one tampered page), packed and unzipped."""
    tmp = tmp_path_factory.mktemp("pack")
    with tinyworld.TinyWorld() as world:
        world.pages = tinyworld.changed_pages(world.pages)
        inspection = world.inspection(tmp / "inspection.toml")
        audit = run_cli("audit", str(inspection), "--out", str(tmp / "out"), "-q")
        assert audit.returncode == 0, audit.stderr
    db = tmp / "out" / "auditor.db"
    result = run_cli("pack", "1", "--db", str(db), "--out", str(tmp / "e.zip"), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert "sha256sum -c sha256sums.txt" in result.stdout
    with zipfile.ZipFile(tmp / "e.zip") as archive:
        archive.extractall(tmp / "unpacked")
    return tmp


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils sha256sum")
def test_manifest_verifies_with_sha256sum(pack: Path) -> None:
    folder = pack / "unpacked" / "evidence-run-1"
    result = subprocess.run(
        ["sha256sum", "-c", "sha256sums.txt"], cwd=folder, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "manifest.json: OK" in result.stdout
    assert "report/report.html: OK" in result.stdout


def test_tampering_breaks_verification(pack: Path) -> None:
    folder = pack / "unpacked" / "evidence-run-1"
    copy = pack / "tampered-copy"
    shutil.copytree(folder, copy)
    (copy / "report" / "report.json").write_text("{}", encoding="utf-8")
    result = subprocess.run(["sha256sum", "-c", "sha256sums.txt"], cwd=copy, capture_output=True)
    assert result.returncode != 0


def test_snapshots_match_the_stored_hashes(pack: Path) -> None:
    folder = pack / "unpacked" / "evidence-run-1"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    stored = {row["url"]: row for row in Store(pack / "out" / "auditor.db").snapshot_rows(1)}
    snapshots = [f for f in manifest["files"] if f["kind"] == "snapshot"]
    names = {s["url"].rsplit("/", 1)[1] for s in snapshots}
    assert {"a1.html", "p1.html"} <= names  # the tampered page and platform evidence
    for entry in snapshots:
        body = (folder / entry["path"]).read_bytes()
        row = stored[entry["url"]]
        assert hashlib.sha256(body).hexdigest() == entry["sha256"] == row["sha256"]
        assert body == gzip.decompress(row["body"])
        assert entry["status"] == 200 and entry["fetched_at"] == row["fetched_at"]
    tampered = next(s for s in snapshots if s["url"].endswith("a1.html"))
    assert any("疑似篡改" in why for why in tampered["why"])


def test_pack_holds_reports_checklist_and_inspection(pack: Path) -> None:
    folder = pack / "unpacked" / "evidence-run-1"
    for name in ("report/report.html", "report/report.json", "report/findings.xlsx"):
        assert (folder / name).is_file(), name
    assert (folder / "checklist" / "liangqing-2014.toml").is_file()
    inspection = json.loads((folder / "inspection.json").read_text(encoding="utf-8"))
    assert inspection["name"] == "小城区检查"


def test_evidence_pages_without_snapshot_are_listed(pack: Path) -> None:
    manifest = json.loads(
        (pack / "unpacked" / "evidence-run-1" / "manifest.json").read_text(encoding="utf-8")
    )
    missing = {Path(e["url"]).name: e for e in manifest["pages_without_snapshot"]}
    # Readable evidence is snapshotted at fetch time; only a dead evidence link has no body.
    assert set(missing) == {"missing.html"}
    assert missing["missing.html"]["status"] == 404


def test_each_snapshot_has_a_reading_copy_safe_to_open(pack: Path) -> None:
    folder = pack / "unpacked" / "evidence-run-1"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    snapshots = {f["url"]: f for f in manifest["files"] if f["kind"] == "snapshot"}
    views = {f["url"]: f for f in manifest["files"] if f["kind"] == "view"}
    assert set(views) == set(snapshots)
    for url, view in views.items():
        assert view["path"] == snapshots[url]["path"].replace(".html", ".view.html")
    tampered = next(v for url, v in views.items() if url.endswith("a1.html"))
    text = (folder / tampered["path"]).read_text(encoding="utf-8")
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert '<div style="display:none"><a href="http://casino.invalid/">澳门赌场</a>' in text
    assert Path(snapshots[tampered["url"]]["path"]).name in text  # names the exact copy
