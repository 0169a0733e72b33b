"""engine.penalty: 10 G/N/O/U sessions within 10 school weeks (domain reference section 3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_officer.engine.calendar import SchoolCalendar, week_start
from attendance_officer.engine.penalty import (
	PENALTY_SESSIONS,
	PENALTY_WEEKS,
	PenaltyThreshold,
	first_threshold,
)

from .conftest import calendar_of, week_of, weekdays

# 2024/25: autumn term 2 Sep-20 Dec (half-term 28 Oct-1 Nov), spring term 6 Jan-4 Apr
# (half-term 17-21 Feb). No marks at all in holidays.
AUTUMN_1 = (date(2024, 9, 2), date(2024, 10, 25))
AUTUMN_2 = (date(2024, 11, 4), date(2024, 12, 20))
SPRING_1 = (date(2025, 1, 6), date(2025, 2, 14))
SPRING_2 = (date(2025, 2, 24), date(2025, 4, 4))
YEAR = calendar_of(AUTUMN_1, AUTUMN_2, SPRING_1, SPRING_2)


def monday(n: int, calendar: SchoolCalendar = YEAR) -> date:
	"""The Monday of the calendar's n-th school week (0-based)."""
	return calendar.weeks[n]


def test_defaults_are_the_national_framework():
	assert PENALTY_SESSIONS == 10
	assert PENALTY_WEEKS == 10


def test_no_unauthorised_sessions_no_threshold():
	assert first_threshold({}, YEAR) is None


def test_five_days_of_unauthorised_holiday_meets_it_on_the_fifth_day():
	week = week_of(date(2024, 10, 7))  # the 6th school week
	result = first_threshold(dict.fromkeys(week, 2), YEAR)
	# Fewer than 10 school weeks before: the window starts at the first school week.
	assert result == PenaltyThreshold(met_on=week[4], window_start=date(2024, 9, 2), sessions=10)


def test_nine_sessions_then_two_on_one_day_reports_eleven():
	days = weekdays(date(2024, 9, 2), date(2024, 9, 13))
	sessions = {d: 1 for d in days[:9]}
	sessions[days[9]] = 2
	result = first_threshold(sessions, YEAR)
	assert result.met_on == days[9]
	assert result.sessions == 11


def test_tenth_session_on_the_last_day_of_the_window():
	# One session on the Monday of school week 3, one on the Friday of school week 12:
	# exactly the 10 school weeks 3..12.
	first = monday(3)
	last = monday(12) + timedelta(days=4)
	middle = {monday(n) + timedelta(days=2): 1 for n in range(4, 12)}  # 8 sessions
	result = first_threshold({first: 1, **middle, last: 1}, YEAR)
	assert result == PenaltyThreshold(met_on=last, window_start=first, sessions=10)


def test_nine_in_ten_weeks_then_one_in_week_eleven_drops_the_first():
	first = monday(3)
	middle = {monday(n) + timedelta(days=2): 1 for n in range(4, 12)}  # weeks 4-11
	week_13 = monday(13)  # 11th school week counted from week 3
	assert first_threshold({first: 1, **middle, week_13: 1}, YEAR) is None
	# Move the first session one week later and the threshold is met.
	result = first_threshold({monday(4): 1, **middle, week_13: 1}, YEAR)
	assert result == PenaltyThreshold(met_on=week_13, window_start=monday(4), sessions=10)


def test_window_spans_half_term_christmas_and_a_new_term():
	# 10 school weeks ending with the week of 6 Jan 2025: 6 Jan, 5 weeks of Dec/late Nov,
	# then 18, 11, 4 Nov, then (half-term 28 Oct skipped) 21 and 14 Oct.
	october = {date(2024, 10, 14): 1}
	december = dict.fromkeys(weekdays(date(2024, 12, 17), date(2024, 12, 20)), 1)
	january = dict.fromkeys(weekdays(date(2025, 1, 6), date(2025, 1, 10)), 1)
	result = first_threshold({**october, **december, **january}, YEAR)
	assert result == PenaltyThreshold(met_on=date(2025, 1, 10), window_start=date(2024, 10, 14), sessions=10)
	# One school week earlier (Friday 11 Oct), the first session is outside the window.
	assert first_threshold({date(2024, 10, 11): 1, **december, **january}, YEAR) is None


def test_hash_only_holiday_week_is_skipped_so_the_window_reaches_further_back():
	# Eleven calendar weeks from 2 Sep 2024; week 6 (7 Oct) is written as # for everyone.
	mondays = [date(2024, 9, 2) + timedelta(weeks=n) for n in range(11)]
	codes_by_date = {}
	for n, start in enumerate(mondays):
		for d in week_of(start):
			codes_by_date[d] = {"#"} if n == 5 else {"/", "\\", "O"}
	calendar = SchoolCalendar.from_codes_by_date(codes_by_date)
	assert len(calendar.weeks) == 10
	sessions = {mondays[0]: 1, **{mondays[n] + timedelta(days=1): 1 for n in (1, 2, 3, 4, 6, 7, 8, 9)}}
	sessions[mondays[10] + timedelta(days=3)] = 1
	result = first_threshold(sessions, calendar)
	assert result == PenaltyThreshold(
		met_on=mondays[10] + timedelta(days=3), window_start=mondays[0], sessions=10
	)
	# Had the holiday week been a school week, the first session would have fallen out.
	calendar_without_holiday = SchoolCalendar(codes_by_date)
	assert first_threshold(sessions, calendar_without_holiday) is None


