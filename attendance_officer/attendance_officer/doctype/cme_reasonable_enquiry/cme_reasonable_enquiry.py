# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""CME Reasonable Enquiry: one enquiry made to locate a child missing education (CME Enquiry)."""

from frappe.model.document import Document


class CMEReasonableEnquiry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		enquiry_date: DF.Date
		enquiry_type: DF.Literal[
			"Call or message to a contact",
			"Home visit",
			"Other schools",
			"Social care or early help",
			"Police",
			"Health",
			"Housing or other agency",
			"Local authority CME officer",
			"Other",
		]
		made_by: DF.Data
		outcome: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		with_local_authority: DF.Check
		with_whom: DF.Data | None
	# end: auto-generated types

	pass
