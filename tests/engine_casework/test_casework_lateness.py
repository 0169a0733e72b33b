"""engine.lateness: L up to and including the register's closing time, U after it."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attendance_officer.engine.codes import CODES
from attendance_officer.engine.lateness import late_code, minutes_late

OPENS = time(8, 40)
CLOSES = time(9, 0)


@pytest.mark.parametrize(
	("arrived", "code"),
	[
		(time(8, 59), "L"),  # a minute before the register closes
		(time(9, 0), "L"),  # at the closing time: the register is still open
		(time(9, 0, 1), "U"),  # a second after it closed
		(time(9, 1), "U"),  # a minute after it closed
		(time(11, 30), "U"),
	],
)
def test_late_code_at_the_close(arrived, code):
	assert late_code(arrived, CLOSES) == code


def test_l_counts_as_attending_and_u_as_unauthorised_absence():
	assert CODES["L"].attending and not CODES["U"].attending
	assert CODES["U"].penalty


@pytest.mark.parametrize(
	("arrived", "minutes"),
	[
		(time(8, 30), 0),  # early
		(time(8, 40), 0),  # as the register opens: on time
		(time(8, 40, 30), 1),  # part of a minute counts as a minute
		(time(8, 41), 1),
		(time(8, 59), 19),
		(time(9, 0), 20),
		(time(9, 1), 21),
		(time(10, 10), 90),  # after the close too: U, and still 90 minutes late
	],
)
def test_minutes_late_from_the_opening(arrived, minutes):
	assert minutes_late(arrived, OPENS) == minutes


@given(st.times(), st.times())
def test_minutes_late_is_zero_exactly_when_on_time(arrived, opens):
	assert (minutes_late(arrived, opens) == 0) == (arrived <= opens)


@pytest.mark.parametrize(
	("now", "minutes"),
	[
		(time(8, 40), None),  # the register has just opened: nobody arriving now is late
		(time(8, 52), 12),
		(time(13, 40), 300),  # exactly the longest a session may be: still an arrival
		(time(13, 40, 1), None),  # a second more: the register is being taken afterwards
		(time(16, 17), None),  # issue 11 item 2: a morning register taken at 16:17 (457 minutes)
	],
)
def test_arriving_now_only_within_a_session_of_the_opening(now, minutes):
	from attendance_officer.engine.lateness import arriving_now
	from attendance_officer.engine.marks import MAX_MINUTES_LATE

	assert arriving_now(now, OPENS) == minutes
	got = arriving_now(now, OPENS)
	assert got is None or 0 < got <= MAX_MINUTES_LATE
