# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Unmarked Registers: registration groups with any pupil missing a mark (one grouped query).

Source: ../shared/domain/uk-attendance-rules.md section 5 ("Every pupil, every time").
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from attendance_officer.engine.sessions import SESSIONS
from attendance_officer.registers.unmarked import unmarked_groups

FILTERS = ("date", "session", "student_group")


def execute(filters: dict | None = None):
	filters = frappe._dict({k: v for k, v in (filters or {}).items() if k in FILTERS and v})
	day = getdate(filters.date) if filters.date else getdate()
	sessions = (filters.session,) if filters.session in SESSIONS else SESSIONS
	rows = unmarked_groups(day, sessions, filters.student_group, pupils_of=frappe.session.user)
	data = [
		{
			"student_group": r.student_group,
			"session": r.session,
			"pupils": r.pupils,
			"unmarked": r.unmarked,
			"tutors": r.tutor_names,
		}
		for r in rows
	]
	summary = [
		{
			"value": len(data),
			"label": _("Registers not complete"),
			"indicator": "Red" if data else "Green",
			"datatype": "Int",
		},
		{
			"value": sum(r["unmarked"] for r in data),
			"label": _("Pupils unmarked"),
			"indicator": "Red" if data else "Green",
			"datatype": "Int",
		},
	]
	message = _("Every pupil needs a mark at every session. Open Take Register to complete a register.")
	return columns(), data, message, None, summary


def columns() -> list[dict]:
	return [
		{
			"fieldname": "student_group",
			"label": _("Registration Group"),
			"fieldtype": "Link",
			"options": "Student Group",
			"width": 180,
		},
		{"fieldname": "session", "label": _("Session"), "fieldtype": "Data", "width": 80},
		{"fieldname": "pupils", "label": _("Pupils"), "fieldtype": "Int", "width": 90},
		{"fieldname": "unmarked", "label": _("Unmarked"), "fieldtype": "Int", "width": 100},
		{"fieldname": "tutors", "label": _("Tutors"), "fieldtype": "Data", "width": 240},
	]
