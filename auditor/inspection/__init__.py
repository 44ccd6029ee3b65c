"""The user's inspection: which sites, which checklist, judged at which date.

The inspection file (sites, platform, crawl settings), its serious-error rules, and reading
TOML text with clear messages.
"""
