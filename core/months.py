"""Month arithmetic for leases: the same day n months later, months spanned, consecutive periods."""
import calendar
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
_THIRTY = frozenset({4, 6, 9, 11})


def days_in_month(year: int, month: int) -> int:
    """28 to 31. What calendar.monthrange(year, month)[1] says, without working out the
    weekday it also returns: the dashboard adds months to thousands of dates a page."""
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in _THIRTY else 31


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the month's end (31/01 + 1 → 28/02)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def last_day(start: date, months: int) -> date:
    """The last day of a lease of `months` months from `start`: the day before start + months."""
    return add_months(start, months) - ONE_DAY


def months_spanned(start: date, end: date) -> int:
    """Months from start to end inclusive; a part month counts as a month."""
    after = end + ONE_DAY
    months = (after.year - start.year) * 12 + after.month - start.month
    while months > 0 and add_months(start, months) > after:
        months -= 1
    return months + (1 if add_months(start, months) < after else 0)


def period_bounds(start: date, months: int, step: int, index: int) -> tuple[date, date]:
    """First and last day of period `index` (0-based) when a lease of `months` months from
    `start` is cut into periods of `step` months; the last period may be shorter."""
    offset = index * step
    return (add_months(start, offset),
            last_day(start, offset + min(step, months - offset)))


def period_count(months: int, step: int) -> int:
    """How many periods of `step` months cover `months` months (the last may be shorter)."""
    return -(-months // step)


def last_day_year(start: date, months: int) -> int:
    """The year of `last_day(start, months)`, without building the date.

    add_months keeps the day of the month (clipped), so the day before it stays in that month
    unless the lease starts on a 1st, when it is the last day of the month before.
    """
    return start.year + (start.month - 1 + months - (1 if start.day == 1 else 0)) // 12
