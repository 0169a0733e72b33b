"""Friday's N-code summary to each tutor and head of year.

Source: ../shared/domain/uk-attendance-rules.md section 1 (N must be replaced within 5
school days) and section 6 (monitor and follow up absence). Each tutor (the group's
Student Group Instructors' users) and each head of year (Attendance Settings, Heads of Year,
by the pupil's NC year) gets the pupils of their groups with N marks this week, with the
sessions and the pupil's absence pattern this academic year (engine.patterns: the weekday
and the session with the highest absence rate).

Delivered as a Notification Log (the desk's bell, and an email where the user's
notification settings allow), once per user per week: a second run sends nothing.
Two grouped queries for the data, whatever the roll.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import escape_html, getdate

from attendance_officer.engine.calendar import academic_year_start, week_start
from attendance_officer.engine.patterns import WEEKDAY_NAMES, absence_pattern


def week_n_marks(monday: date, friday: date) -> list[frappe._dict]:
	"""N marks from ``monday`` to ``friday`` with each pupil's group, year and recipients (one query)."""
	return frappe.db.sql(
		"""SELECT m.`student`, m.`student_name`, m.`date`, m.`session`, s.`registration_group` AS grp,
			s.`nc_year`,
			(SELECT GROUP_CONCAT(DISTINCT e.`user_id` SEPARATOR ',')
				FROM `tabStudent Group Instructor` sgi
				JOIN `tabInstructor` i ON i.`name` = sgi.`instructor`
				JOIN `tabEmployee` e ON e.`name` = i.`employee`
				WHERE sgi.`parent` = s.`registration_group` AND sgi.`parenttype` = 'Student Group'
					AND IFNULL(e.`user_id`, '') != '') AS tutors
		FROM `tabAttendance Mark` m JOIN `tabStudent` s ON s.`name` = m.`student`
		WHERE m.`attendance_code` = 'N' AND m.`date` BETWEEN %s AND %s
		ORDER BY s.`registration_group`, m.`student_name`, m.`date`, m.`session`""",
		(monday, friday),
		as_dict=True,
	)


def year_counts(students: list[str], start: date, end: date) -> dict[str, dict[tuple[int, str, str], int]]:
	"""student -> {(weekday, session, code): sessions} from ``start`` to ``end`` (one grouped query)."""
	rows = frappe.db.sql(
		"""SELECT `student`, WEEKDAY(`date`), `session`, `attendance_code`, COUNT(*)
		FROM `tabAttendance Mark` WHERE `student` IN %s AND `date` BETWEEN %s AND %s
		GROUP BY `student`, WEEKDAY(`date`), `session`, `attendance_code`""",
		(students, start, end),
	)
	found: dict[str, dict] = defaultdict(dict)
	for student, weekday, session, code, count in rows:
		found[student][(int(weekday), session, code)] = int(count)
	return found


def heads_of_year() -> dict[str, list[str]]:
	"""NC year -> users (Attendance Settings, Heads of Year)."""
	if not frappe.db.exists("DocType", "Attendance Head of Year"):
		return {}
	found: dict[str, list[str]] = defaultdict(list)
	for row in frappe.get_all(
		"Attendance Head of Year",
		filters={"parenttype": "Attendance Settings"},
		fields=["year_group", "user"],
	):
		if row.user:
			found[str(row.year_group)].append(row.user)
	return found


def pattern_text(counts) -> str:
	"""'Highest on Monday (40.0%) and in the PM (25.0%)' from one pupil's counts."""
	pattern = absence_pattern(counts)
	day = max(pattern.by_weekday.items(), key=lambda kv: (kv[1].rate or 0, -kv[0]))
	session = max(pattern.by_session.items(), key=lambda kv: kv[1].rate or 0)
	if not day[1].rate:
		return _("No absence this year")
	return _("Highest on {0} ({1}%) and in the {2} ({3}%)").format(
		_(WEEKDAY_NAMES[day[0]]), day[1].rate, session[0], session[1].rate
	)


def weekly_n_summaries(today: date | str | None = None) -> dict[str, list[dict]]:
	"""user -> rows (pupil, group, N sessions this week, pattern) for the week of ``today``."""
	today = getdate(today)
	monday = week_start(today)
	marks = week_n_marks(monday, monday + timedelta(days=4))
	if not marks:
		return {}
	pupils: dict[str, dict] = {}
	for m in marks:
		row = pupils.setdefault(
			m.student,
			{
				"student": m.student,
				"student_name": m.student_name,
				"group": m.grp,
				"nc_year": m.nc_year,
				"tutors": [u for u in (m.tutors or "").split(",") if u],
				"sessions": [],
			},
		)
		row["sessions"].append(f"{_(WEEKDAY_NAMES[getdate(m.date).weekday()])[:3]} {m.session}")
	counts = year_counts(list(pupils), academic_year_start(today), today)
	hoy = heads_of_year()
	by_user: dict[str, list[dict]] = defaultdict(list)
	for student, row in pupils.items():
		row["pattern"] = pattern_text(counts.get(student, {}))
		for user in {*row["tutors"], *hoy.get(str(row["nc_year"] or ""), [])}:
			by_user[user].append(row)
	return dict(by_user)


def summary_html(rows: list[dict]) -> str:
	head = "".join(
		f"<th>{escape_html(h)}</th>" for h in (_("Pupil"), _("Group"), _("N this week"), _("Pattern"))
	)
	body = "".join(
		"<tr>"
		+ "".join(
			f"<td>{escape_html(str(v))}</td>"
			for v in (r["student_name"], r["group"] or "", ", ".join(r["sessions"]), r["pattern"])
		)
		+ "</tr>"
		for r in rows
	)
	intro = _("These pupils have N marks (no reason yet) this week. Find each reason within 5 school days.")
	return f"<p>{escape_html(intro)}</p><table border='1' cellpadding='4'><tr>{head}</tr>{body}</table>"


def send_weekly_n_summary(today: date | str | None = None) -> list[str]:
	"""Notify each tutor and head of year once for the week of ``today``; the users notified."""
	today = getdate(today)
	subject = _("N codes this week (week of {0})").format(week_start(today).isoformat())
	sent = []
	for user, rows in sorted(weekly_n_summaries(today).items()):
		if not frappe.db.exists("User", {"name": user, "enabled": 1}):
			continue
		if frappe.db.exists("Notification Log", {"for_user": user, "subject": subject}):
			continue
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"subject": subject,
				"email_content": summary_html(rows),
				"from_user": "Administrator",
			}
		).insert(ignore_permissions=True)
		sent.append(user)
	return sent
