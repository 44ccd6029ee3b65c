"""Checklists: the disclosure requirements (model), their loading and validation from TOML,
and the checks of each item's evidence settings."""
