"""Get-or-create factories for the absence tests: guardians on a pupil's guardian table."""

from __future__ import annotations

import frappe

from attendance_officer.tests.factories import student_users_skipped


def make_guardian(name: str, **fields) -> str:
	"""A Guardian called ``name`` (the get-or-create key)."""
	found = frappe.db.get_value("Guardian", {"guardian_name": name}, "name")
	if found:
		if fields:
			frappe.db.set_value("Guardian", found, fields)
		return found
	return (
		frappe.get_doc({"doctype": "Guardian", "guardian_name": name, **fields})
		.insert(ignore_permissions=True)
		.name
	)


def add_guardian(student: str, guardian: str, **row) -> None:
	"""Put ``guardian`` on ``student``'s guardian table (row fields: contact_priority, do_not_contact...)."""
	doc = frappe.get_doc("Student", student)
	existing = next((r for r in doc.guardians if r.guardian == guardian), None)
	if existing:
		existing.update(row)
	else:
		doc.append("guardians", {"guardian": guardian, "relation": "Mother", **row})
	with student_users_skipped():
		doc.save(ignore_permissions=True)
