# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Penalty Notice Referral: one parent, one child, the sessions counted, the notice's terms.

Rules: ../shared/domain/uk-attendance-rules.md section 3 (2024 National Framework). Each
rule is one call into the rules core: compulsory school age (engine.school_age), the
improvement period (engine.penalty_notices.improvement_period_error), the notice's number,
amounts and due dates and the 3rd-notice refusal (engine.penalty_notices.notice_terms),
deemed receipt by post (engine.penalty_notices.deemed_received, England's bank holidays
from the ``holidays`` package).

Sessions are captured once, from the G, N, O and U marks in the chosen range, and kept as
they were coded then; a mark changed since is shown on the referral, never silently
re-counted. The same session is counted for the same parent and child in one referral at a
time (withdrawn and cancelled referrals excepted); each liable parent has their own referral.
Issue, receipt, payment and outcome are usually recorded after submit: the same steps run
then (before_update_after_submit). A notice served keeps its number and amounts.
"""

from __future__ import annotations

import frappe
import holidays
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, flt, getdate

from attendance_officer.engine.codes import PENALTY
from attendance_officer.engine.penalty_notices import (
	EarlierNotice,
	NoticeOrderError,
	ThirdNoticeError,
	amounts_due,
	deemed_received,
	improvement_period_error,
	notice_terms,
)
from attendance_officer.engine.roll import on_main_register
from attendance_officer.engine.school_age import of_compulsory_school_age
from attendance_officer.registers.calendar import school_calendar

DOCTYPE = "Penalty Notice Referral"
WITHDRAWN = "Withdrawn"
HOLIDAY = "Unauthorised holiday in term time"
AWAITING = "Awaiting Authorisation"
AUTHORISED_STAGES = ("Notice to Improve", "Referred to LA")
ISSUED_STAGES = ("Issued", "Paid", "Unpaid", "Prosecution", "Closed")
TERMS = ("notice_number", "lower_amount", "lower_amount_due_by", "full_amount", "full_amount_due_by")


class PenaltyNoticeError(frappe.ValidationError):
	"""A referral the framework or the school's records do not allow; nothing was saved."""


