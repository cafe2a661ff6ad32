"""The one clock: today's date in Vietnam, the stored UTC timestamp, and times for people.

Every date the application decides by (a lease's start, a deadline, an expiry, the year of a
contract number, the legal basis in force) comes from `today()`; every stored timestamp from
`utcnow()`. Tests move both at once with the environment variable THUE_TODAY=YYYY-MM-DD: the
date becomes that day and timestamps shift by the same number of days, so their order and time
of day stay real. The application refuses to start outside testing while it is set
(app.configure).
"""
import os
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import gettext as _

# Vietnam keeps UTC+7 all year (no daylight saving): a fixed offset needs no tz database.
VIETNAM = timezone(timedelta(hours=7), "ICT")
TODAY_VARIABLE = "THUE_TODAY"


def fixed_today() -> date | None:
    """The date THUE_TODAY sets, or None; a malformed value is an error, never ignored."""
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RuntimeError(f"{TODAY_VARIABLE}={value!r} không phải ngày dạng YYYY-MM-DD.") from None


def _real_now() -> datetime:
    return datetime.now(timezone.utc)


def _shift() -> timedelta:
    """How far THUE_TODAY moves the clock: whole days from the real date in Vietnam."""
    fixed = fixed_today()
    if fixed is None:
        return timedelta(0)
    return fixed - _real_now().astimezone(VIETNAM).date()


def today() -> date:
    """Today's date in Vietnam, whatever the server's time zone."""
    return (_real_now() + _shift()).astimezone(VIETNAM).date()


def utcnow() -> datetime:
    """Now in UTC, naive: how every timestamp is stored."""
    return (_real_now() + _shift()).replace(tzinfo=None)


def in_vietnam(value: datetime) -> datetime:
    """A stored (naive UTC) timestamp as the time in Vietnam, for people to read."""
    return value.replace(tzinfo=timezone.utc).astimezone(VIETNAM)


def vietnam_time(value: datetime | None, fmt: str = "%H:%M %d/%m/%Y") -> str:
    """The `vn_time` template filter: a stored timestamp as people in Vietnam read it."""
    return in_vietnam(value).strftime(fmt) if value else ""


def done_by(name: str | None, at: datetime | None) -> str:
    """"bởi Nguyễn Văn A lúc 09:30 02/12/2026": who did a thing already done, for the message
    a second, simultaneous request gets instead of doing it again."""
    who = _("bởi %(name)s", name=name) if name else _("tự động")
    return _("%(who)s lúc %(at)s", who=who, at=vietnam_time(at)) if at else who


def day_start(day: date) -> datetime:
    """The stored (naive UTC) timestamp at which `day` begins in Vietnam."""
    return datetime.combine(day, time.min, VIETNAM).astimezone(timezone.utc).replace(tzinfo=None)
