# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Overdue Support Actions: the actions agreed at support meetings that are past their date.

One scoped query (support.actions.overdue_actions): a Head of Year sees their own years, a
member of staff only the pupils their role gives them. Each row links to its meeting, where
the action is marked done.
"""

from __future__ import annotations

from frappe import _

from attendance_officer.support.actions import overdue_actions

FILTERS = ("on", "student", "year_group", "assigned_to")


def execute(filters: dict | None = None):
	filters = {k: v for k, v in (filters or {}).items() if k in FILTERS and v}
	rows = overdue_actions(**filters)
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
		{"fieldname": "student_name", "label": _("Pupil Name"), "fieldtype": "Data", "width": 170},
		{"fieldname": "year_group", "label": _("Year"), "fieldtype": "Data", "width": 60},
		{"fieldname": "action", "label": _("Action"), "fieldtype": "Data", "width": 260},
		{
			"fieldname": "assigned_to",
			"label": _("Responsible"),
			"fieldtype": "Link",
			"options": "User",
			"width": 170,
		},
		{"fieldname": "owner_name", "label": _("Who Else"), "fieldtype": "Data", "width": 120},
		{"fieldname": "due_date", "label": _("Due By"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "meeting",
			"label": _("Meeting"),
			"fieldtype": "Link",
			"options": "Attendance Support Meeting",
			"width": 140,
		},
		{"fieldname": "meeting_type", "label": _("Meeting Type"), "fieldtype": "Data", "width": 200},
		{"fieldname": "meeting_date", "label": _("Meeting Date"), "fieldtype": "Date", "width": 100},
	]


def summary(rows: list[dict]) -> list[dict]:
	pupils = len({r["student"] for r in rows})
	return [
		{
			"label": _("Overdue actions"),
			"value": len(rows),
			"indicator": "Red" if rows else "Green",
			"datatype": "Int",
		},
		{"label": _("Pupils"), "value": pupils, "datatype": "Int"},
		{
			"label": _("Oldest (days)"),
			"value": max((r["days_overdue"] for r in rows), default=0),
			"datatype": "Int",
		},
	]
