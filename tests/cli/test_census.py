"""attendance-officer census: absence per pupil and census part.

uk-attendance-rules.md section 5 (absence collected one term in arrears): the spring
census of 2025 covers 1 August to 31 December 2024; the summer census 1 January to Easter
Sunday 2025 (20 April); the autumn census Easter Monday (21 April) to 31 July 2025 in two
parts split at the spring bank holiday (26 May 2025). ``codes``: absence codes only, zero
counts left out.
"""

from __future__ import annotations

from tests.cli.conftest import files_in, upn


def census_file(write) -> str:
	lines = [
		# P1
		f"{upn(1)},2024-12-02,AM,I",
		f"{upn(1)},2024-12-02,PM,\\",
		f"{upn(1)},2025-01-06,AM,G",
		f"{upn(1)},2025-01-06,PM,G",
		f"{upn(1)},2025-04-22,AM,/",
		f"{upn(1)},2025-04-22,PM,M",
		f"{upn(1)},2025-06-02,AM,O",
		f"{upn(1)},2025-06-02,PM,U",
		# P2: dual registered in December, not yet on roll in April
		f"{upn(2)},2024-12-02,AM,D",
		f"{upn(2)},2024-12-02,PM,D",
		f"{upn(2)},2025-01-06,AM,/",
		f"{upn(2)},2025-01-06,PM,\\",
		f"{upn(2)},2025-04-22,AM,Z",
		f"{upn(2)},2025-04-22,PM,Z",
		f"{upn(2)},2025-06-02,AM,/",
		f"{upn(2)},2025-06-02,PM,\\",
	]
	return write("marks.csv", lines)


def by_upn(rows):
	return sorted(rows, key=lambda r: (r["upn"], r["part"]))


def test_spring_census_covers_the_autumn_term(write, run):
	result = run("census", census_file(write), "--census", "spring", "--year", "2025", "--format", "json")
	assert result.code == 0, result.err
	assert result.json() == [{"upn": upn(1), "part": 1, "possible": 2, "codes": {"I": 1}}]


def test_summer_census_covers_january_to_easter(write, run):
	result = run("census", census_file(write), "--census", "summer", "--year", "2025", "--format", "json")
	assert result.json() == by_upn(
		[
			{"upn": upn(1), "part": 1, "possible": 2, "codes": {"G": 2}},
			{"upn": upn(2), "part": 1, "possible": 2, "codes": {}},
		]
	)


def test_autumn_census_has_two_parts(write, run):
	result = run("census", census_file(write), "--census", "autumn", "--year", "2025", "--format", "json")
	assert result.json() == by_upn(
		[
			{"upn": upn(1), "part": 1, "possible": 2, "codes": {"M": 1}},
			{"upn": upn(1), "part": 2, "possible": 2, "codes": {"O": 1, "U": 1}},
			{"upn": upn(2), "part": 2, "possible": 2, "codes": {}},
		]
	)


def test_autumn_census_with_a_moved_spring_bank_holiday(write, run):
	path = census_file(write)
	result = run(
		"census",
		path,
		"--census",
		"autumn",
		"--year",
		"2025",
		"--spring-bank-holiday",
		"2025-06-09",
		"--format",
		"json",
	)
	assert result.code == 0, result.err
	assert result.json() == by_upn(
		[
			{"upn": upn(1), "part": 1, "possible": 4, "codes": {"M": 1, "O": 1, "U": 1}},
			{"upn": upn(2), "part": 1, "possible": 2, "codes": {}},
		]
	)


def test_csv_writes_codes_as_json_text(write, run):
	result = run("census", census_file(write), "--census", "autumn", "--year", "2025", "--format", "csv")
	lines = result.out.splitlines()
	assert lines[0] == "upn,part,possible,codes"
	assert f'{upn(1)},2,2,"{{""O"": 1, ""U"": 1}}"' in lines


def test_spring_bank_holiday_outside_the_summer_term_is_refused(write, run, tmp_path):
	path = census_file(write)
	before = files_in(tmp_path)
	result = run(
		"census",
		path,
		"--census",
		"autumn",
		"--year",
		"2025",
		"--spring-bank-holiday",
		"2025-03-03",
		"--format",
		"json",
	)
	assert result.code == 2
	assert result.out == ""
	assert "spring bank holiday" in result.err
	assert files_in(tmp_path) == before


def test_spring_bank_holiday_only_for_the_autumn_census(write, run):
	result = run(
		"census",
		census_file(write),
		"--census",
		"spring",
		"--year",
		"2025",
		"--spring-bank-holiday",
		"2025-05-26",
	)
	assert result.code == 2
	assert result.out == ""
	assert "autumn census only" in result.err


def test_census_and_year_are_required(write, run):
	path = census_file(write)
	assert run("census", path, "--year", "2025").code == 2
	assert run("census", path, "--census", "winter", "--year", "2025").code == 2
	assert run("census", path, "--census", "spring").code == 2


def test_a_pupil_with_a_session_unmarked_is_counted_on_what_is_marked(write, run):
	# Joined or left mid-range: no PM mark on the last day. The marked sessions still count.
	marks = write(
		"marks.csv",
		[f"{upn(1)},2025-01-06,AM,/", f"{upn(1)},2025-01-06,PM,\\", f"{upn(1)},2025-01-07,AM,O"],
	)
	result = run("census", marks, "--census", "summer", "--year", "2025", "--format", "json")
	assert result.code == 0, result.err
	assert result.json() == [{"upn": upn(1), "part": 1, "possible": 3, "codes": {"O": 1}}]
