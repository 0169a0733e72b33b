"""Guard against Education's leave submit and cancel changing records they did not create.

Education version-15 ``StudentLeaveApplication`` (student_leave_application.py):
- ``update_attendance`` (on_submit) overwrites ``status`` and ``leave_application`` of every
  existing Student Attendance of the pupil in the leave's range: our register mirrors, the
  Student Attendance Tool's records;
- ``cancel_attendance`` (on_cancel) sets docstatus 2 on EVERY record in the range, including
  records the application never created (frappe-education-baseline.md b.1, hazard).

Wired in hooks.py. frappe/model/document.py ``Document.run_method`` runs the controller's
method first, then the doc_events (``Document.hook``); ``before_submit`` runs before any
``on_submit``, so the snapshot is taken before Education writes anything:
- ``before_submit``: keep (name, status, docstatus, leave_application) of every live record in
  the range in a Leave Application Snapshot row (our own doctype, one per application:
  durable between submit and cancel, unlike a cache key or a flag);
- ``before_cancel``: note every live record in the range that the application did not create,
  with its docstatus. Created by the application = linked to it through ``leave_application``
  and not in its snapshot (without a snapshot, for leave submitted before it existed: created
  at or after its submission);
- ``on_cancel`` (after Education's cancel_attendance): put those records' docstatus back, give
  the snapshotted records their status and leave_application back, then mirror the pupil's
  morning marks in the range again, so our records show the register's status and any
  record the leave created and took away is replaced for marks that still need one.
"""

from __future__ import annotations

import json

import frappe
from frappe.model.document import Document
from frappe.utils import get_datetime

from attendance_officer.registers.write import link_mirrors

FLAG = "attendance_officer_kept_records"
SNAPSHOT = "Leave Application Snapshot"


def records_in_range(doc: Document) -> list[frappe._dict]:
	return frappe.db.sql(
		"""SELECT `name`, `status`, `docstatus`, `leave_application`, `creation` FROM `tabStudent Attendance`
		WHERE `student` = %s AND `date` BETWEEN %s AND %s AND `docstatus` < 2""",
		(doc.student, doc.from_date, doc.to_date),
		as_dict=True,
	)


def before_submit(doc: Document, method: str | None = None) -> None:
	"""Keep the status of every record Education's update_attendance is about to overwrite."""
	records = [
		{
			"name": row.name,
			"status": row.status,
			"docstatus": row.docstatus,
			"leave_application": row.leave_application,
		}
		for row in records_in_range(doc)
	]
	if frappe.db.exists(SNAPSHOT, doc.name):
		frappe.db.set_value(SNAPSHOT, doc.name, "records", json.dumps(records), update_modified=False)
		return
	frappe.get_doc(
		{
			"doctype": SNAPSHOT,
			"leave_application": doc.name,
			"student": doc.student,
			"records": json.dumps(records),
		}
	).insert(ignore_permissions=True)


def snapshot_records(doc: Document) -> list[dict] | None:
	"""The records kept on submit, or None for a leave submitted before snapshots existed."""
	stored = frappe.db.get_value(SNAPSHOT, doc.name, "records")
	return json.loads(stored) if stored else None


def before_cancel(doc: Document, method: str | None = None) -> None:
	"""Remember the records in the leave's range that the leave did not create."""
	rows = records_in_range(doc)
	snapshot = snapshot_records(doc)
	if snapshot is not None:
		existed = {record["name"] for record in snapshot}
		doc.flags[FLAG] = [
			(row.name, row.docstatus)
			for row in rows
			if row.name in existed or row.leave_application != doc.name
		]
		return
	submitted_at = get_datetime(frappe.db.get_value(doc.doctype, doc.name, "modified"))
	doc.flags[FLAG] = [
		(row.name, row.docstatus)
		for row in rows
		if not (row.leave_application == doc.name and get_datetime(row.creation) >= submitted_at)
	]


def on_cancel(doc: Document, method: str | None = None) -> None:
	"""Restore what Education's leave changed but did not create; re-mirror the marks."""
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
	restore_statuses(doc, {name for name, _ in kept})
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


def restore_statuses(doc: Document, kept: set[str]) -> None:
	"""Give the snapshotted records (still live) the status and leave link they had on submit."""
	groups: dict[tuple[str, str | None], list[str]] = {}
	for record in snapshot_records(doc) or []:
		if record["name"] in kept:
			groups.setdefault((record["status"], record.get("leave_application")), []).append(record["name"])
	for (status, leave_application), names in groups.items():
		frappe.db.sql(
			"""UPDATE `tabStudent Attendance` SET `status` = %s, `leave_application` = %s
			WHERE `name` IN %s AND `docstatus` < 2""",
			(status, leave_application, names),
		)
