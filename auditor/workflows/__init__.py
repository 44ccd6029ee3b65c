"""Workflows over the stages: the audit chain, selfcheck, history between runs, sampling,
evidence packs, the run lock and the run log."""
