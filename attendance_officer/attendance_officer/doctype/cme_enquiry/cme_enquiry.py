# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""CME Enquiry: the reasonable enquiries made to locate a child missing education.

Source: ../shared/domain/uk-attendance-rules.md section 4 ("Children missing education and
absence returns"; ground (i) of reg 9). Opened by the escalation job once a pupil's absence
without a known reason reaches the days set in Attendance Settings (absence.tasks), from
the First Day Calling list, or by hand. It records each enquiry (contacts, home visits,
other schools and agencies, the LA), the referral to the LA and the outcome; the record's
rules are the rules core's (engine.roll.cme_problems). Its status follows what it holds.
A pupil has one enquiry open at a time. A Roll Deletion under ground (i) reads the joint
enquiries from here. Only the safeguarding roles (Attendance Officer, DSL, Headteacher) read
it: it lists home visits and police checks. Never deleted (6-year retention): there is no delete permission.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from attendance_officer.engine.roll import CmeFacts, cme_problems
from attendance_officer.registers.roll import last_present

OPEN, REFERRED, CLOSED = "Open", "Referred to LA", "Closed"


class CMEEnquiry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from attendance_officer.attendance_officer.doctype.cme_reasonable_enquiry.cme_reasonable_enquiry import (
			CMEReasonableEnquiry,
		)

		absent_since: DF.Date
		attendance_alert: DF.Link | None
		enquiries: DF.Table[CMEReasonableEnquiry]
		la_officer: DF.Data | None
		la_reference: DF.Data | None
		la_referred_on: DF.Date | None
		la_response: DF.SmallText | None
		last_present: DF.Date | None
		naming_series: DF.Literal["CME-.YYYY.-"]
		opened_from: DF.Literal["By hand", "Escalation", "First-day calling"]
		opened_on: DF.Date
		outcome: DF.Literal[
			"",
			"Returned to school",
			"Registered at another school",
			"Elective home education",
			"Moved to another local authority",
			"Left England",
			"Not located (deletion ground (i))",
			"Other",
		]
		outcome_date: DF.Date | None
		outcome_notes: DF.SmallText | None
		registration_group: DF.Link | None
		status: DF.Literal["Open", "Referred to LA", "Closed"]
		student: DF.Link
		student_name: DF.Data | None
		year_group: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.set_last_present()
		self.check_record()
		self.set_status()
		self.check_one_open_enquiry()

	def set_last_present(self):
		self.last_present = last_present(self.student)

	def check_record(self):
		problems = cme_problems(
			CmeFacts(
				absent_since=getdate(self.absent_since),
				opened_on=getdate(self.opened_on),
				today=getdate(),
				enquiry_dates=tuple(getdate(row.enquiry_date) for row in self.enquiries if row.enquiry_date),
				joint_enquiries=sum(1 for row in self.enquiries if row.with_local_authority),
				la_referred_on=getdate(self.la_referred_on) if self.la_referred_on else None,
				outcome=self.outcome or "",
				outcome_date=getdate(self.outcome_date) if self.outcome_date else None,
			)
		)
		if problems:
			frappe.throw(
				_("This enquiry cannot be saved yet:")
				+ "<ul>"
				+ "".join(f"<li>{frappe.utils.escape_html(p)}</li>" for p in problems)
				+ "</ul>",
				title=_("CME enquiry not saved"),
			)

	def set_status(self):
		self.status = CLOSED if self.outcome else (REFERRED if self.la_referred_on else OPEN)

	def check_one_open_enquiry(self):
		"""One open enquiry per pupil: add to it rather than start a second."""
		if self.status == CLOSED:
			return
		other = frappe.db.get_value(
			self.doctype,
			{"student": self.student, "status": ("!=", CLOSED), "name": ("!=", self.name)},
			"name",
		)
		if other:
			frappe.throw(
				_("{0} already has an open CME enquiry, {1}. Record the enquiries there.").format(
					frappe.bold(self.student_name or self.student), frappe.bold(other)
				),
				title=_("Enquiry already open"),
			)
