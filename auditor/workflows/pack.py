"""Evidence pack: one zip an evaluator attaches to the performance-evaluation file.

It holds the report (HTML, PDF where Chromium exists, report.json, findings.xlsx), every
stored snapshot of an evidence or tampered page exactly as fetched (each beside a reading copy
with scripts and loads removed, auditor/report/safeview.py), the checklist and the
inspection as run, and a manifest with each file's URL, fetch time, HTTP status and SHA-256.
`sha256sums.txt` lets anyone verify the pack with standard tools (docs/workflows.md):

    unzip pack.zip && cd evidence-run-N && sha256sum -c sha256sums.txt
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.errors import AuditorError, InternalError
from auditor.judge.history import require_run
from auditor.report import build_report, write_reports
from auditor.report.safeview import safe_view
from auditor.store import Store, now_iso
from auditor.store.records import ReportDocument, RunRow

FORMAT = "auditor-evidence-pack/1"
SUMS = "sha256sums.txt"
VERIFY = "unzip 压缩包 && cd {folder} && sha256sum -c sha256sums.txt"


@dataclass(frozen=True)
class PackFile:
    path: str  # inside the pack folder
    kind: str  # report | snapshot | view | checklist | inspection | manifest
    sha256: str
    size: int
    url: str | None = None
    fetched_at: str | None = None
    status: int | None = None
    why: tuple[str, ...] = ()  # the findings or tampering this page is evidence of


@dataclass(frozen=True)
class PackResult:
    path: Path
    files: tuple[PackFile, ...]
    without_snapshot: tuple[dict[str, Any], ...]
    pdf_note: str


def write_pack(store: Store, run_id: int, out_zip: Path, pdf: bool = True) -> PackResult:
    """Build the pack in a temporary folder, then zip it to `out_zip`."""
    run = require_run(store, run_id)
    folder = f"evidence-run-{run_id}"
    with tempfile.TemporaryDirectory(prefix="auditor-pack-") as tmp:
        root = Path(tmp) / folder
        report = build_report(store, run_id)
        files, pdf_note = _reports(report, root, pdf)
        why = _evidence_reasons(report)
        snaps = _snapshots(store, run_id, root, why)
        files += snaps + _inputs(run, root)
        missing = _without_snapshot(store, run_id, why, {f.url for f in snaps})
        manifest = _manifest(run, files, missing, pdf_note, folder)
        files.append(_write(root, "manifest.json", json_bytes(manifest), "manifest"))
        _write_sums(root, files)
        _zip(root, out_zip)
    return PackResult(out_zip, tuple(files), tuple(missing), pdf_note)


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


def _write(root: Path, rel: str, body: bytes, kind: str, **extra: Any) -> PackFile:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    digest = hashlib.sha256(body).hexdigest()
    return PackFile(rel, kind, digest, len(body), **extra)


def _reports(report: ReportDocument, root: Path, pdf: bool) -> tuple[list[PackFile], str]:
    folder = root / "report"
    paths = write_reports(report, folder, ("html", "json", "xlsx"))
    note = "未要求生成 PDF"
    if pdf:
        note = _print_pdf(paths[0], paths)
    files = [_write(root, f"report/{p.name}", p.read_bytes(), "report") for p in paths]
    return files, note


def _print_pdf(html: Path, paths: list[Path]) -> str:
    from auditor.crawl.chromium import find_chromium
    from auditor.report.pdf import print_pdf

    if find_chromium() is None:
        return "未找到 Chromium,未生成 PDF;可在浏览器中打开 report.html 打印为 PDF"
    try:
        paths.append(print_pdf(html))
    except (AuditorError, OSError) as exc:
        return f"PDF 生成失败:{exc}"
    return "已生成 report.pdf"


def _evidence_reasons(report: ReportDocument) -> dict[str, list[str]]:
    """URL -> why the pack must show it: the findings it is evidence of, tampering found."""
    why: dict[str, list[str]] = defaultdict(list)
    for finding in report["items"]:
        for entry in finding["evidence"]:
            if entry.get("url"):
                why[entry["url"]].append(f"{finding['department']} · {finding['item_name']}")
    for row in report["tampering"]:
        why[row["page"]].append(f"疑似篡改:{row.get('kind_label') or row['kind']}")
    return {url: list(dict.fromkeys(reasons)) for url, reasons in why.items()}


def _snapshots(store: Store, run_id: int, root: Path, why: dict[str, list[str]]) -> list[PackFile]:
    """Every stored snapshot of the run, decompressed to the bytes as fetched and checked
    against the hash taken at fetch time, each with a copy safe to open (`.view.html`)."""
    files = []
    for number, row in enumerate(store.snapshot_rows(run_id), start=1):
        body = gzip.decompress(row["body"])
        if hashlib.sha256(body).hexdigest() != row["sha256"]:
            raise InternalError(f"快照与抓取时记录的哈希不一致:{row['url']}", "数据库可能已损坏。")
        rel = f"snapshots/{number:04d}-{row['sha256'][:12]}.html"
        extra = {"url": row["url"], "fetched_at": row["fetched_at"], "status": row["status"]}
        files.append(
            _write(root, rel, body, "snapshot", why=tuple(why.get(row["url"], ())), **extra)
        )
        view = safe_view(body, row["url"], Path(rel).name, row["fetched_at"])
        files.append(_write(root, rel[: -len(".html")] + ".view.html", view, "view", **extra))
    return files


def _without_snapshot(
    store: Store, run_id: int, why: dict[str, list[str]], stored: set[str | None]
) -> list[dict[str, Any]]:
    """Evidence pages with no stored body: their fetch record, so the gap is visible."""
    wanted = [url for url in why if url not in stored]
    records = store.fetch_records(run_id, wanted)
    out = []
    for url in wanted:
        record = records.get(url) or store.check_of(run_id, url) or {}
        out.append(
            {
                "url": url,
                "fetched_at": record.get("fetched_at") or record.get("checked_at"),
                "status": record.get("status"),
                "sha256_at_fetch": record.get("sha256"),
                "why": why[url],
                "note": "抓取时未保存该页面的快照",
            }
        )
    return out


def _inputs(run: RunRow, root: Path) -> list[PackFile]:
    files = [_write(root, "inspection.json", json_bytes(run.get("inspection")), "inspection")]
    source = _checklist_file(run.get("checklist") or "")
    if source is not None:
        files.append(_write(root, f"checklist/{source.name}", source.read_bytes(), "checklist"))
    return files


def _checklist_file(ref: str) -> Path | None:
    from auditor.checklist.load import load_checklist

    try:
        path = Path(load_checklist(ref).path)
    except AuditorError:
        return None
    return path if path.is_file() else None


def _manifest(
    run: RunRow,
    files: list[PackFile],
    missing: list[dict[str, Any]],
    pdf_note: str,
    folder: str,
) -> dict[str, Any]:
    keys = ("id", "name", "started", "finished", "status", "as_of", "checklist")
    return {
        "format": FORMAT,
        "generated": now_iso(),
        "tool_version": __version__,
        "run": {key: run.get(key) for key in keys},
        "files": [asdict(f) for f in files],
        "pages_without_snapshot": missing,
        "pdf": pdf_note,
        "verify": VERIFY.format(folder=folder),
    }


def _write_sums(root: Path, files: list[PackFile]) -> None:
    lines = "".join(f"{f.sha256}  {f.path}\n" for f in files)
    (root / SUMS).write_text(lines, encoding="utf-8")


def _zip(root: Path, out_zip: Path) -> None:
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    partial = out_zip.with_name(out_zip.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, f"{root.name}/{path.relative_to(root).as_posix()}")
    shutil.move(partial, out_zip)
