"""Rules that change over time, keyed by commencement date.

A rule's versions are read from TOML as ``[[name]]`` rows with a ``from`` date and a
``cite`` id.  ``at`` picks the newest version that had commenced on the date the
statute names (conviction, arrest, departure ...), never "today" (OpenFisca's
point-in-time lookup).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from ..errors import InputError
from .citation import Citation, cite
from .words import long_date


@dataclass(frozen=True)
class Version:
    start: date
    citation: Citation
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


@cache
def load(package: str, stem: str) -> dict[str, Any]:
    """The TOML data file ``stem``.toml beside the module of ``package``."""
    return tomllib.loads(resources.files(package).joinpath(f"{stem}.toml").read_text("utf-8"))


def versions(rows: list[dict[str, Any]], uncited: str | None = None) -> list[Version]:
    """Versions in commencement order; the data must already be in that order.  Every row cites,
    but a row with the field ``uncited`` (a practice timescale's ``source`` set case by case), whose
    citation is None."""
    out = [Version(row["from"], None if uncited and uncited in row else cite(row["cite"]), row) for row in rows]
    if any(a.start >= b.start for a, b in zip(out, out[1:])):
        raise ValueError("dated rows must be in strictly increasing order of 'from'")
    return out


def at(rows: list[dict[str, Any]], when: date, field: str, what: str) -> Version:
    """The version of a rule in force on ``when``; before the first, an InputError on ``field``."""
    found = [v for v in versions(rows) if v.start <= when]
    if not found:
        first = versions(rows)[0].start
        raise InputError(field, f"{what} only apply from {long_date(first)}: check the date you entered")
    return found[-1]
