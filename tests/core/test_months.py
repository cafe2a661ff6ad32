"""core.months: the same day n months later, a lease's last day, periods of a lease."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.months import (add_months, last_day, last_day_year, months_spanned, period_bounds,
                         period_count)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 11, 15), 2, date(2027, 1, 15)), (date(2026, 9, 1), 60, date(2031, 9, 1)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)), (date(2026, 5, 5), 0, date(2026, 5, 5)),
])
def test_add_months_keeps_the_day_clipped_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_a_lease_ends_the_day_before_the_same_day_months_later():
    assert last_day(date(2026, 9, 1), 60) == date(2031, 8, 31)
    assert last_day(date(2026, 1, 31), 1) == date(2026, 2, 27)


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2026, 1, 1), date(2030, 12, 31), 60), (date(2026, 1, 1), date(2026, 6, 30), 6),
    (date(2026, 1, 15), date(2026, 2, 14), 1), (date(2026, 1, 15), date(2026, 2, 15), 2),
    (date(2026, 3, 1), date(2026, 3, 1), 1),
])
def test_months_spanned_counts_a_part_month_as_a_month(start, end, months):
    assert months_spanned(start, end) == months


DAYS = st.dates(min_value=date(2014, 1, 1), max_value=date(2060, 12, 31))


@given(DAYS, st.integers(0, 600))
def test_the_year_of_the_last_day_needs_no_date(start, months):
    assert last_day_year(start, months) == last_day(start, months).year


@given(DAYS, st.integers(1, 240), st.sampled_from([1, 3, 12]))
def test_periods_cover_the_lease_end_to_end_without_gaps(start, months, step):
    count = period_count(months, step)
    bounds = [period_bounds(start, months, step, i) for i in range(count)]
    assert bounds[0][0] == start and bounds[-1][1] == last_day(start, months)
    for (_, end), (following, _) in zip(bounds, bounds[1:]):
        assert following == end + timedelta(days=1)
    assert all(first <= last for first, last in bounds)


def test_month_lengths_are_the_calendar_s_for_two_centuries():
    import calendar

    from core.months import days_in_month

    assert all(days_in_month(year, month) == calendar.monthrange(year, month)[1]
               for year in range(1900, 2101) for month in range(1, 13))
