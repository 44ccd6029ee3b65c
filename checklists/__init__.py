"""Built-in checklists, shipped as package data (*.toml); load them with auditor.checklist."""
