"""attendance-officer thresholds: one row per pupil with a possible session, golden values.

Contract: attendance = attending x 100 / possible rounded half-up to 1 dp (a JSON number);
band decided on the exact fraction (engine.statistics.band); pupils with no possible
session in the range are left out; rows sorted by UPN. Rules: uk-attendance-rules.md
section 2 (possible sessions; persistent absence at 10% or more, so exactly 90.0% IS
persistent; severe at 50% or more).
"""

from __future__ import annotations

from datetime import date

from tests.cli.conftest import register_rows, upn, weekdays

WEEK = weekdays(date(2025, 3, 3), 5)  # Monday 3 to Friday 7 March 2025


def week_file(write) -> str:
	lines = [
		# P1: Tue AM ill, Wed PM unexplained, Thu AM late (attending)
		f"{upn(1)},2025-03-03,AM,/",
		f"{upn(1)},2025-03-03,PM,\\",
		f"{upn(1)},2025-03-04,AM,I",
		f"{upn(1)},2025-03-04,PM,\\",
		f"{upn(1)},2025-03-05,AM,/",
		f"{upn(1)},2025-03-05,PM,O",
		f"{upn(1)},2025-03-06,AM,L",
		f"{upn(1)},2025-03-06,PM,\\",
		f"{upn(1)},2025-03-07,AM,/",
		f"{upn(1)},2025-03-07,PM,\\",
		# P2: dual registered on Monday (D is not a possible session)
		*register_rows(upn(2), WEEK[:1], "D", "D"),
		*register_rows(upn(2), WEEK[1:]),
		# P3: not yet on roll all week (Z): no possible session, so no row
		*register_rows(upn(3), WEEK, "Z", "Z"),
		# P4: one unauthorised holiday session on Friday afternoon: exactly 90.0%
		*register_rows(upn(4), WEEK[:4]),
		f"{upn(4)},2025-03-07,AM,/",
		f"{upn(4)},2025-03-07,PM,G",
	]
	return write("marks.csv", lines)


def row(pupil, possible, attending, authorised, unauthorised, attendance, band):
	return {
		"upn": pupil,
		"possible": possible,
		"attending": attending,
		"authorised": authorised,
		"unauthorised": unauthorised,
		"attendance": attendance,
		"band": band,
	}


def test_json_golden(write, run):
	result = run("thresholds", week_file(write), "--format", "json")
	assert result.code == 0, result.err
	expected = [
		row(upn(1), 10, 8, 1, 1, 80.0, "persistent"),
		row(upn(2), 8, 8, 0, 0, 100.0, "expected"),
		row(upn(4), 10, 9, 0, 1, 90.0, "persistent"),
	]
	assert result.json() == sorted(expected, key=lambda r: r["upn"])
	assert result.err == ""


def test_attendance_is_a_json_number_with_one_decimal(write, run):
	result = run("thresholds", week_file(write), "--format", "json")
	assert '"attendance": 90.0' in result.out
	assert '"attendance": "90.0"' not in result.out
	assert list(result.json()[0]) == [
		"upn",
		"possible",
		"attending",
		"authorised",
		"unauthorised",
		"attendance",
		"band",
	]


def test_from_and_to_limit_the_sessions_counted(write, run):
	result = run(
		"thresholds", week_file(write), "--from", "2025-03-05", "--to", "2025-03-06", "--format", "json"
	)
	assert result.code == 0, result.err
	expected = [
		row(upn(1), 4, 3, 0, 1, 75.0, "persistent"),
		row(upn(2), 4, 4, 0, 0, 100.0, "expected"),
		row(upn(4), 4, 4, 0, 0, 100.0, "expected"),
	]
	assert result.json() == sorted(expected, key=lambda r: r["upn"])


def test_half_the_sessions_missed_is_severe(write, run):
	result = run("thresholds", week_file(write), "--from", "2025-03-07", "--format", "json")
	by_upn = {r["upn"]: r for r in result.json()}
	assert by_upn[upn(4)] == row(upn(4), 2, 1, 0, 1, 50.0, "severe")


def test_pupil_without_possible_sessions_in_range_is_left_out(write, run):
	path = write("marks.csv", [*register_rows(upn(1), WEEK), *register_rows(upn(2), WEEK[:1])])
	result = run("thresholds", path, "--from", "2025-03-04", "--format", "json")
	assert [r["upn"] for r in result.json()] == [upn(1)]


def test_empty_range_gives_an_empty_array(write, run):
	result = run("thresholds", week_file(write), "--from", "2025-04-01", "--format", "json")
	assert result.code == 0
	assert result.json() == []


