"""Register endpoints for the Take Register page: load a register, save it in one request.

Both open with a permission call (style.md section 2, "Whitelisted doc methods need their
own guard"): Attendance Officer, Headteacher and Head of Year take any register; an
Instructor only the registers of groups they teach (Student Group Instructor -> Instructor
-> Employee -> user). Saving goes through registers.write, the one write path.

Review findings: a register is taken only for a Batch-based (registration) group that is
not disabled (5), only for today or a past school day of the school calendar (4); a mark
decided elsewhere (bulk mark, absence record, leave) is changed from the register only by
an Attendance Officer or the Headteacher (3); each pupil's mark keeps the pupil's own
registration group (5).
"""

from __future__ import annotations

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import cint, escape_html, get_time, getdate, now_datetime

from attendance_officer.absence.calling import reported_absences
from attendance_officer.engine.codes import CODES, RETIRED
from attendance_officer.engine.lateness import arriving_now, late_code, minutes_late
from attendance_officer.engine.marks import MAX_MINUTES_LATE
from attendance_officer.engine.register_marks import default_present_code, register_date_error
from attendance_officer.engine.sessions import session_error
from attendance_officer.permissions import tutor_groups_sql
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.roles import REGISTER_ROLES, may_unlock
from attendance_officer.registers.roll import dual_expected
from attendance_officer.registers.write import WriteResult, write_marks

# Marks from other sources were decided elsewhere; the register shows them read-only, except
# to an Attendance Officer or the Headteacher (registers.roles.may_unlock).
REGISTER_SOURCE = "Register"


class RegisterPermissionError(frappe.PermissionError):
	"""The user may not take this group's register."""


class RegisterGroupError(frappe.ValidationError):
	"""Not a registration group: missing, not Batch-based, or disabled."""


class RegisterDateError(frappe.ValidationError):
	"""A register for a future date or a day that is not a school day."""


class RegisterTimesError(frappe.ValidationError):
	"""Attendance Settings has no register times for the session."""


def check_register_group(student_group: str) -> None:
	"""Registers are taken for registration groups: Batch-based and not disabled."""
	group = frappe.db.get_value("Student Group", student_group, ["group_based_on", "disabled"], as_dict=True)
	if not group:
		frappe.throw(
			_("Student Group {0} was not found; choose a registration group.").format(
				escape_html(str(student_group))
			),
			title=_("Not a registration group"),
			exc=RegisterGroupError,
		)
	if group.group_based_on != "Batch" or cint(group.disabled):
		frappe.throw(
			_(
				"{0} is not a registration group (registers are taken for Batch-based groups that are "
				"not disabled); choose the pupils' registration group."
			).format(escape_html(student_group)),
			title=_("Not a registration group"),
			exc=RegisterGroupError,
		)


def check_register_date(day) -> None:
	"""Today or a past school day (registers.calendar: weekdays less the holiday list)."""
	day = getdate(day)
	if error := register_date_error(day, getdate(), school_calendar(day, day).is_school_day(day)):
		frappe.throw(error, title=_("Register date not valid"), exc=RegisterDateError)


def group_instructor_users(student_group: str) -> set[str]:
	"""Users who teach ``student_group`` (one query)."""
	rows = frappe.db.sql(
		"""SELECT e.`user_id` FROM `tabStudent Group Instructor` sgi
		JOIN `tabInstructor` i ON i.`name` = sgi.`instructor`
		JOIN `tabEmployee` e ON e.`name` = i.`employee`
		WHERE sgi.`parent` = %s AND sgi.`parenttype` = 'Student Group' AND IFNULL(e.`user_id`, '') != ''""",
		(student_group,),
	)
	return {row[0] for row in rows}


def check_register_permission(student_group: str, user: str | None = None) -> None:
	"""Allow register roles, or an Instructor of the group; RegisterPermissionError otherwise.

	Then the group must be a registration group (check_register_group), for everyone.
	"""
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	if not (
		roles & REGISTER_ROLES or ("Instructor" in roles and user in group_instructor_users(student_group))
	):
		frappe.throw(
			_(
				"You can take registers only for the groups you teach. Ask an Attendance Officer to add "
				"you as an instructor of {0}, or to take this register."
			).format(escape_html(student_group)),
			title=_("Not your register"),
			exc=RegisterPermissionError,
		)
	check_register_group(student_group)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def register_groups(doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict):
	"""The Take Register group picker: registration groups this user may take.

	Register roles (Attendance Officer, Headteacher, Head of Year: they cover colleagues'
	registers) see every registration group; a tutor only the groups they instruct.
	"""
	frappe.has_permission("Student Group", "read", throw=True)
	user = frappe.session.user
	roles = set(frappe.get_roles(user))
	tutor_only = not (roles & REGISTER_ROLES or user == "Administrator" or "System Manager" in roles)
	return frappe.db.sql(
		f"""SELECT sg.`name`, sg.`program` FROM `tabStudent Group` sg
		WHERE sg.`group_based_on` = 'Batch' AND sg.`disabled` = 0 AND sg.`name` LIKE %(txt)s
			{"AND sg.`name` IN (" + tutor_groups_sql(user) + ")" if tutor_only else ""}
		ORDER BY sg.`name` LIMIT %(start)s, %(page_len)s""",
		{"txt": f"%{txt}%", "start": int(start), "page_len": int(page_len)},
	)


