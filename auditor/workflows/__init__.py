"""Workflows over the stages: the audit chain, the self-check and the evidence pack.

Also the run lock (one audit per database at a time) and the run log of unattended runs.
"""
