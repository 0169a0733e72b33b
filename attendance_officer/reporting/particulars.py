"""A pupil's particulars as the LA returns print them: identifiers, address, parents and numbers."""

from __future__ import annotations

import frappe
from frappe import _

from attendance_officer.absence.calling import guardians_of


def particulars_of(students: list[str]) -> dict[str, frappe._dict]:
	"""{student: UPN, date of birth, sex, NC year and address} for ``students`` (one query)."""
	if not students:
		return {}
	return {
		p.name: p
		for p in frappe.db.sql(
			"""SELECT `name`, `upn`, `date_of_birth`, `gender`, `nc_year`, `address_line_1`, `address_line_2`,
				`city`, `pincode` FROM `tabStudent` WHERE `name` IN %(students)s""",
			{"students": list(students)},
			as_dict=True,
		)
	}


def address_of(pupil) -> str:
	"""Education's Student address on one line."""
	return ", ".join(
		x
		for x in (
			pupil.get("address_line_1"),
			pupil.get("address_line_2"),
			pupil.get("city"),
			pupil.get("pincode"),
		)
		if x
	)


def parents_text(students: list[str]) -> dict[str, str]:
	"""{student: "Jo Smith (Mother): 07700 900123, jo@example.org; ..."} in contact order (one query)."""
	if not students:
		return {}
	return {student: describe_parents(rows) for student, rows in guardians_of(students).items()}


def describe_parents(rows) -> str:
	"""A pupil's guardian rows (absence.calling.guardians_of) as one line, in contact order; a
	parent marked do-not-contact is named with "do not contact" and no number (the LA is told
	the parent exists, not how to reach them)."""
	parts = []
	for row in sorted(rows, key=lambda r: r.contact_priority or 99):
		relation = f" ({row.relation})" if row.relation else ""
		if row.do_not_contact:
			parts.append(f"{row.name or ''}{relation}: " + _("do not contact"))
			continue
		contact = ", ".join(x for x in (row.mobile_number, row.email_address) if x)
		parts.append(f"{row.name or ''}{relation}{': ' + contact if contact else ''}")
	return "; ".join(parts)


def reachable(row) -> bool:
	"""A guardian row with a number or email, or marked do-not-contact (nothing more to record)."""
	return bool(row.do_not_contact or row.mobile_number or row.alternate_number or row.email_address)
