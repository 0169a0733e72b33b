# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""A year group and its Head of Year (Attendance Settings), who decides that year's leave."""

from frappe.model.document import Document


class AttendanceHeadofYear(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		user: DF.Link
		year_group: DF.Literal["7", "8", "9", "10", "11", "12", "13"]
	# end: auto-generated types

	pass
