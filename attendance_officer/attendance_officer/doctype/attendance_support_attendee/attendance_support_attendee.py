# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

from frappe.model.document import Document


class AttendanceSupportAttendee(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attended: DF.Check
		attendee_name: DF.Data | None
		guardian: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		role: DF.Data | None
		user: DF.Link | None
	# end: auto-generated types

	pass
