"""Bank holidays in England and Wales, and hours counted without the days a statute disregards.

The DVPN rule (Crime and Security Act 2010 s.27(3)-(4)) and the DAPN rule (Domestic
Abuse Act 2021 s.29(2)-(3)) give a hearing deadline of 48 hours after service, leaving
out any Sunday, Christmas Day, Good Friday and any bank holiday in England and Wales under
the Banking and Financial Dealings Act 1971 (Schedule 1, and days appointed by
proclamation under s.1(3)).  A disregarded day is left out whole: the clock stops at its
first moment and starts again at the end of it.

The dates are data (bank_holidays.toml), one cited list a year.  A date outside the
years held is an InputError, never a guess.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from ..errors import InputError
from .dated import load

DATA = load(__package__, "bank_holidays")
FIRST_YEAR: int = DATA["first_year"]
LAST_YEAR: int = DATA["last_year"]


@dataclass(frozen=True)
class Skipped:
    """A day left out of the count, and why."""

    day: date
    reason: str


@dataclass(frozen=True)
class Count:
    """The end of a count of hours, with the days it left out and the years it relied on."""

    end: datetime
    skipped: tuple[Skipped, ...]
    years: tuple[int, ...]


def _year(year: int, field: str) -> dict:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(field, f"Bank holidays are held here only for {FIRST_YEAR} to {LAST_YEAR}, so a period "
                                f"that runs into {year} cannot be worked out. Check the date you entered")
    return DATA["years"][str(year)]


@cache
def _named_days(year: int) -> dict[date, str]:
    """Christmas Day, Good Friday and the bank holidays of ``year`` (Sundays are not listed)."""
    data = DATA["years"][str(year)]
    days = {row["date"]: row["name"] if "bank holiday" in row["name"] else f"{row['name']}, a bank holiday"
            for row in data["bank_holidays"]}
    days[data["good_friday"]] = "Good Friday"
    days[data["christmas_day"]] = "Christmas Day"
    return days


def bank_holidays(year: int, field: str = "date") -> list[date]:
    """The bank holidays in England and Wales in ``year`` (not Christmas Day or Good Friday)."""
    return [row["date"] for row in _year(year, field)["bank_holidays"]]


def year_citation(year: int) -> str:
    """The citation id for ``year``'s list."""
    return DATA["years"][str(year)]["cite"]


def disregarded(day: date, field: str = "date") -> str | None:
    """Why ``day`` is left out (Sunday, Christmas Day, Good Friday, a bank holiday), or None."""
    _year(day.year, field)
    if day.weekday() == 6:
        return "Sunday"
    return _named_days(day.year).get(day)


def doubtful_days(start: date, end: date) -> list[Skipped]:
    """Days from ``start`` to ``end`` whose status as a bank holiday is uncertain (see the TOML)."""
    out = []
    for year in range(start.year, end.year + 1):
        for row in DATA["years"][str(year)].get("doubtful", []):
            if start <= row["date"] <= end:
                out.append(Skipped(row["date"], row["name"]))
    return out


def projected_years(years: tuple[int, ...]) -> list[int]:
    """Those of ``years`` whose list is a projection that a proclamation could still change."""
    return [y for y in years if DATA["years"][str(y)].get("projected")]


def add_hours_disregarding(start: datetime, hours: int, field: str) -> Count:
    """``start`` plus ``hours`` hours, not counting Sundays, Christmas Day, Good Friday or bank holidays.

    Counting starts at ``start`` (if that day is disregarded, at the end of it).  An end
    that falls exactly at midnight is the end of the day before.
    """
    if hours <= 0:
        raise ValueError("hours must be positive")
    remaining = timedelta(hours=hours)
    cursor, skipped, years = start, [], {start.year}
    while True:
        day = cursor.date()
        years.add(day.year)
        midnight = datetime.combine(day + timedelta(days=1), datetime.min.time())
        reason = disregarded(day, field)
        if reason:
            skipped.append(Skipped(day, reason))
        elif remaining <= midnight - cursor:
            return Count(cursor + remaining, tuple(skipped), tuple(sorted(years)))
        else:
            remaining -= midnight - cursor
        cursor = midnight
