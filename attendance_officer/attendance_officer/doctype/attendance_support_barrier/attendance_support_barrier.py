# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

from frappe.model.document import Document


class AttendanceSupportBarrier(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Literal[
			"Health",
			"SEND",
			"Mental health",
			"Bullying",
			"Transport",
			"Family circumstances",
			"Young carer",
			"Housing",
			"Other",
		]
		detail: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types

	pass
