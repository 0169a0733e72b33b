"""Guard against Education's leave cancellation cancelling records it did not create.

Education version-15 ``StudentLeaveApplication.cancel_attendance`` (student_leave_application.py)
sets docstatus 2 on EVERY Student Attendance of the pupil in the leave's date range,
including records the application never created: our register mirrors, the Student
Attendance Tool's records (frappe-education-baseline.md b.1, hazard). Its
``update_attendance`` on submit also overwrites the status of existing records.

Wired in hooks.py (doc_events run after the controller's own method, frappe/model/
document.py ``Document.hook``):
- ``before_cancel``: note every live record in the range that the application did not
  create, with its docstatus. Created by the application = linked to it through
  ``leave_application`` AND created at or after its submission (records it merely updated
  existed before and carry an older ``creation``).
- ``on_cancel`` (after Education's cancel_attendance): put those records' docstatus back,
  then mirror the pupil's morning marks in the range again, so our records show the
  register's status rather than the one the leave wrote, and any record the leave created
  and took away is replaced for marks that still need one.
"""

from __future__ import annotations

import frappe
from frappe.model.document import Document
from frappe.utils import get_datetime

from attendance_officer.registers.write import link_mirrors

FLAG = "attendance_officer_kept_records"


def before_cancel(doc: Document, method: str | None = None) -> None:
	"""Remember the records in the leave's range that the leave did not create."""
	submitted_at = get_datetime(frappe.db.get_value(doc.doctype, doc.name, "modified"))
	rows = frappe.db.sql(
		"""SELECT `name`, `docstatus`, `leave_application`, `creation` FROM `tabStudent Attendance`
		WHERE `student` = %s AND `date` BETWEEN %s AND %s AND `docstatus` < 2""",
		(doc.student, doc.from_date, doc.to_date),
		as_dict=True,
	)
	doc.flags[FLAG] = [
		(row.name, row.docstatus)
		for row in rows
		if not (row.leave_application == doc.name and get_datetime(row.creation) >= submitted_at)
	]


def on_cancel(doc: Document, method: str | None = None) -> None:
	"""Restore what Education's cancel_attendance cancelled but did not create; re-mirror marks."""
	kept = doc.flags.get(FLAG) or []
	for docstatus in (0, 1):
		names = [name for name, status in kept if status == docstatus]
		if names:
			frappe.db.sql(
				"""UPDATE `tabStudent Attendance` SET `docstatus` = %s,
					`leave_application` = IF(`leave_application` = %s, NULL, `leave_application`)
				WHERE `name` IN %s""",
				(docstatus, doc.name, names),
			)
	marks = frappe.db.sql(
		"""SELECT `name`, `student`, `student_name`, `registration_group`, `date`, `session`,
			`attendance_code` AS `code`
		FROM `tabAttendance Mark`
		WHERE `student` = %s AND `session` = 'AM' AND `date` BETWEEN %s AND %s""",
		(doc.student, doc.from_date, doc.to_date),
		as_dict=True,
	)
	if marks:
		link_mirrors(marks)
