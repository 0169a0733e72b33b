# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Admission Register: every pupil's entry on a date, with the particulars each one lacks.

Source: ../shared/domain/uk-attendance-rules.md sections 4 and 5; the entries and what they
lack are reporting.admission's (engine.roll.missing_particulars). Entries lacking a
particular come first. A leaver's entry stays in the register (Include Pupils Deleted from
Roll) with the date, ground and destination of the deletion. For the register's holders
(the Attendance Officer and the Headteacher); the printable copy is the report's PDF button.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, getdate

from attendance_officer.reporting.admission import register_entries

FILTERS = ("as_on", "year_group", "include_left", "missing_only")


def execute(filters: dict | None = None):
	filters = frappe._dict({k: v for k, v in (filters or {}).items() if k in FILTERS and v})
	day = getdate(filters.as_on) if filters.as_on else getdate()
	entries = register_entries(
		day, include_left=bool(cint(filters.include_left)), year_group=filters.year_group or None
	)
	entries.sort(key=lambda e: (not e["missing_count"],))  # stable: surname order within each
	shown = [e for e in entries if e["missing_count"]] if cint(filters.missing_only) else entries
	lacking = sum(1 for e in entries if e["missing_count"])
	summary = [
		{"value": len(entries), "label": _("Entries"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": lacking,
			"label": _("Particulars Missing"),
			"datatype": "Int",
			"indicator": "Red" if lacking else "Green",
		},
	]
	message = _(
		"The admission register on {0}: each pupil admitted by then{1}. Entries missing a particular come first; "
		"complete them on the Student record."
	).format(day.isoformat(), _(" (and those since deleted from roll)") if cint(filters.include_left) else "")
	return columns(), shown, message, None, summary


def columns() -> list[dict]:
	return [
		{"label": _("Surname"), "fieldname": "surname", "fieldtype": "Data", "width": 120},
		{"label": _("Forenames"), "fieldname": "forenames", "fieldtype": "Data", "width": 130},
		{"label": _("Missing"), "fieldname": "missing", "fieldtype": "Data", "width": 200},
		{"label": _("Sex"), "fieldname": "gender", "fieldtype": "Data", "width": 70},
		{"label": _("Date of Birth"), "fieldname": "date_of_birth", "fieldtype": "Date", "width": 100},
		{"label": _("Address"), "fieldname": "address", "fieldtype": "Data", "width": 220},
		{
			"label": _("Parents and Contact Details"),
			"fieldname": "parents",
			"fieldtype": "Data",
			"width": 260,
		},
		{"label": _("Admitted"), "fieldname": "admission_date", "fieldtype": "Date", "width": 100},
		{"label": _("Previous School"), "fieldname": "previous_school", "fieldtype": "Data", "width": 150},
		{"label": _("UPN"), "fieldname": "upn", "fieldtype": "Data", "width": 130},
		{"label": _("Enrolment"), "fieldname": "enrolment_status", "fieldtype": "Data", "width": 110},
		{"label": _("Other School"), "fieldname": "dual_school", "fieldtype": "Data", "width": 140},
		{"label": _("Year"), "fieldname": "year_group", "fieldtype": "Data", "width": 55},
		{"label": _("Deleted On"), "fieldname": "date_of_leaving", "fieldtype": "Date", "width": 100},
		{"label": _("Ground"), "fieldname": "ground", "fieldtype": "Data", "width": 200},
		{"label": _("Destination"), "fieldname": "destination", "fieldtype": "Data", "width": 150},
		{
			"label": _("Roll Deletion"),
			"fieldname": "roll_deletion",
			"fieldtype": "Link",
			"options": "Roll Deletion",
			"width": 120,
		},
		{
			"label": _("Student"),
			"fieldname": "student",
			"fieldtype": "Link",
			"options": "Student",
			"width": 130,
		},
	]
