"""Every generated table, by the name a docs marker uses: ``<!-- procedures:table NAME -->``."""
from __future__ import annotations

from .law.table import Table
from .registry import CALCULATORS, module


def tables() -> dict[str, Table]:
    out: dict[str, Table] = {}
    for name in CALCULATORS:
        made = getattr(module(name), "tables", None)  # optional: the case timeline has no table of its own
        if made:
            out.update(made())
    return out
