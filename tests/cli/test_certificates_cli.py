"""``attendance-officer certificates``: one page per registration group, the right pupils."""

from __future__ import annotations

from datetime import date

from tests.cli.conftest import files_in, register_rows, upn, weekdays

BEFORE = weekdays(date(2025, 1, 6), 15)  # 6-24 January
NOW = weekdays(date(2025, 1, 27), 15)  # 27 January - 14 February


def marks(write):
	amy, ben, cat = upn(1), upn(2), upn(3)
	lines = (
		register_rows(amy, BEFORE + NOW)  # 100% throughout
		+ register_rows(ben, BEFORE[:9], am="/", pm="/")
		+ register_rows(ben, BEFORE[9:], am="O", pm="O")  # 60% before
		+ register_rows(ben, NOW[:13])
		+ register_rows(ben, NOW[13:], am="I", pm="I")  # 86.7% now: most improved in 7A
		+ register_rows(cat, BEFORE + NOW[:14])
		+ register_rows(cat, NOW[14:], am="O", pm="/")  # 96.7%: no certificate in 7B
	)
	pupils = write(
		"pupils.csv",
		[f"{amy},Amy Adams,7,7A", f"{ben},Ben Brown,7,7A", f"{cat},Cat Cole,7,7B"],
		header="upn,name,year_group,reg_group",
	)
	return write("marks.csv", lines), pupils


def test_writes_a_page_per_group_with_its_certificates(write, run, tmp_path):
	marks_csv, pupils = marks(write)
	out = tmp_path / "certs"
	result = run(
		"certificates",
		marks_csv,
		"--from",
		"2025-01-27",
		"--to",
		"2025-02-14",
		"--previous-from",
		"2025-01-06",
		"--previous-to",
		"2025-01-24",
		"--pupils",
		pupils,
		"--out",
		str(out),
		"--school",
		"Northfield Academy",
		"--min-sessions",
		"20",
	)
	assert result.code == 0, result.err
	assert sorted(files_in(out)) == ["7A.html"]  # Cat (7B): 100% before, 96.7% now, nothing to award
	page_7a = (out / "7A.html").read_text(encoding="utf-8")
	assert "Amy Adams" in page_7a and "100% attendance" in page_7a
	assert "Ben Brown" in page_7a and "Most improved attendance" in page_7a
	assert "26.7 percentage points" in page_7a  # 60.0% -> 86.7%
	assert "Cat Cole" not in page_7a
	assert "Northfield Academy" in page_7a
	assert "7A\t" in result.out


def test_from_after_to_is_refused_and_nothing_written(write, run, tmp_path):
	marks_csv, _pupils = marks(write)
	out = tmp_path / "certs"
	result = run("certificates", marks_csv, "--from", "2025-02-14", "--to", "2025-01-27", "--out", str(out))
	assert result.code == 2 and "after --to" in result.err
	assert not out.exists()


def test_by_default_the_previous_period_is_the_same_length_just_before(write, run, tmp_path):
	marks_csv, _pupils = marks(write)
	result = run(
		"certificates", marks_csv, "--from", "2025-01-27", "--to", "2025-02-14", "--out", str(tmp_path / "c")
	)
	assert result.code == 0
	assert "compared with 2025-01-08 to 2025-01-26" in result.err
