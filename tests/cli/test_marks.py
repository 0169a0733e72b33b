"""engine.marks: one marks row checked, as the runner and the desk import both check it."""

from __future__ import annotations

from datetime import date

import pytest

from attendance_officer.engine.marks import (
	Mark,
	MarkError,
	column_indexes,
	date_error,
	duplicate_error,
	header_error,
	mark_error,
	minutes_late_error,
	parse_date,
	parse_mark,
)
from tests.cli.conftest import upn


def good(**changes):
	row = {"upn": upn(1), "date": "2025-03-03", "session": "AM", "code": "/"}
	row.update(changes)
	return row


def test_a_good_row_parses_with_the_upn_compacted():
	assert parse_mark(good(upn=upn(1).lower(), code="L", minutes_late="7")) == Mark(
		upn(1), date(2025, 3, 3), "AM", "L", 7
	)
	assert parse_mark(good()).minutes_late is None


@pytest.mark.parametrize(
	("changes", "start"),
	[
		({"upn": "B80120000500S"}, "the last character is 'S'"),
		({"date": "2025-02-29"}, "date '2025-02-29' is not a real date"),
		({"date": "3 March 2025"}, "date '3 March 2025' is not written as YYYY-MM-DD"),
		({"session": "pm"}, "'pm' is not a session"),
		({"code": "H"}, "code H was withdrawn on 19 August 2024; use C"),
		({"code": "q"}, "unknown attendance code 'q'"),
		({"minutes_late": "five"}, "minutes_late 'five' is not a whole number"),
		({"code": "G", "minutes_late": "3"}, "minutes_late is 3 but code G is not a late code"),
	],
)
def test_each_problem_has_its_message(changes, start):
	message = mark_error(good(**changes))
	assert message is not None and message.startswith(start), message
	with pytest.raises(MarkError):
		parse_mark(good(**changes))


def test_a_missing_field_is_named():
	row = good()
	del row["session"]
	assert mark_error(row) == "the session field is missing from this row"


def test_checks_run_in_column_order():
	assert mark_error(good(date="bad", code="H")).startswith("date 'bad'")


def test_leap_day():
	assert date_error("2024-02-29") is None
	assert parse_date("2024-02-29") == date(2024, 2, 29)


@pytest.mark.parametrize("value", ["", "0", "12", " 30 ", "300"])
def test_minutes_late_allowed_for_a_late_code(value):
	assert minutes_late_error(value, "L") is None
	assert minutes_late_error(value, "U") is None


def test_zero_or_blank_minutes_allowed_for_any_code():
	assert minutes_late_error("0", "/") is None
	assert minutes_late_error("", "G") is None


def test_header():
	assert header_error(["UPN", " Date ", "session", "code"]) is None
	assert column_indexes(["x", "code", "UPN", "date", "session", "minutes_late"]) == {
		"upn": 2,
		"date": 3,
		"session": 4,
		"code": 1,
		"minutes_late": 5,
	}
	assert header_error([]).startswith("the file is empty")
	assert header_error(None).startswith("the file is empty")
	assert header_error(["upn", "date"]).startswith("missing column(s) session, code:")


def test_duplicate_message_names_the_first_line():
	assert duplicate_error(upn(1), date(2025, 3, 3), "PM", 7) == (
		f"pupil {upn(1)} already has a mark for 2025-03-03 PM on line 7; keep one of the two rows"
	)
