"""engine.sessions: school sessions in a range, and overlapping ranges."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attendance_officer.engine.calendar import SchoolCalendar
from attendance_officer.engine.sessions import (
	AM,
	PM,
	SessionRangeError,
	session_key,
	session_range,
	sessions_overlap,
)

from .conftest import INSET_DAY, TERM_END, TERM_START, school_days

MON = date(2025, 3, 3)
TUE = date(2025, 3, 4)
WED = date(2025, 3, 5)
FRI = date(2025, 3, 7)
SAT = date(2025, 3, 8)
SUN = date(2025, 3, 9)
NEXT_MON = date(2025, 3, 10)
THU_BEFORE_INSET = date(2025, 3, 13)
MON_AFTER_INSET = date(2025, 3, 17)


def test_pm_to_am_across_days(calendar):
	assert session_range(MON, PM, WED, AM, calendar) == (
		(MON, PM),
		(TUE, AM),
		(TUE, PM),
		(WED, AM),
	)


def test_one_session(calendar):
	assert session_range(MON, PM, MON, PM, calendar) == ((MON, PM),)


def test_whole_day(calendar):
	assert session_range(MON, AM, MON, PM, calendar) == ((MON, AM), (MON, PM))


def test_weekend_is_skipped(calendar):
	assert session_range(FRI, PM, NEXT_MON, AM, calendar) == ((FRI, PM), (NEXT_MON, AM))


def test_holiday_is_skipped(calendar):
	assert session_range(THU_BEFORE_INSET, AM, MON_AFTER_INSET, PM, calendar) == (
		(THU_BEFORE_INSET, AM),
		(THU_BEFORE_INSET, PM),
		(MON_AFTER_INSET, AM),
		(MON_AFTER_INSET, PM),
	)


def test_range_may_start_and_end_on_non_school_days(calendar):
	assert session_range(SAT, PM, NEXT_MON, AM, calendar) == ((NEXT_MON, AM),)
	assert session_range(FRI, PM, SUN, AM, calendar) == ((FRI, PM),)


def test_end_session_before_start_session_on_the_same_day(calendar):
	with pytest.raises(SessionRangeError, match="before it starts"):
		session_range(MON, PM, MON, AM, calendar)


def test_end_date_before_start_date(calendar):
	with pytest.raises(SessionRangeError) as raised:
		session_range(WED, AM, MON, PM, calendar)
	assert "2025-03-03 PM" in str(raised.value) and "2025-03-05 AM" in str(raised.value)


def test_session_range_error_is_a_value_error():
	assert issubclass(SessionRangeError, ValueError)


@pytest.mark.parametrize("bad", ["am", "Morning", "", None, "PM "])
def test_session_must_be_am_or_pm(calendar, bad):
	with pytest.raises(SessionRangeError, match="is not a session"):
		session_range(MON, bad, TUE, PM, calendar)
	with pytest.raises(SessionRangeError, match="is not a session"):
		session_range(MON, AM, TUE, bad, calendar)


def test_weekend_only_range_is_refused(calendar):
	with pytest.raises(SessionRangeError, match="no school session"):
		session_range(SAT, AM, SUN, PM, calendar)


def test_holiday_only_range_is_refused(calendar):
	with pytest.raises(SessionRangeError, match="no school session"):
		session_range(INSET_DAY, AM, INSET_DAY, PM, calendar)


def test_range_outside_the_calendar_is_refused(calendar):
	with pytest.raises(SessionRangeError, match="no school session"):
		session_range(date(2025, 4, 7), AM, date(2025, 4, 11), PM, calendar)


def test_session_key_orders_am_before_pm():
	assert sorted([(TUE, AM), (MON, PM), (MON, AM)], key=session_key) == [(MON, AM), (MON, PM), (TUE, AM)]


_SESSION = st.tuples(
	st.dates(min_value=TERM_START - timedelta(days=3), max_value=TERM_END + timedelta(days=3)),
	st.sampled_from([AM, PM]),
)
_CALENDAR = SchoolCalendar(school_days())


@given(_SESSION, _SESSION)
def test_session_range_is_every_school_session_between(start, end):
	expected = [
		(day, name)
		for day in _CALENDAR.days
		for name in (AM, PM)
		if session_key(start) <= session_key((day, name)) <= session_key(end)
	]
	if session_key(end) < session_key(start) or not expected:
		with pytest.raises(SessionRangeError):
			session_range(*start, *end, _CALENDAR)
	else:
		assert list(session_range(*start, *end, _CALENDAR)) == expected


# Overlaps


def test_ranges_touching_at_one_session_overlap():
	assert sessions_overlap((MON, AM), (MON, PM), (MON, PM), (TUE, AM))
	assert sessions_overlap((MON, PM), (MON, PM), (MON, PM), (MON, PM))


def test_adjacent_sessions_do_not_overlap():
	assert not sessions_overlap((MON, AM), (MON, AM), (MON, PM), (TUE, AM))
	assert not sessions_overlap((MON, PM), (TUE, AM), (MON, AM), (MON, AM))
	assert not sessions_overlap((MON, AM), (MON, PM), (TUE, AM), (TUE, PM))


def test_contained_range_overlaps():
	assert sessions_overlap((MON, AM), (WED, PM), (TUE, PM), (TUE, PM))
	assert sessions_overlap((TUE, PM), (TUE, PM), (MON, AM), (WED, PM))


def test_disjoint_ranges_do_not_overlap():
	assert not sessions_overlap((MON, AM), (TUE, AM), (WED, AM), (WED, PM))


def test_overlap_only_over_a_weekend_counts_without_a_calendar(calendar):
	a = ((FRI, AM), (SAT, PM))
	b = ((SUN, AM), (NEXT_MON, PM))
	c = ((SAT, AM), (NEXT_MON, PM))
	assert not sessions_overlap(*a, *b)
	assert sessions_overlap(*a, *c)
	assert not sessions_overlap(*a, *c, calendar)
	assert sessions_overlap((FRI, AM), (NEXT_MON, AM), *c, calendar)


def test_overlap_refuses_a_backwards_range():
	with pytest.raises(SessionRangeError, match="before it starts"):
		sessions_overlap((TUE, AM), (MON, AM), (MON, AM), (MON, PM))


@given(_SESSION, _SESSION, _SESSION, _SESSION)
def test_overlap_means_a_shared_session(a1, a2, b1, b2):
	a_from, a_to = sorted((a1, a2), key=session_key)
	b_from, b_to = sorted((b1, b2), key=session_key)
	every = [(d, s) for d in {a1[0], a2[0], b1[0], b2[0]} for s in (AM, PM)]
	shared = [
		x
		for x in every
		if session_key(a_from) <= session_key(x) <= session_key(a_to)
		and session_key(b_from) <= session_key(x) <= session_key(b_to)
	]
	assert sessions_overlap(a_from, a_to, b_from, b_to) == bool(shared)
	assert sessions_overlap(a_from, a_to, b_from, b_to) == sessions_overlap(b_from, b_to, a_from, a_to)


def test_casework_modules_do_not_import_frappe():
	engine = Path(__file__).resolve().parents[2] / "attendance_officer" / "engine"
	for name in ("sessions", "lateness", "absence_plan", "leave", "first_day"):
		tree = ast.parse((engine / f"{name}.py").read_text())
		for node in ast.walk(tree):
			if isinstance(node, ast.Import):
				assert not any(alias.name.split(".")[0] == "frappe" for alias in node.names), name
			elif isinstance(node, ast.ImportFrom):
				assert (node.module or "").split(".")[0] != "frappe", name
