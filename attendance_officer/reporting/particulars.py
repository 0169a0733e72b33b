"""A pupil's particulars as the LA returns print them: address and parents with their numbers."""

from __future__ import annotations

from attendance_officer.absence.calling import guardians_of


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
	found = {}
	for student, rows in guardians_of(students).items():
		parts = []
		for row in rows:
			contact = ", ".join(x for x in (row.mobile_number, row.email_address) if x)
			relation = f" ({row.relation})" if row.relation else ""
			parts.append(f"{row.name or ''}{relation}{': ' + contact if contact else ''}")
		found[student] = "; ".join(parts)
	return found
