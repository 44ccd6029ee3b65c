"""Evidence: the page exactly as fetched, compressed, with a hash inspectors can verify."""

from __future__ import annotations

import gzip
import hashlib


def snapshot(body: bytes) -> tuple[bytes, str]:
    """(gzip of body, SHA-256 hex of the original body); mtime 0 keeps the gzip reproducible."""
    return gzip.compress(body, compresslevel=6, mtime=0), hashlib.sha256(body).hexdigest()
