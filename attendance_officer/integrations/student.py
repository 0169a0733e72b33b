"""Education's Student, extended for England: UPN checks on save, leaving only by Roll Deletion.

Wired in hooks.py as ``doc_events["Student"]["validate"]``; Education's own Student
controller stays untouched. The UPN rules (13 characters, known LA number, DfE check
letter) live in engine/upn.py (../shared/domain/uk-attendance-rules.md section 5, "Unique
Pupil Number").
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_link_to_form, getdate

from attendance_officer.engine.upn import upn_error, validate_upn


class InvalidUPNError(frappe.ValidationError):
	"""A UPN that is not in the DfE format or has the wrong check letter."""


class DuplicateUPNError(frappe.ValidationError):
	"""A UPN already given to another pupil."""


def validate(doc: Document, method: str | None = None) -> None:
	"""Student validate hook: a UPN, when entered, is valid and belongs to one pupil only; a
	pupil leaves the roll only through a Roll Deletion."""
	check_upn(doc)
	check_upn_unused(doc)
	check_leaving_through_deletion(doc)


CORRECTS_LEAVING = frozenset({"System Manager", "Headteacher"})  # may correct a wrong date by hand


def check_leaving_through_deletion(doc: Document) -> None:
	"""The Date of Leaving takes a pupil off every register, so it is set (and put back) by a Roll
	Deletion, whose ground the regulations require; a new record may bring its own, and a System
	Manager (or a Headteacher, where the school lets them edit pupils) may correct a wrong one
	(an imported leaver, say) by hand."""
	if doc.is_new() or CORRECTS_LEAVING & set(frappe.get_roles()):
		return
	before = doc.get_doc_before_save()
	was = (
		before.get("date_of_leaving")
		if before
		else frappe.db.get_value("Student", doc.name, "date_of_leaving")
	)
	now = doc.get("date_of_leaving")
	if (getdate(was) if was else None) == (getdate(now) if now else None):
		return
	frappe.throw(
		_(
			"A pupil leaves the roll through a Roll Deletion (the ground, the date and the evidence), "
			"not by editing the Date of Leaving. Put the date back and record a Roll Deletion, or ask a "
			"System Manager to correct a date that is wrong."
		),
		title=_("Record a Roll Deletion"),
	)


def check_upn(doc: Document) -> None:
	"""Refuse a malformed UPN; store a valid one in its compact form (no spaces, upper case)."""
	if not doc.get("upn"):
		return
	if error := upn_error(doc.upn):
		frappe.throw(
			_("UPN {0}: {1}").format(doc.upn, _(error)),
			title=_("UPN not valid"),
			exc=InvalidUPNError,
		)
	doc.upn = validate_upn(doc.upn)


def check_upn_unused(doc: Document) -> None:
	"""A UPN identifies one pupil for life, so no two Student records may share it."""
	if not doc.get("upn"):
		return
	other = frappe.db.get_value("Student", {"upn": doc.upn, "name": ("!=", doc.name or "")}, "name")
	if other:
		frappe.throw(
			_(
				"UPN {0} already belongs to {1}. Check the number, or open that record if it is the same pupil."
			).format(doc.upn, get_link_to_form("Student", other)),
			title=_("UPN already used"),
			exc=DuplicateUPNError,
		)
