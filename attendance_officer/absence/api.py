"""Desk endpoints for absence records and contacts (each opens with a permission check)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, get_datetime, getdate

from attendance_officer.engine.absence import suggested_code

REASON_GIVEN = "Reason given"
VIA = {"Call": "Phone", "Text": "Text", "Email": "Email", "Letter": "Letter", "Meeting": "In person"}


@frappe.whitelist(methods=["POST"])
def make_absence_record(contact: str) -> str:
	"""A draft Absence Record pre-filled from a contact that got a reason; its name.

	The contact's date is the absence's (the whole day, AM to PM); the officer adjusts the
	range before submitting. The contact links to the record, so a second click opens it
	instead of making another.
	"""
	frappe.has_permission("Absence Record", "create", throw=True)
	doc = frappe.get_doc("Attendance Contact", contact)
	doc.check_permission("write")
	if doc.absence_record:
		return doc.absence_record
	if doc.outcome != REASON_GIVEN or not doc.reason_given:
		frappe.throw(
			_(
				"Contact {0} has no reason given. Set the outcome to Reason given and choose the reason first."
			).format(escape_html(doc.name)),
			title=_("No reason to record"),
		)
	day = getdate(get_datetime(doc.contact_on))
	record = frappe.get_doc(
		{
			"doctype": "Absence Record",
			"student": doc.student,
			"from_date": day,
			"from_session": "AM",
			"to_date": day,
			"to_session": "PM",
			"reason": doc.reason_given,
			"attendance_code": suggested_code(doc.reason_given),
			"reported_by": doc.guardian,
			"reported_via": VIA.get(doc.contact_type),
			"reported_on": doc.contact_on,
			"notes": doc.details,
		}
	).insert()
	doc.db_set("absence_record", record.name)
	return record.name


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def guardian_query(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict | None = None
):
	"""The pupil's guardians for a Guardian link picker (only the pupil's, by contact priority)."""
	frappe.has_permission("Student", "read", (filters or {}).get("student") or None, throw=True)
	student = (filters or {}).get("student")
	if not student:
		return []
	return frappe.db.sql(
		"""SELECT sg.`guardian`, sg.`guardian_name`
		FROM `tabStudent Guardian` sg
		WHERE sg.`parent` = %(student)s AND sg.`parenttype` = 'Student' AND sg.`parentfield` = 'guardians'
			AND (sg.`guardian` LIKE %(txt)s OR sg.`guardian_name` LIKE %(txt)s)
		ORDER BY IF(IFNULL(sg.`contact_priority`, 0) > 0, sg.`contact_priority`, 999), sg.`idx`
		LIMIT %(start)s, %(page_len)s""",
		{"student": student, "txt": f"%{txt}%", "start": int(start), "page_len": int(page_len)},
	)
