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

from attendance_officer.engine.roll import (
	GNO,
	GROUNDS,
	MAIN_DUAL,
	NOT_LOCATED,
	SUBSIDIARY_DUAL,
	DeletionFacts,
	deletion_problems,
)
from attendance_officer.registers.roll import gno_run, last_present, marks_after

STUDENT = "Student"
CME = "CME Enquiry"
APPROVED = ("Approved", "Partly Approved")
NEEDS_DESTINATION = frozenset("acd")  # grounds whose deletion return names the new school


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
		cme_enquiry: DF.Link | None
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
		other_school_consent: DF.Check
		other_school_consent_date: DF.Date | None
		previous_date_of_leaving: DF.Date | None
		previous_reason_for_leaving: DF.SmallText | None
		student: DF.Link
		student_name: DF.Data | None
		year_group: DF.Data | None
	# end: auto-generated types

	def validate(self):
		if not (self.student and self.ground and self.deletion_date):
			return  # Frappe's mandatory check says what is missing
		self.set_ground_summary()
		self.check_no_other_deletion()
		self.check_dates()
		self.set_register_facts()
		self.link_cme_enquiry()
		self.check_ground()

	def before_submit(self):
		self.lock_pupil()
		self.check_no_other_deletion()
		self.check_evidence_attached()

	def on_submit(self):
		self.take_off_roll()

	def on_cancel(self):
		self.check_pupil_unchanged()
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

	def check_dates(self):
		"""On roll on the deletion date (admitted, not already left), and not after today but for
		home education, whose parent's notice may name a later date."""
		pupil = frappe.db.get_value(
			STUDENT, self.student, ["admission_date", "date_of_leaving"], as_dict=True
		)
		day = getdate(self.deletion_date)
		if (
			pupil.date_of_leaving
			and not self.is_this_deletion(pupil.date_of_leaving)
			and self.another_deletion_set_it()
		):
			frappe.throw(
				_(
					"{0} already has a Date of Leaving ({1}): they are not on roll after it. If that date is wrong, "
					"ask a System Manager to correct it on the pupil's record, then record the deletion."
				).format(frappe.bold(self.student_name or self.student), pupil.date_of_leaving),
				title=_("Already off roll"),
			)
		if pupil.admission_date and day < getdate(pupil.admission_date):
			frappe.throw(
				_(
					"The deletion date {0} is before the pupil's admission ({1}). Correct the deletion date."
				).format(day, pupil.admission_date),
				title=_("Deletion date not valid"),
			)
		if day > getdate() and self.ground_letter != "f":
			frappe.throw(
				_(
					"The deletion date {0} is after today. Record the deletion on or after the day the ground "
					"is met (only home education may be recorded ahead, from the parent's notice)."
				).format(day),
				title=_("Deletion date not valid"),
			)

	def another_deletion_set_it(self) -> bool:
		"""A Date of Leaving no Roll Deletion wrote (an imported leaver) may be replaced by one, which
		keeps it to put back on cancel; one a submitted deletion wrote may not."""
		reason = frappe.db.get_value(STUDENT, self.student, "reason_for_leaving") or ""
		return bool(
			frappe.db.exists(
				self.doctype, {"student": self.student, "docstatus": 1, "name": ("!=", self.name)}
			)
		) or reason.startswith(_("Deleted from roll ("))

	def is_this_deletion(self, date_of_leaving) -> bool:
		return self.docstatus == 1 and getdate(date_of_leaving) == getdate(self.deletion_date)

	def set_register_facts(self):
		"""The last present mark and, for ground (i), the G/N/O run up to the deletion date."""
		self.last_present = last_present(self.student)
		self.gno_days = 0
		self._run = None
		if self.ground_letter == "i":
			self._run = gno_run(self.student, getdate(self.deletion_date))
			self.gno_days = self._run.school_days if self._run else 0

	def check_ground(self):
		settings = frappe.get_cached_doc("Attendance Settings")
		day = getdate(self.deletion_date)
		pupil = frappe.db.get_value(
			STUDENT, self.student, ["date_of_birth", "enrolment_status"], as_dict=True
		)
		facts = DeletionFacts(
			ground=self.ground_letter,
			deletion_date=day,
			last_present=getdate(self.last_present) if self.last_present else None,
			date_of_birth=getdate(pupil.date_of_birth) if pupil.date_of_birth else None,
			ehe_notice_date=getdate(self.ehe_notice_date) if self.ehe_notice_date else None,
			ehe_notice_attached=bool(self.ehe_notice),
			special_school=bool(settings.get("special_school")) or settings.get("school_phase") == "Special",
			la_consent=bool(self.la_consent and self.la_consent_date),
			gno_days=self.gno_days or 0,
			joint_enquiries=self.joint_enquiries_in_the_run(day),
			leave_not_returned=self.leave_not_returned_from(day),
			dual_registered=pupil.enrolment_status in (MAIN_DUAL, SUBSIDIARY_DUAL),
			other_school_consent=bool(self.other_school_consent and self.other_school_consent_date),
		)
		problems = deletion_problems(facts) + self.own_problems(day)
		if problems:
			frappe.throw(
				_("This deletion cannot be recorded yet:")
				+ "<ul>"
				+ "".join(f"<li>{p}</li>" for p in problems)
				+ "</ul>",
				title=_("Ground {0} not met").format(self.ground),
			)

	def joint_enquiries_in_the_run(self, day) -> int:
		"""Enquiries made with the LA during the absence, from the run's first day to the deletion:
		on this record and on the pupil's CME Enquiry."""
		start = self._run.start if getattr(self, "_run", None) else day
		rows = [*self.enquiries, *self.cme_enquiry_rows()]
		return sum(
			1
			for row in rows
			if row.with_local_authority and row.enquiry_date and start <= getdate(row.enquiry_date) <= day
		)

	def link_cme_enquiry(self):
		"""The pupil's CME Enquiry: for ground (i), when none is linked, the one that found them
		not located, else their latest; one of another pupil's is refused, whatever the ground."""
		if self.ground_letter == "i" and not self.cme_enquiry:
			self.cme_enquiry = frappe.db.get_value(
				CME, {"student": self.student, "outcome": NOT_LOCATED}, "name", order_by="creation desc"
			) or frappe.db.get_value(CME, {"student": self.student}, "name", order_by="creation desc")
		if self.cme_enquiry and frappe.db.get_value(CME, self.cme_enquiry, "student") != self.student:
			frappe.throw(
				_("CME Enquiry {0} is not {1}'s. Link this pupil's enquiry.").format(
					frappe.bold(self.cme_enquiry), frappe.bold(self.student_name or self.student)
				),
				title=_("CME enquiry not this pupil's"),
			)

	def cme_enquiry_rows(self) -> list:
		"""The linked CME Enquiry's enquiries (ground (i))."""
		if self.ground_letter != "i" or not self.cme_enquiry:
			return []
		return frappe.get_all(
			"CME Reasonable Enquiry",
			filters={"parent": self.cme_enquiry, "parenttype": CME},
			fields=["enquiry_date", "with_local_authority"],
		)

	def leave_not_returned_from(self, day) -> bool:
		"""(h): an approved leave of this pupil's that ended before the deletion date."""
		if self.ground_letter != "h" or not self.leave_request:
			return False
		leave = frappe.db.get_value(
			"Leave of Absence Request",
			self.leave_request,
			["student", "status", "to_date", "approved_to_date", "docstatus"],
			as_dict=True,
		)
		if not leave or leave.student != self.student:
			frappe.throw(
				_(
					"Leave request {0} is not {1}'s. Link the leave of absence this pupil did not return from."
				).format(frappe.bold(self.leave_request), frappe.bold(self.student_name or self.student)),
				title=_("Leave request not this pupil's"),
			)
		ended = leave.approved_to_date or leave.to_date
		return leave.docstatus == 1 and leave.status in APPROVED and bool(ended) and getdate(ended) < day

	def own_problems(self, day) -> list[str]:
		"""What the record itself must hold: the destination for the grounds that name one, and for
		a past-dated ground (i), no mark after the deletion date that is not G, N or O."""
		problems = []
		if self.ground_letter in NEEDS_DESTINATION and not (self.destination or "").strip():
			problems.append(_("Enter the destination school: the deletion return names it."))
		if self.ground_letter == "i":
			later = [code for code in marks_after(self.student, day) if code and code not in GNO]
			if later:
				problems.append(
					_(
						"The register has codes {0} after the deletion date: the pupil was seen or a reason is known. "
						"Ground (i) does not apply."
					).format(", ".join(sorted(later)))
				)
		return problems

	def check_evidence_attached(self):
		"""(f): the written notice is a file attached to this record, not a link typed in."""
		if self.ground_letter != "f":
			return
		if not frappe.db.exists(
			"File",
			{"file_url": self.ehe_notice, "attached_to_doctype": self.doctype, "attached_to_name": self.name},
		):
			frappe.throw(
				_(
					"Attach the parent's written notice to this record (Parent's Written Notice) before submitting."
				),
				title=_("Written notice missing"),
			)

	def lock_pupil(self):
		"""Hold the pupil's row until this transaction ends: two deletions submitted at once
		cannot both pass the check for another deletion."""
		frappe.db.get_value(STUDENT, self.student, "name", for_update=True)

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
			{"date_of_leaving": self.deletion_date, "reason_for_leaving": self.reason_written()},
		)
		self.note_on_pupil(
			_("Deleted from roll by {0} ({1}); last day on roll {2}.").format(
				self.name, self.ground, self.deletion_date
			)
		)

	def reason_written(self) -> str:
		return _("Deleted from roll ({0}): {1}").format(self.name, self.ground)

	def check_pupil_unchanged(self):
		"""Cancel puts back what submit changed only if nobody has changed it since."""
		now = frappe.db.get_value(
			STUDENT, self.student, ["date_of_leaving", "reason_for_leaving"], as_dict=True
		)
		same_date = bool(now.date_of_leaving) and getdate(now.date_of_leaving) == getdate(self.deletion_date)
		if not same_date or (now.reason_for_leaving or "") != self.reason_written():
			self.refuse_cancel()

	def refuse_cancel(self):
		frappe.throw(
			_(
				"{0}'s Date or Reason for Leaving has been changed since this deletion was recorded, so cancelling "
				"cannot put back what was there before. Correct the pupil's record by hand, then cancel."
			).format(frappe.bold(self.student_name or self.student)),
			title=_("Pupil changed since"),
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
		self.note_on_pupil(_("Deletion {0} cancelled: back on roll.").format(self.name))

	def note_on_pupil(self, text: str):
		"""The pupil's timeline says what the deletion did (the Student itself is written without a save)."""
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Info",
				"reference_doctype": STUDENT,
				"reference_name": self.student,
				"content": text,
			}
		).insert(ignore_permissions=True)
