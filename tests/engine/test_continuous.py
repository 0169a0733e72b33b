"""engine.continuous: 10 days of continuous unauthorised absence, 15 days of sickness
(domain reference section 4, "Children missing education and absence returns")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_officer.engine.calendar import SchoolCalendar
from attendance_officer.engine.codes import CODES, PENALTY, POSSIBLE
from attendance_officer.engine.continuous import (
	CONTINUOUS_DAYS,
	DAY_FLAG,
	DUAL,
	OTHER_POSSIBLE,
	PENALTY_DAY,
	SICKNESS_15_DAYS,
	SICKNESS_DAYS,
	UNAUTHORISED_10_DAYS,
	AbsenceRun,
	sickness_runs,
	unauthorised_runs,
)

from .conftest import calendar_of, weekdays

# Spring term 2025 with February half-term (17-21 Feb).
TERM = calendar_of((date(2025, 1, 6), date(2025, 2, 14)), (date(2025, 2, 24), date(2025, 4, 4)))


def day(*codes: str) -> int:
	"""The flags of one day, as a caller builds them: DAY_FLAG ORed over the sessions."""
	flags = 0
	for code in codes:
		flags |= DAY_FLAG[code]
	return flags


def absent(days, *codes: str) -> dict[date, int]:
	return dict.fromkeys(days, day(*(codes or ("O", "O"))))


def run(start: date, end: date) -> AbsenceRun:
	return AbsenceRun(UNAUTHORISED_10_DAYS, start, end, 10)


# ------------------------------------------------------------------ DAY_FLAG


def test_day_flags_per_code():
	assert CONTINUOUS_DAYS == 10 and SICKNESS_DAYS == 15
	assert set(DAY_FLAG) == set(CODES)
	assert {c for c, f in DAY_FLAG.items() if f == PENALTY_DAY} == {"G", "N", "O", "U"}
	assert {c for c, f in DAY_FLAG.items() if f == DUAL} == {"D"}
	assert {c for c, f in DAY_FLAG.items() if f == OTHER_POSSIBLE} == POSSIBLE - PENALTY
	assert {c for c, f in DAY_FLAG.items() if f == 0} == {
		"X",
		"Q",
		"Y1",
		"Y2",
		"Y3",
		"Y4",
		"Y5",
		"Y6",
		"Y7",
		"Z",
		"#",
	}


# ------------------------------------------------------------------ unauthorised_runs


def test_ten_days_across_a_weekend_is_one_run():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 17))  # Mon to Fri of the next week
	assert unauthorised_runs(absent(days), TERM) == [run(date(2025, 1, 6), date(2025, 1, 17))]


def test_nine_days_is_not_a_run():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 16))
	assert unauthorised_runs(absent(days), TERM) == []


def test_mixed_unauthorised_codes_and_u_count():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 17))
	flags = {d: day(code, code) for d, code in zip(days, "GNOUGNOUGN", strict=True)}
	assert unauthorised_runs(flags, TERM) == [run(days[0], days[9])]


def test_one_present_session_breaks_the_run():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 17))
	flags = absent(days)
	flags[days[4]] = day("/", "O")  # present in the morning, absent in the afternoon
	assert unauthorised_runs(flags, TERM) == []


def test_one_authorised_session_breaks_the_run():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 17))
	flags = absent(days)
	flags[days[4]] = day("M", "O")
	assert unauthorised_runs(flags, TERM) == []


def test_y4_closure_day_inside_a_run_is_neutral():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 20))  # 11 school days
	flags = absent(days)
	flags[days[3]] = day("Y4", "Y4")  # the school site was closed that day
	assert unauthorised_runs(flags, TERM) == [run(days[0], days[10])]


def test_day_without_marks_is_neutral():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 20))
	flags = absent(days)
	del flags[days[3]]
	assert unauthorised_runs(flags, TERM) == [run(days[0], days[10])]


def test_d_day_breaks_the_run():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 20))
	flags = absent(days)
	flags[days[3]] = day("D", "D")  # attended the other school
	assert unauthorised_runs(flags, TERM) == []


def test_d_session_with_an_unauthorised_session_extends_the_run():
	# The contract's literal text: a day with a possible session, all G/N/O/U, extends.
	days = weekdays(date(2025, 1, 6), date(2025, 1, 17))
	flags = absent(days)
	flags[days[3]] = day("D", "O")
	assert unauthorised_runs(flags, TERM) == [run(days[0], days[9])]


def test_half_term_does_not_break_the_run():
	before = weekdays(date(2025, 2, 10), date(2025, 2, 14))
	after = weekdays(date(2025, 2, 24), date(2025, 2, 28))
	flags = absent(before + after)
	flags.update(dict.fromkeys(weekdays(date(2025, 2, 17), date(2025, 2, 21)), day("#", "#")))
	assert unauthorised_runs(flags, TERM) == [run(date(2025, 2, 10), date(2025, 2, 28))]


def test_a_long_run_gives_one_row_and_several_runs_give_several():
	first = weekdays(date(2025, 1, 6), date(2025, 1, 24))  # 15 days
	second = weekdays(date(2025, 1, 28), date(2025, 2, 10))  # 10 days
	third = weekdays(date(2025, 2, 12), date(2025, 2, 14))  # 3 days
	flags = {**absent(first), date(2025, 1, 27): day("/", "\\"), **absent(second)}
	flags[date(2025, 2, 11)] = day("L", "\\")
	flags.update(absent(third))
	assert unauthorised_runs(flags, TERM) == [
		run(date(2025, 1, 6), date(2025, 1, 17)),
		run(date(2025, 1, 28), date(2025, 2, 10)),
	]


def test_a_broken_run_starts_again_from_zero():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 31))  # 20 days
	flags = absent(days)
	flags[days[5]] = day("/", "\\")  # 5 absent, present, then 14 absent
	assert unauthorised_runs(flags, TERM) == [run(days[6], days[15])]


def test_to_ignores_later_marks():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 17))
	assert unauthorised_runs(absent(days), TERM, to=days[8]) == []
	assert unauthorised_runs(absent(days), TERM, to=days[9]) == [run(days[0], days[9])]


def test_configurable_number_of_days():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 8))
	assert unauthorised_runs(absent(days), TERM, days=3) == [
		AbsenceRun(UNAUTHORISED_10_DAYS, days[0], days[2], 3)
	]
	with pytest.raises(ValueError, match="Attendance Settings"):
		unauthorised_runs({}, TERM, days=0)


def test_marks_on_non_school_days_are_neutral():
	days = weekdays(date(2025, 1, 6), date(2025, 1, 17))
	flags = absent(days)
	flags[date(2025, 1, 11)] = day("/")  # a Saturday club mark outside the calendar
	assert unauthorised_runs(flags, TERM) == [run(days[0], days[9])]


# ------------------------------------------------------------------ property: against a day walk

POOL = ("O", "O", "O", "O", "G", "N", "U", "/", "\\", "I", "D", "X", "Y4", "#", "Z", None)


def walk(codes_by_day, school_days, days, to=None):
	"""The rule read literally, over every school day in order, from the codes themselves."""
	rows, streak = [], []
	for d in sorted(school_days):
		if to is not None and d > to:
			break
		codes = [c for c in codes_by_day.get(d, ()) if c]
		possible = [c for c in codes if c in POSSIBLE]
		if possible and all(c in PENALTY for c in possible):
			streak.append(d)
			if len(streak) == days:
				rows.append(AbsenceRun(UNAUTHORISED_10_DAYS, streak[0], d, days))
		elif possible or "D" in codes:
			streak = []
	return rows


@st.composite
def pupil_registers(draw):
	start = date(2025, 1, 6) + timedelta(weeks=draw(st.integers(0, 20)))
	school_days = [
		start + timedelta(days=n) for n in range(draw(st.integers(0, 120))) if draw(st.integers(0, 9)) < 7
	]
	codes_by_day = {
		d: (draw(st.sampled_from(POOL)), draw(st.sampled_from(POOL)))
		for d in school_days
		if draw(st.integers(0, 9)) > 0
	}
	to = draw(st.none() | st.sampled_from(school_days)) if school_days else None
	return school_days, codes_by_day, to


@settings(max_examples=200, deadline=None)
@given(pupil_registers(), st.integers(1, 10))
def test_unauthorised_runs_agree_with_a_day_walk(register, days):
	school_days, codes_by_day, to = register
	flags = {d: day(*(c for c in codes if c)) for d, codes in codes_by_day.items() if any(codes)}
	result = unauthorised_runs(flags, SchoolCalendar(school_days), days=days, to=to)
	assert result == walk(codes_by_day, school_days, days, to)


# ------------------------------------------------------------------ sickness_runs


def sick(start: date, end: date, per_day: int = 2) -> dict[date, int]:
	return dict.fromkeys(weekdays(start, end), per_day)


def test_thirty_illness_sessions_in_a_year_give_one_row():
	illness = sick(date(2025, 1, 6), date(2025, 1, 24))  # 15 days, 30 sessions
	assert sickness_runs(illness) == [AbsenceRun(SICKNESS_15_DAYS, date(2025, 1, 6), date(2025, 1, 24), 15)]


def test_twenty_nine_sessions_give_none():
	illness = sick(date(2025, 1, 6), date(2025, 1, 24))
	illness[date(2025, 1, 24)] = 1
	assert sickness_runs(illness) == []


def test_cumulative_sickness_counts_and_the_row_ends_on_the_thirtieth_session():
	illness = {
		**sick(date(2024, 9, 9), date(2024, 9, 13), per_day=1),  # 5 afternoons
		**sick(date(2024, 11, 4), date(2024, 11, 15)),  # 10 days: 20 sessions
		date(2025, 3, 3): 2,  # 27 so far
		date(2025, 3, 4): 1,  # 28
		date(2025, 5, 12): 2,  # 30: the row ends here
		date(2025, 5, 13): 2,
	}
	assert sickness_runs(illness) == [AbsenceRun(SICKNESS_15_DAYS, date(2024, 9, 9), date(2025, 5, 12), 15)]


def test_sessions_either_side_of_1_august_are_not_added_together():
	illness = {**sick(date(2025, 7, 21), date(2025, 7, 31)), **sick(date(2025, 8, 1), date(2025, 8, 8))}
	assert sum(illness.values()) == 30  # 18 before, 12 after
	assert sickness_runs(illness) == []


def test_one_row_per_academic_year():
	illness = {**sick(date(2025, 5, 5), date(2025, 5, 30)), **sick(date(2025, 9, 8), date(2025, 9, 26))}
	assert sickness_runs(illness) == [
		AbsenceRun(SICKNESS_15_DAYS, date(2025, 5, 5), date(2025, 5, 23), 15),
		AbsenceRun(SICKNESS_15_DAYS, date(2025, 9, 8), date(2025, 9, 26), 15),
	]


def test_sickness_to_and_days():
	illness = sick(date(2025, 1, 6), date(2025, 1, 24))
	assert sickness_runs(illness, to=date(2025, 1, 23)) == []
	assert sickness_runs(illness, days=2) == [
		AbsenceRun(SICKNESS_15_DAYS, date(2025, 1, 6), date(2025, 1, 7), 2)
	]
	assert sickness_runs({date(2025, 1, 6): 0, date(2025, 1, 7): 2}, days=1)[0].start == date(2025, 1, 7)
