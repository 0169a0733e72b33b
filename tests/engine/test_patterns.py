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
