"""The shared legal primitives, on the paths the calculators' cases do not reach."""
import dataclasses
import re
import runpy
import sys
from datetime import date, datetime

import pytest

from procedures import InputError, calculate
from procedures.law import periods
from procedures.law.bank_holidays import add_hours_disregarding, doubtful_days
from procedures.law.citation import cite
from procedures.law.dated import versions
from procedures.law.duration import Duration
from procedures.law.inputs import inp, parse
from procedures.law.result import Result


@dataclasses.dataclass(frozen=True)
class Item:
    when: date = inp("When")


@dataclasses.dataclass(frozen=True)
class Everything:
    day: date | None = inp("Day", default=None)
    moment: datetime | None = inp("Moment", default=None)
    count: int | None = inp("Count", minimum=0, maximum=10, default=None)
    flag: bool = inp("Flag", default=False)
    items: list[Item] = inp("Items", default=[])


def test_python_dates_and_datetimes_are_taken_as_they_are():
    got = parse(Everything, {"day": datetime(2024, 3, 1, 10, 0), "moment": datetime(2024, 3, 1, 10, 5, 7)})
    assert got.day == date(2024, 3, 1) and got.moment == datetime(2024, 3, 1, 10, 5)
    assert parse(Everything, {"day": date(2024, 3, 1)}).day == date(2024, 3, 1)


@pytest.mark.parametrize("raw, field, phrase", [
    ({"moment": "2024-03-01 10:00"}, "moment", "must be a date and time"),
    ({"moment": "2024-02-30T10:00"}, "moment", "real date and time"),
    ({"count": 1.5}, "count", "whole number"),
    ({"count": "-3"}, "count", "between 0 and 10"),
    ({"count": 11}, "count", "between 0 and 10"),
    ({"flag": 3}, "flag", "yes or no"),
    ({"items": {"when": "2024-01-01"}}, "items", "must be a list"),
    ({"items": ["2024-01-01"]}, "items[0]", "its own fields"),
    ({"items": [{}]}, "items[0].when", "Enter the when"),
])
def test_bad_values_name_their_field(raw, field, phrase):
    with pytest.raises(InputError) as raised:
        parse(Everything, raw)
    assert raised.value.field == field and phrase in raised.value.message


@pytest.mark.parametrize("text, expected", [("yes", True), ("True", True), ("no", False), ("false", False)])
def test_yes_and_no_in_words(text, expected):
    assert parse(Everything, {"flag": text}).flag is expected


def test_inputs_must_be_named_fields():
    with pytest.raises(InputError) as raised:
        parse(Everything, ["2024-01-01"])
    assert raised.value.field == "inputs"


def test_an_undeclarable_type_is_a_programming_error():
    @dataclasses.dataclass(frozen=True)
    class Odd:
        value: float = inp("Value")

    with pytest.raises(TypeError):
        parse(Odd, {"value": 1.5})


def test_an_input_error_becomes_json_for_the_browser():
    assert InputError("term", "Enter the term").to_dict() == {"error": {"field": "term", "message": "Enter the term"}}


def test_unknown_calculator_is_an_input_error():
    with pytest.raises(InputError) as raised:
        calculate("register", {})
    assert raised.value.field == "calculator" and "notification-period" in raised.value.message


def test_unknown_citation_says_where_to_add_it():
    with pytest.raises(KeyError, match="citations.toml"):
        cite("soa2003-s999")


def test_dated_rows_out_of_order_are_refused():
    rows = [{"from": date(2012, 8, 13), "cite": "si2012-1876"}, {"from": date(2004, 5, 1), "cite": "soa2003-s85"}]
    with pytest.raises(ValueError, match="increasing"):
        versions(rows)


@pytest.mark.parametrize("duration, iso", [
    (Duration(0, 14), "P2W"), (Duration(3, 14), "P3M14D"), (Duration(0, 10), "P10D"), (Duration(30, 0), "P2Y6M"),
    (Duration(0, 0), "P0D"),
])
def test_durations_write_back_as_iso(duration, iso):
    assert duration.iso() == iso
    assert Duration.parse(iso) == duration


