"""The user's inspection: the inspection file (sites, platform, crawl settings), its serious-
error rules, and reading TOML text with clear messages."""
