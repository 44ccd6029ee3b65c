"""The classify stage: which checklist items each stored page or link anchor proves.

Matches (page, item, signals) come from the evidence model of the checklist's terms, with
attribution of each page to its department.
"""