@pytest.mark.parametrize("call", [
    lambda: periods.period_end(date(2024, 1, 1)),
    lambda: periods.period_after_end(date(2024, 1, 1), months=-1),
    lambda: periods.days_before(date(2024, 1, 1), 0),
    lambda: periods.last_counted_day(date(2024, 1, 1), 0, []),
    lambda: periods.age_on(date(2024, 1, 2), date(2024, 1, 1)),
    lambda: add_hours_disregarding(datetime(2024, 1, 1), 0, "served_at"),
])
def test_impossible_periods_are_programming_errors(call):
    with pytest.raises(ValueError):
        call()


def test_doubtful_days_are_only_those_inside_the_span():
    assert doubtful_days(date(2026, 12, 1), date(2026, 12, 31)) != []
    assert doubtful_days(date(2026, 1, 1), date(2026, 11, 30)) == []


def test_a_warning_is_given_once_with_its_citation():
    declared = {"w": {"text": "Check {what}.", "cite": "soa2003-s82"}}
    result = Result()
    result.warn(declared, "w", what="the term")
    result.warn(declared, "w", what="the term")
    assert [w.message for w in result.warnings] == ["Check the term."]
    assert [c.id for c in result.citations()] == ["soa2003-s82"]


def test_python_dash_m_runs_the_cli(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["procedures", "list"])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("procedures", run_name="__main__")
    assert exited.value.code == 0 and "notification-period" in capsys.readouterr().out


@pytest.mark.parametrize("duration, words", [
    (Duration(42, 0), "3 years 6 months"), (Duration(12, 0), "1 year"), (Duration(1, 0), "1 month"),
    (Duration(0, 14), "2 weeks"), (Duration(0, 7), "1 week"), (Duration(0, 10), "10 days"), (Duration(0, 1), "1 day"),
    (Duration(6, 14), "6 months 14 days"), (Duration(0, 0), "no time"),
])
def test_durations_in_words(duration, words):
    assert duration.words() == words


def test_the_s82_table_on_the_site_states_the_statute():
    from procedures import tables

    rows = {row[0]: row[1:] for row in tables()["notification-periods"].rows}
    assert rows["Imprisonment for more than 6 months but less than 30 months"][:2] == ("10 years", "5 years")
    assert rows["Imprisonment for 6 months or less"][:2] == ("7 years", "3 years 6 months")
    assert rows["Cautioned (including a reprimand, warning or youth caution)"][:2] == ("2 years", "1 year")
    assert rows["Admitted to hospital subject to a restriction order"][:2] == ("Indefinite", "Indefinite")
    assert rows["Conditional discharge"][2].startswith("[s.134](https://www.legislation.gov.uk/")
    assert rows["Imprisonment for 6 months or less"][2].startswith("[s.82(1)](https://www.legislation.gov.uk/")


def test_every_table_cites_the_law_in_its_last_column():
    from procedures import tables

    for name, table in tables().items():
        for row in table.rows:
            assert re.match(r"^\[.+\]\(https://www\.(legislation\.gov\.uk|gov\.uk)/", row[-1]), (name, row)


def test_days_out_before_the_start_or_after_the_end_do_not_move_the_count():
    skipped = [(date(2023, 1, 1), date(2023, 6, 1)), (date(2024, 1, 2), date(2024, 1, 3)), (date(2024, 1, 9), date(2025, 1, 1))]
    assert periods.last_counted_day(date(2024, 1, 1), 3, skipped) == date(2024, 1, 5)
    assert periods.merged([(date(2024, 1, 5), date(2024, 1, 9)), (date(2024, 1, 1), date(2024, 1, 4)),
                           (date(2024, 1, 2), date(2024, 1, 3))]) == [(date(2024, 1, 1), date(2024, 1, 9))]
