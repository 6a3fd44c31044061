"""Fuzzing the one door: any JSON, and schema-shaped JSON with mutated values, for every calculator.

``calculate`` answers or raises InputError naming a field of the schema (a path into a list
field such as ``stays[1].end``, or ``inputs``), never any other exception; and the caps on
size hold.  The clock here is a watchdog for hangs, not a timing test.
"""
import json
import re
import time
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefiles import load_cases
from hostile.corpus import BASE, FIELDS
from hostile.sample import HOSTILE, sample
from procedures import InputError, calculate, calculators, schema
from procedures.law.scalars import EARLIEST, LATEST, MOST_ENTRIES, OLDEST, YOUNGEST
from procedures.law import periods

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HANG = 10  # seconds: far beyond any answer, which takes milliseconds
ANSWERED = [case for case in load_cases() if not case.error]

# Integers past Python's 4,300-digit conversion limit are made by ``map``: a strategy holding one could not be printed.
huge = st.sampled_from([1, -1]).map(lambda sign: sign * 10 ** 5000)
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=60) | huge
           | st.sampled_from(["9" * 5000, "x" * 100_000, "\x1b[31m\n", "\ud800"]))
any_json = st.recursive(scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids,
                                                                                          max_size=4), max_leaves=12)


def plausible(prop: dict) -> st.SearchStrategy:
    """A value of the kind the property asks for, within or just beyond its bounds."""
    if "enum" in prop:
        return st.sampled_from(prop["enum"])
    if prop.get("type") == "array":
        return st.lists(shaped(prop["items"]), max_size=3)
    if prop.get("type") == "object":
        return shaped(prop)
    days = st.dates(min_value=date(1895, 1, 1), max_value=date(2130, 12, 31))
    return {"date": days.map(date.isoformat),
            "date-time": st.builds(lambda d, m: f"{d.isoformat()}T{m // 60:02d}:{m % 60:02d}", days, st.integers(0, 1439)),
            "duration": st.builds(lambda n, u: f"P{n}{u}", st.integers(0, 40) | st.integers(0, 40_000),
                                  st.sampled_from("YMWD")),
            }.get(prop.get("format"), st.integers(5, 125) | st.integers() if prop.get("type") == "integer"
                  else st.booleans())


def shaped(object_schema: dict) -> st.SearchStrategy:
    """An object with the schema's required fields and some others: mostly plausible, else hostile or any JSON."""
    props, required = object_schema["properties"], object_schema["required"]
    value = {k: st.one_of(*[plausible(p)] * 6, st.sampled_from(HOSTILE), any_json) for k, p in props.items()}
    return st.fixed_dictionaries({k: v for k, v in value.items() if k in required},
                                 optional={k: v for k, v in value.items() if k not in required})


def named_field(spec: dict, field: str) -> bool:
    """Whether ``field`` is ``inputs``, a field of the schema, or a path into its list and object fields
    (``stays[1].end``, ``convictions[0].further_terms[1].overlap``, ``mappa.term``)."""
    if field == "inputs":
        return True
    match = re.fullmatch(r"(\w+)(?:\[(\d+)\])?(?:\.(.+))?", field)
    if not match or match[1] not in spec["properties"]:
        return False
    prop = spec["properties"][match[1]]
    if match[2] is not None:
        if prop["type"] != "array":
            return False
        prop = prop["items"]
    if match[3] is None:
        return True
    return prop.get("type") == "object" and "properties" in prop and named_field(prop, match[3])


def answer_or_named_refusal(name: str, inputs) -> dict | None:
    started = time.monotonic()
    try:
        result = calculate(name, inputs)
    except InputError as exc:
        assert named_field(schema(name), exc.field), exc.field
        assert exc.message and len(exc.message) < 2000
        result = None
    else:
        json.dumps(result, allow_nan=False)
    assert time.monotonic() - started < HANG
    return result


@pytest.mark.parametrize("name", calculators())
@FUZZ
@given(raw=any_json)
def test_any_json_is_answered_or_refused_by_name(name, raw):
    answer_or_named_refusal(name, raw)


@pytest.mark.parametrize("name", calculators())
@FUZZ
@given(data=st.data())
def test_schema_shaped_inputs_with_mutated_values_are_answered_or_refused_by_name(name, data):
    answer_or_named_refusal(name, data.draw(shaped(schema(name))))


@FUZZ
@given(data=st.data())
def test_statute_cases_with_one_field_mutated_are_answered_or_refused_by_name(data):
    case = data.draw(st.sampled_from(ANSWERED))
    props = schema(case.calculator)["properties"]
    field = data.draw(st.sampled_from(sorted(props)))
    value = data.draw(st.one_of(*[plausible(props[field])] * 3, st.sampled_from(HOSTILE), any_json))
    answer_or_named_refusal(case.calculator, {**case.input, field: value})


