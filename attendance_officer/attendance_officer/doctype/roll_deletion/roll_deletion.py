# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Roll Deletion: a pupil's name taken off the admission register on a regulation 9 ground.

Source: ../shared/domain/uk-attendance-rules.md section 4 (the grounds (a) to (o), EHE,
ground (i)'s 20 school days of G/N/O). The ground's conditions are the rules core's
(engine.roll.deletion_problems), the register's facts are read by registers.roll. On submit
the pupil's Date of Leaving (Education's own field: their last day on roll) becomes the
deletion date, so no register, first-day list or unmarked-register report expects them after
it; their record and marks are kept (6-year retention). Cancel puts back exactly the Date and
Reason for Leaving they had. (Not named "Deletion from Roll": Frappe's list query refuses a
doctype name holding " from ", which it reads as SQL.)
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from attendance_officer.engine.roll import GROUNDS, DeletionFacts, deletion_problems
from attendance_officer.registers.roll import gno_days, last_present

STUDENT = "Student"


class RollDeletion(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from attendance_officer.attendance_officer.doctype.deletion_enquiry.deletion_enquiry import (
			DeletionEnquiry,
		)

		amended_from: DF.Link | None
		deletion_date: DF.Date
		destination: DF.Data | None
		ehe_notice: DF.Attach | None
		ehe_notice_date: DF.Date | None
		enquiries: DF.Table[DeletionEnquiry]
		gno_days: DF.Int
		ground: DF.Literal[
			"(a) Registered at another school",
			"(b) Nursery, not continuing into reception",
			"(c) Dual registered, the other school consents",
			"(d) School attendance order names another school",
			"(e) School attendance order revoked",
			"(f) Elective home education (written notice)",
			"(g) No longer lives within reasonable distance",
			"(h) Not returned after leave of absence",
			"(i) 20 school days G/N/O, not located",
			"(j) Detained under a sentence",
			"(k) Died",
			"(l) Over compulsory school age, not staying on",
			"(m) Boarding fees unpaid",
			"(n) Left an independent or non-maintained special school",
			"(o) Permanently excluded",
		]
		ground_summary: DF.SmallText | None
		la_consent: DF.Check
		la_consent_date: DF.Date | None
		last_present: DF.Date | None
		leave_request: DF.Link | None
		naming_series: DF.Literal["DFR-.YYYY.-"]
		notes: DF.SmallText | None
		previous_date_of_leaving: DF.Date | None
		previous_reason_for_leaving: DF.SmallText | None
		student: DF.Link
		student_name: DF.Data | None
		year_group: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.set_ground_summary()
		self.check_no_other_deletion()
		self.set_register_facts()
		self.check_ground()

	def on_submit(self):
		self.take_off_roll()

	def on_cancel(self):
		self.put_back_on_roll()

	@property
	def ground_letter(self) -> str:
		return (self.ground or "")[1:2]

	def set_ground_summary(self):
		self.ground_summary = _(GROUNDS[self.ground_letter]) if self.ground_letter in GROUNDS else ""

	def check_no_other_deletion(self):
		"""One deletion in force per pupil: cancel the other before recording a new one."""
		other = frappe.db.get_value(
			self.doctype, {"student": self.student, "docstatus": 1, "name": ("!=", self.name)}, "name"
		)
		if other:
			frappe.throw(
				_(
					"{0} is already deleted from roll by {1}. Cancel that record first to record another ground or date."
				).format(frappe.bold(self.student_name or self.student), frappe.bold(other)),
				title=_("Already off roll"),
			)

	def set_register_facts(self):
		"""The last present mark and, for ground (i), the G/N/O run up to the deletion date."""
		self.last_present = last_present(self.student)
		self.gno_days = (
			gno_days(self.student, getdate(self.deletion_date)) if self.ground_letter == "i" else 0
		)

	def check_ground(self):
		settings = frappe.get_cached_doc("Attendance Settings")
		facts = DeletionFacts(
			ground=self.ground_letter,
			deletion_date=getdate(self.deletion_date),
			last_present=getdate(self.last_present) if self.last_present else None,
			date_of_birth=getdate(dob)
			if (dob := frappe.db.get_value(STUDENT, self.student, "date_of_birth"))
			else None,
			ehe_notice_date=getdate(self.ehe_notice_date) if self.ehe_notice_date else None,
			ehe_notice_attached=bool(self.ehe_notice),
			special_school=bool(settings.get("special_school")),
			la_consent=bool(self.la_consent),
			gno_days=self.gno_days or 0,
			joint_enquiries=sum(1 for row in self.enquiries if row.with_local_authority),
			leave_not_returned=bool(self.leave_request and self.leave_request_is_this_pupils()),
		)
		if problems := deletion_problems(facts):
			frappe.throw(
				_("This deletion cannot be recorded yet:")
				+ "<ul>"
				+ "".join(f"<li>{p}</li>" for p in problems)
				+ "</ul>",
				title=_("Ground {0} not met").format(self.ground),
			)

	def leave_request_is_this_pupils(self) -> bool:
		return frappe.db.get_value("Leave of Absence Request", self.leave_request, "student") == self.student

	def take_off_roll(self):
		before = frappe.db.get_value(
			STUDENT, self.student, ["date_of_leaving", "reason_for_leaving"], as_dict=True
		)
		self.db_set(
			{
				"previous_date_of_leaving": before.date_of_leaving,
				"previous_reason_for_leaving": before.reason_for_leaving,
			}
		)
		frappe.db.set_value(
			STUDENT,
			self.student,
			{
				"date_of_leaving": self.deletion_date,
				"reason_for_leaving": _("Deleted from roll ({0}): {1}").format(self.name, self.ground),
			},
		)

	def put_back_on_roll(self):
		frappe.db.set_value(
			STUDENT,
			self.student,
			{
				"date_of_leaving": self.previous_date_of_leaving,
				"reason_for_leaving": self.previous_reason_for_leaving,
			},
		)
