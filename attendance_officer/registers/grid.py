"""The register grid: pupils down, sessions across, codes in the cells (no frappe).

Used by the monthly register backup. Source: ../shared/domain/uk-attendance-rules.md
section 5 ("Monthly backup": the 2006 regulations required a back-up copy of the register
at least monthly; whether the 2024 regulations keep the duty is unconfirmed, so the app
keeps one anyway).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from attendance_officer.engine.i18n import _
from attendance_officer.engine.sessions import SESSIONS


def month_bounds(today: date) -> tuple[date, date]:
	"""First and last day of the month before ``today``'s month."""
	last = today.replace(day=1) - timedelta(days=1)
	return last.replace(day=1), last


def grid_rows(
	pupils: Sequence[tuple[str, str, str, str]],
	marks: Mapping[tuple[str, date, str], str],
	days: Iterable[date],
) -> list[list[str]]:
	"""Header plus one row per pupil: (student, name, UPN, group), then a code per session.

	``days`` are the dates to show (every date with a mark, in order); a session without a
	mark is left blank, so a gap in the register is visible in the backup.
	"""
	days = sorted(set(days))
	header = [_("Student"), _("Name"), _("UPN"), _("Registration Group")]
	header += [f"{d.isoformat()} {s}" for d in days for s in SESSIONS]
	rows = [header]
	for student, name, upn, group in pupils:
		rows.append(
			[student, name, upn, group] + [marks.get((student, d, s), "") for d in days for s in SESSIONS]
		)
	return rows


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
	"""``value`` with a leading apostrophe if a spreadsheet would run it as a formula.

	Pupil names, UPNs and group names are typed by staff; a name such as
	``=HYPERLINK(...)`` must open as text in Excel or LibreOffice, never as a formula.
	"""
	if isinstance(value, str) and value.startswith(FORMULA_STARTS):
		return "'" + value
	return value


def safe_rows(rows: Sequence[Sequence[object]]) -> list[list[object]]:
	"""Every cell of ``rows`` through safe_cell: for the CSV and the XLSX alike."""
	return [[safe_cell(value) for value in row] for row in rows]


def to_csv(rows: Sequence[Sequence[str]]) -> str:
	"""The grid as CSV text, formula-like cells neutralised (safe_cell)."""
	out = io.StringIO()
	csv.writer(out, lineterminator="\n").writerows(safe_rows(rows))
	return out.getvalue()
