"""Register windows: at most 30 minutes, closing after opening (uk-attendance-rules.md section 5)."""

from __future__ import annotations

from datetime import time

import pytest

from attendance_officer.engine.register import (
	MAX_REGISTER_MINUTES,
	calling_cutoff_error,
	register_window_error,
	sessions_order_error,
)


def test_the_limit_is_30_minutes():
	assert MAX_REGISTER_MINUTES == 30


def test_29_minutes_is_allowed():
	assert register_window_error(time(8, 30), time(8, 59)) is None


def test_exactly_30_minutes_is_allowed():
	assert register_window_error(time(8, 30), time(9, 0)) is None


def test_31_minutes_is_refused_with_the_latest_closing_time():
	message = register_window_error(time(8, 30), time(9, 1))
	assert message is not None
	assert "30 minutes" in message
	assert "09:00 or earlier" in message


def test_30_minutes_and_one_second_is_refused():
	message = register_window_error(time(8, 30), time(9, 0, 1))
	assert message is not None
	assert "09:00:01" in message


def test_closing_before_opening_is_refused():
	message = register_window_error(time(9, 0), time(8, 45))
	assert message is not None
	assert "not after it opens" in message


def test_closing_when_it_opens_is_refused():
	assert register_window_error(time(13, 15), time(13, 15)) is not None


@pytest.mark.parametrize(("opens", "closes"), [(time(13, 15), time(13, 45)), (time(0, 0), time(0, 30))])
def test_afternoon_and_midnight_windows_of_30_minutes_are_allowed(opens, closes):
	assert register_window_error(opens, closes) is None


def test_late_evening_window_crossing_midnight_is_refused():
	# 23:50 to 00:10 reads as closing before opening: registers never span midnight.
	assert register_window_error(time(23, 50), time(0, 10)) is not None


def test_afternoon_may_open_when_the_morning_register_closes():
	assert sessions_order_error(am_closes=time(9, 0), pm_opens=time(9, 0)) is None


def test_afternoon_opening_inside_the_morning_register_is_refused():
	message = sessions_order_error(am_closes=time(9, 0), pm_opens=time(8, 50))
	assert message is not None
	assert "09:00 or later" in message


def test_calling_cutoff_after_the_morning_register_is_allowed():
	assert calling_cutoff_error(am_closes=time(9, 0), cutoff=time(10, 0)) is None
	assert calling_cutoff_error(am_closes=time(9, 0), cutoff=time(9, 0)) is None


def test_calling_cutoff_before_the_morning_register_closes_is_refused():
	message = calling_cutoff_error(am_closes=time(9, 0), cutoff=time(8, 55))
	assert message is not None
	assert "not yet known" in message
