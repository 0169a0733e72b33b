# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

from frappe.model.document import Document


class AttendanceSupportAction(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action: DF.SmallText
		assigned_to: DF.Link | None
		done_on: DF.Date | None
		due_date: DF.Date
		owner_name: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		status: DF.Literal["Open", "Done", "Not done"]
		todo: DF.Link | None
	# end: auto-generated types

	pass
