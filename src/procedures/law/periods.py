"""Day counting as English statutes use it.

One rounding rule for calendar months, named here and used everywhere:

ROLL_FORWARD
    Adding N months to a date whose day does not exist in the target month
    (29 February in a common year, the 31st of a 30-day month) gives the 1st of
    the following month.  ``relativedelta`` clamps instead (31 Jan + 1 month =
    28 Feb), which makes "N months beginning with" periods one day short.

"N months beginning with D" ends the day before D + N months (ROLL_FORWARD):
D counts as the first day (legal-rules.md §1, the settled reading of
"beginning with").  "Within N months after D" starts on the day after D and ends
on the corresponding date N months on (the anniversary, for whole years); where
that date does not exist it ends on the last day of that month (the corresponding
date rule, Dodds v Walker [1981]).  No 365-day years are used anywhere.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from ..errors import InputError
from .duration import Duration
from .scalars import OLDEST, YOUNGEST

ONE_DAY = timedelta(days=1)


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole calendar ``months`` (may be negative), ROLL_FORWARD."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    if start.day <= last_day:
        return date(year, month0 + 1, start.day)
    return date(year, month0 + 1, last_day) + ONE_DAY


def period_end(start: date, *, months: int = 0, days: int = 0) -> date:
    """Last day of the period of ``months`` months and ``days`` days beginning with ``start``."""
    if months < 0 or days < 0 or (months == 0 and days == 0):
        raise ValueError("a period must be positive")
    return add_months(start, months) + timedelta(days=days) - ONE_DAY


def period_after_end(event: date, *, months: int = 0, days: int = 0) -> date:
    """Last day of the period of the given length *after* ``event`` (s.85 "within ... after").

    The corresponding date ``months`` on, or the last day of that month if the date does
    not exist; then ``days`` more.  (Counting "beginning with" the day after would give
    29 February 2024 for a year after 28 February 2023, not the anniversary.)
    """
    if months < 0 or days < 0 or (months == 0 and days == 0):
        raise ValueError("a period must be positive")
    end = add_months(event, months)
    if end.day != event.day:  # ROLL_FORWARD went to the 1st: the month has no corresponding date
        end -= ONE_DAY
    return end + timedelta(days=days)


def anniversary(start: date, years: int) -> date:
    """The day ``years`` years on from ``start`` (29 Feb rolls to 1 Mar)."""
    return add_months(start, 12 * years)


def age_on(date_of_birth: date, on: date) -> int:
    """Whole years of age on ``on``.

    A person attains an age at the start of the anniversary of their birth
    (Family Law Reform Act 1969 s.9); a 29 February birthday falls on 1 March in
    a common year, the same ROLL_FORWARD rule as above.
    """
    if on < date_of_birth:
        raise ValueError("date before birth")
    years = on.year - date_of_birth.year
    if anniversary(date_of_birth, years) > on:
        years -= 1
    return years


def age_given(date_of_birth: date | None, age: int | None, on: date, *, age_field: str, on_words: str) -> int:
    """Age on ``on`` from whichever of date of birth and age the user gave; both must agree."""
    if date_of_birth is not None:
        if date_of_birth > on:
            raise InputError("date_of_birth", f"The date of birth must be before {on_words}")
        years = age_on(date_of_birth, on)
        if not YOUNGEST <= years <= OLDEST:
            raise InputError("date_of_birth", f"The date of birth gives an age of {years} on {on_words}: the age "
                                              f"must be between {YOUNGEST} and {OLDEST}")
        if age is not None and age != years:
            raise InputError(age_field, f"The age does not match the date of birth, which gives {years}: "
                                        "give one or the other")
        return years
    if age is None:
        raise InputError(age_field, f"Enter the age on {on_words}, or the date of birth")
    return age


def month_bounds_in_days(months: int) -> tuple[int, int]:
    """Fewest and most days that ``months`` calendar months can span (over a 400-year cycle's months).

    A term given in weeks or days is compared with a threshold in months through
    these bounds: below the fewest it is certainly shorter, above the most it is
    certainly longer, in between it depends on the start date.
    """
    spans = []
    for year in (2000, 2001, 2002, 2003):  # one leap cycle covers every month/length pairing
        for month in range(1, 13):
            start = date(year, month, 1)
            for day in (1, 28, 29, 30, 31):
                if day <= calendar.monthrange(year, month)[1]:
                    first = start.replace(day=day)
                    spans.append((add_months(first, months) - first).days)
    return min(spans), max(spans)


def conventional_days(months: int) -> int:
    """The conventional day length of ``months`` months: 26 weeks (182 days) for 6 months.

    Used only inside the band of month_bounds_in_days, with a warning
    (legal-rules.md §2.2: no authority on converting weeks to months [?]).
    """
    return months * 36525 // 1200


def compare_term(term: Duration, months: int) -> tuple[int, int | None]:
    """Compare a sentence term with a threshold of ``months`` calendar months.

    Returns (-1, 0 or 1 as the term is shorter, the same or longer; ``None``), or, when a
    term given in weeks or days could fall either side of the line depending on the start
    date, the comparison with conventional_days and that day count, so the caller can warn.
    """
    if term.days == 0 or term.months >= months:
        return (term > Duration(months)) - (term < Duration(months)), None
    rest = months - term.months
    low, high = month_bounds_in_days(rest)
    if term.days < low:
        return -1, None
    if term.days > high:
        return 1, None
    usual = conventional_days(rest)
    return (term.days > usual) - (term.days < usual), usual


def merged(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """(first, last) spans of days, both included, as the fewest disjoint spans in date order."""
    out: list[tuple[date, date]] = []
    for first, last in sorted(spans):
        if out and first <= out[-1][1] + ONE_DAY:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def days_within(spans: list[tuple[date, date]], first: date, last: date) -> int:
    """How many days of the disjoint ``spans`` fall from ``first`` to ``last``, both included."""
    return sum(max((min(b, last) - max(a, first)).days + 1, 0) for a, b in spans)


def first_day_reaching(spans: list[tuple[date, date]], days: int, months: int) -> tuple[date, date] | None:
    """The first day on which ``spans`` (first, last; both included) hold ``days`` days within some period of
    ``months`` months, with the first day of that period; None if they never do (SOA 2003 s.84(6)).

    Only the first ``days`` days of each span are tried: by then the span alone holds enough, so
    no later day of it can be the first.  Spans of decades cost no more than spans of a week.
    """
    spans = merged(spans)
    for first, last in spans:
        for day in (first + i * ONE_DAY for i in range(min(days, (last - first).days + 1))):
            window = earliest_start_including(day, months=months)
            if days_within(spans, window, day) >= days:
                return day, window
    return None


def days_before(event: date, days: int) -> date:
    """The last day for something due "not less than ``days`` days before" ``event``."""
    if days <= 0:
        raise ValueError("a period must be positive")
    return event - timedelta(days=days)


def last_counted_day(start: date, days: int, skipped: list[tuple[date, date]]) -> date:
    """Last day of a period of ``days`` days beginning with ``start``, not counting skipped days.

    ``skipped`` holds (first, last) spans of days that do not count, both included: the
    disregard of time in custody, in hospital or abroad (SOA 2003 s.83(6), s.84(5)).  The
    count goes from span to span, never day by day, so a span of decades costs no more than a week.
    """
    if days <= 0:
        raise ValueError("a period must be positive")
    day, left = start, days  # the first day not yet counted, and how many days are still to count
    for first, last in merged(skipped):
        if last < day:
            continue
        free = max((first - day).days, 0)
        if free >= left:
            break
        day, left = last + ONE_DAY, left - free
    return day + timedelta(days=left - 1)


def earliest_start_including(day: date, *, months: int) -> date:
    """First day of the earliest period of ``months`` months that still includes ``day``.

    "Periods in any 12 months" (SOA 2003 s.84(6)) asks whether some 12-month period
    holds enough days; the longest look-back from ``day`` starts here.  Usually that is
    the day after ``day`` less ``months`` months (ROLL_FORWARD); next to 29 February a
    period can begin a day earlier and still reach ``day``, so step back while it does.
    """
    start = add_months(day + ONE_DAY, -months)
    while period_end(start - ONE_DAY, months=months) >= day:
        start -= ONE_DAY
    return start
