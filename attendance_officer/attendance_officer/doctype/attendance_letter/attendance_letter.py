# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Letter: the log of a letter sent to a parent, with the figures it quoted."""

from frappe.model.document import Document


class AttendanceLetter(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		figures: DF.JSON | None
		guardian: DF.Link | None
		letter_type: DF.Literal[
			"Leave Approved",
			"Leave Declined",
			"Notice to Improve",
			"LA Evidence Pack",
			"Witness Statement",
			"Meeting Minutes",
			"Attendance Contract",
			"Stage 1",
			"Stage 2",
			"Stage 3",
			"Medical Evidence Request",
			"Improvement",
			"Certificate",
		]
		override_reason: DF.SmallText | None
		reason: DF.SmallText | None
		recipient: DF.Data | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		sent_on: DF.Datetime | None
		sent_via: DF.Literal["Email", "Post", "Portal", "By hand"]
		student: DF.Link
		student_name: DF.Data | None
	# end: auto-generated types

	pass
