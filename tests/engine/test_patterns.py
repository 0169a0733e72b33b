"""engine.patterns: absence rate by weekday and by session, per pupil and per group."""

from __future__ import annotations

from decimal import Decimal

import pytest

from attendance_officer.engine.codes import CodeError
from attendance_officer.engine.patterns import AM, PM, Pattern, Rate, absence_pattern, combine

MON, TUE, WED, THU, FRI = range(5)


def test_friday_afternoon_pattern():
	counts = {
		(MON, AM, "/"): 10,
		(MON, PM, "\\"): 10,
		(FRI, AM, "/"): 10,
		(FRI, PM, "\\"): 6,
		(FRI, PM, "O"): 3,
		(FRI, PM, "I"): 1,
	}
	pattern = absence_pattern(counts)
	assert pattern.by_weekday[MON] == Rate(20, 0, Decimal("0.0"))
	assert pattern.by_weekday[FRI] == Rate(20, 4, Decimal("20.0"))
	assert pattern.by_session[AM] == Rate(20, 0, Decimal("0.0"))
	assert pattern.by_session[PM] == Rate(20, 4, Decimal("20.0"))


def test_every_weekday_and_session_is_present_even_without_sessions():
	pattern = absence_pattern({})
	assert set(pattern.by_weekday) == {MON, TUE, WED, THU, FRI}
	assert set(pattern.by_session) == {AM, PM}
	assert pattern.by_weekday[WED] == Rate(0, 0, None)
	assert pattern == Pattern()


def test_sessions_that_are_not_possible_count_nowhere():
	pattern = absence_pattern(
		{(TUE, AM, "D"): 5, (TUE, AM, "-"): 2, (TUE, AM, "Y4"): 1, (TUE, PM, "#"): 4, (TUE, PM, "N"): 1}
	)
	assert pattern.by_weekday[TUE] == Rate(1, 1, Decimal("100.0"))
	assert pattern.by_session[AM] == Rate(0, 0, None)


def test_approved_activity_is_attending_and_rates_round_half_up():
	pattern = absence_pattern({(WED, AM, "V"): 15, (WED, AM, "G"): 1})
	assert pattern.by_weekday[WED] == Rate(16, 1, Decimal("6.3"))  # 6.25


def test_group_is_the_sum_of_its_pupils_sessions_not_an_average_of_rates():
	a = absence_pattern({(MON, AM, "/"): 1, (MON, AM, "O"): 1})  # 50%
	b = absence_pattern({(MON, AM, "/"): 9, (MON, AM, "O"): 1})  # 10%
	group = combine([a, b])
	assert group.by_weekday[MON] == Rate(12, 2, Decimal("16.7"))  # not 30%
	assert group.by_session[AM] == Rate(12, 2, Decimal("16.7"))
	assert a + b == group
	assert combine([]) == Pattern()


def test_bad_codes_and_sessions_are_refused():
	with pytest.raises(CodeError, match="C \\(leave"):
		absence_pattern({(MON, AM, "H"): 1})
	with pytest.raises(ValueError, match="AM or PM"):
		absence_pattern({(MON, "am", "/"): 1})


# Days next to breaks and punctuality ---------------------------------------------------------
from datetime import date, timedelta  # noqa: E402

from attendance_officer.engine.patterns import (  # noqa: E402
	HOLIDAY,
	OTHER,
	WEEKEND,
	Punctuality,
	break_days,
	next_to_breaks,
	punctuality,
)


def _weekdays(start: date, end: date, closed=()) -> list[date]:
	days, day = [], start
	while day <= end:
		if day.weekday() < 5 and day not in closed:
			days.append(day)
		day += timedelta(days=1)
	return days


def test_days_next_to_a_holiday_a_weekend_and_neither():
	# Half-term is the week of Monday 26 October 2026; Friday 23 October is the last day before it.
	half_term = set(_weekdays(date(2026, 10, 26), date(2026, 10, 30)))
	days = _weekdays(date(2026, 10, 12), date(2026, 11, 13), closed=half_term)
	kinds = break_days(days)
	assert kinds[date(2026, 10, 23)] == HOLIDAY  # Friday before half-term: a holiday, not a weekend
	assert kinds[date(2026, 11, 2)] == HOLIDAY  # Monday after it
	assert kinds[date(2026, 10, 16)] == WEEKEND  # an ordinary Friday
	assert kinds[date(2026, 10, 19)] == WEEKEND  # an ordinary Monday
	assert kinds[date(2026, 10, 21)] == OTHER  # a Wednesday
	# The calendar's own ends: Monday 12th is next to a weekend (Sunday before); Friday 13th too.
	assert kinds[date(2026, 10, 12)] == WEEKEND
	assert kinds[date(2026, 11, 13)] == WEEKEND


def test_a_single_closed_weekday_is_a_holiday_on_both_sides():
	inset = date(2026, 11, 4)  # a Wednesday INSET day
	kinds = break_days(_weekdays(date(2026, 11, 2), date(2026, 11, 6), closed={inset}))
	assert kinds[date(2026, 11, 3)] == HOLIDAY
	assert kinds[date(2026, 11, 5)] == HOLIDAY
	assert kinds[date(2026, 11, 2)] == WEEKEND


def test_an_end_of_the_calendar_mid_week_is_not_guessed():
	kinds = break_days(_weekdays(date(2026, 11, 4), date(2026, 11, 5)))  # Wednesday, Thursday
	assert kinds == {date(2026, 11, 4): OTHER, date(2026, 11, 5): OTHER}


def test_absence_next_to_breaks_against_other_days():
	fri, wed = date(2026, 10, 23), date(2026, 10, 21)
	kinds = {fri: HOLIDAY, wed: OTHER, date(2026, 10, 19): WEEKEND}
	rates = next_to_breaks(
		{
			(fri, "G"): 3,
			(fri, "/"): 1,
			(wed, "/"): 4,
			(date(2026, 10, 19), "#"): 4,
			(date(2026, 10, 19), "X"): 2,
		},
		kinds,
	)
	assert rates[HOLIDAY] == Rate(4, 3, Decimal("75.0"))
	assert rates[OTHER] == Rate(4, 0, Decimal("0.0"))
	assert rates[WEEKEND] == Rate(0, 0, None)  # X is not possible, # is no mark


def test_next_to_breaks_refuses_a_code_not_in_force():
	with pytest.raises(CodeError):
		next_to_breaks({(date(2026, 10, 21), "H"): 1}, {})


def test_punctuality_counts_l_and_u_and_averages_minutes():
	p = punctuality({"L": 3, "U": 1, "/": 10}, minutes=50)
	assert (p.late_before_close, p.late_after_close, p.late) == (3, 1, 4)
	assert p.average_minutes == Decimal("12.5")
	assert punctuality({"/": 2}).average_minutes is None
	assert p + Punctuality(1, 0, 5) == Punctuality(4, 1, 55)
	with pytest.raises(ValueError):
		punctuality({"L": 1}, minutes=-1)
