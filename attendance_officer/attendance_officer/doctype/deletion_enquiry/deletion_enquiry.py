# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Deletion Enquiry: a reasonable enquiry made to locate a pupil (Roll Deletion, ground (i))."""

from frappe.model.document import Document


class DeletionEnquiry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		enquiry_date: DF.Date
		made_by: DF.Data
		outcome: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		with_local_authority: DF.Check
		with_whom: DF.Data | None
	# end: auto-generated types

	pass
