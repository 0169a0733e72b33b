# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""A member of staff a pack is sent to (Attendance Settings)."""

from frappe.model.document import Document


class AttendanceRecipientUser(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		user: DF.Link
	# end: auto-generated types

	pass
