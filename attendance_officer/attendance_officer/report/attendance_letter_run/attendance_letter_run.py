# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Letter Run: each pupil's next letter on the ladder, to tick and send.

The proposals are letters.ladder.proposals (set-based reads, the rules core's ladder);
sending is letters.ladder.send_letter_run, called from the report's buttons with the ticked
rows. Pupils the ladder proposes nothing for are left out unless asked for; pupils whose
letter cannot go (Do Not Contact, no address) are listed with the reason.
"""

from __future__ import annotations

import frappe
from frappe import _

from attendance_officer.letters.ladder import as_list, proposals, public

FILTERS = ("on", "from_date", "year_groups", "bands", "show_all")


def execute(filters: dict | None = None):
	filters = frappe._dict({k: v for k, v in (filters or {}).items() if k in FILTERS and v})
	frappe.has_permission("Attendance Letter", "create", throw=True)
	rows = [
		public(r)
		for r in proposals(
			on=filters.on,
			from_date=filters.from_date,
			year_groups=as_list(filters.year_groups),
			bands=as_list(filters.bands),
		)
		if filters.show_all or r["letter"]
	]
	return columns(), rows, None, None, summary(rows)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "student",
			"label": _("Pupil"),
			"fieldtype": "Link",
			"options": "Student",
			"width": 130,
		},
		{"fieldname": "student_name", "label": _("Pupil Name"), "fieldtype": "Data", "width": 160},
		{"fieldname": "year_group", "label": _("Year"), "fieldtype": "Data", "width": 60},
		{
			"fieldname": "registration_group",
			"label": _("Registration Group"),
			"fieldtype": "Data",
			"width": 120,
		},
		{"fieldname": "attendance", "label": _("Attendance %"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "band_label", "label": _("Band"), "fieldtype": "Data", "width": 140},
		{"fieldname": "letter", "label": _("Letter Proposed"), "fieldtype": "Data", "width": 170},
		{"fieldname": "reason", "label": _("Why"), "fieldtype": "Data", "width": 320},
		{"fieldname": "recipient", "label": _("To"), "fieldtype": "Data", "width": 150},
		{"fieldname": "send_by", "label": _("By"), "fieldtype": "Data", "width": 70},
		{"fieldname": "skip", "label": _("Cannot Send"), "fieldtype": "Data", "width": 260},
	]


def summary(rows: list[dict]) -> list[dict]:
	letters = [r for r in rows if r["letter"]]
	return [
		{"label": _("Letters proposed"), "value": len(letters), "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("By e-mail"),
			"value": sum(1 for r in letters if r["send_by"] == "Email" and not r["skip"]),
			"datatype": "Int",
		},
		{
			"label": _("By post"),
			"value": sum(1 for r in letters if r["send_by"] == "Post" and not r["skip"]),
			"datatype": "Int",
		},
		{
			"label": _("Cannot send"),
			"value": sum(1 for r in letters if r["skip"]),
			"datatype": "Int",
			"indicator": "Red" if any(r["skip"] for r in letters) else "Green",
		},
	]
