"""Tampering detection (暗链 and hijacking): hidden links, injected text, hijacked footers."""

from auditor.tamper.footer import footer_outliers
from auditor.tamper.hit import TamperHit
from auditor.tamper.scan import scan_html, scan_script_file
from auditor.tamper.snapshot import snapshot

__all__ = ["TamperHit", "footer_outliers", "scan_html", "scan_script_file", "snapshot"]
