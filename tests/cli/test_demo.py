"""attendance-officer demo: a synthetic school year and the whole pack written from it.

Issue contract: years 7-11, a realistic absence mix, # for INSET days and holidays for
everyone, bank holidays from the ``holidays`` package, 190 school days = 380 sessions,
valid UPNs; the pack holds marks.csv, pupils.csv, the reports as CSV and a letter per
pupil below the concern line; deterministic for a seed. Tiny pupil counts keep this fast.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import date

import pytest

from attendance_officer.cli.demo import demo_calendar
from tests.cli.conftest import files_in

PUPILS = 40


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
	"""The pack for 40 pupils, seed 7, and what the run printed."""
	import contextlib
	import io

	from attendance_officer.cli import main

	out = tmp_path_factory.mktemp("demo") / "pack"
	stdout, stderr = io.StringIO(), io.StringIO()
	with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
		code = main(["demo", "--pupils", str(PUPILS), "--seed", "7", "--out", str(out)])
	assert code == 0, stderr.getvalue()
	return out, stdout.getvalue()


def rows(path):
	with open(path, encoding="utf-8", newline="") as f:
		return list(csv.DictReader(f))


def test_the_pack_holds_every_file(pack):
	out, _ = pack
	names = {p.name for p in out.iterdir()}
	assert {
		"marks.csv",
		"pupils.csv",
		"thresholds.csv",
		"penalty.csv",
		"continuous.csv",
		"census_spring_2025.csv",
		"census_summer_2025.csv",
		"census_autumn_2025.csv",
		"letters",
	} <= names


def test_summary_says_what_was_made_and_where(pack):
	out, printed = pack
	assert str(out) in printed
	assert f"{PUPILS} (years 7 to 11)" in printed  # 40: no thousands separator
	assert "190 (380 sessions)" in printed
	for word in (
		"severe",
		"persistent",
		"at risk",
		"concern",
		"expected",
		"Penalty threshold",
		"Continuous absence",
	):
		assert word in printed


def test_pupils_span_years_7_to_11_with_valid_details(pack):
	out, _ = pack
	pupils = rows(out / "pupils.csv")
	assert len(pupils) == PUPILS
	assert Counter(p["year_group"] for p in pupils) == {str(y): PUPILS // 5 for y in range(7, 12)}
	assert all(p["name"] and p["reg_group"].startswith(p["year_group"]) for p in pupils)


def test_marks_pass_the_runners_own_validation(pack, run):
	out, _ = pack
	result = run(
		"thresholds", str(out / "marks.csv"), "--pupils", str(out / "pupils.csv"), "--format", "json"
	)
	assert result.code == 0, result.err
	assert len(result.json()) == PUPILS


def test_every_pupil_has_380_school_sessions_and_holidays_are_hash_for_everyone(pack):
	out, _ = pack
	marks = rows(out / "marks.csv")
	by_date = defaultdict(set)
	for m in marks:
		by_date[m["date"]].add(m["code"])
	school_days = sorted(d for d, codes in by_date.items() if codes - {"#", "Z"})
	assert len(school_days) == 190
	per_pupil = Counter(m["upn"] for m in marks if m["date"] in set(school_days))
	assert set(per_pupil.values()) == {380}
	# bank holidays (from the holidays package) and INSET days: # for everyone
	for closed in ("2024-09-02", "2024-12-25", "2025-05-05", "2025-05-26"):
		assert by_date.get(closed, {"#"}) == {"#"}
	assert by_date["2024-09-02"] == {"#"}


def test_the_calendar_has_190_school_days_and_no_bank_holiday():
	calendar = demo_calendar(2024)
	assert len(calendar.school_days) == 190
	assert date(2025, 5, 5) not in calendar.school_days  # early May bank holiday
	assert date(2025, 4, 21) not in calendar.school_days  # Easter Monday
	assert list(calendar.closed.values()).count("INSET day") == 5
	assert all(d.weekday() < 5 for d in calendar.weekdays)


def test_the_absence_mix_uses_the_codes_the_contract_names(tmp_path, run):
	run("demo", "--pupils", "300", "--seed", "3", "--out", str(tmp_path / "big"))
	codes = Counter(m["code"] for m in rows(tmp_path / "big" / "marks.csv"))
	for code in ("/", "\\", "#", "G", "I", "L", "U", "D", "X", "Y2", "O", "M"):
		assert codes[code] > 0, code
	minutes = [m["minutes_late"] for m in rows(tmp_path / "big" / "marks.csv") if m["code"] in ("L", "U")]
	assert minutes and all(m.isdigit() and int(m) > 0 for m in minutes)
	bands = Counter(r["band"] for r in rows(tmp_path / "big" / "thresholds.csv"))
	assert bands["persistent"] > 0 and bands["severe"] > 0 and bands["expected"] > bands["persistent"]


def test_same_seed_gives_the_same_pack(pack, tmp_path, run):
	out, _ = pack
	again = tmp_path / "again"
	assert run("demo", "--pupils", str(PUPILS), "--seed", "7", "--out", str(again)).code == 0
	assert files_in(again) == files_in(out)


def test_another_seed_gives_another_school(pack, tmp_path, run):
	out, _ = pack
	other = tmp_path / "other"
	run("demo", "--pupils", str(PUPILS), "--seed", "8", "--out", str(other))
	assert (other / "marks.csv").read_bytes() != (out / "marks.csv").read_bytes()


def test_reports_in_the_pack_equal_the_commands_output(pack, run):
	out, _ = pack
	marks = str(out / "marks.csv")
	for name, args in (
		("thresholds.csv", ("thresholds",)),
		("penalty.csv", ("penalty",)),
		("continuous.csv", ("continuous",)),
		("census_autumn_2025.csv", ("census", "--census", "autumn", "--year", "2025")),
	):
		result = run(args[0], marks, *args[1:], "--format", "csv")
		assert result.out == (out / name).read_text(encoding="utf-8"), name


def test_a_letter_for_every_pupil_below_the_concern_line(pack):
	out, _ = pack
	thresholds = rows(out / "thresholds.csv")
	pupils = {p["upn"]: p for p in rows(out / "pupils.csv")}
	below = {r["upn"] for r in thresholds if r["band"] != "expected"}
	letters = {p.stem for p in (out / "letters").glob("*.html")}
	assert letters == below
	assert below, "the demo should have some pupils below 95%"
	for upn in below:
		text = (out / "letters" / f"{upn}.html").read_text(encoding="utf-8")
		row = next(r for r in thresholds if r["upn"] == upn)
		assert text.startswith("<!DOCTYPE html>")
		assert pupils[upn]["name"] in text
		assert f"attended {row['attendance']}%" in text
		assert upn not in text  # the UPN is staff-only


@pytest.mark.parametrize(
	"args", [("--pupils", "0"), ("--pupils", "many"), ("--seed", "x"), ("--colour", "red")]
)
def test_bad_arguments_write_nothing(tmp_path, run, args):
	target = tmp_path / "pack"
	result = run("demo", *args, "--out", str(target))
	assert result.code == 2
	assert result.out == ""
	assert not target.exists()


def test_out_that_is_a_file_is_refused(tmp_path, run):
	target = tmp_path / "pack"
	target.write_text("not a folder")
	result = run("demo", "--pupils", "5", "--out", str(target))
	assert result.code == 2
	assert result.out == ""
	assert target.read_text() == "not a folder"
