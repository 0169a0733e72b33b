"""attendance-officer penalty: the first time each pupil meets the penalty-notice threshold.

National Framework 2024 (uk-attendance-rules.md section 3): 10 sessions of G, N, O or U
within a rolling 10 school weeks; a school week is any week with a school session. The
school calendar comes from the whole file's marks (a holiday written as # for everyone is
no school week).
"""

from __future__ import annotations

from datetime import date, timedelta

from tests.cli.conftest import register_rows, upn, weekdays

TWO_WEEKS = weekdays(date(2025, 3, 3), 10)  # 3-7 and 10-14 March 2025


def two_week_file(write) -> str:
	lines = []
	# P1: a term-time holiday, Monday to Friday of week 1: 10 G sessions
	lines += register_rows(upn(1), TWO_WEEKS[:5], "G", "G") + register_rows(upn(1), TWO_WEEKS[5:])
	# P2: late after the register closed every morning of week 1 (U), then N every afternoon of week 2
	lines += register_rows(upn(2), TWO_WEEKS[:5], "U", "\\") + register_rows(upn(2), TWO_WEEKS[5:], "/", "N")
	# P3: 9 unauthorised sessions only
	lines += register_rows(upn(3), TWO_WEEKS[:4], "O", "O")
	lines += [f"{upn(3)},2025-03-07,AM,O", f"{upn(3)},2025-03-07,PM,\\"]
	lines += register_rows(upn(3), TWO_WEEKS[5:])
	return write("marks.csv", lines)


def test_json_golden(write, run):
	result = run("penalty", two_week_file(write), "--format", "json")
	assert result.code == 0, result.err
	expected = [
		{"upn": upn(1), "met_on": "2025-03-07", "window_start": "2025-03-03", "sessions": 10},
		{"upn": upn(2), "met_on": "2025-03-14", "window_start": "2025-03-03", "sessions": 10},
	]
	assert result.json() == sorted(expected, key=lambda r: r["upn"])


def test_to_ignores_later_marks(write, run):
	result = run("penalty", two_week_file(write), "--to", "2025-03-13", "--format", "json")
	assert [r["upn"] for r in result.json()] == [upn(1)]


def test_csv_columns(write, run):
	result = run("penalty", two_week_file(write), "--format", "csv")
	lines = result.out.splitlines()
	assert lines[0] == "upn,met_on,window_start,sessions"
	assert f"{upn(1)},2025-03-07,2025-03-03,10" in lines


def test_table_says_when_nobody_meets_the_threshold(write, run):
	result = run("penalty", write("marks.csv", register_rows(upn(1), TWO_WEEKS)))
	assert result.code == 0
	assert "No pupil meets the penalty-notice threshold." in result.out


def holiday_weeks_file(write, holiday_for_everyone: bool) -> str:
	"""12 weeks from 6 January 2025; week 6 (10 Feb) is half term.

	P1 has one O session every Monday morning of the 10 weeks it attends school (weeks
	1-5 and 7-11): 10 sessions spread over 11 calendar weeks. P2 is another pupil who
	attends every school day; in half term either everyone has # or only P1 does.
	"""
	start = date(2025, 1, 6)
	lines = []
	for week in range(12):
		monday = start + timedelta(weeks=week)
		days = weekdays(monday, 5)
		if week == 5:
			lines += register_rows(upn(1), days, "#", "#")
			lines += (
				register_rows(upn(2), days, "#", "#") if holiday_for_everyone else register_rows(upn(2), days)
			)
			continue
		am_monday = "O" if week < 11 else "/"
		lines += register_rows(upn(1), days[:1], am_monday, "\\") + register_rows(upn(1), days[1:])
		lines += register_rows(upn(2), days)
	return write("marks.csv", lines)


def test_a_holiday_week_for_everyone_is_not_a_school_week(write, run):
	result = run("penalty", holiday_weeks_file(write, holiday_for_everyone=True), "--format", "json")
	assert result.json() == [
		{"upn": upn(1), "met_on": "2025-03-17", "window_start": "2025-01-06", "sessions": 10}
	]


def test_one_pupils_own_hash_marks_do_not_close_the_school(write, run):
	# P2 was in school in week 6, so it is a school week: 10 school weeks hold only 9 of P1's sessions.
	result = run("penalty", holiday_weeks_file(write, holiday_for_everyone=False), "--format", "json")
	assert result.json() == []
