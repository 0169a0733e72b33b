"""registers.csv_marks: the desk import reads marks with the runner's checks, line by line."""

from __future__ import annotations

from datetime import date

from attendance_officer.registers.csv_marks import read_marks_csv

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