class PenaltyNoticeReferral(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from attendance_officer.attendance_officer.doctype.penalty_notice_session.penalty_notice_session import (
			PenaltyNoticeSession,
		)
		from attendance_officer.attendance_officer.doctype.penalty_notice_support_meeting.penalty_notice_support_meeting import (
			PenaltyNoticeSupportMeeting,
		)

		amended_from: DF.Link | None
		amount_paid: DF.Currency
		authorised_by: DF.Link | None
		basis: DF.Literal[
			"Unauthorised holiday in term time",
			"Threshold of unauthorised absence",
			"Notice to improve not met",
		]
		court_date: DF.Date | None
		court_outcome: DF.Literal["", "Guilty plea", "Convicted", "Acquitted", "Withdrawn"]
		currency: DF.Link | None
		fine_amount: DF.Currency
		full_amount: DF.Currency
		full_amount_due_by: DF.Date | None
		guardian: DF.Link
		guardian_name: DF.Data | None
		improvement_criteria: DF.SmallText | None
		improvement_period_ends: DF.Date | None
		issued_on: DF.Date | None
		la_reference: DF.Data | None
		lower_amount: DF.Currency
		lower_amount_due_by: DF.Date | None
		naming_series: DF.Literal["PNR-.YYYY.-"]
		notice_number: DF.Int
		notice_to_improve_issued_on: DF.Date | None
		outcome: DF.Literal["", "Paid at lower rate", "Paid in full", "Unpaid: prosecution", "Withdrawn"]
		paid_on: DF.Date | None
		parenting_order: DF.Check
		receipt_deemed: DF.Check
		received_on: DF.Date | None
		referred_to_la_on: DF.Date | None
		sessions: DF.Table[PenaltyNoticeSession]
		sessions_changed: DF.SmallText | None
		sessions_from: DF.Date | None
		sessions_to: DF.Date | None
		status: DF.Literal[
			"Draft",
			"Awaiting Authorisation",
			"Notice to Improve",
			"Referred to LA",
			"Issued",
			"Paid",
			"Unpaid",
			"Prosecution",
			"Closed",
			"Withdrawn",
		]
		student: DF.Link
		student_name: DF.Data | None
		support_meetings: DF.TableMultiSelect[PenaltyNoticeSupportMeeting]
		support_offered: DF.SmallText | None
		withdrawn_reason: DF.SmallText | None
		year_group: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.lock_parent_and_child()
		self.check_main_register()
		self.check_compulsory_school_age()
		self.check_liable_parent()
		self.capture_sessions()
		self.check_sessions_are_the_registers()
		self.check_sessions_not_counted_elsewhere()
		self.check_improvement_period()
		self.check_support_meetings()
		self.set_notice()
		self.check_stage()

	def before_update_after_submit(self):
		"""Issue, receipt, payment and outcome recorded after submit: the same checks apply."""
		self.lock_parent_and_child()
		self.check_stays_withdrawn()
		self.check_compulsory_school_age()
		self.set_notice()
		self.check_stage()

	def check_stays_withdrawn(self):
		"""A withdrawn referral has freed its sessions; it is not brought back."""
		before = self.get_doc_before_save()
		if before and before.outcome == WITHDRAWN and self.outcome != WITHDRAWN:
			self.refuse(
				_("This referral was withdrawn. Start a new referral if a notice is needed after all.")
			)

	def set_notice(self):
		self.set_received_on()
		self.set_notice_terms()
		self.check_payment()
		self.check_withdrawal()
		self.set_sessions_changed()

	# ------------------------------------------------------------ check_* / set_* steps

	def lock_parent_and_child(self):
		"""Two referrals for the same parent saved at once wait for each other (notice numbers,
		sessions counted once): the Guardian row is locked for the rest of the transaction."""
		frappe.db.get_value("Guardian", self.guardian, "name", for_update=True)

	def check_main_register(self):
		"""Penalty work is the main school's: not for a subsidiary dual or a guest pupil."""
		status = frappe.db.get_value("Student", self.student, "enrolment_status")
		if not on_main_register(status):
			self.refuse(
				_(
					"{0}'s enrolment status here is {1}: their main school's register decides penalty "
					"notices. Tell the main school about the absences instead."
				).format(self.pupil(), frappe.bold(_(status)))
			)

	def check_compulsory_school_age(self):
		"""Penalty notices are for parents of pupils of compulsory school age only (s444)."""
		born = frappe.db.get_value("Student", self.student, "date_of_birth")
		on = getdate(self.issued_on or self.sessions_to or frappe.utils.today())
		of_age = of_compulsory_school_age(getdate(born) if born else None, on)
		if of_age is None:
			self.refuse(
				_(
					"Enter {0}'s date of birth on the Student record: a penalty notice is only for a pupil "
					"of compulsory school age."
				).format(self.pupil())
			)
		if not of_age:
			self.refuse(
				_(
					"{0} is not of compulsory school age on {1}, so no penalty notice can be issued. "
					"Do not save this referral; offer support instead."
				).format(self.pupil(), on.isoformat())
			)

	def check_liable_parent(self):
		"""The guardian is on the pupil's guardians with parental responsibility."""
		if not frappe.db.exists(
			"Student Guardian",
			{
				"parent": self.student,
				"parenttype": "Student",
				"guardian": self.guardian,
				"parental_responsibility": 1,
			},
		):
			self.refuse(
				_(
					"{0} is not recorded with parental responsibility for {1}. Tick Parental Responsibility "
					"on the pupil's guardian row, or choose the liable parent."
				).format(escape_html(self.guardian_name or self.guardian or "?"), self.pupil())
			)

	def capture_sessions(self):
		"""While a draft: the pupil's G/N/O/U sessions in the chosen range, as coded when the
		range was set; a later save keeps them, so a mark changed since shows as a difference.
		Sessions on days the pupil was not of compulsory school age are not counted."""
		before = self.get_doc_before_save()  # None for a new record
		if not (self.sessions_from and self.sessions_to):
			self.set("sessions", [])  # sessions come only from the register, for a range
			if self.basis != HOLIDAY and self.issued_on:
				self.refuse(
					_("Choose the range of sessions this notice counts (Count Sessions From and To).")
				)
			return
		start, end = getdate(self.sessions_from), getdate(self.sessions_to)
		if start > end:
			self.refuse(
				_("Count Sessions From is after Count Sessions To; choose a range that runs forwards.")
			)
		if (
			before
			and before.sessions
			and (str(before.sessions_from), str(before.sessions_to))
			== (
				str(start),
				str(end),
			)
		):
			# The range is unchanged: the sessions stay as captured, whatever the client sent.
			self.set("sessions", [row.as_dict(no_default_fields=True) for row in before.sessions])
			return
		born = frappe.db.get_value("Student", self.student, "date_of_birth")
		self.set("sessions", [])
		for mark in frappe.get_all(
			"Attendance Mark",
			filters={
				"student": self.student,
				"date": ("between", [start, end]),
				"attendance_code": ("in", sorted(PENALTY)),
			},
			fields=["name", "date", "session", "attendance_code"],
			order_by="date, session",
		):
			if born and of_compulsory_school_age(getdate(born), getdate(mark.date)) is False:
				continue
			self.append(
				"sessions",
				{"date": mark.date, "session": mark.session, "code": mark.attendance_code, "mark": mark.name},
			)
		if not self.sessions:
			self.refuse(
				_("{0} has no G, N, O or U sessions between those dates; choose the range again.").format(
					self.pupil()
				)
			)

	def check_sessions_are_the_registers(self):
		"""Every counted session is this pupil's mark for its own date and session (one query):
		the table is filled from the register, never typed in."""
		if not self.sessions:
			return
		names = [r.mark for r in self.sessions if r.mark]
		found = (
			{
				m.name: m
				for m in frappe.get_all(
					"Attendance Mark",
					filters={"name": ("in", names)},
					fields=["name", "student", "date", "session"],
				)
			}
			if names
			else {}
		)

		def genuine(row) -> bool:
			mark = found.get(row.mark)
			return (
				bool(mark)
				and mark.student == self.student
				and (getdate(mark.date), mark.session)
				== (
					getdate(row.date),
					row.session,
				)
			)

		if not all(genuine(r) for r in self.sessions):
			self.refuse(
				_(
					"Sessions are taken from the register: choose Count Sessions From and To instead of "
					"adding rows by hand."
				)
			)

	def check_sessions_not_counted_elsewhere(self):
		"""A session counts for this parent and child in one standing referral only."""
		keys = [(getdate(r.date), r.session) for r in self.sessions]
		if not keys:
			return
		rows = frappe.db.sql(
			"""SELECT s.`date`, s.`session`, r.`name` FROM `tabPenalty Notice Session` s
			JOIN `tabPenalty Notice Referral` r ON r.`name` = s.`parent` AND s.`parenttype` = %(doctype)s
			WHERE r.`student` = %(student)s AND r.`guardian` = %(guardian)s AND r.`name` != %(name)s
				AND r.`docstatus` < 2 AND r.`status` != %(withdrawn)s
				AND IFNULL(r.`outcome`, '') != %(withdrawn)s AND s.`date` IN %(dates)s
			FOR UPDATE""",
			{
				"doctype": DOCTYPE,
				"student": self.student,
				"guardian": self.guardian,
				"name": self.name or "",
				"withdrawn": WITHDRAWN,
				"dates": sorted({d for d, _s in keys}),
			},
			as_dict=True,
		)
		taken = {(getdate(r.date), r.session): r.name for r in rows}
		clashes = [f"{d.isoformat()} {s} ({taken[(d, s)]})" for d, s in keys if (d, s) in taken]
		if clashes:
			shown = ", ".join(clashes[:10]) + (
				_(" and {0} more").format(len(clashes) - 10) if len(clashes) > 10 else ""
			)
			self.refuse(
				_(
					"These sessions are already counted in another referral for this parent and child: {0}. "
					"Choose another range, or withdraw the other referral."
				).format(shown)
			)

	def check_improvement_period(self):
		if not self.notice_to_improve_issued_on:
			return
		if not self.improvement_period_ends:
			self.refuse(
				_("Enter when the improvement period ends (3 to 6 school weeks after the notice to improve).")
			)
		issued, ends = getdate(self.notice_to_improve_issued_on), getdate(self.improvement_period_ends)
		if error := improvement_period_error(issued, ends, school_calendar(issued, max(issued, ends))):
			self.refuse(_(error))

	def check_support_meetings(self):
		"""Each support meeting named is this pupil's, and its minutes are submitted."""
		names = [row.meeting for row in self.support_meetings]
		if not names:
			return
		found = {
			m.name: m
			for m in frappe.get_all(
				"Attendance Support Meeting",
				filters={"name": ("in", names)},
				fields=["name", "student", "docstatus"],
			)
		}
		for row in self.support_meetings:
			meeting = found.get(row.meeting)
			if not meeting or meeting.student != self.student:
				self.refuse(
					_("Support meeting {0} is not one of {1}'s meetings: remove it.").format(
						escape_html(row.meeting), self.pupil()
					)
				)
			if meeting.docstatus != 1:
				self.refuse(
					_("Support meeting {0} has no submitted minutes: submit or remove it.").format(
						escape_html(row.meeting)
					)
				)

	def set_received_on(self):
		"""Blank receipt: deemed received on the 2nd working day after posting; recomputed when
		the issue date changes, unless the receipt date was entered."""
		before = self.get_doc_before_save()  # None for a new record
		if before and self.received_on and str(before.received_on or "") != str(self.received_on):
			self.receipt_deemed = 0  # a receipt date entered by hand is kept
		elif before and self.receipt_deemed and str(before.issued_on or "") != str(self.issued_on or ""):
			self.received_on = None
		if not self.issued_on:
			self.received_on, self.receipt_deemed = None, 0
		elif not self.received_on:
			issued = getdate(self.issued_on)
			bank = holidays.country_holidays("GB", subdiv="ENG", years=[issued.year, issued.year + 1])
			self.received_on, self.receipt_deemed = deemed_received(issued, set(bank)), 1

	def set_notice_terms(self):
		"""The notice's number, amounts and due dates; a 3rd within 3 years is refused. A notice
		served keeps its terms: a later withdrawal of an earlier notice does not turn a 2nd
		notice already received into a 1st."""
		if not self.issued_on:
			for field in TERMS:
				self.set(field, None)
			return
		before = self.get_doc_before_save()  # None for a new record
		if before and before.notice_number and str(before.issued_on) == str(self.issued_on):
			# A notice served keeps its number and amounts; only the due dates follow a corrected
			# receipt date (the order and cap checks ran when it was first issued).
			self.notice_number = before.notice_number
			lower, lower_due, full, full_due = amounts_due(before.notice_number, getdate(self.received_on))
			self.lower_amount, self.lower_amount_due_by = lower, lower_due
			self.full_amount, self.full_amount_due_by = full, full_due
			return
		try:
			terms = notice_terms(getdate(self.issued_on), getdate(self.received_on), self.earlier_notices())
		except (ThirdNoticeError, NoticeOrderError) as refused:
			self.refuse(_(str(refused)))
		except ValueError as wrong:
			self.refuse(_(str(wrong)))
		self.notice_number = terms.number
		self.lower_amount = terms.lower_amount
		self.lower_amount_due_by = terms.lower_due_by
		self.full_amount = terms.full_amount
		self.full_amount_due_by = terms.full_due_by

	def check_payment(self):
		if self.paid_on and not self.issued_on:
			self.refuse(_("A notice is paid only after it is issued: enter the date it was issued first."))
		if self.paid_on and getdate(self.paid_on) < getdate(self.issued_on):
			self.refuse(_("Paid On is before the notice was issued; check the dates."))
		if flt(self.amount_paid) < 0:
			self.refuse(_("Amount Paid cannot be negative."))

	def check_withdrawal(self):
		if self.outcome == WITHDRAWN and not (self.withdrawn_reason or "").strip():
			self.refuse(_("Say why the referral is withdrawn (Reason Withdrawn)."))

	def check_stage(self):
		"""What each stage of the workflow needs, and who authorised. The workflow "Penalty
		Notice Referral" moves ``status``; only the Headteacher or the deputy the Headteacher
		names in Attendance Settings authorises, never a referral they raised (the transitions
		say so too; checked here whatever path the save took)."""
		before = self.get_doc_before_save()  # None for a new record
		moved = bool(before) and before.status != self.status
		if moved and before.status == AWAITING and self.status in AUTHORISED_STAGES:
			if not may_authorise(frappe.session.user):
				self.refuse(
					_(
						"Only the Headteacher, or the authoriser the Headteacher names in Attendance "
						"Settings, can authorise a referral."
					)
				)
			if self.owner == frappe.session.user:
				self.refuse(
					_("You raised this referral, so someone else must authorise it: ask the Headteacher.")
				)
			self.authorised_by = frappe.session.user
		else:
			self.authorised_by = before.authorised_by if before else None  # never typed in
		if self.status == "Notice to Improve" and not self.notice_to_improve_issued_on:
			self.refuse(
				_("Enter the date the notice to improve was issued and when its improvement period ends.")
			)
		if self.status == "Referred to LA" and not self.referred_to_la_on:
			self.referred_to_la_on = getdate(frappe.utils.today())
		if self.status in ISSUED_STAGES and not self.issued_on:
			self.refuse(_("Enter the date the penalty notice was issued (Notice Issued On)."))
		if self.status == "Paid":
			if not self.paid_on:
				self.refuse(_("Enter the date the notice was paid (Paid On) and the amount."))
			self.outcome = self.paid_outcome()
		if self.status in ("Prosecution",):
			self.outcome = "Unpaid: prosecution"
		if self.status == WITHDRAWN:
			self.outcome = WITHDRAWN
		elif self.outcome == WITHDRAWN:
			self.refuse(_("Use the Withdraw action to withdraw a referral, with the reason."))
		self.check_withdrawal()

	def paid_outcome(self) -> str:
		"""Paid at the lower rate when a 1st notice was paid in full by its lower-rate date."""
		if (
			self.lower_amount
			and self.lower_amount_due_by
			and getdate(self.paid_on) <= getdate(self.lower_amount_due_by)
			and flt(self.amount_paid) >= flt(self.lower_amount)
		):
			return "Paid at lower rate"
		return "Paid in full"

	def set_sessions_changed(self):
		"""Counted sessions whose mark is no longer the code counted (one query)."""
		marks = [r.mark for r in self.sessions if r.mark]
		now = (
			dict(
				frappe.get_all(
					"Attendance Mark",
					filters={"name": ("in", marks)},
					fields=["name", "attendance_code"],
					as_list=True,
				)
			)
			if marks
			else {}
		)
		self.sessions_changed = "\n".join(
			_("{0} {1}: {2} now {3}").format(
				getdate(r.date).isoformat(), r.session, r.code, now.get(r.mark) or _("no mark")
			)
			for r in self.sessions
			if r.mark and now.get(r.mark) != r.code
		)

	# ------------------------------------------------------------ helpers

	def earlier_notices(self) -> list[EarlierNotice]:
		"""Notices already issued to this parent for this child (other referrals). A locking read:
		under REPEATABLE READ it sees a referral another user has just committed."""
		return [
			EarlierNotice(getdate(r.issued_on), withdrawn=is_withdrawn(r))
			for r in frappe.db.sql(
				"""SELECT `issued_on`, `status`, `outcome`, `docstatus` FROM `tabPenalty Notice Referral`
				WHERE `student` = %s AND `guardian` = %s AND `name` != %s AND `issued_on` IS NOT NULL
				FOR UPDATE""",
				(self.student, self.guardian, self.name or ""),
				as_dict=True,
			)
		]

	def pupil(self) -> str:
		return escape_html(self.student_name or self.student or "?")

	def refuse(self, message: str) -> None:
		frappe.throw(message, title=_("Referral not saved"), exc=PenaltyNoticeError)


def may_authorise(user: str) -> bool:
	"""The Headteacher, or the user the Headteacher names in Attendance Settings."""
	if "Headteacher" in frappe.get_roles(user):
		return True
	deputy = frappe.db.get_single_value("Attendance Settings", "penalty_notice_authoriser", cache=False)
	return bool(deputy) and deputy == user


def is_withdrawn(referral) -> bool:
	"""A withdrawn (or cancelled) referral: its notice does not count, its sessions are free."""
	return WITHDRAWN in (referral.status, referral.outcome) or referral.docstatus == 2


# Reminder -> (the stage it belongs to, the date field, what to do). One ToDo each, once.
REMINDERS = {
	"improvement-ends": (
		"Notice to Improve",
		"improvement_period_ends",
		_("Improvement period ends: review attendance and decide"),
	),
	"lower-due": ("Issued", "lower_amount_due_by", _("Lower-rate payment due: check with the LA")),
	"full-due": ("Issued", "full_amount_due_by", _("Full payment due: record payment or non-payment")),
	"court": ("Prosecution", "court_date", _("Court date")),
}


def create_reminders() -> list[str]:
	"""Daily: a ToDo for each date a standing referral is waiting on, for the officer who
	raised it; created once (a second run creates nothing new). Returns the ToDos made."""
	stages = sorted({stage for stage, _field, _text in REMINDERS.values()})
	referrals = frappe.get_all(
		DOCTYPE,
		filters={"status": ("in", stages), "docstatus": 1},
		fields=["name", "owner", "status", "student_name", *sorted({f for _s, f, _t in REMINDERS.values()})],
	)
	if not referrals:
		return []
	made_before = {
		(row.reference_name, (row.description or "").split("]")[0].lstrip("["))
		for row in frappe.get_all(
			"ToDo",
			filters={"reference_type": DOCTYPE, "reference_name": ("in", [r.name for r in referrals])},
			fields=["reference_name", "description"],
		)
	}
	made = []
	for referral in referrals:
		for key, (stage, field, text) in REMINDERS.items():
			if referral.status != stage or not referral.get(field) or (referral.name, key) in made_before:
				continue
			todo = frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": referral.owner,
					"date": referral.get(field),
					"reference_type": DOCTYPE,
					"reference_name": referral.name,
					"description": f"[{key}] {_(text)}: {escape_html(referral.student_name or '')}",
				}
			).insert(ignore_permissions=True)
			made.append(todo.name)
	return made