def test_window_spans_two_school_years():
	summer = (date(2025, 6, 2), date(2025, 7, 18))
	autumn = (date(2025, 9, 3), date(2025, 10, 17))
	calendar = calendar_of(summer, autumn)
	sessions = {
		date(2025, 7, 14): 2,
		date(2025, 7, 15): 2,
		date(2025, 9, 3): 2,
		date(2025, 9, 4): 2,
		date(2025, 9, 5): 2,
	}
	result = first_threshold(sessions, calendar)
	assert result.met_on == date(2025, 9, 5)
	assert result.window_start == date(2025, 6, 2)  # 10 school weeks back: 9 Jun-18 Jul is 7, so from 2 Jun


def test_to_ignores_marks_after_it():
	week = week_of(date(2024, 9, 9))
	sessions = dict.fromkeys(week, 2)
	assert first_threshold(sessions, YEAR, to=week[3]) is None
	assert first_threshold(sessions, YEAR, to=week[4]).met_on == week[4]


def test_sessions_on_non_school_days_do_not_count():
	saturday = date(2024, 9, 7)
	half_term = date(2024, 10, 29)
	week = weekdays(date(2024, 9, 2), date(2024, 9, 5))  # 4 days, 8 sessions
	assert first_threshold({**dict.fromkeys(week, 2), saturday: 2, half_term: 2}, YEAR) is None


def test_configurable_threshold():
	sessions = {date(2024, 9, 2): 2, date(2024, 9, 16): 2, date(2024, 9, 30): 2}
	assert first_threshold(sessions, YEAR, sessions=6, weeks=5).met_on == date(2024, 9, 30)
	assert first_threshold(sessions, YEAR, sessions=6, weeks=4) is None


def test_nonsense_threshold_is_refused():
	with pytest.raises(ValueError, match="Attendance Settings"):
		first_threshold({}, YEAR, sessions=0)


# ------------------------------------------------------------------ property: against a brute force


def brute_force(counts, school_days, *, sessions=10, weeks=10, to=None):
	"""The rule read literally: for every school day d in order, count G/N/O/U sessions on
	school days <= d within the `weeks` school weeks ending with d's week."""
	days = sorted(set(school_days))
	school_weeks = sorted({week_start(d) for d in days})
	for d in days:
		if to is not None and d > to:
			break
		position = school_weeks.index(week_start(d))
		window = school_weeks[max(0, position - weeks + 1) : position + 1]
		total = sum(n for day, n in counts.items() if day in days and day <= d and week_start(day) in window)
		if total >= sessions:
			return PenaltyThreshold(d, window[0], total)
	return None


@st.composite
def registers(draw):
	start = date(2024, 9, 2) + timedelta(weeks=draw(st.integers(0, 52)))
	days = []
	for n in range(draw(st.integers(1, 30))):
		if draw(st.integers(0, 4)) == 0:
			continue  # a holiday week
		mask = draw(st.integers(0, 31))
		days += [start + timedelta(weeks=n, days=i) for i in range(5) if mask >> i & 1]
	counts = {d: n for d in days if (n := draw(st.sampled_from((0, 0, 0, 0, 1, 2))))}
	# Noise on non-school days (weekends), which must not count.
	for d in draw(st.lists(st.integers(0, 30 * 7), max_size=3)):
		day = start + timedelta(days=d)
		if day not in days:
			counts[day] = 2
	to = draw(st.none() | st.sampled_from(days)) if days else None
	return days, counts, to


@settings(max_examples=200, deadline=None)
@given(registers())
def test_first_threshold_agrees_with_brute_force(register):
	days, counts, to = register
	calendar = SchoolCalendar(days)
	assert first_threshold(counts, calendar, to=to) == brute_force(counts, days, to=to)


@settings(max_examples=100, deadline=None)
@given(registers(), st.integers(1, 12), st.integers(1, 12))
def test_first_threshold_with_other_settings_agrees_with_brute_force(register, sessions, weeks):
	days, counts, to = register
	result = first_threshold(counts, SchoolCalendar(days), sessions=sessions, weeks=weeks, to=to)
	assert result == brute_force(counts, days, sessions=sessions, weeks=weeks, to=to)


def test_since_finds_the_first_threshold_met_on_or_after_it_with_earlier_sessions_counting():
	"""A window may span school years: sessions before ``since`` count toward one ending after it."""
	from datetime import date, timedelta

	from attendance_officer.engine.calendar import SchoolCalendar
	from attendance_officer.engine.penalty import first_threshold

	days = [
		date(2025, 6, 2) + timedelta(days=n)
		for n in range(120)
		if (date(2025, 6, 2) + timedelta(days=n)).weekday() < 5
	]
	calendar = SchoolCalendar(days)
	marks = {d: 2 for d in days[:4]}  # 8 sessions in June
	marks.update({days[40]: 2})  # 2 more later
	met = first_threshold(marks, calendar, since=days[40])
	assert met is not None and met.met_on == days[40] and met.sessions == 10
	assert (
		first_threshold({d: 2 for d in days[:5]}, calendar, since=days[10]) is None
	)  # met before, not since
