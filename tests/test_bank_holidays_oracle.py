"""The bank holiday table (law/bank_holidays.toml) against an independent oracle.

The `holidays` package (GB, subdivision ENG) is a test-only dependency: the runtime never
imports it.  It names the weekend day as well as its substitute ("Boxing Day" on Saturday
26 December 2015, "Boxing Day (observed)" on Monday 28 December); only the substitute is a
bank holiday, except that Christmas Day is a disregarded day wherever it falls.  So a
weekend day with an "(observed)" partner is dropped before comparing.
"""
from datetime import date, datetime

import pytest

holidays = pytest.importorskip("holidays")

from procedures import InputError
from procedures.law import bank_holidays as bh

YEARS = range(bh.FIRST_YEAR, bh.LAST_YEAR + 1)


def oracle(year: int) -> set[date]:
    named = holidays.country_holidays("GB", subdiv="ENG", years=year)
    observed = {name.removesuffix(" (observed)") for name in named.values() if name.endswith("(observed)")}
    return {day for day, name in named.items() if name not in observed or name == "Christmas Day"}


def table(year: int) -> set[date]:
    data = bh.DATA["years"][str(year)]
    return set(bh.bank_holidays(year)) | {data["good_friday"], data["christmas_day"]}


@pytest.mark.parametrize("year", YEARS)
def test_each_year_matches_the_oracle(year):
    assert table(year) == oracle(year)


def test_covered_years_are_2010_to_2028():
    assert (bh.FIRST_YEAR, bh.LAST_YEAR) == (2010, 2028)
    assert sorted(bh.DATA["years"]) == [str(y) for y in YEARS]


@pytest.mark.parametrize("day, reason", [
    (date(2011, 4, 29), "Royal wedding"), (date(2012, 6, 4), "Spring"), (date(2012, 6, 5), "Diamond Jubilee"),
    (date(2020, 5, 8), "Early May"), (date(2022, 6, 2), "Spring"), (date(2022, 6, 3), "Platinum Jubilee"),
    (date(2022, 9, 19), "State funeral"), (date(2023, 5, 8), "Coronation"), (date(2021, 12, 28), "substitute"),
    (date(2022, 1, 3), "substitute"), (date(2024, 3, 29), "Good Friday"), (date(2021, 12, 25), "Christmas Day"),
    (date(2024, 3, 31), "Sunday"),
])
def test_special_and_substitute_days_are_disregarded(day, reason):
    assert reason in bh.disregarded(day)


@pytest.mark.parametrize("day", [date(2012, 5, 28), date(2020, 5, 4), date(2022, 5, 30), date(2011, 1, 1),
                                 date(2015, 12, 26), date(2024, 12, 24)])
def test_moved_and_weekend_originals_are_not_disregarded(day):
    assert bh.disregarded(day) is None


@pytest.mark.parametrize("when", [datetime(2009, 12, 31, 12, 0), datetime(2029, 1, 2, 9, 0)])
def test_a_date_outside_the_table_is_refused(when):
    with pytest.raises(InputError) as raised:
        bh.add_hours_disregarding(when, 48, "served_at")
    assert raised.value.field == "served_at" and "2010 to 2028" in raised.value.message


def test_a_count_that_runs_past_the_table_is_refused():
    with pytest.raises(InputError):
        bh.add_hours_disregarding(datetime(2028, 12, 30, 12, 0), 48, "served_at")


def test_hours_stop_for_a_whole_sunday():
    count = bh.add_hours_disregarding(datetime(2024, 6, 1, 20, 0), 48, "served_at")  # Saturday evening
    assert count.end == datetime(2024, 6, 4, 20, 0)
    assert [s.reason for s in count.skipped] == ["Sunday"]
