"""The judge stage: one finding per (department, item) from the matches.

Freshness rules at the inspection date, the departments' scores, history between runs and the
spot-check sample.
"""