def test_the_browser_sample_is_fixed_json_and_answered_or_refused_by_name():
    pairs = sample()
    assert len(pairs) == 60 and pairs == sample()
    json.dumps(pairs, allow_nan=False)
    outcomes = [answer_or_named_refusal(name, inputs) for name, inputs in pairs]
    assert any(outcomes) and not all(outcomes)


# ---- the caps exist ---------------------------------------------------------------------

ENTRY = {"further_terms": {"term": "P1M", "arrangement": "consecutive"},
         "stays": {"start": "2024-01-01", "end": "2024-01-02"},
         "disregarded_periods": {"start": "2024-01-01", "end": "2024-01-02"},
         "custody": {"start": "2024-01-01", "end": "2024-01-02"},
         "convictions": {"relevant_date": "2024-03-01", "disposal": "caution", "age_on_relevant_date": 30},
         "orders": {"order": "shpo", "made_date": "2024-03-01"}}
CONTEXT = {(calc, field): base for calc, field, base, _ in FIELDS}


def refused(name: str, inputs: dict) -> InputError:
    with pytest.raises(InputError) as raised:
        calculate(name, inputs)
    return raised.value


@pytest.mark.parametrize("name", calculators())
def test_every_list_int_date_and_length_of_time_declares_its_cap_and_the_engine_holds_it(name):
    for field, prop in schema(name)["properties"].items():
        base = CONTEXT.get((name, field), BASE[name])
        if prop["type"] == "array":
            most = prop["maxItems"]
            assert most <= MOST_ENTRIES
            error = refused(name, {**base, field: [ENTRY[field]] * (most + 1)})
            assert (error.field, str(most) in error.message) == (field, True)
        elif prop["type"] == "integer":
            assert prop["minimum"] >= 1 and prop["maximum"] <= 36525
            for beyond in (prop["minimum"] - 1, prop["maximum"] + 1):
                assert refused(name, {**base, field: beyond}).field == field
        elif prop.get("format") == "date":
            assert (prop["formatMinimum"], prop["formatMaximum"]) == (EARLIEST.isoformat(), LATEST.isoformat())
            for beyond in (EARLIEST - timedelta(days=1), LATEST + timedelta(days=1)):
                assert refused(name, {**base, field: beyond.isoformat()}).field == field
        elif prop.get("format") == "duration":
            assert refused(name, {**base, field: "P1201M"}).field == field


def test_ages_are_10_to_120_wherever_an_age_is_asked():
    ages = [(n, f, p) for n in calculators() for f, p in schema(n)["properties"].items() if "age" in f.split("_")]
    assert len(ages) == 3 and all((p["minimum"], p["maximum"]) == (YOUNGEST, OLDEST) for _, _, p in ages)


def test_a_span_over_the_cap_is_refused_and_one_under_it_is_counted_span_by_span(monkeypatch):
    long = {"start": "1900-01-01", "end": "2019-12-31"}  # just under 120 years
    assert refused("notification-deadline", {"event": "qualifying_stay",
                                              "stays": [{**long, "end": "2020-01-01"}]}).field == "stays[0].end"
    # Stays from 2005 (after Part 2 began, so a deadline is given), each just under 120 years long.
    stays = [{"start": f"{2005 + i}-01-01", "end": f"{2124 - i // 20}-12-31"} for i in range(MOST_ENTRIES)]
    started = time.monotonic()
    result = calculate("notification-deadline", {"event": "qualifying_stay", "stays": stays})
    custody = calculate("notification-deadline", {"event": "initial", "event_date": "1950-01-01",
                                                  "disregarded_periods": [long] * MOST_ENTRIES})
    assert time.monotonic() - started < HANG
    assert (result["counted_from"], result["deadline"]) == ("2005-01-07", "2005-01-09")
    assert custody["deadline"] == "2020-01-02"  # release day, 31 December 2019, is the first day at liberty
    tried = []
    monkeypatch.setattr(periods, "earliest_start_including", lambda day, months: tried.append(day) or day)
    spans = [(date(1900, 1, 1), date(2019, 12, 31)), (date(2021, 1, 1), date(2021, 1, 3))]
    assert periods.first_day_reaching(spans, 8, 12) is None  # no 12 months hold 8 days if each window is one day
    assert len(tried) == 11  # 8 days of the first span and all 3 of the second, not 43,833


def test_a_python_datetime_is_taken_and_still_bounded():
    assert calculate("pre-charge-bail", {"arrest_date": datetime(2024, 3, 1, 9, 30)})["bail_start_date"] == "2024-03-02"
    assert refused("pre-charge-bail", {"arrest_date": date(1066, 10, 14)}).field == "arrest_date"