def check_session(session: str) -> None:
	if error := session_error(session):
		frappe.throw(escape_html(error), title=_("Session not valid"))


def register_times(session: str) -> tuple:
	"""(opens, closes) for ``session`` from Attendance Settings."""
	prefix = "am" if session == "AM" else "pm"
	settings = frappe.db.get_singles_dict("Attendance Settings")
	opens, closes = settings.get(f"{prefix}_register_opens"), settings.get(f"{prefix}_register_closes")
	if not opens or not closes:
		frappe.throw(
			_(
				"The {0} register times are not set. Ask an Attendance Officer to set the register "
				"times in Attendance Settings."
			).format(session),
			title=_("Register times missing"),
			exc=RegisterTimesError,
		)
	return get_time(opens), get_time(closes)


def group_pupils(student_group: str, day) -> list[frappe._dict]:
	"""Active pupils of the group on roll on ``day``, in roll order (one query).

	A pupil deleted from roll (Roll Deletion: the Student's date of leaving, their last
	day on roll) is not on the register after that day; their earlier marks stay.
	"""
	return frappe.db.sql(
		"""SELECT sgs.`student`, COALESCE(s.`student_name`, sgs.`student_name`) AS `student_name`,
			sgs.`group_roll_number`
		FROM `tabStudent Group Student` sgs JOIN `tabStudent` s ON s.`name` = sgs.`student`
		WHERE sgs.`parent` = %s AND sgs.`parenttype` = 'Student Group' AND sgs.`active` = 1
			AND (s.`date_of_leaving` IS NULL OR s.`date_of_leaving` >= %s)
		ORDER BY sgs.`group_roll_number`, s.`student_name`""",
		(student_group, getdate(day)),
		as_dict=True,
	)


def late_now(session: str, day, at: datetime | None = None) -> dict:
	"""What a pupil arriving now would get (engine.lateness), when now can be an arrival.

	``arriving_now`` is true only on the register's own day, after it opened and within a
	session's length of the opening; otherwise (a past day, or a register taken hours
	later) ``minutes`` is None and the page asks for each late pupil's arrival time.
	"""
	opens, closes = register_times(session)
	longest = arrival_window(session, opens)
	at = at or now_datetime()
	today = getdate(day) == at.date()
	minutes = arriving_now(at.time(), opens, longest) if today else None
	return {
		"code": late_code(at.time(), closes) if minutes is not None else None,
		"minutes": minutes,
		"arriving_now": minutes is not None,
		"now": at.strftime("%H:%M") if minutes is not None else None,
		# The page works "now" out again when a code is typed, from the server's clock.
		"clock": at.strftime("%H:%M:%S"),
		"longest": longest,
		"opens": str(opens)[:5],
		"closes": str(closes)[:5],
		"today": today,
	}


def arrival_window(session: str, opens) -> int:
	"""Minutes after the opening in which a pupil can still be arriving for ``session``.

	The morning ends when the afternoon register opens; the afternoon lasts at most a
	session (engine.marks.MAX_MINUTES_LATE). Later than that, the register is being taken
	afterwards and the page asks for the arrival time.
	"""
	if session == "AM":
		pm_opens = frappe.db.get_single_value("Attendance Settings", "pm_register_opens")
		if pm_opens:
			return min(MAX_MINUTES_LATE, max(0, minutes_late(get_time(pm_opens), opens)))
	return MAX_MINUTES_LATE


def reported_summary(reported: frappe._dict | None) -> dict | None:
	"""A draft Absence Record covering the session, as the register shows it beside the pupil."""
	if not reported:
		return None
	return {
		"record": reported.record,
		"reason": _(reported.reason) if reported.reason else "",
		"code": reported.attendance_code or "",
		"by_parent": bool(reported.reported_by or reported.reported_via == "Portal"),
		"via": _(reported.reported_via) if reported.reported_via else "",
	}


