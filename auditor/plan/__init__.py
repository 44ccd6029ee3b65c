"""Drafting and checking an inspection plan: `auditor init` and `auditor audit --check-only`.

The people who run inspections keep a spreadsheet of departments and websites, and their
portal links to every department site; these modules turn either into an inspection file and
check, before an unannounced run, that every site in it can be inspected.
"""
