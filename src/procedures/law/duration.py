"""ISO 8601 durations as the contract uses them: ``P30M``, ``P2Y6M``, ``P26W``, ``P14D``.

Calendar units (years, months) and day units (weeks, days) are kept apart: a month
is not a number of days (see periods.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_ISO = re.compile(r"^P(?!$)(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?$")


@dataclass(frozen=True, order=True)
class Duration:
    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> "Duration":
        match = _ISO.match(text.strip().upper())
        if not match:
            raise ValueError(text)
        years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
        return cls(12 * years + months, 7 * weeks + days)

    @property
    def is_zero(self) -> bool:
        return self.months == 0 and self.days == 0

    def __add__(self, other: "Duration") -> "Duration":
        return Duration(self.months + other.months, self.days + other.days)

    def iso(self) -> str:
        years, months = divmod(self.months, 12)
        text = "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")
        if self.days:
            text += f"{self.days // 7}W" if self.days % 7 == 0 and not self.months else f"{self.days}D"
        return text if text != "P" else "P0D"

    def words(self) -> str:
        from .words import months_words, plural

        parts = [months_words(self.months)] if self.months else []
        if self.days:
            weeks, rest = divmod(self.days, 7)
            parts.append(plural(weeks, "week") if not rest and not self.months else plural(self.days, "day"))
        return " ".join(parts) or "no time"
