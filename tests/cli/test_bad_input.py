"""Bad input: exit status 2, ``FILE:LINE: what is wrong`` on stderr, nothing on stdout, no file.

Issue contract: unknown or retired code (the message names the replacement), bad date,
session not AM/PM, invalid UPN, duplicate upn/date/session (naming the line it first
appeared on), missing column (reported against line 1), bad minutes_late. LINE is the
physical line, the header being line 1. The first error in file order is reported.
"""

from __future__ import annotations

import pytest

from tests.cli.conftest import files_in, upn

GOOD = f"{upn(1)},2025-03-03,AM,/"
COMMANDS = (
	("thresholds",),
	("penalty",),
	("continuous",),
	("census", "--census", "spring", "--year", "2025"),
)


def refused(run, tmp_path, path, *args):
	"""Run the command; check the failure contract; return stderr."""
	before = files_in(tmp_path)
	result = run(*args[:1], path, *args[1:])
	assert result.code == 2
	assert result.out == ""
	assert files_in(tmp_path) == before
	return result.err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_a_bad_line(write, run, tmp_path, command):
	path = write("marks.csv", [GOOD, f"{upn(1)},2025-03-03,PM,Q9"])
	err = refused(run, tmp_path, path, *command, "--format", "json")
	assert err.startswith(f"{path}:3: ")


@pytest.mark.parametrize(
	("code", "replacement"),
	[
		("H", "C (leave of absence in exceptional circumstances)"),
		("J", "J1 (leave of absence for an interview)"),
		("Y", "one of Y1 to Y7"),
	],
)
def test_retired_code_names_its_replacement(write, run, tmp_path, code, replacement):
	path = write("marks.csv", [GOOD, f"{upn(1)},2025-03-03,PM,{code}"])
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:3: code {code} was withdrawn on 19 August 2024")
	assert replacement in err


def test_unknown_code(write, run, tmp_path):
	path = write("marks.csv", [f"{upn(1)},2025-03-03,AM,Q9"])
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:2: unknown attendance code 'Q9'")
	assert "codes in force" in err


@pytest.mark.parametrize("value", ["2025-02-30", "03/03/2025", "2025-3-3", "20250303", ""])
def test_bad_date(write, run, tmp_path, value):
	path = write("marks.csv", [GOOD, f"{upn(1)},{value},PM,/"])
	err = refused(run, tmp_path, path, "penalty")
	assert err.startswith(f"{path}:3: date {value!r}")
	assert "YYYY-MM-DD" in err


@pytest.mark.parametrize("value", ["am", "XX", "", "Morning"])
def test_session_not_am_or_pm(write, run, tmp_path, value):
	path = write("marks.csv", [GOOD, f"{upn(1)},2025-03-03,{value},/"])
	err = refused(run, tmp_path, path, "continuous")
	assert err.startswith(f"{path}:3: {value!r} is not a session")
	assert "AM" in err and "PM" in err


def test_invalid_upn_check_letter(write, run, tmp_path):
	wrong = ("A" if upn(1)[0] != "A" else "B") + upn(1)[1:]
	path = write("marks.csv", [GOOD, f"{wrong},2025-03-03,PM,/"])
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:3: the check letter")


def test_invalid_upn_length(write, run, tmp_path):
	path = write("marks.csv", [GOOD, "B80120000500,2025-03-03,PM,/"])
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:3: it has 12 characters instead of 13")


def test_duplicate_names_both_lines(write, run, tmp_path):
	path = write(
		"marks.csv",
		[GOOD, f"{upn(1)},2025-03-03,PM,\\", f"{upn(2)},2025-03-03,AM,/", f"{upn(1)},2025-03-03,AM,I"],
	)
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:5: pupil {upn(1)} already has a mark for 2025-03-03 AM on line 2")


def test_duplicate_is_found_however_the_upn_is_written(write, run, tmp_path):
	path = write("marks.csv", [GOOD, f"{upn(1).lower()},2025-03-03,AM,/"])
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:3: pupil {upn(1)} already has a mark for 2025-03-03 AM on line 2")


