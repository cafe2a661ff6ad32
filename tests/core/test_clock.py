"""Timestamps are stored in naive UTC and read by people in Vietnam time (UTC+7, no DST)."""
from datetime import date, datetime, timezone

from accounts import models
from accounts.models import vietnam_day_start, vietnam_time, vietnam_today


def test_a_stored_timestamp_reads_in_vietnam_time_across_midnight_and_year_end():
    assert vietnam_time(datetime(2026, 11, 23, 20, 30)) == "03:30 24/11/2026"
    assert vietnam_time(datetime(2026, 12, 31, 17, 0), "%d/%m/%Y %H:%M") == "01/01/2027 00:00"
    assert vietnam_time(datetime(2026, 6, 1, 0, 0)) == "07:00 01/06/2026"  # no summer time
    assert vietnam_time(None) == ""


def test_a_day_in_vietnam_starts_at_17_00_utc_the_day_before():
    assert vietnam_day_start(date(2026, 11, 24)) == datetime(2026, 11, 23, 17, 0)
    assert vietnam_day_start(date(2027, 1, 1)) == datetime(2026, 12, 31, 17, 0)


def test_today_is_the_date_in_vietnam_while_utc_is_still_on_the_day_before(monkeypatch):
    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # 18:00 UTC on New Year's Eve: 01:00 on 1 January in Hà Nội
            return datetime(2026, 12, 31, 18, 0, tzinfo=timezone.utc).astimezone(tz)

    monkeypatch.setattr(models, "datetime", Clock)
    assert vietnam_today() == date(2027, 1, 1)
