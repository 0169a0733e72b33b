"""registers.csv_marks: the desk import reads marks with the runner's checks, line by line."""

from __future__ import annotations

from datetime import date

import pytest

from attendance_officer.registers.csv_marks import CsvEncodingError, decode_marks_file, read_marks_csv

UPN = "B801200005001"  # python-stdnum's documented example


def test_good_file():
	rows, errors = read_marks_csv(
		f"upn,date,session,code,minutes_late\n{UPN},2026-11-23,AM,L,12\n{UPN},2026-11-23,PM,\\,\n"
	)
	assert errors == []
	assert [(r.line, r.mark.code, r.mark.minutes_late) for r in rows] == [(2, "L", 12), (3, "\\", None)]
	assert rows[0].mark.date == date(2026, 11, 23)


def test_every_bad_line_is_reported_with_its_number():
	text = (
		"upn,date,session,code\n"
		f"{UPN},2026-11-23,AM,/\n"
		f"{UPN},2026-11-31,AM,/\n"
		f"{UPN},2026-11-24,XX,/\n"
		f"{UPN},2026-11-25,AM,H\n"
		f"{UPN},2026-11-23,AM,N\n"
		"A801200005001,2026-11-26,AM,/\n"
	)
	rows, errors = read_marks_csv(text)
	assert [e.split(":")[0] for e in errors] == ["Line 3", "Line 4", "Line 5", "Line 6", "Line 7"]
	assert "withdrawn" in errors[2]
	assert "on line 2" in errors[3]
	assert [r.line for r in rows] == [2]


def test_missing_column_is_a_header_error():
	rows, errors = read_marks_csv("upn,date,code\n")
	assert rows == [] and errors[0].startswith("Line 1: missing column(s) session")


def test_note_column_is_read():
	rows, errors = read_marks_csv(f"upn,date,session,code,note\n{UPN},2026-11-23,AM,B,Chess final\n")
	assert errors == [] and rows[0].note == "Chess final"


def test_header_only_is_refused():
	assert read_marks_csv("upn,date,session,code\n")[1]


def test_excel_plain_csv_is_refused_with_what_to_do():
	"""Excel's default "CSV (Comma delimited)" on a UK PC is Windows-1252, not UTF-8."""
	text = f"upn,date,session,code,note\n{UPN},2026-11-23,AM,/,\n{UPN},2026-11-23,PM,B,Café trip £5\n"
	with pytest.raises(CsvEncodingError) as caught:
		decode_marks_file(text.encode("cp1252"))
	assert caught.value.line == 3
	assert str(caught.value).startswith("Line 3: the file is not saved as UTF-8 text")
	assert "save the file as CSV UTF-8 and import again" in str(caught.value)


def test_excel_csv_utf8_with_byte_order_mark_is_read():
	text = f"upn,date,session,code,note\n{UPN},2026-11-23,PM,B,Café trip £5\n"
	decoded = decode_marks_file(text.encode("utf-8-sig"))
	rows, errors = read_marks_csv(decoded)
	assert errors == []
	assert rows[0].note == "Café trip £5"
