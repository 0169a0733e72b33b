# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""New Pupil Return: pupils entered on the admission register in the period, for the LA.

Source: ../shared/domain/uk-attendance-rules.md section 4 ("New-pupil return to the LA within
5 days of entry on the admission register. Not required for the youngest year group at the
start of the year unless the LA asks"). The due date and the intake exception are the rules
core's (engine.roll.new_pupil_return_due, in_new_pupil_return; their readings are written
there). Overdue pupils come first. Two queries (the pupils, their parents). Exported through
the report's Export, which writes it to the Attendance Report Log (reporting.returns).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.roll import in_new_pupil_return, new_pupil_return_due
from attendance_officer.permissions import staff_condition
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.school import period
from attendance_officer.reporting.particulars import address_of, parents_text


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	start, end, rows = rows_for(filters)
	overdue = sum(1 for r in rows if r["overdue"])
	note = _(
		"Pupils admitted from {0} to {1}, each due to the local authority 5 days after admission; {2} overdue "
		"(listed first). The youngest year group admitted at the start of the year is left out unless "
		"Attendance Settings says the LA wants them. Exporting it records the return as sent."
	).format(start.isoformat(), end.isoformat(), overdue)
	return columns(), rows, note


def rows_for(filters) -> tuple:
	"""(start, end, rows) for the report's filters: what the report shows and its export logs."""
	start, end = period(filters)
	return start, end, return_rows(start, end, getdate())


def return_rows(start, end, today) -> list[dict]:
	settings = frappe.get_cached_doc("Attendance Settings")
	# Education's own enrolment sets only the joining date: it is the admission when ours is blank.
	youngest = settings.get("youngest_year_group") or "7"
	wants_youngest = bool(settings.get("la_wants_youngest_year"))
	scope = staff_condition("s.`name`")
	pupils = frappe.db.sql(
		f"""SELECT s.`name`, s.`student_name`, s.`upn`, s.`date_of_birth`, s.`gender`, s.`nc_year`,
			IFNULL(s.`admission_date`, s.`joining_date`) AS `admission_date`, s.`address_line_1`, s.`address_line_2`, s.`city`, s.`pincode`
		FROM `tabStudent` s
		WHERE IFNULL(s.`admission_date`, s.`joining_date`) BETWEEN %(start)s AND %(end)s {"AND " + scope if scope else ""}
		ORDER BY IFNULL(s.`admission_date`, s.`joining_date`), s.`student_name`""",
		{"start": start, "end": end},
		as_dict=True,
	)
	first_days: dict = {}
	parents = parents_text([p.name for p in pupils])
	rows = []
	for p in pupils:
		admitted = getdate(p.admission_date)
		year_start = academic_year_start(admitted)
		if year_start not in first_days:
			days = school_calendar(year_start, year_start.replace(month=9, day=30)).days
			first_days[year_start] = days[0] if days else year_start
		if not in_new_pupil_return(
			admitted,
			p.nc_year,
			youngest_year=youngest,
			year_first_day=first_days[year_start],
			la_wants_youngest=wants_youngest,
		):
			continue
		due = new_pupil_return_due(admitted)
		rows.append(
			{
				"student": p.name,
				"student_name": p.student_name,
				"upn": p.upn,
				"date_of_birth": p.date_of_birth,
				"gender": p.gender,
				"year_group": p.nc_year,
				"address": address_of(p),
				"parents": parents.get(p.name, ""),
				"admission_date": admitted,
				"due": due,
				"overdue": 1 if due < today else 0,
			}
		)
	rows.sort(key=lambda r: (not r["overdue"], r["due"], r["student_name"] or ""))
	return rows


def columns() -> list[dict]:
	return [
		{"label": _("Pupil"), "fieldname": "student_name", "fieldtype": "Data", "width": 170},
		{"label": _("UPN"), "fieldname": "upn", "fieldtype": "Data", "width": 130},
		{"label": _("Date of Birth"), "fieldname": "date_of_birth", "fieldtype": "Date", "width": 100},
		{"label": _("Sex"), "fieldname": "gender", "fieldtype": "Data", "width": 70},
		{"label": _("Year"), "fieldname": "year_group", "fieldtype": "Data", "width": 55},
		{"label": _("Address"), "fieldname": "address", "fieldtype": "Data", "width": 220},
		{"label": _("Parents and Telephone"), "fieldname": "parents", "fieldtype": "Data", "width": 260},
		{"label": _("Admitted"), "fieldname": "admission_date", "fieldtype": "Date", "width": 100},
		{"label": _("Due"), "fieldname": "due", "fieldtype": "Date", "width": 100},
		{"label": _("Overdue"), "fieldname": "overdue", "fieldtype": "Check", "width": 75},
		{
			"label": _("Student"),
			"fieldname": "student",
			"fieldtype": "Link",
			"options": "Student",
			"width": 130,
		},
	]
