# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Absence Returns: the LA's 10-day continuous unauthorised absence list and 15-day sickness
list for a period, in one table the LA can take as it is.

Source: ../shared/domain/uk-attendance-rules.md section 4 ("Children missing education and
absence returns": pupils absent without permission for a continuous 10 school days or more,
at least monthly; the sickness return at 15 school days). The runs are the rules core's
(engine.continuous), already found by the daily escalation job and kept as Attendance Alerts
(one per run), so this report reads those alerts, in the user's scope, with each pupil's
particulars (three queries). Exporting it records the return as sent (reporting.returns).
"""

from __future__ import annotations

import frappe
from frappe import _

from attendance_officer.absence.tasks import SICKNESS_15, UNAUTHORISED_10
from attendance_officer.registers.school import period
from attendance_officer.reporting.particulars import address_of, parents_text, particulars_of

KINDS = {UNAUTHORISED_10: "unauthorised", SICKNESS_15: "sickness"}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	start, end, rows = rows_for(filters)
	note = _(
		"Runs reached from {0} to {1}: {2} of 10 continuous school days of unauthorised absence, {3} of 15 "
		"school days of sickness. Send them to the local authority at the interval agreed with it (at least "
		"monthly). Exporting records the return as sent."
	).format(
		start.isoformat(),
		end.isoformat(),
		sum(1 for r in rows if r["kind"] == _(UNAUTHORISED_10)),
		sum(1 for r in rows if r["kind"] == _(SICKNESS_15)),
	)
	return columns(), rows, note


def rows_for(filters) -> tuple:
	"""(start, end, rows) for the report's filters: what the report shows and its export logs."""
	start, end = period(filters)
	kinds = [k for k, key in KINDS.items() if not filters.get("kind") or filters.get("kind") == key]
	return start, end, return_rows(start, end, kinds)


def return_rows(start, end, kinds=tuple(KINDS)) -> list[dict]:
	alerts = frappe.get_list(  # the alerts' own scope
		"Attendance Alert",
		filters={"alert_type": ("in", list(kinds)), "to_date": ("between", [start, end])},
		fields=["name", "alert_type", "student", "student_name", "from_date", "to_date"],
		order_by="alert_type asc, to_date asc",
		limit_page_length=0,
	)
	if not alerts:
		return []
	students = list({a.student for a in alerts})
	pupils = particulars_of(students)
	parents = parents_text(students)
	return [
		{
			"kind": _(a.alert_type),
			"student": a.student,
			"student_name": a.student_name,
			"upn": (pupils.get(a.student) or {}).get("upn"),
			"date_of_birth": (pupils.get(a.student) or {}).get("date_of_birth"),
			"year_group": (pupils.get(a.student) or {}).get("nc_year"),
			"address": address_of(pupils.get(a.student) or {}),
			"parents": parents.get(a.student, ""),
			"from_date": a.from_date,
			"to_date": a.to_date,
			"alert": a.name,
		}
		for a in alerts
	]


def columns() -> list[dict]:
	return [
		{"label": _("Return"), "fieldname": "kind", "fieldtype": "Data", "width": 160},
		{"label": _("Pupil"), "fieldname": "student_name", "fieldtype": "Data", "width": 170},
		{"label": _("UPN"), "fieldname": "upn", "fieldtype": "Data", "width": 130},
		{"label": _("Date of Birth"), "fieldname": "date_of_birth", "fieldtype": "Date", "width": 100},
		{"label": _("Year"), "fieldname": "year_group", "fieldtype": "Data", "width": 55},
		{"label": _("Address"), "fieldname": "address", "fieldtype": "Data", "width": 200},
		{"label": _("Parents and Telephone"), "fieldname": "parents", "fieldtype": "Data", "width": 240},
		{"label": _("From"), "fieldname": "from_date", "fieldtype": "Date", "width": 100},
		{"label": _("Reached On"), "fieldname": "to_date", "fieldtype": "Date", "width": 100},
		{
			"label": _("Alert"),
			"fieldname": "alert",
			"fieldtype": "Link",
			"options": "Attendance Alert",
			"width": 120,
		},
	]
