"""engine.absence: the code a reported reason suggests, the codes a record may write, time on roll."""

from __future__ import annotations

from datetime import date

import pytest

from attendance_officer.engine.absence import (
	HOME_VISIT_DAY,
	REASON_CODES,
	REASONS,
	RECORD_CODES,
	record_code_error,
	roll_error,
	suggested_code,
	unexplained_run,
)
from attendance_officer.engine.calendar import SchoolCalendar
from attendance_officer.engine.codes import ABSENCE, ATTENDING, CODES


@pytest.mark.parametrize(
	("reason", "code"),
	[
		("Illness", "I"),
		("Medical or dental appointment", "M"),
		("Religious observance", "R"),
		("Exceptional circumstances", "C"),
		("Holiday not authorised", "G"),
		("Unknown", "O"),
		("Other", "O"),
	],
)
def test_reason_suggests_its_code(reason, code):
	assert suggested_code(reason) == code


def test_unknown_after_enquiries_is_o_never_the_n_placeholder():
	assert suggested_code("Unknown") == "O"
	assert "N" not in REASON_CODES.values()


def test_every_reason_has_a_code_the_record_may_write():
	assert set(REASONS) == set(REASON_CODES)
	assert set(REASON_CODES.values()) <= RECORD_CODES


def test_no_reason_suggests_nothing():
	assert suggested_code("") is None
	assert suggested_code(None) is None
	assert suggested_code("Bored") is None


def test_record_codes_are_absence_codes_without_n_and_u():
	assert RECORD_CODES == ABSENCE - {"N", "U"}
	for code in RECORD_CODES:
		assert record_code_error(code) is None


@pytest.mark.parametrize("code", sorted(ATTENDING))
def test_attending_codes_are_refused_with_the_codes_to_use(code):
	message = record_code_error(code)
	assert f"Code {code}" in message
	assert "not an absence code" in message


def test_n_and_u_are_refused_with_what_to_do():
	assert "O if none was found" in record_code_error("N")
	assert "on the register" in record_code_error("U")


def test_missing_and_unknown_codes():
	assert "Choose the attendance code" in record_code_error("")
	assert "not a code in force" in record_code_error("H")
	assert CODES["D"].description in record_code_error("D")


ADMITTED = date(2025, 3, 5)
LEFT = date(2025, 3, 20)


def test_range_inside_time_on_roll():
	assert roll_error(ADMITTED, LEFT, on_roll_from=ADMITTED, left_on=LEFT) is None
	assert roll_error(date(2025, 3, 10), date(2025, 3, 11), on_roll_from=None, left_on=None) is None


def test_range_starting_before_admission():
	message = roll_error(date(2025, 3, 4), date(2025, 3, 6), on_roll_from=ADMITTED, left_on=None)
	assert "admitted on 2025-03-05" in message
	assert "Start the record on or after" in message


def test_range_ending_after_leaving():
	message = roll_error(date(2025, 3, 19), date(2025, 3, 21), on_roll_from=ADMITTED, left_on=LEFT)
	assert "left on 2025-03-20" in message
	assert "End the record on or before" in message


# ---------------------------------------------------------------- unexplained runs (home visit)


# Thursday 13 March 2025 to Tuesday 18 March; Friday 14 March an INSET day (no school).
THU, FRI, MON, TUE = date(2025, 3, 13), date(2025, 3, 14), date(2025, 3, 17), date(2025, 3, 18)
CAL = SchoolCalendar([date(2025, 3, 12), THU, MON, TUE])


def test_third_unexplained_day_across_a_weekend_and_an_inset_day():
	codes = {date(2025, 3, 12): {"/"}, THU: {"N"}, MON: ["N", "N"], TUE: {"N"}}
	assert unexplained_run(codes, CAL, TUE) == (HOME_VISIT_DAY, THU)


def test_a_reason_or_attendance_breaks_the_run():
	assert unexplained_run({THU: {"N"}, MON: {"I"}, TUE: {"N"}}, CAL, TUE) == (1, TUE)
	assert unexplained_run({THU: {"N"}, MON: {"N", "L"}, TUE: {"N"}}, CAL, TUE) == (1, TUE)


def test_no_n_today_means_no_run():
	assert unexplained_run({THU: {"N"}, MON: {"N"}}, CAL, TUE) == (0, None)
	assert unexplained_run({TUE: {"O"}}, CAL, TUE) == (0, None)
