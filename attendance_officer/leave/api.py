"""The parent portal's data and methods (/attendance), and the desk's guardian picker.

Identity always comes from the session (permissions.my_students: Guardian.user = the
session user, joined to the pupils' Student Guardian rows); every input id is checked
against it, and another child's id gets exactly the answer a missing id gets
("Student <id> not found"). Methods are POST only, not guest-callable, rate limited
(frappe.rate_limiter.rate_limit), and Frappe checks the CSRF token of every POST from a
logged-in session (frappe.auth validate_csrf_token). Parents see words, not codes
(engine.parent_view), and never a staff note.
"""

from __future__ import annotations

import base64
from datetime import timedelta

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import getdate, now_datetime, today

from attendance_officer.engine.absence import (
	EXCEPTIONAL,
	ILLNESS,
	MEDICAL,
	OTHER,
	RELIGIOUS,
	suggested_code,
)
from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.leave import LEAVE_GROUNDS
from attendance_officer.engine.letters import long_date
from attendance_officer.engine.parent_view import session_calendar, short_date
from attendance_officer.engine.statistics import summarise
from attendance_officer.permissions import my_guardians, my_students, not_found
from attendance_officer.registers.figures import code_counts

LOA = "Leave of Absence Request"
# Reasons a parent may give for today's absence (the school decides the final code).
PARENT_REASONS = (ILLNESS, MEDICAL, RELIGIOUS, EXCEPTIONAL, OTHER)
MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".heic")
CALENDAR_DAYS = 10

# What a parent reads for each request state.
STATUS_WORDS = {
	"Draft": _("Not sent yet"),
	"Submitted": _("Sent to the school"),
	"Under Review": _("Being looked at"),
	"Awaiting Decision": _("Waiting for a decision"),
	"Approved": _("Approved"),
	"Partly Approved": _("Partly approved"),
	"Declined": _("Declined"),
	"Withdrawn": _("Withdrawn"),
	"Cancelled": _("Cancelled"),
}
WITHDRAWABLE = ("Draft", "Submitted", "Under Review", "Awaiting Decision")
# Who may use the desk's guardian picker (the roles that create or review requests).
STAFF_ROLES = (
	"System Manager",
	"Attendance Officer",
	"Headteacher",
	"Head of Year",
	"Designated Safeguarding Lead",
)


# ---------------------------------------------------------------- scope checks


def check_permission_for(student: str | None = None, request: str | None = None) -> None:
	"""The session user must be logged in and a guardian of ``student`` / the requester of ``request``.

	A request is reachable only by the parent who made it (its guardian is one of the session
	user's Guardian records): the other parent of the same child does not see it or its
	evidence. Anything else is answered as a record that does not exist.
	"""
	if frappe.session.user == "Guest":
		raise frappe.PermissionError(_("Log in to use the attendance pages."))
	mine = my_students()
	if request is not None:
		row = (
			frappe.db.get_value(LOA, request, ["student", "guardian"], as_dict=True)
			if isinstance(request, str)
			else None
		)
		if not row or row.student not in mine or row.guardian not in my_guardians():
			not_found(LOA, request)
	if student is not None and student not in mine:
		not_found("Student", student)


def my_guardian_for(student: str) -> frappe._dict | None:
	"""The session user's Guardian row on ``student`` (lives-with first)."""
	rows = frappe.db.sql(
		"""SELECT sg.`guardian`, sg.`lives_with_pupil` FROM `tabStudent Guardian` sg
		INNER JOIN `tabGuardian` g ON g.`name` = sg.`guardian`
		WHERE g.`user` = %s AND sg.`parent` = %s AND sg.`parenttype` = 'Student'
		ORDER BY sg.`lives_with_pupil` DESC LIMIT 1""",
		(frappe.session.user, student),
		as_dict=True,
	)
	return rows[0] if rows else None


# ---------------------------------------------------------------- page context


def session_options() -> list[dict]:
	return [{"value": "AM", "label": _("Morning")}, {"value": "PM", "label": _("Afternoon")}]


