"""Who a pupil's guardians are: Education's Student Guardian rows (with our contact fields).

A guardian named on an absence record or a contact must be one of the pupil's (frappe-
education-baseline.md b.1: contact fields are per relationship, on Student Guardian).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, get_link_to_form


class NotPupilsGuardianError(frappe.ValidationError):
	"""The guardian named is not on the pupil's guardian table."""


def is_guardian_of(student: str, guardian: str) -> bool:
	return bool(
		frappe.db.exists(
			"Student Guardian",
			{"parent": student, "parenttype": "Student", "parentfield": "guardians", "guardian": guardian},
		)
	)


def check_guardian_of(student: str, guardian: str | None, label: str) -> None:
	"""Throw NotPupilsGuardianError when ``guardian`` is set and is not ``student``'s guardian.

	``label`` is the field's label, already translated by the caller.
	"""
	if guardian and student and not is_guardian_of(student, guardian):
		frappe.throw(
			_(
				"{0}: {1} is not one of this pupil's guardians. Choose a guardian listed on {2}, "
				"or add them to the pupil's guardians first."
			).format(label, escape_html(guardian), get_link_to_form("Student", student)),
			title=_("Not the pupil's guardian"),
			exc=NotPupilsGuardianError,
		)
