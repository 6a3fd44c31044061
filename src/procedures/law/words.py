"""How dates and periods are written for people: "31 August 2027", "3 years 6 months"."""
from __future__ import annotations

from datetime import date, datetime

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")


def long_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def long_datetime(d: datetime) -> str:
    hour = d.strftime("%H:%M")
    return f"{hour} on {d.strftime('%A')} {long_date(d.date())}"


def plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def months_words(months: int) -> str:
    """``42`` -> "3 years 6 months"."""
    years, rest = divmod(months, 12)
    parts = ([plural(years, "year")] if years else []) + ([plural(rest, "month")] if rest else [])
    return " ".join(parts) or "0 months"