def portal_context(user: str) -> dict:
	"""Everything /attendance shows, for the session user's children only."""
	students = my_students(user)
	day = getdate(today())
	start = academic_year_start(day)
	children = []
	pupils = {
		p.name: p
		for p in frappe.get_all(
			"Student",
			filters={"name": ("in", students or [""])},
			fields=["name", "student_name", "nc_year"],
		)
	}
	counts = code_counts(students, start, day)
	recent: dict[str, dict] = {s: {} for s in students}
	if students:
		since = day - timedelta(days=CALENDAR_DAYS * 2)
		for student, date, session, code in frappe.db.sql(
			"""SELECT `student`, `date`, `session`, `attendance_code` FROM `tabAttendance Mark`
			WHERE `student` IN %s AND `date` BETWEEN %s AND %s""",
			(students, since, day),
		):
			recent[student][(getdate(date), session)] = code
	from attendance_officer.registers.calendar import school_calendar

	days = [d for d in school_calendar(day - timedelta(days=CALENDAR_DAYS * 2), day).days if d <= day]
	# Parents have no role permission on requests: the explicit filters are the scope (their
	# children, and only the requests they made themselves).
	requests = frappe.get_all(
		LOA,
		filters={"student": ("in", students or [""]), "guardian": ("in", my_guardians(user) or [""])},
		fields=[
			"name",
			"student",
			"leave_ground",
			"from_date",
			"from_session",
			"to_date",
			"to_session",
			"status",
		],
		order_by="from_date desc",
		limit_page_length=50,
	)
	reports = frappe.get_all(
		"Absence Record",
		filters={"student": ("in", students or [""]), "reported_via": "Portal"},
		fields=["student", "from_date", "from_session", "to_session", "reason", "docstatus"],
		order_by="from_date desc",
		limit_page_length=20,
	)
	for student in students:
		pupil = pupils.get(student)
		if not pupil:
			continue
		summary = summarise(counts[student])
		guardian = my_guardian_for(student)
		children.append(
			{
				"id": student,
				"name": pupil.student_name,
				"year_group": pupil.nc_year or "",
				"attendance": {
					"percent": str(summary.attendance) if summary.attendance is not None else "",
					"possible": summary.possible,
					"attended": summary.attending,
				},
				"calendar": [
					{
						"date": short_date(d.day),
						"am": {"label": _(d.am[0]), "tone": d.am[1]},
						"pm": {"label": _(d.pm[0]), "tone": d.pm[1]},
					}
					for d in session_calendar(recent[student], days, last=CALENDAR_DAYS, today=day)
				],
				"requests": [
					{
						"id": r.name,
						"ground": _(r.leave_ground),
						"start": long_date(getdate(r.from_date)),
						"end": long_date(getdate(r.to_date)),
						"status": STATUS_WORDS.get(r.status, _(r.status)),
						"can_withdraw": r.status in WITHDRAWABLE,
					}
					for r in requests
					if r.student == student
				],
				"reports": [
					{
						"date": long_date(getdate(r.from_date)),
						"reason": _(r.reason),
						"status": _("Recorded by the school") if r.docstatus == 1 else _("Received"),
					}
					for r in reports
					if r.student == student
				],
				"may_request_leave": bool(guardian and guardian.lives_with_pupil),
			}
		)
	return {
		"today": long_date(day),
		"children": children,
		"grounds": [{"value": g, "label": _(g)} for g in LEAVE_GROUNDS],
		"absence_reasons": [{"value": r, "label": _(r)} for r in PARENT_REASONS],
		"sessions": session_options(),
	}


