"""Working days (core.working_days): Monday to Friday less Vietnam's public holidays of
core/data/holidays.yml, which an administrator's instance/holidays.yml replaces."""
import os
from datetime import date, timedelta

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from core import working_days
from core.working_days import add_working_days, is_working_day, working_days_between

SHIPPED = yaml.safe_load(working_days.DEFAULT_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("day, working", [
    (date(2026, 2, 13), True),  # Friday before Tết Bính Ngọ
    (date(2026, 2, 14), False),  # Saturday
    (date(2026, 2, 17), False),  # mùng 1 Tết
    (date(2026, 2, 20), False),  # mùng 4 Tết
    (date(2026, 2, 23), True),  # back to work
    (date(2025, 1, 27), False), (date(2025, 1, 31), False), (date(2025, 2, 3), True),
    (date(2026, 4, 27), False),  # Giỗ Tổ fell on Sunday 26/4/2026: Monday off instead
    (date(2027, 5, 3), False),  # 1/5/2027 is a Saturday: Monday off instead
    (date(2025, 9, 1), False), (date(2025, 9, 2), False), (date(2025, 9, 3), True),
    (date(2025, 4, 26), True),  # a Saturday worked for the swapped Friday 2/5/2025
    (date(2025, 5, 2), False),
    (date(2028, 1, 3), True),  # beyond the list, only weekends are known
])
def test_working_days_are_weekdays_less_the_public_holidays(app, day, working):
    assert is_working_day(day) is working


def test_three_working_days_after_the_friday_before_tet_end_on_the_wednesday_after_it(app):
    assert add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert add_working_days(date(2026, 2, 25), -3) == date(2026, 2, 13)


def test_weekends_are_skipped_and_the_starting_day_is_not_counted(app):
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday → Monday
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # Saturday → Monday
    assert add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 9), 5) == date(2026, 3, 16)


def test_working_days_between_counts_after_the_start_up_to_the_end(app):
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 25)) == 3
    assert working_days_between(date(2026, 2, 25), date(2026, 2, 13)) == -3
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert working_days_between(date(2025, 12, 31), date(2026, 1, 2)) == 1  # 1/1 is off


@settings(max_examples=60, deadline=None)
@given(start=st.dates(date(2025, 1, 1), date(2027, 12, 31)), n=st.integers(-30, 30))
def test_adding_n_working_days_then_counting_them_gives_n(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    if n:
        assert is_working_day(end)


def test_the_shipped_list_has_every_fixed_holiday_of_2025_to_2027_and_flags_what_to_confirm(app):
    days = {h.day: h for h in working_days.holidays_in()}
    for year in (2025, 2026, 2027):
        for month, day in ((1, 1), (4, 30), (9, 2)):
            assert date(year, month, day) in days, (year, month, day)
        tet = [d for d, h in days.items() if d.year == year and "Tết Nguyên đán" in h.name]
        assert len(tet) == 5 and all(d.weekday() < 5 for d in tet), year  # art. 112: 5 days
    assert date(2026, 5, 1) in days and date(2025, 5, 1) in days
    assert all(days[d].to_confirm for d in days if d.year in (2026, 2027) and "Tết Ng" in
               days[d].name)
    assert not days[date(2025, 1, 29)].to_confirm  # announced by the Government
    assert days[date(2026, 4, 27)].compensatory
    assert SHIPPED["to_check_by_legal_drafters"] is True
    assert working_days.calendar().to_check_by_legal_drafters


def test_an_instance_holidays_file_replaces_the_shipped_list_and_is_reread_when_changed(
        app, monkeypatch, tmp_path):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    assert is_working_day(date(2026, 3, 10))
    kept = tmp_path / "holidays.yml"
    kept.write_text("holidays:\n  - {date: 2026-03-10, name: Ngày nghỉ thử}\n", encoding="utf-8")
    assert working_days.holidays_file() == kept
    assert not is_working_day(date(2026, 3, 10))
    assert is_working_day(date(2026, 2, 17))  # the shipped list no longer applies
    kept.write_text("holidays:\n  - {date: 2026-03-11, name: Ngày nghỉ khác}\n", encoding="utf-8")
    later = kept.stat().st_mtime + 5
    os.utime(kept, (later, later))  # a new modification time: read again
    assert is_working_day(date(2026, 3, 10)) and not is_working_day(date(2026, 3, 11))
    kept.unlink()
    assert not is_working_day(date(2026, 2, 17))


def test_a_malformed_holidays_file_is_an_error_naming_the_file(app, monkeypatch, tmp_path):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    (tmp_path / "holidays.yml").write_text("holidays:\n  - {name: Thiếu ngày}\n",
                                           encoding="utf-8")
    with pytest.raises(ValueError, match="holidays.yml: mục 1"):
        is_working_day(date(2026, 3, 10) + timedelta(days=1))
