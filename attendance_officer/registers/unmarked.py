"""Registers with pupils still unmarked, and the reminders about them.

"Every pupil, every time": a code is entered for every pupil at every session
(../shared/domain/uk-attendance-rules.md section 5). One grouped query finds each
registration group (a Batch Student Group of the current academic year) with any active
pupil missing a mark for a date and session (a subsidiary dual pupil's sessions at their
main school expect none: registers.roll.expected_here); the job emails the group's tutors
(Student Group Instructor -> Instructor -> Employee.user_id) and the attendance officers
once the register has closed, once per group per session (Register Reminder Log).
"""

from __future__ import annotations

from datetime import date, datetime

import frappe
from frappe import _
from frappe.utils import escape_html, get_datetime, get_time, getdate, now, now_datetime

from attendance_officer.engine.roll import weekday_name
from attendance_officer.engine.sessions import SESSIONS
from attendance_officer.permissions import staff_condition
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.roles import OFFICER_ROLES
from attendance_officer.registers.roll import expected_here

LOG = "Register Reminder Log"


def unmarked_groups(
	day: date, sessions: tuple[str, ...] = SESSIONS, group: str | None = None, *, pupils_of: str | None = None
) -> list[dict]:
	"""Groups with unmarked pupils on ``day`` per session, with their tutors' users (one query).

	``pupils_of``: count only the pupils that user's staff scope gives them (the report; a
	tutor sees their own groups, a Head of Year their years' pupils); None for every pupil.
	"""
	scope = staff_condition("sgs.`student`", pupils_of) if pupils_of else ""
	year = frappe.db.get_single_value("Education Settings", "current_academic_year")
	values = {
		"day": getdate(day),
		"weekday": weekday_name(getdate(day)),
		"sessions": list(sessions),
		"year": year,
		"group": group,
	}
	session_rows = " UNION ALL ".join(f"SELECT '{s}' AS `session`" for s in sessions if s in SESSIONS)
	return frappe.db.sql(
		f"""SELECT sg.`name` AS `student_group`, ss.`session`, COUNT(*) AS `pupils`,
			SUM(m.`name` IS NULL) AS `unmarked`,
			(SELECT GROUP_CONCAT(DISTINCT e.`user_id` SEPARATOR ',')
				FROM `tabStudent Group Instructor` sgi
				JOIN `tabInstructor` i ON i.`name` = sgi.`instructor`
				JOIN `tabEmployee` e ON e.`name` = i.`employee`
				WHERE sgi.`parent` = sg.`name` AND sgi.`parenttype` = 'Student Group'
					AND IFNULL(e.`user_id`, '') != '') AS `tutors`,
			(SELECT GROUP_CONCAT(DISTINCT sgi.`instructor_name` SEPARATOR ', ')
				FROM `tabStudent Group Instructor` sgi
				WHERE sgi.`parent` = sg.`name` AND sgi.`parenttype` = 'Student Group') AS `tutor_names`
		FROM `tabStudent Group` sg
		JOIN `tabStudent Group Student` sgs
			ON sgs.`parent` = sg.`name` AND sgs.`parenttype` = 'Student Group' AND sgs.`active` = 1
		JOIN `tabStudent` st ON st.`name` = sgs.`student`
			AND (st.`date_of_leaving` IS NULL OR st.`date_of_leaving` >= %(day)s)
		CROSS JOIN ({session_rows}) ss
			ON {expected_here("st", "ss.`session`", "%(weekday)s")}
		LEFT JOIN `tabAttendance Mark` m
			ON m.`student` = sgs.`student` AND m.`date` = %(day)s AND m.`session` = ss.`session`
		WHERE sg.`group_based_on` = 'Batch' AND sg.`disabled` = 0
			AND (%(year)s IS NULL OR sg.`academic_year` = %(year)s)
			AND (%(group)s IS NULL OR sg.`name` = %(group)s)
			{"AND " + scope if scope else ""}
		GROUP BY sg.`name`, ss.`session`
		HAVING `unmarked` > 0
		ORDER BY ss.`session`, sg.`name`""",
		values,
		as_dict=True,
	)


def officer_users() -> list[str]:
	return frappe.db.sql_list(
		"""SELECT DISTINCT u.`name` FROM `tabHas Role` r JOIN `tabUser` u ON u.`name` = r.`parent`
		WHERE r.`parenttype` = 'User' AND r.`role` IN %s AND u.`enabled` = 1 AND u.`user_type` = 'System User'
			AND u.`name` NOT IN ('Administrator', 'Guest')""",
		(list(OFFICER_ROLES),),
	)


