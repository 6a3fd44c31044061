"""One value from the user, parsed once at the boundary into a typed value within fixed bounds.

The bounds are the engine's, not the law's (what a court could lawfully give lives in the
dated rules), and none depends on today's date, so an answer never changes with the clock:

- dates from 1 January 1900 to 31 December 2126: historic convictions, orders and arrests are
  still answered (with the warnings they get), and with lengths of time of at most 100 years
  no period added to such a date can leave the calendar (year 9999);
- ages from 10, the age of criminal responsibility (Children and Young Persons Act 1933 s.50),
  to 120, and nothing that makes a person older;
- lengths of time of at most 100 years; text of at most 100 characters (no date, length,
  number or option is longer); at most 100 entries in a list;
- numbers written with the digits 0 to 9 only: other scripts' digits, superscripts and circled
  digits are refused, not read as numbers.

Every failure is an InputError naming the field, in words for the person at the form.  A
value the user sent is shown back only through ``quote``: short, and with control
characters, line breaks and other unprintable characters escaped.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from ..errors import InputError
from .duration import Duration
from .words import long_date

EARLIEST = date(1900, 1, 1)
LATEST = date(2126, 12, 31)
YOUNGEST, OLDEST = 10, 120
LONGEST = Duration(1200, 36525)  # 100 years, in months and in days (100 years of 365.25 days)
MOST_ENTRIES = 100
LONGEST_TEXT = 100
_QUOTED = 40
_DURATION_HINT = "such as P6M (6 months), P2Y6M (2 years 6 months), P26W (26 weeks) or P14D (14 days)"


def capital(noun: str) -> str:
    return noun[0].upper() + noun[1:]


def quote(value: Any) -> str:
    """A value the user sent, as it is safe to show: what kind it is, or its first characters quoted.

    ``repr`` escapes control characters, line breaks, bidirectional overrides and lone surrogates.
    """
    if isinstance(value, str):
        return repr(value[:_QUOTED]) + ("..." if len(value) > _QUOTED else "")
    if isinstance(value, bool):
        return "a yes or no answer"
    kinds = {list: "a list", dict: "a set of named fields", int: "a number", float: "a number"}
    return next((words for kind, words in kinds.items() if isinstance(value, kind)), "a value of another kind")


def text(value: str, path: str, noun: str, *, digits: bool = False) -> str:
    """``value`` if it is short enough; with ``digits``, only if every digit in it is 0 to 9."""
    if len(value) > LONGEST_TEXT:
        raise InputError(path, f"{capital(noun)} must be {LONGEST_TEXT} characters or fewer")
    if digits and any(c.isnumeric() and not "0" <= c <= "9" for c in value):
        raise InputError(path, f"{capital(noun)} must be written with the digits 0 to 9")
    return value.strip()


def in_range(day: date, path: str, noun: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise InputError(path, f"{capital(noun)} must be between {long_date(EARLIEST)} and {long_date(LATEST)}")
    return day


def _written(value: Any, path: str, noun: str, pattern: str, kind: str, example: str, read: Any) -> Any:
    """A date or date and time written as ``pattern`` (ASCII digits), read by ``read``."""
    written = text(value, path, noun, digits=True) if isinstance(value, str) else ""
    if not re.fullmatch(pattern, written):
        raise InputError(path, f"{capital(noun)} must be {example}")
    try:
        return read(written)
    except ValueError:
        raise InputError(path, f"{capital(noun)} must be a real {kind}") from None


def parse_date(value: Any, path: str, noun: str) -> date:
    if isinstance(value, datetime):
        value = value.date()
    elif not isinstance(value, date):
        value = _written(value, path, noun, r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "date",
                         "a date written as year-month-day, like 2024-03-01", date.fromisoformat)
    return in_range(value, path, noun)


def parse_datetime(value: Any, path: str, noun: str) -> datetime:
    if isinstance(value, datetime):
        value = value.replace(second=0, microsecond=0, tzinfo=None)
    else:
        value = _written(value, path, noun, r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}", "date and time",
                         "a date and time, like 2024-03-01T14:30", datetime.fromisoformat)
    in_range(value.date(), path, noun)
    return value


def parse_duration(value: Any, path: str, noun: str) -> Duration:
    written = text(value, path, noun, digits=True) if isinstance(value, str) else ""
    try:
        duration = Duration.parse(written)
    except ValueError:
        raise InputError(path, f"{capital(noun)} must be a length of time {_DURATION_HINT}") from None
    if duration.is_zero:
        raise InputError(path, f"{capital(noun)} must be longer than zero")
    if duration.months > LONGEST.months or duration.days > LONGEST.days:
        raise InputError(path, f"{capital(noun)} must be no longer than 100 years")
    return duration


def parse_int(value: Any, path: str, noun: str, minimum: int, maximum: int) -> int:
    if isinstance(value, str):
        written = text(value, path, noun, digits=True)
        value = int(written) if re.fullmatch(r"-?[0-9]+", written) else None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, f"{capital(noun)} must be a whole number")
    if not minimum <= value <= maximum:  # compared as numbers: a huge one is never turned into text
        raise InputError(path, f"{capital(noun)} must be between {minimum:,} and {maximum:,}")
    return value


def parse_bool(value: Any, path: str, noun: str) -> bool:
    if isinstance(value, bool):
        return value
    answer = text(value, path, noun).lower() if isinstance(value, str) else None
    if answer in ("true", "yes", "false", "no"):
        return answer in ("true", "yes")
    raise InputError(path, f"Answer yes or no for {noun}")


def parse_choice(value: Any, path: str, noun: str, choices: dict[str, str]) -> str:
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(f"'{k}' ({v})" for k, v in choices.items())
        raise InputError(path, f"Select {noun}: {quote(value)} is not one of the options. The options are {options}")
    return value

