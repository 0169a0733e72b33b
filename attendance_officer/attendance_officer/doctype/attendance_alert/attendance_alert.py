# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Alert: what the daily escalation job raised (attendance_officer.absence.tasks).

``alert_key`` is unique, so running the job twice raises nothing twice. Marking the
alert Done closes the ToDos it gave.
"""

import frappe
from frappe.model.document import Document


class AttendanceAlert(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action_taken: DF.SmallText | None
		addressed_to: DF.Data | None
		alert_date: DF.Date
		alert_key: DF.Data
		alert_type: DF.Literal[
			"Unresolved N",
			"Home visit",
			"Unauthorised 10 days",
			"Sickness 15 days",
			"Safeguarding absence",
			"Missing 20 days",
		]
		details: DF.SmallText | None
		from_date: DF.Date | None
		status: DF.Literal["Open", "Done"]
		student: DF.Link
		student_name: DF.Data | None
		to_date: DF.Date | None
	# end: auto-generated types

	def on_update(self):
		if self.status == "Done" and self.has_value_changed("status"):
			self.close_todos()

	def close_todos(self):
		frappe.db.set_value(
			"ToDo",
			{"reference_type": self.doctype, "reference_name": self.name, "status": "Open"},
			"status",
			"Closed",
		)
