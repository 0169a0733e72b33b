"""engine.schedule: when the SLT pack (fortnightly) and the governors' summary (half-termly) are due."""

from __future__ import annotations

from datetime import date, timedelta

from attendance_officer.engine.schedule import ends_half_term, fortnight


def weekdays(start: date, end: date, closed=()) -> list[date]:
	return [
		start + timedelta(days=n)
		for n in range((end - start).days + 1)
		if (start + timedelta(days=n)).weekday() < 5 and start + timedelta(days=n) not in closed
	]


def test_fortnights_count_from_the_week_of_1_august():
	# 1 August 2026 is a Saturday: its week starts Monday 27 July 2026.
	assert fortnight(date(2026, 8, 1)) == (date(2026, 8, 1), 0)
	assert fortnight(date(2026, 8, 7)) == (date(2026, 8, 1), 0)  # week 2 of fortnight 0
	assert fortnight(date(2026, 8, 10)) == (date(2026, 8, 1), 1)
	assert fortnight(date(2026, 12, 4)) == (date(2026, 8, 1), 9)
	assert fortnight(date(2027, 7, 31)) == (date(2026, 8, 1), 26)
	assert fortnight(date(2027, 8, 2))[0] == date(2027, 8, 1)  # a new year starts again


def test_the_friday_before_half_term_ends_the_half_term():
	half_term = set(weekdays(date(2026, 10, 26), date(2026, 10, 30)))
	days = weekdays(date(2026, 10, 19), date(2026, 11, 13), closed=half_term)
	assert ends_half_term(date(2026, 10, 23), days)
	assert not ends_half_term(date(2026, 10, 22), days)
	assert not ends_half_term(date(2026, 11, 6), days)  # an ordinary Friday


def test_a_bank_holiday_or_a_four_day_break_is_not_a_half_term():
	bank_holiday = {date(2026, 5, 25)}
	days = weekdays(date(2026, 5, 18), date(2026, 6, 5), closed=bank_holiday)
	assert not ends_half_term(date(2026, 5, 22), days)
	four = set(weekdays(date(2026, 6, 8), date(2026, 6, 11)))
	days = weekdays(date(2026, 6, 1), date(2026, 6, 19), closed=four)
	assert not ends_half_term(date(2026, 6, 5), days)
	five = four | {date(2026, 6, 12)}
	days = weekdays(date(2026, 6, 1), date(2026, 6, 19), closed=five)
	assert ends_half_term(date(2026, 6, 5), days)  # exactly 5 weekdays: a half-term


def test_a_day_that_is_not_a_school_day_or_has_no_known_next_day_is_not_an_end():
	days = weekdays(date(2026, 7, 13), date(2026, 7, 22))
	assert not ends_half_term(date(2026, 7, 22), days)  # nothing known after it
	assert not ends_half_term(date(2026, 7, 18), days)  # a Saturday
