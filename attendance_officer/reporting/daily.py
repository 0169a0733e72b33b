"""The daily lists: who is absent today that the DSL and the pastoral team must know about.

- The safeguarding list: pupils with a child protection plan, a child in need plan or looked
  after (Student's permission-level-1 flags) absent today, each with the reason if one is
  known (a code other than N or O) or "not known" (N, O, no mark where the register has
  been taken, or no mark because the register has not been taken yet). Only users who may read those flags receive it (calling.may_read_safeguarding).
- The persistent absence list: pupils in persistent (or severe) absence this academic year
  (engine.statistics.band on the year's sessions from admission) absent today.

Each goes to the enabled desk users holding the roles named in Attendance Settings, each
user seeing only the pupils their role gives them (a Head of Year their years), by email
through Frappe's queue, once per school day: the Attendance Report Log row for the list and
the day is written first under a unique key, so a second run sends nothing. The pupils'
figures are a fixed few queries whatever the roll; each recipient costs one query for their
scope.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import formatdate, getdate

from attendance_officer.absence.calling import absent_pupils, may_read_safeguarding
from attendance_officer.absence.tasks import Recipients
from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.codes import ABSENCE, CODES
from attendance_officer.engine.statistics import BAND_LABELS, PERSISTENT, SEVERE, band, summarise
from attendance_officer.letters.log import email_ready
from attendance_officer.permissions import staff_condition
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.figures import school_bands
from attendance_officer.registers.school import PupilFilter, grouped_counts
from attendance_officer.reporting.log import claim

SAFEGUARDING_LIST = "Safeguarding absence list"
PERSISTENT_LIST = "Persistent absence list"
UNKNOWN = ("N", "O", "")  # the reason is not known: N, O, or no mark where the register is taken
TEMPLATE = "attendance_officer/templates/reports/daily_list.html"
SETTINGS = "Attendance Settings"


def send_daily_lists(today: date | str | None = None) -> dict[str, int]:
	"""Scheduled (school mornings): each list to its recipients, once a day. {list: emails sent}."""
	day = getdate(today)
	if not school_calendar(day, day).days:
		return {}
	if not email_ready():
		frappe.log_error(
			title=_("Attendance daily lists not sent: no outgoing email account"),
			message=_(
				"Set up an outgoing Email Account so that the daily lists can be sent; they go once it is."
			),
		)
		return {SAFEGUARDING_LIST: 0, PERSISTENT_LIST: 0}
	sent = {}
	for name, roles_field, build, safeguarding in (
		(SAFEGUARDING_LIST, "dsl_list_roles", safeguarding_rows, True),
		(PERSISTENT_LIST, "pastoral_list_roles", persistent_rows, False),
	):
		sent[name] = send_list(name, day, list_roles(roles_field), build, safeguarding)
	return sent


def list_roles(fieldname: str) -> list[str]:
	return [row.role for row in frappe.get_cached_doc(SETTINGS).get(fieldname) or []]


def send_list(name: str, day: date, roles: list[str], build, safeguarding: bool) -> int:
	if not roles:
		return 0
	# Recipients: as the escalation job finds them; with no enabled DSL the Headteachers get the
	# safeguarding list instead, and the gap is written to the Error Log.
	users = [u for u in Recipients()(roles) if not safeguarding or may_read_safeguarding(u)]
	if not users:
		frappe.log_error(
			title=_("Attendance daily list not sent: no one to send it to"),
			message=_(
				"No enabled user holding {0} may read what the {1} shows. Name the roles in Attendance "
				"Settings, Daily Lists and Packs."
			).format(", ".join(roles), _(name)),
		)
		return 0
	rows = build(day)
	if not claim(
		name,
		"Daily List",
		f"{name}:{day.isoformat()}",
		period_from=day,
		period_to=day,
		pupils=len(rows),
		recipients=users,
		description=_("{0} for {1}").format(_(name), day.isoformat()),
	):
		return 0  # sent already today
	emails = dict(
		frappe.get_all("User", filters={"name": ("in", users)}, fields=["name", "email"], as_list=True)
	)
	count = 0
	for user in users:
		mine = in_scope(rows, user)
		if not mine and not safeguarding:
			continue  # a Head of Year with none of theirs absent: nothing to send
		frappe.sendmail(
			recipients=[emails.get(user) or user],
			subject=_("{0}: {1} pupil(s) absent today ({2})").format(_(name), len(mine), day.isoformat()),
			message=frappe.render_template(
				TEMPLATE,
				list_context(name, day, mine, safeguarding, scoped=bool(staff_condition("s.`name`", user))),
			),
			delayed=True,
		)
		count += 1
	return count


def in_scope(rows: list[dict], user: str) -> list[dict]:
	"""The rows about pupils in ``user``'s staff scope (one query; none for no pupil)."""
	scope = staff_condition("s.`name`", user)
	if not rows or not scope:
		return rows
	allowed = set(
		frappe.db.sql_list(
			f"SELECT s.`name` FROM `tabStudent` s WHERE s.`name` IN %(students)s AND {scope}",
			{"students": [r["student"] for r in rows]},
		)
	)
	return [r for r in rows if r["student"] in allowed]


