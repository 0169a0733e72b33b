"""attendance-officer continuous: returns to the local authority.

uk-attendance-rules.md section 4: a pupil absent without permission for a continuous 10
school days; the sickness return when a pupil coded I has missed 15 school days. Counting
per engine.continuous (the issue contract's reading). Rows sorted by upn, kind, start.
"""

from __future__ import annotations

from datetime import date

from tests.cli.conftest import register_rows, upn, weekdays

THREE_WEEKS = weekdays(date(2025, 3, 3), 15)  # 3 to 21 March 2025


def three_week_file(write) -> str:
	lines = []
	# P1: O for the first 10 school days (3 to 14 March), then back
	lines += register_rows(upn(1), THREE_WEEKS[:10], "O", "O") + register_rows(upn(1), THREE_WEEKS[10:])
	# P2: ill (I) for 15 school days
	lines += register_rows(upn(2), THREE_WEEKS, "I", "I")
	# P3: 9 days of O, one day in school, then 5 more days of O: no run of 10
	lines += register_rows(upn(3), THREE_WEEKS[:9], "O", "O")
	lines += register_rows(upn(3), THREE_WEEKS[9:10])
	lines += register_rows(upn(3), THREE_WEEKS[10:], "O", "O")
	return write("marks.csv", lines)


def test_json_golden(write, run):
	result = run("continuous", three_week_file(write), "--format", "json")
	assert result.code == 0, result.err
	expected = [
		{
			"upn": upn(1),
			"kind": "unauthorised_10_days",
			"start": "2025-03-03",
			"end": "2025-03-14",
			"school_days": 10,
		},
		{
			"upn": upn(2),
			"kind": "sickness_15_days",
			"start": "2025-03-03",
			"end": "2025-03-21",
			"school_days": 15,
		},
	]
	assert result.json() == sorted(expected, key=lambda r: r["upn"])


def test_to_ignores_later_marks(write, run):
	result = run("continuous", three_week_file(write), "--to", "2025-03-13", "--format", "json")
	assert result.json() == []


def test_one_pupil_with_both_returns_is_sorted_by_kind_then_start(write, run):
	days = weekdays(date(2025, 3, 3), 25)
	lines = register_rows(upn(1), days[:15], "I", "I") + register_rows(upn(1), days[15:], "G", "G")
	result = run("continuous", write("marks.csv", lines), "--format", "json")
	assert [(r["kind"], r["start"]) for r in result.json()] == [
		("sickness_15_days", "2025-03-03"),
		("unauthorised_10_days", "2025-03-24"),
	]


def test_csv_and_table(write, run):
	path = three_week_file(write)
	csv_out = run("continuous", path, "--format", "csv").out.splitlines()
	assert csv_out[0] == "upn,kind,start,end,school_days"
	assert f"{upn(1)},unauthorised_10_days,2025-03-03,2025-03-14,10" in csv_out
	table = run("continuous", path).out
	assert "10 days unauthorised" in table and "15 days sickness" in table
