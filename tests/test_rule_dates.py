"""No date an answer gives falls before the rule that produced it existed.

Every answer names, in ``rules_from``, the commencement (the ``from`` of the rule version) behind each
output that holds a date.  The statute cases are replayed as they are, then with all their dates moved
together (so their order is kept) to anywhere from 1990 to 2035 or to within 40 days of a commencement
the rules name: every date in every answer is on or after its rule's ``from``, and no output holds a
date without naming the rule it came from.  (Edition 2026.1 gave travel deadlines before the travel
regulations began: a 10-day trip departing on 5 May 2004 was due by 28 April 2004.)
"""
from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefiles import load_cases
from procedures import InputError, calculate, calculators

SRC = Path(__file__).parents[1] / "src" / "procedures"
ANSWERED = [case for case in load_cases() if not case.error]
ISO = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(T[0-9]{2}:[0-9]{2})?$")
NOT_OUTPUTS = {"calculator", "headline", "explanation", "citations", "warnings", "warning_ids", "rules_from"}


def _dates_in_data(value, found: set[date]) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _dates_in_data(item, found)
    elif isinstance(value, list):
        for item in value:
            _dates_in_data(item, found)
    elif isinstance(value, date) and not isinstance(value, datetime):
        found.add(value)


def commencements() -> list[date]:
    """Every date in the rules' data (commencements, transitional ends), not bank holidays or the register."""
    found: set[date] = set()
    for path in SRC.rglob("*.toml"):
        if path.name not in ("citations.toml", "register.toml", "bank_holidays.toml"):
            _dates_in_data(tomllib.loads(path.read_text("utf-8")), found)
    return sorted(found)


COMMENCEMENTS = commencements()


def dates_in(value) -> list[date]:
    """Every date (or date and time) written in an answer's value, as a date."""
    if isinstance(value, dict):
        return [d for item in value.values() for d in dates_in(item)]
    if isinstance(value, list):
        return [d for item in value for d in dates_in(item)]
    match = ISO.match(value) if isinstance(value, str) else None
    return [date.fromisoformat(match[1])] if match else []


def shifted(value, delta: timedelta):
    """The input with every date in it moved by ``delta`` (times of day kept)."""
    if isinstance(value, dict):
        return {key: shifted(item, delta) for key, item in value.items()}
    if isinstance(value, list):
        return [shifted(item, delta) for item in value]
    match = ISO.match(value) if isinstance(value, str) else None
    return (date.fromisoformat(match[1]) + delta).isoformat() + (match[2] or "") if match else value


def assert_no_date_before_its_rule(answer: dict) -> None:
    since = answer["rules_from"]
    for key, value in answer.items():
        found = [] if key in NOT_OUTPUTS else dates_in(value)
        if found:
            assert key in since, f"{answer['calculator']}: the output {key!r} holds a date but names no rule"
            start = date.fromisoformat(since[key])
            assert min(found) >= start, (answer["calculator"], key, found, start, answer["explanation"])


def test_the_rules_name_their_commencements():
    assert date(2004, 5, 1) in COMMENCEMENTS and date(2012, 8, 13) in COMMENCEMENTS
    assert date(2026, 3, 22) in COMMENCEMENTS and date(2000, 8, 25) in COMMENCEMENTS


@pytest.mark.parametrize("case", ANSWERED, ids=[f"{c.file}: {c.name}" for c in ANSWERED])
def test_no_statute_case_gives_a_date_before_its_rule(case):
    assert_no_date_before_its_rule(calculate(case.calculator, case.input))


def test_every_calculator_that_gives_dates_names_their_rules():
    giving = {c.calculator for c in ANSWERED if calculate(c.calculator, c.input)["rules_from"]}
    assert giving == set(calculators()) - {"mappa-category"}


targets = st.one_of(st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
                    st.builds(lambda day, days: day + timedelta(days=days), st.sampled_from(COMMENCEMENTS),
                              st.integers(-40, 40)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from([c for c in ANSWERED if dates_in(c.input)]), target=targets)
def test_with_every_date_moved_no_answer_gives_a_date_before_its_rule(case, target):
    delta = target - min(dates_in(case.input))
    try:
        answer = calculate(case.calculator, shifted(case.input, delta))
    except InputError:
        return  # moved out of the rules' reach (before the first rule, or a date the form refuses)
    assert_no_date_before_its_rule(answer)
