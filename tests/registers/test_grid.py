"""registers.grid: the monthly register backup grid."""

from __future__ import annotations

from datetime import date

from attendance_officer.registers.grid import grid_rows, month_bounds, to_csv


def test_month_bounds_is_last_month():
	assert month_bounds(date(2026, 12, 1)) == (date(2026, 11, 1), date(2026, 11, 30))
	assert month_bounds(date(2027, 1, 15)) == (date(2026, 12, 1), date(2026, 12, 31))
	assert month_bounds(date(2027, 3, 1)) == (date(2027, 2, 1), date(2027, 2, 28))


def test_grid_has_a_cell_per_session_and_blank_gaps():
	d1, d2 = date(2026, 11, 2), date(2026, 11, 3)
	rows = grid_rows(
		[("S1", "Ann", "B801200005001", "7A"), ("S2", "Bob", "", "7A")],
		{("S1", d1, "AM"): "/", ("S1", d1, "PM"): "\\", ("S2", d2, "AM"): "N"},
		[d2, d1, d1],
	)
	assert rows[0][4:] == ["2026-11-02 AM", "2026-11-02 PM", "2026-11-03 AM", "2026-11-03 PM"]
	assert rows[1] == ["S1", "Ann", "B801200005001", "7A", "/", "\\", "", ""]
	assert rows[2] == ["S2", "Bob", "", "7A", "", "", "N", ""]
	assert to_csv(rows).splitlines()[1] == "S1,Ann,B801200005001,7A,/,\\,,"


def test_formula_like_cells_get_a_leading_apostrophe():
	from attendance_officer.registers.grid import safe_cell, safe_rows

	for text in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"):
		assert safe_cell(text) == "'" + text
	assert safe_cell("Ann") == "Ann"
	assert safe_cell("/") == "/"
	assert safe_cell("2026-11-02 AM") == "2026-11-02 AM"
	assert safe_rows([["=1+1", "N"]]) == [["'=1+1", "N"]]


def test_csv_backup_neutralises_a_formula_in_a_pupil_name():
	d1 = date(2026, 11, 2)
	rows = grid_rows([("S1", "=cmd|' /C calc'!A0", "", "@7A")], {("S1", d1, "AM"): "/"}, [d1])
	text = to_csv(rows)
	assert "'=cmd" in text
	assert ",'@7A," in text
	assert "\n=cmd" not in text and ",=cmd" not in text
