# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""A role a daily list is sent to (Attendance Settings)."""

from frappe.model.document import Document


class AttendanceRecipientRole(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		role: DF.Link
	# end: auto-generated types

	pass