FLAGGED = "(s.`child_protection_plan` = 1 OR s.`child_in_need` = 1 OR s.`child_looked_after` = 1)"
NOT_TAKEN = "register not taken"  # a session key's code: no AM mark at all, register not yet taken


def absent_today(day: date, flagged_only: bool) -> dict[str, dict]:
	"""{student: row} for pupils absent today: an absence code in a session (one query), or no
	AM mark (or "-") where their group's AM register is taken (absence.calling, one query).

	For the safeguarding list, a flagged pupil with no AM mark at all is listed too, as
	"register not taken" (one query): the DSL must never read "no one absent" for a child
	nobody has seen yet.
	"""
	rows = frappe.db.sql(
		f"""SELECT s.`name` AS student, s.`student_name`, s.`nc_year`, s.`registration_group`,
			s.`child_protection_plan` AS cp, s.`child_in_need` AS cin, s.`child_looked_after` AS cla,
			m.`session`, m.`attendance_code` AS code
		FROM `tabAttendance Mark` m JOIN `tabStudent` s ON s.`name` = m.`student`
		WHERE m.`date` = %(day)s AND m.`attendance_code` IN %(absence)s AND s.`enabled` = 1
			{"AND " + FLAGGED if flagged_only else ""}""",
		{"day": day, "absence": sorted(ABSENCE)},
		as_dict=True,
	)
	found: dict[str, dict] = {}
	for row in rows:
		pupil = found.setdefault(row.student, {**row, "sessions": {}})
		pupil["sessions"][row.session] = row.code
	for row in absent_pupils(day, "AM", None, with_flags=True):
		if row.code not in ("", "-") or row.student in found:
			continue
		if flagged_only and not (row.cp or row.cin or row.cla):
			continue
		found[row.student] = {**row, "nc_year": None, "sessions": {"AM": ""}}
	if flagged_only:
		for row in frappe.db.sql(
			f"""SELECT s.`name` AS student, s.`student_name`, s.`registration_group`,
				s.`child_protection_plan` AS cp, s.`child_in_need` AS cin, s.`child_looked_after` AS cla
			FROM `tabStudent` s
			LEFT JOIN `tabAttendance Mark` m
				ON m.`student` = s.`name` AND m.`date` = %(day)s AND m.`session` = 'AM'
				AND IFNULL(m.`attendance_code`, '') NOT IN ('', '-')
			WHERE s.`enabled` = 1 AND {FLAGGED} AND m.`name` IS NULL
				AND IFNULL(s.`admission_date`, '1900-01-01') <= %(day)s
				AND (s.`date_of_leaving` IS NULL OR s.`date_of_leaving` >= %(day)s)""",
			{"day": day},
			as_dict=True,
		):
			found.setdefault(row.student, {**row, "nc_year": None, "sessions": {"AM": NOT_TAKEN}})
	return found


def reason(sessions: dict[str, str]) -> tuple[str, bool]:
	"""(what is known, whether a reason is known) from today's codes."""
	parts, known = [], True
	for session in ("AM", "PM"):
		if session not in sessions:
			continue
		code = sessions[session]
		if code in UNKNOWN or code == NOT_TAKEN:
			known = False
		if code == NOT_TAKEN:
			label = _("no mark yet: the register has not been taken")
		elif not code:
			label = _("no mark (register taken)")
		else:
			label = f"{code}: {_(CODES[code].description)}"
		parts.append(_("{0} {1}").format(_(session), label))
	return "; ".join(parts), known


def safeguarding_rows(day: date) -> list[dict]:
	rows = []
	for pupil in absent_today(day, flagged_only=True).values():
		text, known = reason(pupil["sessions"])
		rows.append(
			{
				"student": pupil["student"],
				"name": pupil["student_name"],
				"group": pupil["registration_group"] or "",
				"flags": ", ".join(
					label
					for key, label in (("cp", _("CP")), ("cin", _("CIN")), ("cla", _("CLA")))
					if pupil.get(key)
				),
				"today": text,
				"known": known,
			}
		)
	rows.sort(key=lambda r: (r["known"], r["group"], r["name"]))
	return rows


def persistent_rows(day: date) -> list[dict]:
	absent = absent_today(day, flagged_only=False)
	if not absent:
		return []
	now, _then = grouped_counts(PupilFilter(students=tuple(absent)), academic_year_start(day), day)
	bands = school_bands()
	rows = []
	for student, counts in now.items():
		summary = summarise(counts)
		which = band(summary, bands)
		if which not in (PERSISTENT, SEVERE):
			continue
		pupil = absent[student]
		text, known = reason(pupil["sessions"])
		rows.append(
			{
				"student": student,
				"name": pupil["student_name"],
				"group": pupil["registration_group"] or "",
				"attendance": f"{summary.attendance}%",
				"band": _(BAND_LABELS[which]),
				"today": text,
				"known": known,
			}
		)
	rows.sort(key=lambda r: (r["group"], r["name"]))
	return rows


def list_context(name: str, day: date, rows: list[dict], safeguarding: bool, scoped: bool = False) -> dict:
	return {
		"scoped": scoped,
		"title": _(name),
		"day": formatdate(day, "EEEE d MMMM yyyy"),
		"rows": rows,
		"safeguarding": safeguarding,
		"site": frappe.utils.get_url(),
	}
