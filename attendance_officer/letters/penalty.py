"""The legal route's documents from a Penalty Notice Referral: contexts, sending, the log.

Three print formats on Penalty Notice Referral (standard module files) call the jinja
method ``referral_letter`` for plain values and include the shared templates:

- "Notice to Improve": to the liable parent (templates/letters/notice_to_improve.html);
- "LA Evidence Pack": to the local authority with the referral (la_evidence_pack.html);
- "Witness Statement": a draft s9 statement for an unpaid notice (witness_statement.html).

``send_referral_letter`` renders one to PDF, e-mails it (the parent, or the LA's address
in Attendance Settings) or logs it as posted, and logs it as an Attendance Letter. The
arithmetic is the rules core's (engine.penalty_letters, engine.statistics); this module
only reads the records.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.letters import long_date
from attendance_officer.engine.penalty_letters import (
	evidence_pack_context,
	notice_to_improve_context,
	witness_statement_context,
)
from attendance_officer.leave.letters import postal_address
from attendance_officer.letters.log import send_letter
from attendance_officer.letters.recipients import postal_addresses
from attendance_officer.permissions import has_safeguarding_role
from attendance_officer.registers.figures import summary

DOCTYPE = "Penalty Notice Referral"
NOTICE_TO_IMPROVE = "Notice to Improve"
EVIDENCE_PACK = "LA Evidence Pack"
WITNESS_STATEMENT = "Witness Statement"
KINDS = (NOTICE_TO_IMPROVE, EVIDENCE_PACK, WITNESS_STATEMENT)


class LetterNotReady(frappe.ValidationError):
	"""The referral lacks what the letter must say."""


def referral_letter(name: str, kind: str) -> dict:
	"""Jinja method: the context of letter ``kind`` for referral ``name`` (the caller must be
	able to read the referral)."""
	if kind not in KINDS:
		frappe.throw(_("{0} is not a penalty notice letter.").format(kind), LetterNotReady)
	doc = frappe.get_doc(DOCTYPE, name)
	doc.check_permission("read")
	return BUILDERS[kind](doc)


@frappe.whitelist(methods=["POST"])
def send_referral_letter(name: str, kind: str) -> dict:
	"""Send letter ``kind`` of referral ``name`` and log it; returns the Attendance Letter."""
	frappe.has_permission(DOCTYPE, "write", doc=name, throw=True)
	doc = frappe.get_doc(DOCTYPE, name)
	if kind not in KINDS:
		frappe.throw(_("{0} is not a penalty notice letter.").format(kind), LetterNotReady)
	check_stage_for(doc, kind)
	context = BUILDERS[kind](doc)  # refuses a letter the referral is not ready for
	settings = frappe.get_cached_doc("Attendance Settings")
	offline = "Post"
	if kind == NOTICE_TO_IMPROVE:
		refuse_do_not_contact(doc)
		email_to = guardian_email(doc.guardian, doc.student)
		post_to = doc.guardian_name or doc.guardian
		subject = _("Notice to Improve: the attendance of {0}").format(doc.student_name)
		message = _("Please find attached a Notice to Improve about the attendance of {0}.").format(
			doc.student_name
		)
	else:
		email_to = settings.local_authority_email or None
		post_to = settings.local_authority or _("Local authority")
		subject = _("{0}: {1} ({2})").format(_(kind), doc.student_name, doc.name)
		message = _("Please find attached the {0} for referral {1}.").format(_(kind), doc.name)
		if kind == WITNESS_STATEMENT:
			# A draft for the witness to check and sign: never e-mailed unsigned.
			email_to, offline, post_to = None, "By hand", signatory(settings)["name"]
	sent = send_letter(
		doc=doc,
		print_format=kind,
		student=doc.student,
		guardian=doc.guardian if kind == NOTICE_TO_IMPROVE else None,
		letter_type=kind,
		figures=snapshot(kind, context),
		email_to=email_to,
		subject=subject,
		message=message,
		post_to=post_to,
		offline_via=offline,
	)
	return {"letter": sent["letter"], "emailed": sent["emailed"]}


# The stages at which each letter may be sent (printing it is a preview, never logged).
SENDING_STAGES = {
	NOTICE_TO_IMPROVE: ("Notice to Improve",),
	EVIDENCE_PACK: ("Referred to LA", "Issued", "Unpaid", "Prosecution"),
	WITNESS_STATEMENT: ("Unpaid", "Prosecution"),
}


def check_stage_for(doc, kind: str) -> None:
	"""A letter goes out only once the referral is authorised and at the stage it belongs to."""
	stages = SENDING_STAGES[kind]
	if doc.docstatus != 1 or doc.status not in stages:
		refuse(
			_("The {0} can be sent when the referral is at {1}; it is at {2}.").format(
				_(kind), _(" or ").join(_(stage) for stage in stages), _(doc.status)
			)
		)


def snapshot(kind: str, context: dict) -> dict:
	"""What the letter quoted, kept with its log."""
	figures = dict(context.get("figures") or {})
	figures["sessions"] = len(context.get("sessions") or [])
	if kind == NOTICE_TO_IMPROVE:
		figures["improvement_period"] = [context["improvement"]["issued_on"], context["improvement"]["ends"]]
	if kind == WITNESS_STATEMENT:
		figures["notice"] = context["notice"]
	return figures


# ---------------------------------------------------------------- contexts


def notice_to_improve(doc) -> dict:
	if not (doc.notice_to_improve_issued_on and doc.improvement_period_ends):
		refuse(
			_(
				"Enter when the notice to improve is issued and when its improvement period ends, "
				"then print it."
			)
		)
	issued = getdate(doc.notice_to_improve_issued_on)
	settings = frappe.get_cached_doc("Attendance Settings")
	period = (academic_year_start(issued), add_days(issued, -1))
	return notice_to_improve_context(
		pupil={"name": doc.student_name, "year_group": doc.year_group},
		recipient_name=doc.guardian_name or "",
		recipient_address=postal_address(doc.guardian, doc.student),
		reference=doc.name,
		letter_date=issued,
		issued_on=issued,
		period_ends=getdate(doc.improvement_period_ends),
		sessions=sessions_of(doc),
		figures=figures_between(doc.student, *period),
		period=period,
		support=support_lines(doc),
		criteria=doc.improvement_criteria or "",
		threshold=(settings.penalty_sessions or 10, settings.penalty_weeks or 10),
		school=school(settings),
		signatory=signatory(settings),
	)


def evidence_pack(doc) -> dict:
	if not has_safeguarding_role():
		# It lists home visits and safe-and-well checks, which only these roles read
		# (permissions.SAFEGUARDING_ONLY): printing, e-mailing or a PDF would show them.
		frappe.throw(
			_(
				"The LA evidence pack lists home visits and safe-and-well checks: only the Attendance "
				"Officer, the Headteacher or the Designated Safeguarding Lead can produce it."
			),
			exc=frappe.PermissionError,
			title=_("Not permitted"),
		)
	if not doc.sessions:
		refuse(_("The referral counts no sessions yet: choose Count Sessions From and To first."))
	settings = frappe.get_cached_doc("Attendance Settings")
	day = getdate(today())
	period = (academic_year_start(day), day)
	pupil = frappe.db.get_value(
		"Student",
		doc.student,
		[
			"student_name",
			"date_of_birth",
			"upn",
			"nc_year",
			"registration_group",
			"address_line_1",
			"address_line_2",
			"city",
			"state",
			"pincode",
		],
		as_dict=True,
	)
	address = [pupil.get(f) for f in ("address_line_1", "address_line_2", "city", "state", "pincode")]
	nti = (
		{"issued_on": getdate(doc.notice_to_improve_issued_on), "ends": getdate(doc.improvement_period_ends)}
		if doc.notice_to_improve_issued_on and doc.improvement_period_ends
		else None
	)
	return evidence_pack_context(
		pupil={
			"name": pupil.student_name,
			"date_of_birth": getdate(pupil.date_of_birth) if pupil.date_of_birth else None,
			"year_group": pupil.nc_year or doc.year_group,
			"reg_group": frappe.db.get_value("Student Group", pupil.registration_group, "student_group_name")
			if pupil.registration_group
			else "",
			"upn": pupil.upn,
			"address": [line for line in address if line],
		},
		parents=parents_of(doc.student),
		liable_parent=doc.guardian_name or doc.guardian,
		basis=doc.basis,
		reference=doc.name,
		la_reference=doc.la_reference or "",
		letter_date=day,
		period=period,
		figures=figures_between(doc.student, *period),
		sessions=sessions_of(doc),
		letters=letters_of(doc.student),
		contacts=contacts_of(doc.student),
		meetings=meetings_of(doc.student),
		support=support_lines(doc),
		notice_to_improve=nti,
		school=school(settings),
		signatory=signatory(settings),
	)


def witness_statement(doc) -> dict:
	if not doc.issued_on or not doc.notice_number:
		refuse(_("A witness statement is for a notice that was issued: record the issue first."))
	settings = frappe.get_cached_doc("Attendance Settings")
	day = getdate(today())
	issued = getdate(doc.issued_on)
	period = (academic_year_start(issued), issued)
	born = frappe.db.get_value("Student", doc.student, "date_of_birth")
	return witness_statement_context(
		witness=signatory(settings),
		pupil={"name": doc.student_name, "date_of_birth": getdate(born) if born else None},
		parent_name=doc.guardian_name or doc.guardian,
		period=period,
		figures=figures_between(doc.student, *period),
		sessions=sessions_of(doc),
		notice={
			"number": doc.notice_number,
			"issued_on": issued,
			"received_on": getdate(doc.received_on) if doc.received_on else None,
			"full_amount": int(doc.full_amount or 0),
			"full_due_by": getdate(doc.full_amount_due_by) if doc.full_amount_due_by else None,
		},
		letter_date=day,
		school=school(settings),
	)


BUILDERS = {
	NOTICE_TO_IMPROVE: notice_to_improve,
	EVIDENCE_PACK: evidence_pack,
	WITNESS_STATEMENT: witness_statement,
}


# ---------------------------------------------------------------- reads


def sessions_of(doc) -> list[tuple]:
	return [(getdate(r.date), r.session, r.code) for r in doc.sessions]


def figures_between(student: str, start, end) -> dict:
	s = summary(student, start, end)
	return {
		"possible": s.possible,
		"attending": s.attending,
		"authorised": s.authorised,
		"unauthorised": s.unauthorised,
	}


def support_lines(doc) -> list[str]:
	"""The support offered: the meetings linked on the referral, then the free-text lines."""
	meetings = [
		_("{0} on {1}").format(_(m["meeting_type"]), long_date(m["date"]))
		for m in meetings_of(doc.student, [row.meeting for row in doc.support_meetings])
	]
	return meetings + [line.strip() for line in (doc.support_offered or "").splitlines() if line.strip()]


def meetings_of(student: str, names: list[str] | None = None) -> list[dict]:
	"""The pupil's support meetings with submitted minutes (only ``names`` when given), oldest
	first, each with who attended: two queries, whatever their number."""
	filters = {"student": student, "docstatus": 1}
	if names is not None:
		if not names:
			return []
		filters["name"] = ("in", names)
	meetings = frappe.get_all(
		"Attendance Support Meeting",
		filters=filters,
		fields=["name", "meeting_date", "meeting_type"],
		order_by="meeting_date asc",
	)
	attended: dict[str, list[str]] = {m.name: [] for m in meetings}
	for row in frappe.get_all(
		"Attendance Support Attendee",
		filters={
			"parent": ("in", list(attended) or [""]),
			"parenttype": "Attendance Support Meeting",
			"attended": 1,
		},
		fields=["parent", "attendee_name", "role"],
		order_by="idx",
	):
		attended[row.parent].append(f"{row.attendee_name} ({row.role})" if row.role else row.attendee_name)
	return [
		{
			"date": getdate(m.meeting_date),
			"meeting_type": m.meeting_type,
			"attended": ", ".join(attended[m.name]),
		}
		for m in meetings
	]


def parents_of(student: str) -> list[dict]:
	"""The pupil's guardians with their contact details (five queries, whatever their number)."""
	rows = frappe.get_all(
		"Student Guardian",
		filters={"parent": student, "parenttype": "Student"},
		fields=["guardian", "guardian_name", "relation", "parental_responsibility", "lives_with_pupil"],
		order_by="idx",
	)
	details = {
		g.name: g
		for g in frappe.get_all(
			"Guardian",
			filters={"name": ("in", [r.guardian for r in rows] or [""])},
			fields=["name", "email_address", "mobile_number"],
		)
	}
	addresses = postal_addresses((row.guardian, student) for row in rows)
	parents = []
	for row in rows:
		guardian = details.get(row.guardian) or frappe._dict()
		parents.append(
			{
				"name": row.guardian_name or row.guardian,
				"relation": row.relation,
				"parental_responsibility": row.parental_responsibility,
				"lives_with_pupil": row.lives_with_pupil,
				"address": addresses[(row.guardian, student)],
				"phone": guardian.mobile_number,
				"email": guardian.email_address,
			}
		)
	return parents


