"""report.html: one self-contained page (inline CSS and JS, no outside request).

jinja2 autoescapes everything; links are emitted only for http(s) URLs (see safe_href), and
a Content-Security-Policy pinned to the script's hash stops the page loading anything else
even if hostile text ever slipped through.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import jinja2
from markupsafe import Markup

from auditor.report import wording as labels
from auditor.report.view import build_view
from auditor.store.records import ReportDocument


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("auditor.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        status_label=labels.status_label,
        symbol=labels.status_symbol,
        channel=labels.channel_label,
        freshness=labels.freshness_label,
        health_status=lambda s: labels.HEALTH_STATUS.get(s, s or ""),
        national_status=lambda s: labels.NATIONAL_STATUS.get(s, s or ""),
        href=labels.safe_href,
        when=labels.when,
        cutoff=lambda r: labels.CUTOFF_LABELS.get(r, r),
        severity=lambda s: labels.SEVERITY_LABELS.get(s, s or ""),
        evidence_state=lambda s: labels.EVIDENCE_STATES.get(s, s or ""),
    )
    env.globals.update(
        deadline_text=labels.deadline_text,
        action_text=labels.action_text,
        FRESHNESS_LABELS=labels.FRESHNESS_LABELS,
        LIMIT_LABELS=labels.LIMIT_LABELS,
        STAGE_LABELS=labels.STAGE_LABELS,
    )
    return env


def render_html(report: ReportDocument) -> str:
    env = _environment()
    script = env.get_template("script.js.j2").render()
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return env.get_template("report.html.j2").render(
        r=report, v=build_view(report), script=Markup(script), script_hash=digest
    )


def write_html(report: ReportDocument, path: Path) -> Path:
    path.write_text(render_html(report), encoding="utf-8")
    return path
