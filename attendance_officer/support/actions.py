"""Support actions that are overdue: for the Overdue Support Actions report and the pupil's form.

One query over the actions of every meeting the user may read (the meeting's staff scope,
permissions.pupil_query), whatever the number of pupils: open actions whose due date has
passed, on meetings not cancelled.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate, today

from attendance_officer.permissions import pupil_query

MEETING = "Attendance Support Meeting"


def overdue_actions(
	*,
	on: date | None = None,
	student: str | None = None,
	year_group: str | None = None,
	assigned_to: str | None = None,
) -> list[dict]:
	"""Open actions due before ``on`` (default today), oldest first, in the user's scope."""
	frappe.has_permission(MEETING, "read", throw=True)
	m = f"`tab{MEETING}`"  # not aliased: the scope condition names the table
	conditions = [f"{m}.`docstatus` < 2", "a.`status` = 'Open'", "a.`due_date` < %(on)s"]
	values = {"on": getdate(on or today())}
	for column, key, value in (
		(f"{m}.`student`", "student", student),
		(f"{m}.`year_group`", "year_group", year_group),
		("a.`assigned_to`", "assigned_to", assigned_to),
	):
		if value:
			conditions.append(f"{column} = %({key})s")
			values[key] = value
	if scope := pupil_query(frappe.session.user, MEETING):
		conditions.append(f"({scope})")
	rows = frappe.db.sql(
		f"""SELECT {m}.`name` AS meeting, {m}.`student`, {m}.`student_name`, {m}.`year_group`,
			{m}.`meeting_type`, {m}.`meeting_date`, {m}.`led_by`,
			a.`action`, a.`assigned_to`, a.`owner_name`, a.`due_date`
		FROM `tabAttendance Support Action` a
		JOIN {m} ON {m}.`name` = a.`parent` AND a.`parenttype` = %(parenttype)s
		WHERE {" AND ".join(conditions)}
		ORDER BY a.`due_date`, {m}.`student_name`, a.`idx`""",
		{**values, "parenttype": MEETING},
		as_dict=True,
	)
	for row in rows:
		row["days_overdue"] = (values["on"] - getdate(row["due_date"])).days
	return rows


@frappe.whitelist()
def overdue_for_student(student: str) -> dict:
	"""The Student form's alert: how many of the pupil's support actions are overdue."""
	frappe.has_permission("Student", "read", doc=student, throw=True)
	if not frappe.has_permission(MEETING, "read"):
		return {"count": 0}
	rows = overdue_actions(student=student)
	if not rows:
		return {"count": 0, "message": ""}
	oldest = frappe.format(rows[0]["due_date"], "Date")
	message = (
		_("A support action is overdue: it was due on {0}.").format(oldest)
		if len(rows) == 1
		else _("{0} support actions are overdue, the oldest due on {1}.").format(len(rows), oldest)
	)
	return {"count": len(rows), "message": message}