def closed_sessions(at: datetime) -> tuple[str, ...]:
	"""The sessions whose register closed at or before ``at`` (Attendance Settings)."""
	settings = frappe.db.get_singles_dict("Attendance Settings")
	closed = []
	for session, field in (("AM", "am_register_closes"), ("PM", "pm_register_closes")):
		if settings.get(field) and at.time() > get_time(settings.get(field)):
			closed.append(session)
	return tuple(closed)


def send_reminder(row: frappe._dict, day: date, recipients: list[str]) -> None:
	"""Queue one reminder e-mail about ``row``'s register (Email Queue; sent by the scheduler)."""
	frappe.sendmail(
		recipients=recipients,
		subject=_("Register not complete: {0} {1} {2}").format(
			row.student_group, day.isoformat(), row.session
		),
		message=_(
			"<p>The {0} register for {1} on {2} closed with {3} of {4} pupils unmarked.</p>"
			"<p>Please take the register now, or tell the attendance office where the pupils are.</p>"
		).format(row.session, escape_html(row.student_group), day.isoformat(), row.unmarked, row.pupils),
		reference_doctype="Student Group",
		reference_name=row.student_group,
	)


def remind_unmarked_registers(at: datetime | str | None = None) -> list[str]:
	"""Email tutors and attendance officers about each closed register still unmarked.

	Runs on a cron every 15 minutes in school hours; ``at`` (default now) makes it testable.
	Sends at most once per group per session: the Register Reminder Log row is the proof,
	so a second run sends nothing. Non-school days (weekends, holiday list) send nothing.
	Returns the names of the log rows written by this run.
	"""
	at = get_datetime(at) if at else now_datetime()
	day = at.date()
	if not school_calendar(day, day).is_school_day(day):
		return []
	sessions = closed_sessions(at)
	if not sessions:
		return []
	groups = unmarked_groups(day, sessions)
	if not groups:
		return []
	sent = set(
		frappe.get_all(
			LOG,
			filters={"date": day, "session": ("in", sessions)},
			fields=["student_group", "session"],
			as_list=True,
		)
	)
	officers = officer_users()
	written, nobody = [], []
	for row in groups:
		if (row.student_group, row.session) in sent:
			continue
		recipients = sorted({*(row.tutors.split(",") if row.tutors else []), *officers})
		if not recipients:
			# Nobody to tell: no log row, so the reminder goes out on the first run after a
			# tutor (Instructor with a user) or an attendance officer is set up.
			nobody.append(row)
			continue
		try:
			send_reminder(row, day, recipients)
		except frappe.OutgoingEmailError:
			# No outgoing Email Account yet: log once per run; nothing is marked as sent, so
			# the reminders go out on the first run after email is set up.
			frappe.log_error(title=_("Unmarked register reminders not sent"))
			return written
		log = frappe.get_doc(
			{
				"doctype": LOG,
				"student_group": row.student_group,
				"date": day,
				"session": row.session,
				"unmarked": row.unmarked,
				"recipients": ", ".join(recipients),
				"sent_at": now(),
			}
		).insert(ignore_permissions=True)
		written.append(log.name)
	if nobody:
		log_no_recipients(nobody, day)
	return written


def log_no_recipients(rows: list[frappe._dict], day: date) -> None:
	"""Say, once per day and register, why a reminder was not sent: nobody to send it to.

	An Error Log row an administrator sees (the job runs every 15 minutes; the same register
	is not logged again that day).
	"""
	for row in rows:
		title = _("Register reminder not sent: {0} {1} {2}").format(
			row.student_group, day.isoformat(), row.session
		)
		if frappe.db.exists("Error Log", {"method": title}):
			continue
		frappe.log_error(
			title=title,
			message=_(
				"The {0} register of {1} on {2} has {3} pupils unmarked, but nobody could be reminded: "
				"the group has no tutor with a user (Student Group Instructors, the Instructor's "
				"Employee, its User ID) and no enabled user has the Attendance Officer role. "
				"Add a tutor or an attendance officer; the reminder is sent on the next run."
			).format(row.session, row.student_group, day.isoformat(), row.unmarked),
			reference_doctype="Student Group",
			reference_name=row.student_group,
		)  # the scheduler commits after the job (frappe.utils.background_jobs.execute_job)
