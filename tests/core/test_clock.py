"""The one clock: today in Vietnam, stored UTC timestamps, and THUE_TODAY moving both."""
from datetime import date, datetime, timedelta, timezone

import pytest

from app import create_app
from core import clock
from core.clock import day_start, today, utcnow, vietnam_time


def test_a_stored_timestamp_reads_in_vietnam_time_across_midnight_and_year_end():
    assert vietnam_time(datetime(2026, 11, 23, 20, 30)) == "03:30 24/11/2026"
    assert vietnam_time(datetime(2026, 12, 31, 17, 0), "%d/%m/%Y %H:%M") == "01/01/2027 00:00"
    assert vietnam_time(datetime(2026, 6, 1, 0, 0)) == "07:00 01/06/2026"  # no summer time
    assert vietnam_time(None) == ""


def test_a_day_in_vietnam_starts_at_17_00_utc_the_day_before():
    assert day_start(date(2026, 11, 24)) == datetime(2026, 11, 23, 17, 0)
    assert day_start(date(2027, 1, 1)) == datetime(2026, 12, 31, 17, 0)


def real_now_at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(clock, "_real_now", lambda: moment)


def test_today_is_the_date_in_vietnam_while_utc_is_still_on_the_day_before(monkeypatch):
    monkeypatch.delenv(clock.TODAY_VARIABLE, raising=False)
    # 18:00 UTC on New Year's Eve: 01:00 on 1 January in Hà Nội
    real_now_at(monkeypatch, datetime(2026, 12, 31, 18, 0, tzinfo=timezone.utc))
    assert today() == date(2027, 1, 1)
    assert utcnow() == datetime(2026, 12, 31, 18, 0)


@pytest.mark.parametrize("fixed", [date(2027, 6, 30), date(2030, 1, 2), date(2015, 2, 15)])
def test_thue_today_moves_the_date_and_shifts_timestamps_by_whole_days(monkeypatch, fixed):
    moment = datetime(2026, 12, 1, 20, 15, tzinfo=timezone.utc)  # 03:15 on 02/12 in Hà Nội
    real_now_at(monkeypatch, moment)
    monkeypatch.setenv(clock.TODAY_VARIABLE, fixed.isoformat())
    assert today() == fixed
    shifted = utcnow()
    assert shifted - moment.replace(tzinfo=None) == fixed - date(2026, 12, 2)
    assert vietnam_time(shifted, "%d/%m/%Y %H:%M") == f"{fixed:%d/%m/%Y} 03:15"


def test_a_malformed_thue_today_is_an_error_not_the_real_date(monkeypatch):
    monkeypatch.setenv(clock.TODAY_VARIABLE, "30/06/2027")
    with pytest.raises(RuntimeError, match="YYYY-MM-DD"):
        today()


def test_the_on_day_fixture_moves_the_clock_for_one_test(on_day):
    on_day(date(2031, 9, 1))
    assert today() == date(2031, 9, 1)
    assert (utcnow() + timedelta(hours=7)).date() == date(2031, 9, 1)


def test_the_application_refuses_to_start_outside_tests_while_the_clock_is_moved(
        monkeypatch, tmp_path):
    monkeypatch.setenv(clock.TODAY_VARIABLE, "2030-01-02")
    monkeypatch.setenv("THUE_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="THUE_TODAY"):
        create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).testing
