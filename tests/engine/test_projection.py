"""engine.projection: the best % still possible and the sessions to leave persistent absence."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attendance_officer.engine.projection import best_possible, project, sessions_to_leave
from attendance_officer.engine.statistics import PERSISTENT, SEVERE, band, summarise


def pupil(attending: int, absent: int = 0):
	return summarise({"/": attending, "O": absent})


def test_best_possible_attends_every_remaining_session():
	# 170 of 200 (85%), 180 to go: (170 + 180) / (200 + 180) = 92.1%
	assert best_possible(pupil(170, 30), 180) == Decimal("92.1")


def test_best_possible_with_no_sessions_left_is_today_figure():
	assert best_possible(pupil(190, 21), 0) == Decimal("90.0")


def test_best_possible_for_a_pupil_not_yet_started():
	assert best_possible(pupil(0), 0) is None
	assert best_possible(pupil(0), 10) == Decimal("100.0")


def test_negative_remaining_is_refused():
	with pytest.raises(ValueError):
		best_possible(pupil(1), -1)


def test_exactly_ten_percent_needs_one_more_session():
	# 90 of 100: exactly 10% absence IS persistent absence; one attended session leaves it (10/101).
	summary = pupil(90, 10)
	assert band(summary) == PERSISTENT
	assert sessions_to_leave(summary, 10) == 1
	assert band(summarise({"/": 91, "O": 10})) != PERSISTENT


def test_already_below_the_line_needs_nothing():
	assert sessions_to_leave(pupil(91, 10), 10) == 0
	assert sessions_to_leave(pupil(100), 10) == 0
	assert sessions_to_leave(pupil(0), 10) == 0


def test_severe_absence_line():
	# 20 of 40 absent (50%: severe); 1 more attended: 20/41 = 48.8%, below 50.
	assert sessions_to_leave(pupil(20, 20), 50) == 1
	# 30 absent of 40: needs possible > 60, so 21 more sessions.
	assert sessions_to_leave(pupil(10, 30), 50) == 21


def test_a_decimal_line_is_exact():
	# 9.5% line: 19 absent of 200 is 9.5% (not below); 201 gives 9.45%.
	assert sessions_to_leave(pupil(181, 19), Decimal("9.5")) == 1


def test_zero_line_is_refused():
	with pytest.raises(ValueError):
		sessions_to_leave(pupil(1, 1), 0)


@given(st.integers(0, 400), st.integers(0, 400), st.sampled_from([10, 50, Decimal("12.5")]))
def test_sessions_to_leave_is_the_least_that_works(attending, absent, line):
	summary = pupil(attending, absent)
	k = sessions_to_leave(summary, line)
	possible = summary.possible

	def below(extra):
		return absent == 0 or Fraction(absent * 100, possible + extra) < Fraction(line)

	assert below(k)
	assert k == 0 or not below(k - 1)


def test_projection_reachable_this_year():
	summary = pupil(150, 50)  # 25% absence: needs possible > 500, so 301 sessions
	outlook = project(summary, remaining=180)
	assert outlook.to_leave_persistent == 301
	assert not outlook.can_leave_persistent
	assert outlook.best_possible == Decimal("86.8")  # 330 / 380
	assert project(pupil(95, 11), remaining=180).can_leave_persistent
	assert outlook.to_leave_severe == 0  # 25% is not severe
	assert band(summary) != SEVERE
