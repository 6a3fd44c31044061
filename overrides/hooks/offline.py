"""Docs hook: (being written; see issue 5)."""
