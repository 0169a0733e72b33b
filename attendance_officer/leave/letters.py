"""Decision letters for Leave of Absence Request: context, e-mail, and the letter log.

The print formats "Leave Approved" and "Leave Declined" (standard module files) call the
jinja method ``leave_letter`` for plain values, then include the shared template
templates/letters/leave_decision.html (style.md section 4). On a decision the letter is
rendered through the print format, e-mailed to the requesting guardian and logged as an
Attendance Letter with the figures it quoted.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from attendance_officer.engine.leave_decision import DECISION_OF_STATE, leave_letter_context

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
		school={"name": settings.school_name or ""},
		signatory={"name": settings.signatory_name or "", "role": settings.signatory_role or ""},
		letter_date=getdate(doc.decided_on or today()),
	)


def send_decision_letter(doc) -> str:
	"""E-mail the decision letter to the requesting guardian and log it; returns the log's name."""
	kind = letter_type(doc.status)
	recipient = frappe.db.get_value("Guardian", doc.guardian, "email_address")
	html = frappe.get_print(LOA, doc.name, print_format=kind, doc=doc)
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
	log = frappe.get_doc(
		{
			"doctype": "Attendance Letter",
			"student": doc.student,
			"guardian": doc.guardian,
			"letter_type": kind,
			"figures": json.dumps(figures),
			"sent_on": now_datetime(),
			"sent_via": "Email" if emailed else "Post",
			"recipient": recipient or "",
			"reference_doctype": LOA,
			"reference_name": doc.name,
		}
	).insert(ignore_permissions=True)
	if not emailed:
		frappe.msgprint(
			_(
				"The letter was not e-mailed to {0}: they have no e-mail address, or the site has no "
				"outgoing Email Account. Print the letter from this request and post it."
			).format(doc.guardian_name or doc.guardian),
			title=_("Letter not e-mailed"),
		)
	return log.name
