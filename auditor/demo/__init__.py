"""The bundled demo district: a small simulated 良庆区 served on 127.0.0.1, with ground truth.

`DemoServer` serves it, `write_inspection` writes an inspection file for the live ports and
`load_truth` returns what a correct audit must find (see README.md beside this file).
"""

from __future__ import annotations

from auditor.demo.inspection import write_inspection
from auditor.demo.server import DemoServer
from auditor.demo.truth import load_truth

__all__ = ["DemoServer", "load_truth", "write_inspection"]
