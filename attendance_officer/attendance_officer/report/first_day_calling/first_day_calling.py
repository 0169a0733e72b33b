# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""First Day Calling: whom to ring about today's unexplained absences, in what order.

One row per pupil with N or no mark for the date and session (absence.calling): guardians
in contact-priority order without the do-not-contact ones, their numbers, school days absent
in a row, contacts already logged that day, and (for roles that may read them) the CP / CIN /
CLA flags. Safeguarding flags first, then the longest absence (engine.first_day.calling_order).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from attendance_officer.absence.calling import calling_list, may_read_safeguarding
from attendance_officer.absence.cme import first_day_offers

FILTERS = ("date", "session", "student_group")
SESSIONS = ("AM", "PM")


def execute(filters: dict | None = None):
	filters = frappe._dict({k: v for k, v in (filters or {}).items() if k in FILTERS and v})
	day = getdate(filters.date) if filters.date else getdate()
	session = filters.session if filters.session in SESSIONS else "AM"
	show_flags = may_read_safeguarding()
	callees = calling_list(
		day, session, filters.student_group, with_flags=show_flags, pupils_of=frappe.session.user
	)
	data = [row(c, show_flags) for c in callees]
	if show_cme := frappe.has_permission("CME Enquiry", "read"):
		offers = first_day_offers([r["student"] for r in data], day)
		for r in data:
			r["cme_enquiry"] = offers[r["student"]]["enquiry"]
			r["cme_absent_since"] = offers[r["student"]]["absent_since"]
	summary = [
		{
			"value": len(data),
			"label": _("Pupils to call about"),
			"indicator": "Red" if data else "Green",
			"datatype": "Int",
		},
		{
			# A reason given waits to be recorded; a pupil with a CP plan or a child in need is
			# still called (safeguarding first), whatever the draft says.
			"value": sum(
				1
				for c in callees
				if not c.contacts_today and not (c.reported and not (c.entry.cp or c.entry.cin))
			),
			"label": _("Not contacted yet"),
			"indicator": "Orange",
			"datatype": "Int",
		},
		{
			"value": sum(1 for c in callees if c.reported),
			"label": _("Reason given, to record"),
			"indicator": "Blue",
			"datatype": "Int",
		},
	]
	message = _(
		"Pupils with N or no mark this session. Call the guardians in the order shown (do-not-contact "
		"guardians are left out), log each call with Log contact, and record the reason as an Absence Record. "
		"Where a reason has been given (Reason Given), check and submit its draft Absence Record instead of calling."
	)
	return columns(show_flags, show_cme), data, message, None, summary


def number(guardian) -> str:
	return " / ".join(filter(None, (guardian.mobile_number, guardian.alternate_number))) or _("no number")


def reported_text(reported) -> str:
	"""'Parent reported (Portal): Illness' for a draft Absence Record covering the session."""
	if not reported:
		return ""
	by_parent = reported.reported_by or reported.reported_via == "Portal"
	reason = _(reported.reason) if reported.reason else _("no reason given")
	if reported.reported_via:
		text = _("Parent reported ({0}): {1}") if by_parent else _("Reported ({0}): {1}")
		return text.format(_(reported.reported_via), reason)
	return (_("Parent reported: {0}") if by_parent else _("Reported: {0}")).format(reason)


def row(callee, show_flags: bool) -> dict:
	first = callee.guardians[0] if callee.guardians else None
	data = {
		"student": callee.entry.student,
		"student_name": callee.entry.name,
		"registration_group": callee.registration_group,
		"code": callee.code or _("no mark"),
		"days_absent": callee.entry.days_absent,
		"guardian": first.guardian if first else None,
		"guardian_name": first.name if first else _("No guardian to call"),
		"phone": number(first) if first else "",
		"other_contacts": "; ".join(f"{g.name}: {number(g)}" for g in callee.guardians[1:]),
		"contacts_today": callee.contacts_today,
		"last_outcome": callee.last_outcome,
		"log_contact": callee.entry.student,
		"reported": reported_text(callee.reported),
		"absence_record": callee.reported.record if callee.reported else None,
	}
	if show_flags:
		e = callee.entry
		data["safeguarding"] = " ".join(
			label for flag, label in ((e.cp, _("CP")), (e.cin, _("CIN")), (e.cla, _("CLA"))) if flag
		)
	return data


def columns(show_flags: bool, show_cme: bool = False) -> list[dict]:
	cols = [
		{"label": _("Name"), "fieldname": "student_name", "fieldtype": "Data", "width": 170},
		{"label": _("Log"), "fieldname": "log_contact", "fieldtype": "Data", "width": 100},
		{"label": _("Mark"), "fieldname": "code", "fieldtype": "Data", "width": 70},
		{"label": _("Days Absent"), "fieldname": "days_absent", "fieldtype": "Int", "width": 90},
		{"label": _("Reason Given"), "fieldname": "reported", "fieldtype": "Data", "width": 200},
	]
	if show_flags:
		cols.append(
			{"label": _("Safeguarding"), "fieldname": "safeguarding", "fieldtype": "Data", "width": 110}
		)
	if show_cme:
		cols.append({"label": _("CME"), "fieldname": "cme_enquiry", "fieldtype": "Data", "width": 160})
	cols += [
		{"label": _("Call First"), "fieldname": "guardian_name", "fieldtype": "Data", "width": 140},
		{"label": _("Number"), "fieldname": "phone", "fieldtype": "Data", "width": 170},
		{"label": _("Then"), "fieldname": "other_contacts", "fieldtype": "Data", "width": 220},
		{"label": _("Contacts Today"), "fieldname": "contacts_today", "fieldtype": "Int", "width": 80},
		{"label": _("Last Outcome"), "fieldname": "last_outcome", "fieldtype": "Data", "width": 120},
		{
			"label": _("Group"),
			"fieldname": "registration_group",
			"fieldtype": "Link",
			"options": "Student Group",
			"width": 110,
		},
		{
			"label": _("Student"),
			"fieldname": "student",
			"fieldtype": "Link",
			"options": "Student",
			"width": 150,
		},
		{
			"label": _("Guardian"),
			"fieldname": "guardian",
			"fieldtype": "Link",
			"options": "Guardian",
			"width": 140,
		},
		{
			"label": _("Absence Record"),
			"fieldname": "absence_record",
			"fieldtype": "Link",
			"options": "Absence Record",
			"width": 140,
		},
	]
	return cols
