"""Print report.html to PDF with headless Chromium, when a Chromium is installed.

Chromium honours the print stylesheet (A4, page breaks, repeated headers, page numbers), so
the PDF is the same document an evaluator would get from "print to PDF" by hand.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from auditor.crawl.chromium import chromium_command, find_chromium
from auditor.errors import InputError


def print_pdf(html_path: Path, pdf_path: Path | None = None, timeout: float = 120) -> Path:
    """Write the PDF beside the HTML (same stem) unless `pdf_path` is given."""
    chromium = find_chromium()
    if chromium is None:
        raise InputError(
            "未找到 Chromium 浏览器,无法生成 PDF。",
            "安装 chromium(如 apt-get install chromium)后重试,或去掉 --pdf。",
        )
    pdf_path = pdf_path or html_path.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="auditor-chromium-") as profile:
        command = chromium_command(
            chromium,
            Path(profile),
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf_path.resolve()}",
            html_path.resolve().as_uri(),
        )
        subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    if not pdf_path.exists() or pdf_path.stat().st_size == 0:
        raise InputError(
            f"Chromium 未能生成 PDF:{pdf_path}",
            "可在浏览器中打开 report.html 后选择“打印 → 另存为 PDF”。",
        )
    return pdf_path
