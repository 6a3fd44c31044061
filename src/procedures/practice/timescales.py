"""Practice timescales (timescales.toml): each with what must happen, who does it, what starts the
clock, the period, its source and the chapter paragraph that states it.

``timescale(ID)`` is how a page quotes one; an unknown id is refused, so a page cannot quote a
timescale that the data does not hold.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..law.citation import Citation
from ..law.dated import Version, load, versions

DATA = load(__package__, "timescales")
UNITS = ("hour", "day", "working day", "week", "month")
SMALL = {1: "one"}  # "one working day" reads better than "1 working day"; larger numbers stay numerals


@dataclass(frozen=True)
class Timescale:
    id: str
    what: str
    starts: str
    who: str
    where: str
    version: Version  # the newest: practice timescales apply from the day they are quoted, not to past events

    @property
    def citation(self) -> Citation | None:
        return self.version.citation

    @property
    def source_words(self) -> str | None:
        return self.version.get("source")

    @property
    def words(self) -> str:
        """The period as a sentence quotes it: "15 working days", "one working day"."""
        v = self.version
        if "words" in v.values:
            return v["words"]
        n = v["period"]
        return f"{SMALL.get(n, n)} {v['unit']}" + ("" if n == 1 else "s")

    @property
    def period(self) -> str:
        """The period as the table gives it: "Within 15 working days", "At least 6 months before"."""
        if "words" in self.version.values:
            return self.words[0].upper() + self.words[1:]
        return f"At least {self.words} before" if self.version.get("before") else f"Within {self.words}"


def _check(tid: str, v: Version) -> None:
    """A version gives words, or a whole period in a known unit; and a source if it cites none."""
    if "words" in v.values:
        return
    if v.get("unit") not in UNITS or not isinstance(v.get("period"), int) or v["period"] < 1:
        raise ValueError(f"timescale {tid!r}: give `words`, or a whole `period` in one of {UNITS}")


def _versions(tid: str, rows: list[dict]) -> list[Version]:
    """The dated versions (a version set case by case names its `source` in words, not a citation)."""
    try:
        out = versions(rows, uncited="source")
    except ValueError as exc:
        raise ValueError(f"timescale {tid!r}: {exc}") from None
    for v in out:
        _check(tid, v)
    return out


@cache
def all_timescales() -> dict[str, Timescale]:
    out = {}
    for tid, row in DATA["timescale"].items():
        newest = _versions(tid, row["version"])[-1]
        out[tid] = Timescale(tid, row["what"], row["starts"], row["who"], row["where"], newest)
    return out


def timescale(tid: str) -> Timescale:
    try:
        return all_timescales()[tid]
    except KeyError:
        raise KeyError(f"unknown timescale {tid!r}; known: {', '.join(sorted(all_timescales()))}") from None
