"""Attendance Settings checks (engine/settings.py): bands in order, counts, school identifiers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from attendance_officer.engine.settings import (
	bands_error,
	compact_identifier,
	count_error,
	laestab_error,
	urn_error,
)


def test_default_bands_are_in_order():
	assert bands_error(95, 92, 10, 50) is None


def test_bands_accept_decimals_and_floats_from_the_database():
	assert bands_error(Decimal("95.000000000"), 92.5, 10.0, Decimal("50")) is None


def test_concern_line_may_be_100():
	assert bands_error(100, 92, 10, 50) is None


def test_at_risk_equal_to_concern_is_refused():
	message = bands_error(95, 95, 10, 50)
	assert message is not None
	assert "at-risk line" in message


def test_at_risk_above_concern_is_refused():
	assert bands_error(92, 95, 10, 50) is not None


def test_persistent_equal_to_severe_is_refused():
	message = bands_error(95, 92, 50, 50)
	assert message is not None
	assert "severe" in message


def test_at_risk_at_the_persistent_line_is_refused():
	# Attendance below 90% is already persistent absence (absence of 10% or more).
	message = bands_error(95, 90, 10, 50)
	assert message is not None
	assert "90%" in message


def test_at_risk_just_above_the_persistent_line_is_allowed():
	assert bands_error(95, 90.1, 10, 50) is None


@pytest.mark.parametrize(
	"bands", [(0, 92, 10, 50), (101, 92, 10, 50), (95, 92, 0, 50), (95, 92, 10, 100.5), (95, -1, 10, 50)]
)
def test_percentages_outside_0_to_100_are_refused(bands):
	message = bands_error(*bands)
	assert message is not None
	assert "above 0 and no more than 100" in message


def test_count_of_at_least_one_is_allowed():
	assert count_error("N window", 5) is None
	assert count_error("N window", 1) is None


def test_count_below_its_minimum_is_refused():
	message = count_error("N window", 0)
	assert message is not None
	assert "N window is 0" in message


def test_lock_window_may_be_zero():
	assert count_error("Lock window", 0, minimum=0) is None


def test_fractional_count_is_refused():
	assert count_error("Weeks", 2.5) is not None


@pytest.mark.parametrize("urn", ["100000", " 100000 ", "149999"])
def test_six_digit_urn_is_valid(urn):
	assert urn_error(urn) is None


@pytest.mark.parametrize("urn", ["10000", "1000000", "10000A", ""])
def test_urn_that_is_not_six_digits_is_refused(urn):
	assert urn_error(urn) is not None


@pytest.mark.parametrize("laestab", ["8012000", "801/2000", "801-2000", "801 2000"])
def test_laestab_with_or_without_separator_is_valid(laestab):
	assert laestab_error(laestab) is None


@pytest.mark.parametrize("laestab", ["801200", "80120001", "801/200A"])
def test_laestab_that_is_not_seven_digits_is_refused(laestab):
	message = laestab_error(laestab)
	assert message is not None
	assert "7 digits" in message


def test_identifiers_are_stored_as_bare_digits():
	assert compact_identifier(" 801/2000 ") == "8012000"
	assert compact_identifier(None) == ""
