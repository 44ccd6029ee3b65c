"""auditor: compliance-audit crawler and link checker for Chinese government websites."""

__version__ = "0.1.0"