@frappe.whitelist(methods=["GET", "POST"])
def get_register(student_group: str, date: str, session: str) -> dict:
	"""The group's pupils with any marks already written for ``date`` ``session``."""
	check_register_permission(student_group)
	check_session(session)
	day = getdate(date)
	pupils = group_pupils(student_group, day)
	dual = dual_expected([p.student for p in pupils], day, session)
	# A subsidiary dual pupil at their main school this session is not on this register.
	away = [
		{"student_name": p.student_name, "school": dual[p.student].school}
		for p in pupils
		if p.student in dual and not dual[p.student].expected
	]
	pupils = [p for p in pupils if p.student not in dual or dual[p.student].expected]
	marks = {}
	if pupils:
		rows = frappe.db.sql(
			"""SELECT `student`, `attendance_code`, `minutes_late`, `note`, `source`, `source_doctype`,
				`source_name`, `marked_by`
			FROM `tabAttendance Mark` WHERE `date` = %s AND `session` = %s AND `student` IN %s""",
			(day, session, [p.student for p in pupils]),
			as_dict=True,
		)
		marks = {row.student: row for row in rows}
	reported = reported_absences([p.student for p in pupils], day, session, pupils_of=frappe.session.user)
	override = may_unlock(frappe.get_roles())  # unlock roles may change marks decided elsewhere
	return {
		"student_group": student_group,
		"date": str(day),
		"session": session,
		"present_code": default_present_code(session),
		"late": late_now(session, day),
		"codes": [
			{
				"code": c.code,
				"description": _(c.description),
				"category": _(c.category),
				"late": c.late,
				"note_required": c.note_required,
			}
			for c in CODES.values()
		],
		# Withdrawn codes a tutor may still type from habit, with what replaced each.
		"retired": {
			code: _("{0} was withdrawn on 19 August 2024; use {1} instead.").format(code, _(replacement))
			for code, replacement in RETIRED.items()
		},
		"away": away,
		"pupils": [
			{
				"student": p.student,
				"student_name": p.student_name,
				"mark": marks.get(p.student),
				"read_only": bool(
					marks.get(p.student) and marks[p.student].source != REGISTER_SOURCE and not override
				),
				"reported": reported_summary(reported.get(p.student)),
				# A main dual pupil at the other school this session: D unless they came here.
				"expected": dual[p.student].expected if p.student in dual else None,
				"elsewhere_at": dual[p.student].school if p.student in dual else None,
			}
			for p in pupils
		],
	}


@frappe.whitelist(methods=["POST"])
def save_register(student_group: str, date: str, session: str, marks: str | list) -> dict:
	"""Save a whole register in one request; re-saving the same marks changes nothing.

	``marks``: a list (or its JSON) of {student, code, minutes_late?, note?, reason?}. Every
	pupil must be an active member of the group. The whole register is checked first; any
	problem refuses it all (registers.write.MarkBatchError) with every problem listed.
	"""
	check_register_permission(student_group)
	check_session(session)
	day = getdate(date)
	check_register_date(day)
	rows = parse_marks(marks)
	pupils = {p.student: p.student_name for p in group_pupils(student_group, day)}
	outsiders = [escape_html(str(r.get("student"))) for r in rows if r.get("student") not in pupils]
	if outsiders:
		frappe.throw(
			_("{0} not in registration group {1}; reload the register.").format(
				", ".join(outsiders), escape_html(student_group)
			),
			title=_("Register not saved"),
		)
	result: WriteResult = write_marks(
		[
			{
				"student": r["student"],
				"date": day,
				"session": session,
				"code": (r.get("code") or "").strip(),
				"minutes_late": cint(r.get("minutes_late")),
				"note": r.get("note") or "",
				"reason": r.get("reason") or "",
			}
			for r in rows
		],
		source=REGISTER_SOURCE,
		source_doctype="Student Group",
		source_name=student_group,
		registration_group=student_group,
		labels=[pupils[r["student"]] for r in rows],
		editable_sources=(REGISTER_SOURCE,),
	)
	return result.as_dict()


def parse_marks(marks: str | list) -> list[dict]:
	"""The marks list from the request: a list (or its JSON) of {student, code, ...} objects."""
	message = _("Marks must be a list of pupils' marks, each with a student and a code; reload the register.")
	if isinstance(marks, str):
		try:
			marks = frappe.parse_json(marks)
		except ValueError:
			frappe.throw(message, title=_("Register not saved"))
	if not isinstance(marks, list) or not all(isinstance(r, dict) and r.get("student") for r in marks):
		frappe.throw(message, title=_("Register not saved"))
	for row in marks:
		for field in ("student", "code", "note", "reason"):
			if row.get(field) is not None and not isinstance(row.get(field), str):
				frappe.throw(message, title=_("Register not saved"))
	return marks
