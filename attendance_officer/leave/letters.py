"""Decision letters for Leave of Absence Request: context, e-mail, and the letter log.

The print formats "Leave Approved" and "Leave Declined" (standard module files) call the
jinja method ``leave_letter`` for plain values, then include the shared template
templates/letters/leave_decision.html (style.md section 4). On a decision the letter is
rendered through the print format, e-mailed to the requesting guardian and logged as an
Attendance Letter with the figures it quoted.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from attendance_officer.engine.leave_decision import DECISION_OF_STATE, leave_letter_context
from attendance_officer.letters.log import letter_html, record_letter
from attendance_officer.letters.recipients import postal_addresses

LOA = "Leave of Absence Request"
APPROVED_LETTER = "Leave Approved"
DECLINED_LETTER = "Leave Declined"


def letter_type(status: str) -> str:
	return DECLINED_LETTER if status == "Declined" else APPROVED_LETTER


def leave_letter(name: str) -> dict:
	"""Jinja method: the letter context of request ``name`` (the caller must be able to read it)."""
	doc = frappe.get_doc(LOA, name)
	doc.check_permission("read")
	return context_of(doc)


def context_of(doc) -> dict:
	settings = frappe.get_cached_doc("Attendance Settings")
	decision = doc.decision or DECISION_OF_STATE.get(doc.status, "")
	requested = doc.requested()
	return leave_letter_context(
		pupil={"name": doc.student_name, "year_group": doc.year_group},
		guardian_name=doc.guardian_name or "",
		request={
			"ground": _(doc.leave_ground),
			"from_date": getdate(doc.from_date),
			"from_session": doc.from_session,
			"to_date": getdate(doc.to_date),
			"to_session": doc.to_session,
		},
		decision=decision,
		decision_reason=doc.decision_reason or "",
		approved=doc.approved(),
		requested=requested,
		school={
			"name": settings.school_name or "",
			"address": settings.school_address or "",
			"phone": settings.school_phone or "",
			"email": settings.school_email or "",
		},
		signatory=decider(doc, settings),
		letter_date=getdate(doc.decided_on or today()),
		reference=doc.name,
		recipient_address=postal_address(doc.guardian, doc.student),
	)


def decider(doc, settings) -> dict:
	"""Who decided, by name and role, to sign the letter; the school's signatory before a decision."""
	if not doc.decided_by:
		return {"name": settings.signatory_name or "", "role": settings.signatory_role or ""}
	roles = set(frappe.get_roles(doc.decided_by))
	if "Headteacher" in roles:
		role = _("Headteacher")
	elif "Head of Year" in roles:
		role = _("Head of Year {0}").format(doc.year_group) if doc.year_group else _("Head of Year")
	else:
		role = settings.signatory_role or ""
	name = frappe.db.get_value("User", doc.decided_by, "full_name") or doc.decided_by
	return {"name": name, "role": role}


def postal_address(guardian: str | None, student: str | None) -> list[str]:
	"""The parent's postal address (the rule: letters.recipients.postal_addresses)."""
	return postal_addresses([(guardian, student)])[(guardian, student)]


def send_decision_letter(doc) -> str:
	"""E-mail the decision letter to the requesting guardian and log it; returns the log's name."""
	kind = letter_type(doc.status)
	recipient = frappe.db.get_value("Guardian", doc.guardian, "email_address")
	html = letter_html(doc, kind)  # not frappe.get_print: it commits (letters/log.py)
	emailed = False
	if recipient:
		try:
			frappe.sendmail(
				recipients=[recipient],
				subject=_("Leave of absence for {0}: {1}").format(doc.student_name, _(doc.decision or kind)),
				message=html,
				reference_doctype=LOA,
				reference_name=doc.name,
			)
			emailed = True
		except frappe.OutgoingEmailError:
			# No outgoing Email Account yet: the decision stands; the letter is posted instead.
			frappe.clear_last_message()
	figures = {
		"possible_sessions": doc.possible_sessions,
		"attended_sessions": doc.attended_sessions,
		"attendance_percent": doc.attendance_percent,
		"unauthorised_sessions": doc.unauthorised_sessions,
		"sessions_requested": doc.sessions_requested,
		"sessions_approved": doc.sessions_approved,
		"decision": doc.decision,
	}
	log = record_letter(
		student=doc.student,
		guardian=doc.guardian,
		letter_type=kind,
		figures=figures,
		sent_via="Email" if emailed else "Post",
		recipient=recipient or "",
		reference_doctype=LOA,
		reference_name=doc.name,
	)
	if not emailed:
		frappe.msgprint(
			_(
				"The letter was not e-mailed to {0}: they have no e-mail address, or the site has no "
				"outgoing Email Account. Print the letter from this request and post it."
			).format(doc.guardian_name or doc.guardian),
			title=_("Letter not e-mailed"),
		)
	return log
