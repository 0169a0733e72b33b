# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Register Amendments: a pupil's (or a group's) amendment trail, one query.

Every change of a saved mark's code, with the original code, the new code, the reason,
who changed it and when (../shared/domain/uk-attendance-rules.md section 5, "Amendments").
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from attendance_officer.permissions import staff_condition

FILTERS = ("student", "registration_group", "from_date", "to_date")


def execute(filters: dict | None = None):
	filters = frappe._dict({k: v for k, v in (filters or {}).items() if k in FILTERS and v})
	return columns(), data(filters), _("Every change of a saved register code, oldest first.")


def columns() -> list[dict]:
	return [
		{"fieldname": "amended_at", "label": _("Amended At"), "fieldtype": "Datetime", "width": 160},
		{
			"fieldname": "student",
			"label": _("Student"),
			"fieldtype": "Link",
			"options": "Student",
			"width": 150,
		},
		{"fieldname": "student_name", "label": _("Student Name"), "fieldtype": "Data", "width": 170},
		{"fieldname": "date", "label": _("Register Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "session", "label": _("Session"), "fieldtype": "Data", "width": 70},
		{"fieldname": "previous_code", "label": _("Original Code"), "fieldtype": "Data", "width": 80},
		{"fieldname": "new_code", "label": _("New Code"), "fieldtype": "Data", "width": 80},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 260},
		{
			"fieldname": "amended_by",
			"label": _("Amended By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 180,
		},
		{"fieldname": "source", "label": _("Written By"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "mark",
			"label": _("Mark"),
			"fieldtype": "Link",
			"options": "Attendance Mark",
			"width": 200,
		},
	]


def data(filters: frappe._dict) -> list[dict]:
	conditions, values = [], {}
	if filters.student:
		conditions.append("m.`student` = %(student)s")
		values["student"] = filters.student
	if filters.registration_group:
		conditions.append("m.`registration_group` = %(registration_group)s")
		values["registration_group"] = filters.registration_group
	if filters.from_date:
		conditions.append("m.`date` >= %(from_date)s")
		values["from_date"] = getdate(filters.from_date)
	if filters.to_date:
		conditions.append("m.`date` <= %(to_date)s")
		values["to_date"] = getdate(filters.to_date)
	if scope := staff_condition("m.`student`"):
		conditions.append(scope)  # a Head of Year: their years; a tutor: their groups' pupils
	where = " AND ".join(conditions) or "1=1"
	return frappe.db.sql(
		f"""SELECT a.`amended_at`, m.`student`, m.`student_name`, m.`date`, m.`session`,
			a.`previous_code`, a.`new_code`, a.`reason`, a.`amended_by`, a.`source`, m.`name` AS `mark`
		FROM `tabAttendance Mark Amendment` a
		JOIN `tabAttendance Mark` m ON m.`name` = a.`parent` AND a.`parenttype` = 'Attendance Mark'
		WHERE {where}
		ORDER BY a.`amended_at`, a.`idx`""",
		values,
		as_dict=True,
	)
