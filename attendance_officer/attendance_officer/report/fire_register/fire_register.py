# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Fire Register: every pupil on site now, by registration group, ready to print.

On site = the pupil's mark for the session is a code with ``on_site`` in the code table
(/ \\ L U: engine.codes ON_SITE). In the afternoon, a pupil whose PM register is not yet
taken counts by the morning mark. Pupils with no mark yet for the session (nor, in the
afternoon, a morning mark) are listed in a separate "Not yet marked" section, still by
registration group: they may well be on site, and a fire register that leaves them off is
unsafe (review finding). One query.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_time, getdate, now_datetime

from attendance_officer.engine.codes import ON_SITE
from attendance_officer.engine.roll import weekday_name
from attendance_officer.engine.sessions import SESSIONS
from attendance_officer.permissions import ALL, user_scope
from attendance_officer.registers.roll import expected_here

FILTERS = ("date", "session", "student_group")


def current_session() -> str:
	"""PM once the afternoon register has opened (Attendance Settings), AM before."""
	opens = frappe.db.get_single_value("Attendance Settings", "pm_register_opens")
	return "PM" if opens and now_datetime().time() >= get_time(opens) else "AM"


def execute(filters: dict | None = None):
	filters = frappe._dict({k: v for k, v in (filters or {}).items() if k in FILTERS and v})
	day = getdate(filters.date) if filters.date else getdate()
	if day != getdate() and user_scope(frappe.session.user, "Student") != ALL:
		# The whole school's roll is for the evacuation today; an earlier day's list would tell
		# a tutor or head of year who was absent from every group.
		frappe.throw(
			_(
				"The fire register shows today only. Clear the date, or ask an Attendance Officer for an earlier day."
			),
			title=_("Today only"),
			exc=frappe.PermissionError,
		)
	session = filters.session if filters.session in SESSIONS else current_session()
	rows = register_rows(day, session, filters.student_group)
	present = [row for row in rows if row.code in ON_SITE]
	unmarked = [row for row in rows if not row.code]
	data = grouped(present)
	if unmarked:
		data.append(
			{
				"registration_group": _("Not yet marked: check these pupils too"),
				"indent": 0,
				"bold": 1,
				"section": "unmarked",
			}
		)
		data += grouped(unmarked, indent=1, section="unmarked")
	message = _(
		"{0} pupils on site and {1} not yet marked, {2} {3}. Tick each pupil at the assembly point; "
		"look for every pupil not yet marked."
	).format(len(present), len(unmarked), day.isoformat(), session)
	summary = [
		{"value": len(present), "label": _("Pupils on site"), "indicator": "Blue", "datatype": "Int"},
		{
			"value": len(unmarked),
			"label": _("Not yet marked"),
			"indicator": "Red" if unmarked else "Green",
			"datatype": "Int",
		},
	]
	return columns(), data, message, None, summary


def grouped(rows: list[frappe._dict], indent: int = 0, section: str = "on_site") -> list[dict]:
	"""A heading row per registration group, then its pupils (rows come sorted by group)."""
	data, group = [], object()
	for row in rows:
		if row.registration_group != group:
			group = row.registration_group
			data.append(
				{
					"registration_group": group or _("No registration group"),
					"indent": indent,
					"bold": 1,
					"section": section,
				}
			)
		data.append({**row, "indent": indent + 1, "present": "", "section": section})
	return data


def register_rows(day, session: str, group: str | None = None) -> list[frappe._dict]:
	"""Enabled pupils who are on site or have no mark yet, with the code that decides (one query);
	a subsidiary dual pupil at their main school this session is neither (registers.roll.expected_here)."""
	fallback = (
		"COALESCE(pm.`attendance_code`, am.`attendance_code`)" if session == "PM" else "am.`attendance_code`"
	)
	return frappe.db.sql(
		f"""SELECT s.`registration_group`, s.`name` AS `student`, s.`student_name`, {fallback} AS `code`
		FROM `tabStudent` s
		LEFT JOIN `tabAttendance Mark` am ON am.`student` = s.`name` AND am.`date` = %(day)s AND am.`session` = 'AM'
		LEFT JOIN `tabAttendance Mark` pm ON pm.`student` = s.`name` AND pm.`date` = %(day)s AND pm.`session` = 'PM'
		WHERE s.`enabled` = 1 AND (s.`date_of_leaving` IS NULL OR s.`date_of_leaving` >= %(day)s)
			AND ({fallback} IN %(codes)s OR {fallback} IS NULL)
			AND {expected_here("s", "%(session)s", "%(weekday)s")}
			AND (%(group)s IS NULL OR s.`registration_group` = %(group)s)
		ORDER BY s.`registration_group`, s.`student_name`""",
		{
			"day": day,
			"session": session,
			"weekday": weekday_name(getdate(day)),
			"codes": sorted(ON_SITE),
			"group": group,
		},
		as_dict=True,
	)


def on_site(day, session: str, group: str | None = None) -> list[frappe._dict]:
	"""Pupils on site by their mark (for callers that want only those)."""
	return [row for row in register_rows(day, session, group) if row.code in ON_SITE]


def columns() -> list[dict]:
	return [
		{
			"fieldname": "registration_group",
			"label": _("Registration Group"),
			"fieldtype": "Data",
			"width": 170,
		},
		{"fieldname": "student_name", "label": _("Pupil"), "fieldtype": "Data", "width": 220},
		{"fieldname": "code", "label": _("Code"), "fieldtype": "Data", "width": 70},
		{"fieldname": "present", "label": _("At Assembly Point"), "fieldtype": "Data", "width": 150},
	]