def test_band_is_decided_on_the_exact_fraction_not_the_rounded_figure(write, run):
	# 190 attending of 211 possible is 90.047%: shown as 90.0, but absence is 9.95%, under 10%.
	days = weekdays(date(2024, 9, 2), 106)
	lines = register_rows(upn(1), days[:85])  # 170 present
	lines += register_rows(upn(1), days[85:95])  # 20 present
	lines += register_rows(upn(1), days[95:105], "I", "I")  # 20 ill
	lines += [f"{upn(1)},{days[105].isoformat()},AM,I", f"{upn(1)},{days[105].isoformat()},PM,X"]
	result = run("thresholds", write("marks.csv", lines), "--format", "json")
	assert result.json() == [row(upn(1), 211, 190, 21, 0, 90.0, "at_risk")]


def test_exactly_95_percent_is_expected_not_concern(write, run):
	days = weekdays(date(2025, 3, 3), 10)
	lines = register_rows(upn(1), days[:9]) + register_rows(upn(1), days[9:], "/", "M")
	result = run("thresholds", write("marks.csv", lines), "--format", "json")
	assert result.json() == [row(upn(1), 20, 19, 1, 0, 95.0, "expected")]


def test_csv_has_the_json_columns(write, run):
	result = run("thresholds", week_file(write), "--format", "csv")
	assert result.code == 0
	lines = result.out.splitlines()
	assert lines[0] == "upn,possible,attending,authorised,unauthorised,attendance,band"
	assert f"{upn(4)},10,9,0,1,90.0,persistent" in lines
	assert len(lines) == 4


def test_table_is_the_default_and_shows_names_from_pupils_file(write, run):
	pupils = write(
		"pupils.csv",
		[f"{upn(1)},Amy Smith,9,9B", f"{upn(2)},Ben Jones,9,9B", f"{upn(4)},Cara Khan,10,10A"],
		header="upn,name,year_group,reg_group",
	)
	result = run("thresholds", week_file(write), "--pupils", pupils)
	assert result.code == 0, result.err
	lines = result.out.splitlines()
	assert lines[0].split() == [
		"UPN",
		"Name",
		"Possible",
		"Attending",
		"Authorised",
		"Unauthorised",
		"Attendance",
		"Band",
	]
	amy = next(line for line in lines if upn(1) in line)
	assert "Amy Smith" in amy and "80.0%" in amy and "Persistent absence" in amy
	# aligned columns: each name starts under the Name heading
	column = lines[0].index("Name")
	names = {upn(1): "Amy Smith", upn(2): "Ben Jones", upn(4): "Cara Khan"}
	for line in lines[2:]:
		assert line[column:].startswith(names[line[:13]])


def test_table_without_pupils_has_no_name_column(write, run):
	result = run("thresholds", week_file(write))
	assert "Name" not in result.out.splitlines()[0]


def test_upn_is_shown_in_compact_form_and_one_pupil_however_written(write, run):
	lower = upn(1).lower()
	spaced = f"{upn(1)[:4]} {upn(1)[4:]}"
	lines = [f"{lower},2025-03-03,AM,/", f"{spaced},2025-03-03,PM,O"]
	result = run("thresholds", write("marks.csv", lines), "--format", "json")
	assert result.json() == [row(upn(1), 2, 1, 0, 1, 50.0, "severe")]


def test_extra_columns_in_any_order_are_accepted(write, run):
	lines = [f"Amy,AM,/,2025-03-03,{upn(1)},", f"Amy,PM,\\,2025-03-03,{upn(1)},"]
	path = write("marks.csv", lines, header="name,session,code,date,upn,minutes_late")
	result = run("thresholds", path, "--format", "json")
	assert result.json() == [row(upn(1), 2, 2, 0, 0, 100.0, "expected")]


def test_bom_and_blank_lines_are_tolerated(tmp_path, run):
	path = tmp_path / "marks.csv"
	path.write_text(
		f"\ufeffupn,date,session,code\n{upn(1)},2025-03-03,AM,/\n\n{upn(1)},2025-03-03,PM,I\n", "utf-8"
	)
	result = run("thresholds", str(path), "--format", "json")
	assert result.json() == [row(upn(1), 2, 1, 1, 0, 50.0, "severe")]


def test_date_range_with_a_session_unmarked_counts_what_is_marked(write, run):
	marks = write(
		"marks.csv",
		[
			f"{upn(1)},2025-01-06,AM,/",
			f"{upn(1)},2025-01-06,PM,\\",
			f"{upn(1)},2025-01-07,AM,O",
			f"{upn(1)},2025-01-08,AM,/",
		],
	)
	result = run("thresholds", marks, "--from", "2025-01-06", "--to", "2025-01-07", "--format", "json")
	assert result.code == 0, result.err
	assert result.json() == [
		{
			"upn": upn(1),
			"possible": 3,
			"attending": 2,
			"authorised": 0,
			"unauthorised": 1,
			"attendance": 66.7,
			"band": "persistent",
		}
	]
