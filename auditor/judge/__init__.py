"""The judge stage: one finding per (department, item) from the matches, with freshness rules
at the inspection date, and the departments' scores."""