def test_same_date_other_session_or_other_pupil_is_no_duplicate(write, run):
	path = write("marks.csv", [GOOD, f"{upn(1)},2025-03-03,PM,\\", f"{upn(2)},2025-03-03,AM,/"])
	assert run("thresholds", path).code == 0


@pytest.mark.parametrize(
	("header", "missing"),
	[
		("upn,date,code", "session"),
		("upn,session,code", "date"),
		("date,session,code", "upn"),
		("upn,date,session", "code"),
		("pupil,day,session,code", "upn, date"),
	],
)
def test_missing_column_is_reported_on_line_1(write, run, tmp_path, header, missing):
	path = write("marks.csv", ["x,y,z"], header=header)
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:1: missing column(s) {missing}:")
	assert "upn,date,session,code" in err


def test_empty_file(write, run, tmp_path):
	path = write("marks.csv", [], header=None)
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:1: the file is empty")


def test_repeated_column(write, run, tmp_path):
	path = write("marks.csv", [], header="upn,date,session,code,code")
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:1: column code appears 2 times")


@pytest.mark.parametrize(
	("line", "message"),
	[
		(f"{upn(1)},2025-03-03,PM,L,abc", "minutes_late 'abc' is not a whole number"),
		(f"{upn(1)},2025-03-03,PM,L,-5", "minutes_late '-5' is not a whole number"),
		(f"{upn(1)},2025-03-03,PM,L,2.5", "minutes_late '2.5' is not a whole number"),
		(f"{upn(1)},2025-03-03,PM,U,900", "minutes_late 900 is longer than a school session"),
		(f"{upn(1)},2025-03-03,PM,\\,12", "minutes_late is 12 but code \\ is not a late code (L or U)"),
	],
)
def test_bad_minutes_late(write, run, tmp_path, line, message):
	path = write("marks.csv", [f"{GOOD},", line], header="upn,date,session,code,minutes_late")
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:3: {message}")


def test_good_minutes_late(write, run):
	lines = [f"{upn(1)},2025-03-03,AM,L,12", f"{upn(1)},2025-03-03,PM,U,45", f"{upn(2)},2025-03-03,AM,/,0"]
	path = write("marks.csv", lines, header="upn,date,session,code,minutes_late")
	assert run("thresholds", path).code == 0


def test_row_with_the_wrong_number_of_fields(write, run, tmp_path):
	path = write("marks.csv", [GOOD, f"{upn(1)},2025-03-03,PM,/,extra"])
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:3: this row has 5 field(s) but the header has 4")


def test_first_error_in_file_order_is_reported(write, run, tmp_path):
	path = write("marks.csv", [GOOD, f"{upn(1)},2025-03-03,PM,H", f"{upn(1)},2025-13-03,AM,/"])
	err = refused(run, tmp_path, path, "thresholds")
	assert err.startswith(f"{path}:3: ")
	assert err.count("\n") == 1


def test_line_is_the_physical_line_counting_blank_lines(tmp_path, run):
	path = tmp_path / "marks.csv"
	path.write_text(f"upn,date,session,code\n\n{GOOD}\n\n{upn(1)},2025-03-03,PM,H\n", "utf-8")
	err = refused(run, tmp_path, str(path), "thresholds")
	assert err.startswith(f"{path}:5: ")


def test_an_error_after_a_valid_upn_is_seen_is_still_found(write, run, tmp_path):
	# values already checked once are cached; a later bad value must still be caught
	lines = [GOOD, f"{upn(1)},2025-03-03,PM,\\", f"{upn(1)},2025-03-04,AM,/", f"{upn(1)},2025-03-04,pm,/"]
	err = refused(run, tmp_path, write("marks.csv", lines), "thresholds")
	assert ":5: 'pm' is not a session" in err


