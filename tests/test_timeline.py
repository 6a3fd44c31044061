"""The case timeline is composed, never computed twice: every event is the single calculator's answer.

Each statute case of the timeline is replayed through the single calculators, one by one, with the
same inputs: every event's date must be what that calculator gives.  Then properties (hypothesis):
adding a conviction never makes ``subject_until`` earlier; a range's earliest is never after its
latest; every event falls on or after the date it is counted from.
"""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefiles import load_cases
from procedures import InputError, calculate

TIMELINES = [c for c in load_cases() if c.calculator == "case-timeline" and not c.error]
EXACT = [c for c in TIMELINES if "rough-date" not in calculate("case-timeline", c.input)["warning_ids"]]


def single(case_input: dict, key: str) -> str:
    """The date the single calculator gives for the event ``key`` of a timeline with ``case_input``."""
    custody = case_input.get("custody", [])
    part, _, what = key.partition(".")
    if part.startswith("convictions"):
        conviction = dict(case_input["convictions"][int(part[12:-1])])
        if "age_on_relevant_date" not in conviction and "date_of_birth" in case_input:
            conviction.setdefault("date_of_birth", case_input["date_of_birth"])
        if what == "end":
            return calculate("notification-period", conviction)["end_date"]
        initial = calculate("notification-deadline", {"event": "initial", "event_date": conviction["relevant_date"],
                                                      "disregarded_periods": custody})["deadline"]
        if what == "initial":
            return initial
        years = conviction.get("age_on_relevant_date")
        if years is None:  # whole years on the relevant date (no birthday in these cases is 29 February)
            d, b = date.fromisoformat(conviction["relevant_date"]), date.fromisoformat(conviction["date_of_birth"])
            years = d.year - b.year - ((d.month, d.day) < (b.month, b.day))
        return calculate("indefinite-review", {"first_notification_date": case_input.get("first_notification_date",
                                                                                         initial),
                                               "age_on_relevant_date": years})["earliest_application_date"]
    if part.startswith("orders"):
        order = dict(case_input["orders"][int(part[7:-1])])
        end = order.pop("end_date", None)
        if order["order"] == "voo" and "age" not in order:
            order.setdefault("date_of_birth", case_input["date_of_birth"])
        return end if what == "end" else calculate("order-duration", order)[what]
    if part.startswith("custody"):
        spell = custody[int(part[8:-1])]
        return calculate("notification-deadline", {"event": "release_from_custody", "event_date": spell["end"],
                                                   "disregarded_periods": custody})["deadline"]
    last, n = case_input["last_notification_date"], int(part[9:-1])
    for _ in range(n + 1):
        last = calculate("notification-deadline", {"event": "periodic", "event_date": last,
                                                   "no_fixed_abode": case_input.get("no_fixed_abode", False),
                                                   "disregarded_periods": custody})["deadline"]
    return last


def test_every_event_is_the_single_calculators_answer():
    checked = 0
    for case in EXACT:
        for event in calculate("case-timeline", case.input)["events"]:
            assert event["date"] == single(case.input, event["key"]), (case.name, event)
            checked += 1
    assert checked > 40


def test_events_are_in_date_order_and_shaped_as_the_contract_says():
    for case in TIMELINES:
        events = calculate("case-timeline", case.input)["events"]
        assert [e["date"] for e in events] == sorted(e["date"] for e in events)
        for event in events:
            assert {"date", "kind", "title", "calculator", "citations"} <= set(event)
            assert event["citations"] and all(c["url"].startswith("https://") for c in event["citations"])


DISPOSALS = st.sampled_from([("caution", None), ("other", None), ("imprisonment", "P4M"), ("imprisonment", "P12M"),
                             ("imprisonment", "P3Y"), ("hospital_order", None), ("conditional_discharge", "P1Y")])
DAYS = st.dates(min_value=date(2005, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def conviction(draw) -> dict:
    disposal, term = draw(DISPOSALS)
    rough = draw(st.sampled_from(["day", "day", "month", "year"]))
    day = draw(DAYS)
    written = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[rough]
    out = {"relevant_date": written, "disposal": disposal, "age_on_relevant_date": draw(st.integers(12, 70))}
    return {**out, "term": term} if term else out


def latest(value):
    return value["latest"] if isinstance(value, dict) else value


def later_or_indefinite(after: dict, before: dict) -> bool:
    """``after`` subject at least as long as ``before``: indefinite, or a last day no earlier."""
    if after["indefinite"] or not before["subject_to_notification"]:
        return True
    return not before["indefinite"] and latest(after["subject_until"]) >= latest(before["subject_until"])


PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(st.lists(conviction(), min_size=1, max_size=3), conviction())
def test_adding_a_conviction_never_makes_subject_until_earlier(convictions, extra):
    before = calculate("case-timeline", {"convictions": convictions})
    after = calculate("case-timeline", {"convictions": [*convictions, extra]})
    assert later_or_indefinite(after, before)


def ranges(value):
    if isinstance(value, dict):
        if set(value) == {"earliest", "latest"}:
            yield value
        for item in value.values():
            yield from ranges(item)
    elif isinstance(value, list):
        for item in value:
            yield from ranges(item)


@PROPS
@given(st.lists(conviction(), min_size=1, max_size=3), st.one_of(st.none(), DAYS), st.booleans())
def test_a_range_never_starts_after_it_ends_and_no_event_comes_before_its_source(convictions, last, nfa):
    inputs = {"convictions": convictions, "no_fixed_abode": nfa}
    if last is not None:
        inputs["last_notification_date"] = last.isoformat()
    try:
        answer = calculate("case-timeline", inputs)
    except InputError:
        return
    for found in ranges(answer):
        assert found["earliest"] <= found["latest"]
    for event in answer["events"]:
        assert event.get("range", {"earliest": event["date"]})["earliest"] <= event["date"]
        part = event["key"].partition(".")[0]
        if part.startswith("convictions"):
            source = convictions[int(part[12:-1])]["relevant_date"]
            earliest = event.get("range", {}).get("earliest", event["date"])
            assert earliest >= (source + "-01-01"[len(source) - 4:] if len(source) < 10 else source), event
        elif part.startswith("periodic"):
            assert event["date"] > last.isoformat()
            assert event["date"] <= (last + timedelta(days=366 * 5 + 2)).isoformat()
