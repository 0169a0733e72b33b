# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Register Reminder Log: what the unmarked-register job sent, so it never sends twice.

One row per registration group, date and session (a unique index, and the name built
from the same three values). Written only by registers.jobs.remind_unmarked_registers.
"""

import frappe
from frappe.model.document import Document
from frappe.utils import getdate


class RegisterReminderLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		date: DF.Date
		recipients: DF.SmallText | None
		sent_at: DF.Datetime | None
		session: DF.Literal["AM", "PM"]
		student_group: DF.Link
		unmarked: DF.Int
	# end: auto-generated types

	def autoname(self):
		self.name = f"{self.student_group}-{getdate(self.date).isoformat()}-{self.session}"


def on_doctype_update():
	frappe.db.add_unique(
		"Register Reminder Log", ["student_group", "date", "session"], constraint_name="unique_group_session"
	)
