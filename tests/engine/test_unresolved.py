"""engine.unresolved: N must be replaced within 5 school days (domain reference section 1)."""

from __future__ import annotations

from datetime import date

from attendance_officer.engine.unresolved import N_RESOLUTION_DAYS, school_day_age, unresolved_n

from .conftest import calendar_of

# Spring 2025 with February half-term 17-21 Feb.
TERM = calendar_of((date(2025, 1, 6), date(2025, 2, 14)), (date(2025, 2, 24), date(2025, 4, 4)))
MON = date(2025, 1, 6)


def test_default_window_is_five_school_days():
	assert N_RESOLUTION_DAYS == 5


def test_age_counts_school_days_after_the_mark_up_to_today():
	assert school_day_age(MON, MON, TERM) == 0
	assert school_day_age(MON, date(2025, 1, 7), TERM) == 1
	assert school_day_age(MON, date(2025, 1, 10), TERM) == 4
	assert school_day_age(MON, date(2025, 1, 12), TERM) == 4  # the weekend does not count
	assert school_day_age(MON, date(2025, 1, 13), TERM) == 5
	assert school_day_age(date(2025, 1, 10), MON, TERM) == 0  # a mark in the future


def test_n_is_unresolved_once_the_five_days_have_fully_passed():
	assert unresolved_n([MON], TERM, date(2025, 1, 13)) == []  # age 5: still in time
	assert unresolved_n([MON], TERM, date(2025, 1, 14)) == [MON]  # age 6


def test_holidays_do_not_age_a_mark():
	friday = date(2025, 2, 14)  # last day before half-term
	assert school_day_age(friday, date(2025, 2, 28), TERM) == 5
	assert unresolved_n([friday], TERM, date(2025, 2, 28)) == []
	assert unresolved_n([friday], TERM, date(2025, 3, 3)) == [friday]


def test_several_marks_sorted_each_date_once():
	marks = [date(2025, 1, 8), MON, MON, date(2025, 1, 14)]
	assert unresolved_n(marks, TERM, date(2025, 1, 16)) == [MON, date(2025, 1, 8)]


def test_configurable_window():
	assert unresolved_n([MON], TERM, date(2025, 1, 8), window=1) == [MON]
	assert unresolved_n([MON], TERM, date(2025, 1, 8), window=2) == []
