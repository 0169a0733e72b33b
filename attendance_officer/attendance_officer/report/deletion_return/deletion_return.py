# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Deletion Return: each pupil deleted from roll in the period, with what regulation 13(4) asks.

Source: ../shared/domain/uk-attendance-rules.md section 4 ("Deletion return to the LA giving
the pupil's name, address, parents, phone number, destination and the ground"; due as soon as
the ground is met and no later than deletion). One row per submitted Roll Deletion: three
queries (the deletions, their pupils, the pupils' parents: reporting.particulars). Exported through the report's
Export, which writes it to the Attendance Report Log (reporting.returns).
"""

from __future__ import annotations

import frappe
from frappe import _

from attendance_officer.registers.school import period
from attendance_officer.reporting.particulars import address_of, parents_text, particulars_of


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	start, end, rows = rows_for(filters)
	note = _(
		"Pupils deleted from roll from {0} to {1}: send this to the local authority as soon as each "
		"ground is met and no later than the deletion. Exporting it records the return as sent."
	).format(start.isoformat(), end.isoformat())
	return columns(), rows, note


def rows_for(filters) -> tuple:
	"""(start, end, rows) for the report's filters: what the report shows and its export logs."""
	start, end = period(filters)
	return start, end, return_rows(start, end)


def return_rows(start, end) -> list[dict]:
	deletions = frappe.get_list(  # the user's scope, as every pupil record
		"Roll Deletion",
		filters={"docstatus": 1, "deletion_date": ("between", [start, end])},
		fields=["name", "student", "student_name", "deletion_date", "ground", "destination"],
		order_by="deletion_date asc, student_name asc",
		limit_page_length=0,
	)
	if not deletions:
		return []
	students = list({d.student for d in deletions})
	pupils = particulars_of(students)
	parents = parents_text(students)
	rows = []
	for d in deletions:
		pupil = pupils.get(d.student) or frappe._dict()
		rows.append(
			{
				"roll_deletion": d.name,
				"student": d.student,
				"student_name": d.student_name,
				"upn": pupil.upn,
				"date_of_birth": pupil.date_of_birth,
				"gender": pupil.gender,
				"address": address_of(pupil),
				"parents": parents.get(d.student, ""),
				"deletion_date": d.deletion_date,
				"ground": d.ground,
				"destination": d.destination,
			}
		)
	return rows


def columns() -> list[dict]:
	return [
		{"label": _("Pupil"), "fieldname": "student_name", "fieldtype": "Data", "width": 170},
		{"label": _("UPN"), "fieldname": "upn", "fieldtype": "Data", "width": 130},
		{"label": _("Date of Birth"), "fieldname": "date_of_birth", "fieldtype": "Date", "width": 100},
		{"label": _("Sex"), "fieldname": "gender", "fieldtype": "Data", "width": 70},
		{"label": _("Address"), "fieldname": "address", "fieldtype": "Data", "width": 220},
		{"label": _("Parents and Telephone"), "fieldname": "parents", "fieldtype": "Data", "width": 260},
		{"label": _("Deletion Date"), "fieldname": "deletion_date", "fieldtype": "Date", "width": 100},
		{"label": _("Ground"), "fieldname": "ground", "fieldtype": "Data", "width": 220},
		{"label": _("Destination"), "fieldname": "destination", "fieldtype": "Data", "width": 160},
		{
			"label": _("Roll Deletion"),
			"fieldname": "roll_deletion",
			"fieldtype": "Link",
			"options": "Roll Deletion",
			"width": 130,
		},
	]
