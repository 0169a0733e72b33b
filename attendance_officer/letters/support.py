"""A support meeting's documents: the minutes and the attendance contract, sent and logged.

Two print formats on Attendance Support Meeting (standard module files) call the jinja
method ``meeting_letter`` for plain values and include the shared templates
(templates/letters/meeting_minutes.html, attendance_contract.html). ``send_meeting_letter``
renders one to PDF, e-mails it to the parent who came (unless they prefer letters) or logs
it as posted, through the one letter path (letters/log.py). The figures are those kept on
the meeting (the rules core's, on the day); this module only reads the record.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_fullname, getdate

from attendance_officer.engine.support_letters import FAMILY, SCHOOL, contract_context, minutes_context
from attendance_officer.letters.log import send_letter
from attendance_officer.letters.penalty import (
	guardian_email,
	refuse,
	refuse_do_not_contact,
	school,
	signatory,
)

DOCTYPE = "Attendance Support Meeting"
MINUTES = "Support Meeting Minutes"
CONTRACT = "Attendance Contract"
KINDS = (MINUTES, CONTRACT)
LETTER_TYPES = {MINUTES: "Meeting Minutes", CONTRACT: "Attendance Contract"}


def meeting_letter(name: str, kind: str) -> dict:
	"""Jinja method: the context of document ``kind`` for meeting ``name`` (the caller must be
	able to read the meeting)."""
	if kind not in KINDS:
		refuse(_("{0} is not a support meeting document.").format(kind))
	doc = frappe.get_doc(DOCTYPE, name)
	doc.check_permission("read")
	return BUILDERS[kind](doc)


@frappe.whitelist(methods=["POST"])
def send_meeting_letter(name: str, kind: str) -> dict:
	"""Send document ``kind`` of meeting ``name`` to the parent who came, and log it."""
	frappe.has_permission(DOCTYPE, "write", doc=name, throw=True)
	doc = frappe.get_doc(DOCTYPE, name)
	if kind not in KINDS:
		refuse(_("{0} is not a support meeting document.").format(kind))
	if doc.docstatus != 1:
		refuse(_("Submit the minutes first: only a finished record goes to the family."))
	context = BUILDERS[kind](doc)
	guardian = parent_of(doc)
	if not guardian:
		refuse(
			_(
				"No parent or carer with parental responsibility is recorded as attending: "
				"add them under Who Was There first."
			)
		)
	refuse_do_not_contact(
		frappe._dict(
			student=doc.student,
			student_name=doc.student_name,
			guardian=guardian["guardian"],
			guardian_name=guardian["name"],
		)
	)
	sent = send_letter(
		doc=doc,
		print_format=kind,
		student=doc.student,
		guardian=guardian["guardian"],
		letter_type=LETTER_TYPES[kind],
		figures={
			"possible": doc.possible_sessions,
			"attending": doc.attended_sessions,
			"attendance": doc.attendance_percent,
			"band": doc.band,
			"target": doc.attendance_target,
			"review_date": doc.review_date,
			"actions": len(context.get("actions") or context.get("family_commitments", [])),
		},
		email_to=guardian_email(guardian["guardian"], doc.student),
		subject=_("{0}: {1}").format(_(kind), doc.student_name),
		message=_("Please find attached the {0} from our meeting about {1} on {2}.").format(
			_(kind).lower(), doc.student_name, frappe.format(doc.meeting_date, "Date")
		),
		post_to=guardian["name"],
	)
	return {"letter": sent["letter"], "emailed": sent["emailed"]}


def parent_of(doc) -> dict | None:
	"""The first parent or carer recorded as attending who has parental responsibility for the
	pupil (the one the documents go to), as the portal and the ladder require (review finding
	10); one marked do-not-contact is refused by the caller, with that reason."""
	allowed = set(
		frappe.get_all(
			"Student Guardian",
			filters={
				"parent": doc.student,
				"parenttype": "Student",
				"parental_responsibility": 1,
			},
			pluck="guardian",
		)
	)
	for row in doc.attendees:
		if row.guardian and row.attended and row.guardian in allowed:
			return {"guardian": row.guardian, "name": row.attendee_name or row.guardian}
	return None


# ---------------------------------------------------------------- contexts


def actions_of(doc) -> list[dict]:
	"""Actions a member of staff is responsible for are the school's; the rest the family's."""
	return [
		{
			"action": row.action,
			"by": row.owner_name or (get_fullname(row.assigned_to) if row.assigned_to else ""),
			"due_date": getdate(row.due_date) if row.due_date else None,
			"status": row.status,
			"side": SCHOOL if row.assigned_to else FAMILY,
		}
		for row in doc.actions
	]


def figures_of(doc) -> dict:
	"""The figures kept on the meeting: possible and attended (the documents quote no more)."""
	attending, possible = doc.attended_sessions or 0, doc.possible_sessions or 0
	return {"possible": possible, "attending": attending, "authorised": 0, "unauthorised": 0}


def period_of(doc) -> tuple:
	end = getdate(doc.figures_to or doc.meeting_date)
	return (getdate(doc.figures_from or end), end)


def minutes(doc) -> dict:
	settings = frappe.get_cached_doc("Attendance Settings")
	return minutes_context(
		pupil={"name": doc.student_name, "year_group": doc.year_group},
		meeting_type=doc.meeting_type,
		meeting_date=getdate(doc.meeting_date),
		reference=doc.name,
		attendees=[{"name": r.attendee_name, "role": r.role, "attended": r.attended} for r in doc.attendees],
		barriers=[{"category": r.category, "detail": r.detail} for r in doc.barriers],
		actions=actions_of(doc),
		figures=figures_of(doc),
		figures_period=period_of(doc),
		target=doc.attendance_target,
		review_date=getdate(doc.review_date) if doc.review_date else None,
		outcome=doc.outcome or "",
		next_step=doc.next_step or "",
		school=school(settings),
		signatory=signatory(settings),
	)


def contract(doc) -> dict:
	if doc.meeting_type != "Attendance contract":
		refuse(_("An attendance contract is made at a meeting of type Attendance contract."))
	settings = frappe.get_cached_doc("Attendance Settings")
	parent = parent_of(doc)
	return contract_context(
		pupil={"name": doc.student_name, "year_group": doc.year_group},
		parent_name=parent["name"] if parent else "",
		meeting_date=getdate(doc.meeting_date),
		reference=doc.name,
		barriers=[{"category": r.category, "detail": r.detail} for r in doc.barriers],
		actions=actions_of(doc),
		figures=figures_of(doc),
		figures_period=period_of(doc),
		target=doc.attendance_target,
		review_date=getdate(doc.review_date) if doc.review_date else None,
		school=school(settings),
		signatory=signatory(settings),
	)


BUILDERS = {MINUTES: minutes, CONTRACT: contract}
