# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Certificates: who earns a 100% or most-improved certificate in a period.

The selection is letters.certificates.certificate_awards (the rules core's, two grouped
reads); the report's button makes them (letters.certificates.make_certificates): each
logged, one PDF per registration group. Heads of Year see their own years.
"""

from __future__ import annotations

import frappe
from frappe import _

from attendance_officer.letters.certificates import certificate_awards
from attendance_officer.letters.ladder import as_list

FILTERS = ("from_date", "to_date", "previous_from", "previous_to", "year_groups")


def execute(filters: dict | None = None):
	filters = frappe._dict({k: v for k, v in (filters or {}).items() if k in FILTERS and v})
	if not (filters.from_date and filters.to_date):
		return columns(), [], _("Choose the period (From and To).")
	rows = certificate_awards(
		filters.from_date,
		filters.to_date,
		filters.previous_from,
		filters.previous_to,
		as_list(filters.year_groups),
	)
	return columns(), rows, None, None, summary(rows)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "registration_group",
			"label": _("Registration Group"),
			"fieldtype": "Data",
			"width": 140,
		},
		{
			"fieldname": "student",
			"label": _("Pupil"),
			"fieldtype": "Link",
			"options": "Student",
			"width": 130,
		},
		{"fieldname": "student_name", "label": _("Pupil Name"), "fieldtype": "Data", "width": 180},
		{"fieldname": "certificate", "label": _("Certificate"), "fieldtype": "Data", "width": 190},
		{"fieldname": "attendance", "label": _("Attendance %"), "fieldtype": "Percent", "width": 110},
		{
			"fieldname": "rise",
			"label": _("Rise (points)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 110,
		},
	]


def summary(rows: list[dict]) -> list[dict]:
	return [
		{
			"label": _("100% attendance"),
			"value": sum(1 for r in rows if r["kind"] == "full"),
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"label": _("Most improved"),
			"value": sum(1 for r in rows if r["kind"] == "improved"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"label": _("Registration groups"),
			"value": len({r["registration_group"] for r in rows}),
			"datatype": "Int",
		},
	]