# ---------------------------------------------------------------- portal methods


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60 * 60)
def report_absence(student: str, from_session: str, to_session: str, reason: str, details: str = "") -> dict:
	"""Today's absence, reported by a guardian: a draft Absence Record for staff to review.

	Same day only (Arbor practice: portal reports are same-day; future leave is a request).
	"""
	check_permission_for(student=student)
	if reason not in PARENT_REASONS:
		frappe.throw(_("Choose a reason from the list."), title=_("Reason missing"))
	if (
		from_session not in ("AM", "PM")
		or to_session not in ("AM", "PM")
		or (from_session, to_session)
		== (
			"PM",
			"AM",
		)
	):
		frappe.throw(
			_("Choose the morning, the afternoon, or from the morning to the afternoon."),
			title=_("Sessions not valid"),
		)
	guardian = my_guardian_for(student)
	day = getdate(today())
	report = {
		"from_date": day,
		"from_session": from_session,
		"to_date": day,
		"to_session": to_session,
		"reason": reason,
		"attendance_code": suggested_code(reason),
		"reported_by": guardian.guardian if guardian else None,
		"reported_via": "Portal",
		"reported_on": now_datetime(),
		"notes": _("Reported by a parent through the portal: {0}").format((details or "").strip()[:500])
		if (details or "").strip()
		else "",
	}
	# This parent's second report today (a correction, the afternoon too) updates their first
	# while it is still theirs alone: a draft staff have worked on, or the other parent's
	# report, is never overwritten; the new report is then a draft of its own.
	earlier = frappe.get_all(
		"Absence Record",
		filters={
			"student": student,
			"from_date": day,
			"to_date": day,
			"reported_via": "Portal",
			"docstatus": 0,
			"reported_by": ("in", my_guardians() or [""]),
			"modified_by": frappe.session.user,
		},
		fields=["name", "from_session", "to_session", "notes"],
		order_by="creation desc",
		limit=1,
	)
	if earlier:
		first = earlier[0]
		doc = frappe.get_doc("Absence Record", first.name)
		report["from_session"] = min(first.from_session, from_session)  # "AM" < "PM"
		report["to_session"] = max(first.to_session, to_session)
		report["notes"] = report["notes"] or first.notes or ""
		doc.update(report)
		doc.save(ignore_permissions=True)  # the guardian's scope was checked above
		return {"message": _("Thank you. Your report for today has been updated.")}
	doc = frappe.get_doc({"doctype": "Absence Record", "student": student, **report})
	doc.insert(ignore_permissions=True)  # the guardian's scope was checked above
	return {"message": _("Thank you. The school has your report for today.")}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def request_leave(
	student: str,
	from_date: str,
	from_session: str,
	to_date: str,
	to_session: str,
	leave_ground: str,
	reason: str,
) -> dict:
	"""A leave of absence request from the portal, sent to the school (status Submitted)."""
	check_permission_for(student=student)
	guardian = my_guardian_for(student)
	doc = frappe.get_doc(
		{
			"doctype": LOA,
			"student": student,
			"guardian": guardian.guardian if guardian else None,
			"from_date": from_date,
			"from_session": from_session,
			"to_date": to_date,
			"to_session": to_session,
			"leave_ground": leave_ground,
			"reason": reason,
		}
	)
	doc.insert(ignore_permissions=True)  # scope checked above; parents have no role permission
	doc.status = "Submitted"
	doc.flags.ignore_permissions = True  # the workflow still checks the Guardian's transition
	doc.save()
	return {"name": doc.name, "message": _("Your request has been sent to the school.")}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def withdraw_leave_request(request: str) -> dict:
	"""The guardian withdraws their child's request before a decision."""
	check_permission_for(request=request)
	doc = frappe.get_doc(LOA, request)
	if doc.status not in WITHDRAWABLE or doc.docstatus != 0:
		frappe.throw(
			_("This request has been decided, so it can no longer be withdrawn. Contact the school."),
			title=_("Cannot withdraw"),
		)
	doc.status = "Withdrawn"
	doc.flags.ignore_permissions = True  # scope checked above; the workflow checks the role
	doc.save()
	return {"message": _("The request has been withdrawn.")}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def upload_evidence(request: str, filename: str, filedata: str) -> dict:
	"""Attach evidence (a private file) to a request of the guardian's own child."""
	check_permission_for(request=request)
	status = frappe.db.get_value(LOA, request, "status")
	if status not in WITHDRAWABLE:
		frappe.throw(
			_("Evidence can only be added before the request is decided."), title=_("Request decided")
		)
	name = (filename or "").strip().replace("/", "_")[:140]
	if not name.lower().endswith(EVIDENCE_TYPES):
		frappe.throw(
			_("Send a PDF or a photo (JPG, PNG or HEIC)."),
			title=_("File type not accepted"),
		)
	try:
		content = base64.b64decode((filedata or "").split(",", 1)[-1], validate=True)
	except ValueError:
		frappe.throw(_("The file could not be read. Choose it again."), title=_("File not read"))
	if not content or len(content) > MAX_EVIDENCE_BYTES:
		frappe.throw(_("The file must be smaller than 5 MB."), title=_("File too large"))
	# A random stored name: a parent's file name can carry a child's name, and a guessable
	# /private/files URL helps anyone probing for files.
	extension = name[name.rfind(".") :].lower()
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": frappe.generate_hash(length=20) + extension,
			"attached_to_doctype": LOA,
			"attached_to_name": request,
			"is_private": 1,
			"content": content,
		}
	)
	file.flags.portal_evidence = True  # permissions.refuse_file_url_copy: the portal's own upload
	file.insert(ignore_permissions=True)
	return {"message": _("Evidence added."), "file": file.name}


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def guardians_of_pupil(doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict):
	"""Desk picker: the pupil's recorded guardians (those the pupil lives with first).

	Staff only, and only for a pupil the user may read (Student permission hooks).
	"""
	frappe.only_for(STAFF_ROLES)
	student = (filters or {}).get("student")
	if not student:
		return []
	frappe.has_permission("Student", "read", doc=student, throw=True)
	return frappe.db.sql(
		"""SELECT sg.`guardian`, sg.`guardian_name`,
			IF(sg.`lives_with_pupil`, %(lives)s, %(apart)s) FROM `tabStudent Guardian` sg
		WHERE sg.`parent` = %(student)s AND sg.`parenttype` = 'Student'
			AND (sg.`guardian` LIKE %(txt)s OR sg.`guardian_name` LIKE %(txt)s)
		ORDER BY sg.`lives_with_pupil` DESC, sg.`idx` LIMIT %(start)s, %(page_len)s""",
		{
			"student": student,
			"txt": f"%{txt}%",
			"start": int(start),
			"page_len": int(page_len),
			"lives": _("Lives with the pupil"),
			"apart": _("Does not live with the pupil"),
		},
	)
