# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Contact: a call, message or visit about a pupil's absence, and what came of it.

First-day calling and its escalation (../shared/domain/uk-attendance-rules.md section 6:
call the main contact, then other contacts, a home visit, a safe and well check). A
contact that got a reason becomes a draft Absence Record in one click
(attendance_officer.absence.api.make_absence_record).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from attendance_officer.absence.guardians import check_guardian_of

REASON_GIVEN = "Reason given"


class AttendanceContact(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		absence_record: DF.Link | None
		contact_on: DF.Datetime
		contact_type: DF.Literal[
			"Call", "Text", "Email", "Home visit", "Safe and well check", "Letter", "Meeting"
		]
		details: DF.SmallText | None
		follow_up_needed: DF.Check
		guardian: DF.Link | None
		guardian_name: DF.Data | None
		naming_series: DF.Literal["ACL-.YYYY.-"]
		outcome: DF.Literal[
			"Reason given", "No answer", "Message left", "Wrong number", "Contact made no reason", "Seen safe"
		]
		reason_given: DF.Literal[
			"",
			"Illness",
			"Medical or dental appointment",
			"Religious observance",
			"Exceptional circumstances",
			"Holiday not authorised",
			"Unknown",
			"Other",
		]
		student: DF.Link
		student_name: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.check_guardian()
		self.check_reason()

	def check_guardian(self):
		check_guardian_of(self.student, self.guardian, _("Guardian Contacted"))

	def check_reason(self):
		if self.outcome == REASON_GIVEN and not self.reason_given:
			frappe.throw(
				_("The outcome is Reason given: choose the reason the guardian gave."),
				title=_("Reason missing"),
			)
		if self.outcome != REASON_GIVEN and self.reason_given:
			self.reason_given = None
