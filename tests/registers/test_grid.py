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