def letters_of(student: str) -> list[dict]:
	return [
		{"date": getdate(r.sent_on), "letter_type": r.letter_type, "sent_via": r.sent_via}
		for r in frappe.get_all(
			"Attendance Letter",
			filters={"student": student},
			fields=["sent_on", "letter_type", "sent_via"],
			order_by="sent_on asc",
		)
		if r.sent_on
	]


def contacts_of(student: str) -> list[dict]:
	return [
		{
			"date": getdate(r.contact_on),
			"contact_type": r.contact_type,
			"with": r.guardian_name or "",
			"outcome": r.outcome,
		}
		for r in frappe.get_all(
			"Attendance Contact",
			filters={"student": student},
			fields=["contact_on", "contact_type", "guardian_name", "outcome"],
			order_by="contact_on asc",
		)
		if r.contact_on
	]


def refuse_do_not_contact(doc) -> None:
	if frappe.db.get_value(
		"Student Guardian",
		{"parent": doc.student, "parenttype": "Student", "guardian": doc.guardian},
		"do_not_contact",
	):
		refuse(
			_(
				"{0} is marked Do Not Contact on {1}'s record. Check with the safeguarding lead how this "
				"notice is to be served; nothing was sent."
			).format(doc.guardian_name or doc.guardian, doc.student_name)
		)


def guardian_email(guardian: str, student: str) -> str | None:
	"""The parent's e-mail, unless they prefer letters."""
	row = frappe.db.get_value(
		"Student Guardian",
		{"parent": student, "parenttype": "Student", "guardian": guardian},
		["preferred_channel"],
		as_dict=True,
	)
	if row and row.preferred_channel == "Letter":
		return None
	return frappe.db.get_value("Guardian", guardian, "email_address") or None


def school(settings) -> dict:
	return {
		"name": settings.school_name or "",
		"address": settings.school_address or "",
		"phone": settings.school_phone or "",
		"email": settings.school_email or "",
	}


def signatory(settings) -> dict:
	return {"name": settings.signatory_name or "", "role": settings.signatory_role or ""}


def refuse(message: str) -> None:
	frappe.throw(message, title=_("Letter not ready"), exc=LetterNotReady)
