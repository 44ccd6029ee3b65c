"""Checklists: the disclosure requirements an audit judges against, loaded and validated.

The model (model.py), loading by id or path with `extends` (load.py), field-by-field parsing
with every problem listed (parse.py), and the checks of each item's evidence settings
(evidence_check.py).
"""