def test_missing_file(run, tmp_path):
	path = str(tmp_path / "nowhere.csv")
	result = run("thresholds", path)
	assert result.code == 2
	assert result.out == ""
	assert result.err.startswith(f"{path}: no such file")


def test_folder_instead_of_file(run, tmp_path):
	result = run("penalty", str(tmp_path))
	assert result.code == 2
	assert result.out == ""
	assert result.err.startswith(f"{tmp_path}: ")


def test_file_that_is_not_utf8_names_the_line_of_the_bad_byte(tmp_path, run):
	# far enough into the file that text is decoded in more than one block
	good = "".join(f"{upn(n)},2025-03-03,AM,/\n" for n in range(400))
	path = tmp_path / "marks.csv"
	path.write_bytes(b"upn,date,session,code\n" + good.encode() + b"B80\xe92000,2025-03-03,PM,/\n")
	err = refused(run, tmp_path, str(path), "thresholds")
	assert err.startswith(f"{path}:402: byte 4 of this line is not UTF-8 text")


@pytest.mark.parametrize(
	"args",
	[
		("thresholds", "--from", "2025-02-30"),
		("thresholds", "--to", "yesterday"),
		("thresholds", "--from", "2025-03-07", "--to", "2025-03-03"),
		("thresholds", "--format", "xml"),
		("penalty", "--from", "2025-03-03"),
		("census", "--census", "autumn", "--year", "twenty"),
		("frobnicate",),
	],
)
def test_argument_errors_exit_2(write, run, tmp_path, args):
	path = write("marks.csv", [GOOD])
	before = files_in(tmp_path)
	result = run(*args[:1], path, *args[1:])
	assert result.code == 2
	assert result.out == ""
	assert "usage:" in result.err
	assert files_in(tmp_path) == before


def test_no_command_exits_2(run):
	assert run().code == 2


def test_bad_pupils_file(write, run, tmp_path):
	marks = write("marks.csv", [GOOD])
	pupils = write(
		"pupils.csv", [f"{upn(1)},Amy,7,7A", "B801200005002,Ben,7,7A"], header="upn,name,year_group,reg_group"
	)
	err = refused(run, tmp_path, marks, "thresholds", "--pupils", pupils)
	assert err.startswith(f"{pupils}:3: ")


def test_pupils_file_duplicate_and_missing_name_column(write, run, tmp_path):
	marks = write("marks.csv", [GOOD])
	pupils = write("pupils.csv", [f"{upn(1)},Amy", f"{upn(1)},Amy"], header="upn,name")
	assert refused(run, tmp_path, marks, "thresholds", "--pupils", pupils).startswith(
		f"{pupils}:3: pupil {upn(1)} is already listed on line 2"
	)
	pupils = write("pupils2.csv", [f"{upn(1)},7"], header="upn,year_group")
	assert refused(run, tmp_path, marks, "thresholds", "--pupils", pupils).startswith(
		f"{pupils}:1: missing column(s) name"
	)


@pytest.mark.parametrize(
	("row", "message"),
	[
		(
			f"{upn(1)},Amy,7,7A,2024-31-01,F,N,N,N,N,N,N",
			"admission_date: date '2024-31-01' is not a real date",
		),
		(f"{upn(1)},Amy,7,7A,2024-09-02,F,X,N,N,N,N,N", "sen is 'X'"),
		(f"{upn(1)},Amy,7,7A,2024-09-02,F,N,maybe,N,N,N,N", "fsm is 'maybe'"),
		(f"{upn(1)},,7,7A,2024-09-02,F,N,N,N,N,N,N", "the name is blank"),
	],
)
def test_bad_pupil_fields(write, run, tmp_path, row, message):
	marks = write("marks.csv", [GOOD])
	header = "upn,name,year_group,reg_group,admission_date,gender,sen,fsm,pupil_premium,cla,cin,cp"
	pupils = write("pupils.csv", [row], header=header)
	assert refused(run, tmp_path, marks, "thresholds", "--pupils", pupils).startswith(
		f"{pupils}:2: {message}"
	)
