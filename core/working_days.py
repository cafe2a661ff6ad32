"""Working days in Vietnam: Monday to Friday, less the public holidays, plus the weekend days
worked in a swap.

The holidays come from `core/data/holidays.yml`, the list shipped with the code; administrators
keep their own in `instance/holidays.yml` (same format), which replaces it when present. The
file is read once per process and again whenever its modification time changes. Outside the
years a file lists, only weekends are known: a date there counts as a working day unless it is
a Saturday or a Sunday.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml
from flask import current_app, has_app_context
from flask_babel import gettext as _

DEFAULT_FILE = Path(__file__).parent / "data" / "holidays.yml"
INSTANCE_NAME = "holidays.yml"


@dataclass(frozen=True)
class Holiday:
    """A day off (or, in `working_days`, a weekend day worked) and why."""

    day: date
    name: str
    compensatory: bool = False
    to_confirm: bool = False


@dataclass(frozen=True)
class Calendar:
    """What one holidays file says."""

    source: Path
    holidays: dict[date, Holiday]
    worked_weekends: dict[date, Holiday]
    to_check_by_legal_drafters: bool = False

    def is_working_day(self, day: date) -> bool:
        if day in self.worked_weekends:
            return True
        return day.weekday() < 5 and day not in self.holidays


_cache: dict[Path, tuple[float, Calendar]] = {}


def holidays_file() -> Path:
    """`instance/holidays.yml` when the application has one, else the shipped list."""
    if has_app_context():
        kept = Path(current_app.instance_path) / INSTANCE_NAME
        if kept.is_file():
            return kept
    return DEFAULT_FILE


def _entries(path: Path, raw, key: str) -> dict[date, Holiday]:
    found = {}
    for number, entry in enumerate(raw.get(key) or [], start=1):
        day = entry.get("date") if isinstance(entry, dict) else None
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(day, date) or not isinstance(name, str) or not name.strip():
            raise ValueError(_("%(path)s: mục %(number)s của “%(key)s” cần date (YYYY-MM-DD) và "
                               "name.", path=path, number=number, key=key))
        found[day] = Holiday(day, name.strip(), bool(entry.get("compensatory")),
                             bool(entry.get("to_confirm")))
    return found


def load(path: Path) -> Calendar:
    """Read a holidays file (no cache); a malformed one is an error naming the file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ValueError(_("%(path)s: tệp ngày nghỉ phải có các khóa holidays và working_days.",
                           path=path))
    return Calendar(path, _entries(path, raw, "holidays"), _entries(path, raw, "working_days"),
                    bool(raw.get("to_check_by_legal_drafters")))


def calendar() -> Calendar:
    """The holidays in force: the file read once, and again when it changes."""
    path = holidays_file()
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, load(path))
        _cache[path] = cached
    return cached[1]


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday, or a weekend day worked in a swap."""
    return calendar().is_working_day(day)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (before it when n < 0); `day` itself is not counted,
    so 3 working days from a Friday is the Wednesday after (without holidays). n = 0: `day`."""
    known = calendar()
    step = 1 if n >= 0 else -1
    left = abs(n)
    while left:
        day += timedelta(days=step)
        if known.is_working_day(day):
            left -= 1
    return day


def next_working_day(day: date) -> date:
    """`day` if it is a working day, else the first working day after it."""
    known = calendar()
    while not known.is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after `start` up to and including `end`; when `end` is before
    `start`, minus those from `end` included up to `start` excluded. Either way
    add_working_days(a, n) == b gives working_days_between(a, b) == n."""
    known = calendar()
    if end < start:
        return -sum(1 for offset in range((start - end).days)
                    if known.is_working_day(end + timedelta(days=offset)))
    return sum(1 for offset in range(1, (end - start).days + 1)
               if known.is_working_day(start + timedelta(days=offset)))


def holidays_in(year: int | None = None) -> list[Holiday]:
    """The days off listed (of one year, or all), in order: for the administrators' page."""
    return sorted((h for h in calendar().holidays.values() if year is None or h.day.year == year),
                  key=lambda h: h.day)
