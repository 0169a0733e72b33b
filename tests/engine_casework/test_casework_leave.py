"""engine.leave: grounds and codes, requested sessions, retrospective requests, clashes."""

from __future__ import annotations

from datetime import date

import pytest

from attendance_officer.engine.codes import AUTHORISED, CODES
from attendance_officer.engine.leave import (
	CLOSED_STATUSES,
	LEAVE_GROUNDS,
	LeaveRequest,
	attendance_at_request,
	is_retrospective,
	overlapping,
	requested_sessions,
)
from attendance_officer.engine.sessions import AM, PM, SessionRangeError
from attendance_officer.engine.statistics import summarise

MON, TUE, WED, FRI = date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 5), date(2025, 3, 7)
SAT, SUN, NEXT_MON = date(2025, 3, 8), date(2025, 3, 9), date(2025, 3, 10)


def test_grounds_and_their_codes():
	assert LEAVE_GROUNDS == {
		"Exceptional Circumstances": "C",
		"Regulated Performance or Employment Abroad": "C1",
		"Part-time Timetable": "C2",
		"Interview": "J1",
		"Study Leave": "S",
		"Medical or Dental Appointment": "M",
		"Religious Observance": "R",
	}


def test_every_leave_code_is_an_authorised_absence_in_force():
	for code in LEAVE_GROUNDS.values():
		assert code in CODES and code in AUTHORISED


def test_requested_sessions_skip_the_weekend_and_know_am_from_pm(calendar):
	assert requested_sessions(FRI, PM, NEXT_MON, AM, calendar) == ((FRI, PM), (NEXT_MON, AM))


def test_requested_sessions_refuse_a_weekend_only_request(calendar):
	with pytest.raises(SessionRangeError, match="no school session"):
		requested_sessions(SAT, AM, SUN, PM, calendar)


def test_requested_sessions_refuse_a_backwards_request(calendar):
	with pytest.raises(SessionRangeError, match="before it starts"):
		requested_sessions(TUE, AM, MON, AM, calendar)


@pytest.mark.parametrize(
	("made_on", "retrospective"),
	[
		(date(2025, 3, 2), False),  # the day before the leave
		(TUE, False),  # the day the leave starts: still in advance
		(WED, True),  # the day after it started
		(date(2025, 4, 1), True),
	],
)
def test_retrospective_edges(made_on, retrospective):
	assert is_retrospective(made_on, TUE) is retrospective


def request(name, start, end, status="Open"):
	return LeaveRequest(name, *start, *end, status=status)


def test_overlap_found_when_ranges_share_a_session():
	new = request("LOA-2", (MON, PM), (TUE, AM))
	touching = request("LOA-1", (MON, AM), (MON, PM))
	apart = request("LOA-3", (TUE, PM), (WED, PM))
	assert overlapping(new, [touching, apart]) == [touching]


def test_adjacent_requests_do_not_clash():
	new = request("LOA-2", (MON, PM), (TUE, AM))
	morning = request("LOA-1", (MON, AM), (MON, AM))
	assert overlapping(new, [morning]) == []


@pytest.mark.parametrize("status", sorted(CLOSED_STATUSES))
def test_closed_requests_do_not_clash(status):
	new = request("LOA-2", (MON, AM), (WED, PM))
	closed = request("LOA-1", (TUE, AM), (TUE, PM), status=status)
	assert overlapping(new, [closed]) == []


@pytest.mark.parametrize("status", ["Open", "Pending", "Authorised", "Draft"])
def test_open_and_authorised_requests_clash(status):
	new = request("LOA-2", (MON, AM), (WED, PM))
	other = request("LOA-1", (TUE, AM), (TUE, PM), status=status)
	assert overlapping(new, [other]) == [other]


def test_a_request_does_not_clash_with_itself():
	new = request("LOA-2", (MON, AM), (WED, PM))
	assert overlapping(new, [new]) == []


def test_requests_meeting_only_over_a_weekend_clash_only_without_a_calendar(calendar):
	new = request("LOA-2", (FRI, AM), (SAT, PM))
	other = request("LOA-1", (SAT, AM), (NEXT_MON, PM))
	assert overlapping(new, [other]) == [other]
	assert overlapping(new, [other], calendar) == []


def test_attendance_at_request_is_the_statistics_summary():
	counts = {"/": 9, "\\": 9, "I": 1, "N": 1, "D": 4}
	summary = attendance_at_request(counts)
	assert summary == summarise(counts)
	assert summary.possible == 20 and summary.attending == 18
