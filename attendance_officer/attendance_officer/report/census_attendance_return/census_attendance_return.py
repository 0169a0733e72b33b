# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Census Attendance Return: each pupil's possible sessions and sessions per absence code, per
census part, with the checks a census needs first.

Source: ../shared/domain/uk-attendance-rules.md section 5 (the periods: engine.census.census_parts;
a return collects sessions by reason, so N, missing marks and withdrawn codes are resolved
first: engine.census.census_problems). Pupils with a problem are listed first. The report's
export refuses while any are left, unless the user gives a reason to export them flagged
(reporting.returns.check_export, wired to Frappe's report export); each export is logged.
Subsidiary dual and guest pupils are left out: their main school returns their attendance
(engine.roll.on_main_register; decision, the reference being silent: the census collects
attendance for single and main dual registrations).

Reads: the pupils on roll in the user's scope (one query), the marks grouped by pupil and
code for each part (one query a part, at most two), and the days the school was open for
the sessions expected (registers.calendar.school_days_held: the registers' own days).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, getdate

from attendance_officer.engine.calendar import NO_MARK
from attendance_officer.engine.census import (
	AUTUMN,
	CENSUSES,
	SPRING,
	SUMMER,
	CensusError,
	CensusPart,
	absence_codes,
	census_parts,
	census_problems,
)
from attendance_officer.engine.codes import ABSENCE, CLOSURE, CODES
from attendance_officer.engine.roll import on_main_register
from attendance_officer.engine.statistics import summarise
from attendance_officer.registers.calendar import school_days_held
from attendance_officer.registers.school import PupilFilter, grouped_marks

# Not a mark for the "every pupil, every session" check: # and Z (administrative), "-" and "".
NOT_A_MARK = CLOSURE | NO_MARK

# The codes a census return lists, in the code table's order.
RETURN_CODES = tuple(code for code in CODES if code in ABSENCE)


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	parts = parts_of(filters)
	rows = return_rows(PupilFilter.from_filters(filters), parts)
	flagged = sum(1 for row in rows if row["problems"])
	return columns(), rows, message(filters, parts, flagged), None, summary(rows, flagged)


def parts_of(filters) -> tuple[CensusPart, ...]:
	census = filters.census or ""
	year = cint(filters.year) or getdate().year
	holiday = getdate(filters.spring_bank_holiday) if filters.spring_bank_holiday else None
	if holiday and census != AUTUMN:
		frappe.throw(
			_("A spring bank holiday applies to the autumn census only; clear it for the {0} census.").format(
				_(census)
			),
			title=_("Spring bank holiday not used"),
		)
	if census not in CENSUSES:
		frappe.throw(
			_("Choose the census: {0}.").format(", ".join(_(c) for c in CENSUSES)), title=_("Census missing")
		)
	try:
		return census_parts(census, year, spring_bank_holiday=holiday)
	except CensusError as e:
		frappe.throw(str(e), title=_("Census period not valid"))


def return_rows(pupils: PupilFilter, parts: tuple[CensusPart, ...], today: date | None = None) -> list[dict]:
	"""One row per pupil on roll and part with a possible session or a problem; problems first."""
	today = today or getdate()
	roll = pupils_on_roll(pupils, min(part.start for part in parts))
	rows = []
	for part in parts:
		end = min(part.end, today)
		if end < part.start:
			continue
		counts: dict[str, dict[str, int]] = {}
		for student, code, n in grouped_marks(pupils, part.start, end, ("student", "code")):
			counts.setdefault(student, {})[code] = int(n)
		days = list(school_days_held(part.start, end, today).days)
		for student, pupil in roll.items():
			admitted = getdate(pupil.admission_date) if pupil.admission_date else part.start
			left = getdate(pupil.date_of_leaving) if pupil.date_of_leaving else None
			if admitted > end or (left and left < part.start):
				continue
			code_counts = counts.get(student, {})
			last = bisect_right(days, left) if left else len(days)
			expected = 2 * max(0, last - bisect_left(days, admitted))
			marked = sum(n for code, n in code_counts.items() if code not in NOT_A_MARK)
			missing = max(0, expected - marked)
			problems = census_problems(code_counts, missing)
			figures = summarise({c: n for c, n in code_counts.items() if c in CODES})
			if not figures.possible and not problems:
				continue
			row = {
				"student": student,
				"student_name": pupil.student_name,
				"upn": pupil.upn,
				"year_group": pupil.nc_year,
				"part": part.part,
				"from_date": part.start,
				"to_date": end,
				"possible": figures.possible,
				"problems": "; ".join(problems),
			}
			row.update(absence_codes(code_counts))
			rows.append(row)
	rows.sort(key=lambda r: (not r["problems"], r["student_name"] or "", r["part"]))
	return rows


def pupils_on_roll(pupils: PupilFilter, since: date) -> dict[str, frappe._dict]:
	"""The pupils in scope on roll at any time since ``since`` (one query): enabled, or left on
	or after it (leavers are in the return up to their leaving date, domain reference section
	2), and on this school's main register; each is expected at the sessions from admission to
	leaving only."""
	condition, values = pupils.sql()
	return {
		row.name: row
		for row in frappe.db.sql(
			f"""SELECT s.`name`, s.`student_name`, s.`upn`, s.`nc_year`, s.`admission_date`, s.`date_of_leaving`,
				s.`enrolment_status`
			FROM `tabStudent` s
			WHERE (s.`enabled` = 1 OR s.`date_of_leaving` >= %(roll_since)s) AND {condition}""",
			{**values, "roll_since": since},
			as_dict=True,
		)
		if on_main_register(row.enrolment_status)
	}


def problems_of(filters) -> tuple[int, int]:
	"""(pupils, pupils with a problem) for the filters: what an export is checked against."""
	rows = return_rows(PupilFilter.from_filters(frappe._dict(filters)), parts_of(frappe._dict(filters)))
	return len({row["student"] for row in rows}), len({row["student"] for row in rows if row["problems"]})


def census_label(census: str) -> str:
	return {SPRING: _("Spring"), SUMMER: _("Summer"), AUTUMN: _("Autumn")}.get(census, census)


def summary(rows: list[dict], flagged: int) -> list[dict]:
	return [
		{
			"value": len({r["student"] for r in rows}),
			"label": _("Pupils"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": flagged,
			"label": _("Rows to Resolve"),
			"datatype": "Int",
			"indicator": "Red" if flagged else "Green",
		},
	]


def message(filters, parts: tuple[CensusPart, ...], flagged: int) -> str:
	periods = "; ".join(
		_("part {0}: {1} to {2}").format(p.part, p.start.isoformat(), p.end.isoformat()) for p in parts
	)
	text = _(
		"{0} census {1}, absence one term in arrears ({2}). Subsidiary dual and guest pupils are left out: "
		"their main school returns them."
	).format(census_label(filters.census), cint(filters.year) or getdate().year, periods)
	if flagged:
		text += " " + _(
			"{0} row(s) need resolving first (listed at the top): export is refused until they are, "
			"or give a reason in Export Flagged Because to export them flagged."
		).format(flagged)
	return text


def columns() -> list[dict]:
	return [
		{"label": _("Pupil"), "fieldname": "student_name", "fieldtype": "Data", "width": 180},
		{"label": _("UPN"), "fieldname": "upn", "fieldtype": "Data", "width": 130},
		{"label": _("Year"), "fieldname": "year_group", "fieldtype": "Data", "width": 55},
		{"label": _("To Resolve"), "fieldname": "problems", "fieldtype": "Data", "width": 300},
		{"label": _("Part"), "fieldname": "part", "fieldtype": "Int", "width": 55},
		{"label": _("From"), "fieldname": "from_date", "fieldtype": "Date", "width": 95},
		{"label": _("To"), "fieldname": "to_date", "fieldtype": "Date", "width": 95},
		{"label": _("Possible"), "fieldname": "possible", "fieldtype": "Int", "width": 80},
		*({"label": code, "fieldname": code, "fieldtype": "Int", "width": 50} for code in RETURN_CODES),
		{
			"label": _("Student"),
			"fieldname": "student",
			"fieldtype": "Link",
			"options": "Student",
			"width": 130,
		},
	]
