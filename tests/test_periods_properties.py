"""Properties of the one month rule (law/periods.py), after Catala's dates-calc property list."""
import calendar
from datetime import date, timedelta

from dateutil_free import months_between
from hypothesis import given
from hypothesis import strategies as st

from procedures.law.periods import (add_months, age_on, anniversary, conventional_days, month_bounds_in_days,
                                    period_after_end, period_end)

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
counts = st.integers(min_value=1, max_value=600)


@given(dates, counts)
def test_end_is_day_before_corresponding_date_or_first_of_next_month(start, months):
    end = period_end(start, months=months)
    following = end + timedelta(days=1)
    assert following.day == start.day or (following.day == 1 and start.day > 28)
    assert months_between(start, following) == months


@given(dates, st.integers(0, 50), st.integers(0, 11))
def test_years_and_months_are_one_month_count_not_a_chain(start, years, months):
    total = 12 * years + months
    if total:
        assert period_end(start, months=total) == add_months(start, total) - timedelta(days=1)


@given(dates, dates, counts)
def test_end_is_monotone_in_start(a, b, months):
    if a <= b:
        assert period_end(a, months=months) <= period_end(b, months=months)


@given(dates, counts)
def test_longer_period_never_ends_earlier(start, months):
    assert period_end(start, months=months) < period_end(start, months=months + 1)


@given(dates, counts)
def test_roll_forward_differs_from_clamping_by_at_most_one_day(start, months):
    rolled = add_months(start, months)
    year, month0 = divmod(start.year * 12 + start.month - 1 + months, 12)
    clamped = date(year, month0 + 1, min(start.day, calendar.monthrange(year, month0 + 1)[1]))
    assert 0 <= (rolled - clamped).days <= 1


@given(dates, counts)
def test_add_then_subtract_returns_when_the_day_exists(start, months):
    if start.day <= 28:
        assert add_months(add_months(start, months), -months) == start


@given(dates, st.integers(1, 40))
def test_period_after_ends_on_anniversary_where_one_exists(event, years):
    end = period_after_end(event, months=12 * years)
    if not (event.month == 2 and event.day == 29):
        assert end == event.replace(year=event.year + years)
    elif calendar.isleap(event.year + years):
        assert end == date(event.year + years, 2, 29)
    else:
        assert end == date(event.year + years, 2, 28)


@given(dates, st.integers(1, 24))
def test_period_after_is_never_later_than_the_period_beginning_the_next_day(event, months):
    from procedures.law.periods import ONE_DAY

    assert period_after_end(event, months=months) <= period_end(event + ONE_DAY, months=months)


@given(dates, st.integers(1, 400))
def test_days_period_counts_the_first_day(start, days):
    assert (period_end(start, days=days) - start).days == days - 1


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2020, 1, 1)), st.integers(0, 80))
def test_age_turns_on_the_birthday_and_not_before(born, years):
    birthday = anniversary(born, years)
    assert age_on(born, birthday) == years
    if years:
        assert age_on(born, birthday - timedelta(days=1)) == years - 1


def test_six_months_spans_181_to_184_days_and_26_weeks_is_the_convention():
    low, high = month_bounds_in_days(6)
    assert (low, high) == (181, 184)
    assert low <= conventional_days(6) <= high == 184
    assert conventional_days(6) == 26 * 7


def test_roll_forward_examples_from_the_contract():
    assert period_end(date(2024, 2, 29), months=24) == date(2026, 2, 28)
    assert period_end(date(2023, 1, 31), months=3) == date(2023, 4, 30)
    assert period_after_end(date(2024, 6, 10), months=12) == date(2025, 6, 10)
    assert period_after_end(date(1999, 2, 28), months=12) == date(2000, 2, 28)
    assert period_after_end(date(2024, 2, 29), months=12) == date(2025, 2, 28)
    assert period_after_end(date(2024, 3, 1), days=7) == date(2024, 3, 8)
