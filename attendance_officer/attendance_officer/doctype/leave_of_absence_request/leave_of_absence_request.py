# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Leave of Absence Request: a parent asks, the Head of Year or Headteacher decides.

Rules: ../shared/domain/uk-attendance-rules.md section 4 (reg 11 of the 2024 Regulations;
WTISA paras 37-42): the request comes from a parent the pupil normally lives with; the
head decides whether the circumstances are exceptional and how much to grant. Workflow
"Leave of Absence Approval" (fixtures) moves ``status``, the one state field:
Draft -> Submitted -> (Under Review -> Awaiting Decision) -> Approved / Partly Approved /
Declined, or Withdrawn by the guardian before a decision. The pupil's Head of Year or the
Headteacher may review and decide alone, from Submitted on; an attendance officer's review
steps help but are not needed. Lifecycle split (style.md
section 2): the decision is checked in ``validate``; submit (the decision) writes the
ground's code over the approved sessions (leave.marks, through registers.write) and sends
the letter; cancel restores the marks exactly.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, get_link_to_form, getdate, now_datetime, strip_html, today

from attendance_officer.engine.leave import (
	LEAVE_GROUNDS,
	LeaveRequest,
	is_retrospective,
	overlapping,
)
from attendance_officer.engine.leave_decision import (
	DECISION_OF_STATE,
	TAKEN_ANYWAY_CODE,
	approved_sessions,
	conflict_error,
	decision_error,
)
from attendance_officer.engine.sessions import show_session
from attendance_officer.leave import marks
from attendance_officer.permissions import may_decide, my_guardians, user_scope
from attendance_officer.registers.calendar import document_sessions, school_calendar
from attendance_officer.registers.figures import summary as pupil_summary

DECIDED_STATES = tuple(DECISION_OF_STATE)
OPEN_STATES = ("Draft", "Submitted", "Under Review", "Awaiting Decision")
# The pupil's Head of Year or the Headteacher may decide at any of these: an attendance
# officer's review (Under Review, Awaiting Decision) helps but is not needed.
DECIDABLE_STATES = ("Submitted", "Under Review", "Awaiting Decision")
# Fields only the server or staff set; a parent's values for them are never kept.
SERVER_FIELDS = (
	"requested_on",
	"retrospective",
	"decision",
	"decision_note",
	"decision_reason",
	"original_reason",
	"decided_by",
	"decided_on",
	"approved_to_date",
	"approved_to_session",
	"sessions_approved",
	"taken_anyway",
	"changes",
	"possible_sessions",
	"attended_sessions",
	"unauthorised_sessions",
	"attendance_percent",
	"attendance_period",
	"amended_from",
)


class GuardianNotEligibleError(frappe.ValidationError):
	"""The requesting guardian is not one the pupil lives with."""


class LeaveRangeError(frappe.ValidationError):
	"""Dates or sessions that cover no school session, or end before they start."""


class OverlappingLeaveError(frappe.ValidationError):
	"""Another open request for the same pupil shares a session."""


class DecisionError(frappe.ValidationError):
	"""A decision that cannot be recorded (reason missing, approved end outside the request)."""


class DeciderError(frappe.ValidationError):
	"""The user may not decide this request."""


class LeaveofAbsenceRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		approved_to_date: DF.Date | None
		approved_to_session: DF.Literal["", "AM", "PM"]
		attendance_code: DF.Link | None
		attendance_percent: DF.Percent
		attendance_period: DF.Data | None
		attended_sessions: DF.Int
		changes: DF.JSON | None
		decided_by: DF.Link | None
		decided_on: DF.Datetime | None
		decision: DF.Literal["", "Approved", "Partly approved", "Declined"]
		decision_note: DF.SmallText | None
		decision_reason: DF.SmallText | None
		from_date: DF.Date
		from_session: DF.Literal["AM", "PM"]
		guardian: DF.Link
		guardian_name: DF.Data | None
		leave_ground: DF.Literal[
			"Exceptional Circumstances",
			"Regulated Performance or Employment Abroad",
			"Part-time Timetable",
			"Interview",
			"Study Leave",
			"Medical or Dental Appointment",
			"Religious Observance",
		]
		naming_series: DF.Literal["LOA-.YYYY.-"]
		possible_sessions: DF.Int
		original_reason: DF.SmallText | None
		reason: DF.SmallText
		requested_on: DF.Date | None
		retrospective: DF.Check
		sessions_approved: DF.Int
		sessions_requested: DF.Int
		status: DF.Literal[
			"Draft",
			"Submitted",
			"Under Review",
			"Awaiting Decision",
			"Approved",
			"Partly Approved",
			"Declined",
			"Withdrawn",
			"Cancelled",
		]
		student: DF.Link
		student_name: DF.Data | None
		taken_anyway: DF.Check
		to_date: DF.Date
		to_session: DF.Literal["AM", "PM"]
		unauthorised_sessions: DF.Int
		year_group: DF.Data | None
	# end: auto-generated types

	def load_doc_before_save(self, *, raise_exception: bool = False):
		"""The saved copy inherits ignore_permissions: the portal's checked methods save as a parent.

		Parents have no role permission on this DocType (the portal checks their scope itself);
		the workflow reads the saved copy (frappe/model/workflow.py get_transitions) and still
		checks that the user's role may make the transition.
		"""
		super().load_doc_before_save(raise_exception=raise_exception)
		if self.flags.ignore_permissions and self._doc_before_save:
			self._doc_before_save.flags.ignore_permissions = True

	def validate(self):
		self.keep_server_fields()
		self.check_reason_kept()
		self.set_requested_on()
		self.set_code()
		self.check_requester()
		self.check_guardian()
		self.set_sessions()
		self.set_retrospective()
		self.check_no_overlap()
		self.set_attendance()
		self.check_decision()

	def before_submit(self):
		if self.status not in DECIDED_STATES:
			frappe.throw(
				_("Record a decision (Approve, Partly Approve or Decline) before submitting."),
				title=_("Decision missing"),
				exc=DecisionError,
			)

	def on_submit(self):
		if self.status in ("Approved", "Partly Approved"):
			marks.apply_code(
				self,
				self.approved(),
				self.attendance_code,
				_("Leave of absence {0} approved").format(self.name),
			)
		from attendance_officer.leave.letters import send_decision_letter

		send_decision_letter(self)

	def on_cancel(self):
		marks.restore_code(self)  # says which marks were left as amended
		self.db_set("status", "Cancelled")

	# ------------------------------------------------------------ set_* / check_* steps

	def keep_server_fields(self):
		"""A parent's request keeps only what a parent may say; the server owns the rest.

		For a guardian-scope user (the portal, or any API call they make), the request date,
		decision, marks changes and counts are taken from the saved record (or blank on a new
		one), whatever the client sent: they cannot back-date a request or forge a decision.
		"""
		scope = user_scope(frappe.session.user, self.doctype)
		if not (isinstance(scope, tuple) and scope[0] == "guardian"):
			return
		before = None if self.is_new() else self.get_doc_before_save()
		for field in SERVER_FIELDS:
			self.set(field, before.get(field) if before else None)
		if not before:
			self.requested_on = getdate(today())
			self.status = "Draft" if self.status not in ("Draft", "Submitted") else self.status

	def check_reason_kept(self):
		"""Once asked, the parent's words change only through Correct Reason (which keeps them)."""
		before = self.get_doc_before_save()  # None for a new record
		if not before or before.status == "Draft" or (before.reason or "") == (self.reason or ""):
			return
		frappe.throw(
			_(
				"The reason is kept as the parent gave it. The pupil's Head of Year or the Headteacher "
				"can change it with Correct Reason, which keeps the parent's words beside it."
			),
			title=_("Reason not changed"),
		)

	def set_requested_on(self):
		if not self.requested_on:
			self.requested_on = getdate(today())

	def set_code(self):
		self.attendance_code = LEAVE_GROUNDS.get(self.leave_ground)

	def check_requester(self):
		"""A parent using the portal or the API asks as themself, never as the other parent."""
		scope = user_scope(frappe.session.user, self.doctype)
		if isinstance(scope, tuple) and scope[0] == "guardian" and self.guardian not in my_guardians():
			frappe.throw(
				_("You can only request leave as yourself. Choose your own name as the requesting guardian."),
				title=_("Guardian cannot request leave"),
				exc=GuardianNotEligibleError,
			)

	def check_guardian(self):
		"""The request comes from a parent the pupil normally lives with (reg 11)."""
		if not (self.student and self.guardian):
			return
		lives_with = frappe.db.get_value(
			"Student Guardian",
			{"parent": self.student, "parenttype": "Student", "guardian": self.guardian},
			"lives_with_pupil",
		)
		if not lives_with:
			frappe.throw(
				_(
					"{0} is not recorded as a guardian {1} lives with. Leave must be requested by a parent "
					"or carer the pupil normally lives with; ask that parent to make the request, or update "
					"the pupil's guardians if the record is wrong."
				).format(
					escape_html(self.guardian_name or self.guardian), escape_html(self.student_name or "")
				),
				title=_("Guardian cannot request leave"),
				exc=GuardianNotEligibleError,
			)

	def requested(self):
		return document_sessions(self, title=_("Dates not valid"), exc=LeaveRangeError)

	def set_sessions(self):
		self.sessions_requested = len(self.requested())

	def set_retrospective(self):
		self.retrospective = int(is_retrospective(getdate(self.requested_on), getdate(self.from_date)))

	def check_no_overlap(self):
		"""An open request for the same pupil may not share a session with another open one."""
		if self.status in ("Declined", "Withdrawn", "Cancelled"):
			return
		others = frappe.get_all(
			self.doctype,
			filters={
				"student": self.student,
				"name": ("!=", self.name or ""),
				"docstatus": ("<", 2),
				"status": ("not in", ["Declined", "Withdrawn", "Cancelled"]),
				"from_date": ("<=", self.to_date),
				"to_date": (">=", self.from_date),
			},
			fields=["name", "from_date", "from_session", "to_date", "to_session", "status"],
		)
		mine = LeaveRequest(
			self.name or "new",
			getdate(self.from_date),
			self.from_session,
			getdate(self.to_date),
			self.to_session,
			self.status,
		)
		clashes = overlapping(
			mine,
			[
				LeaveRequest(
					o.name, getdate(o.from_date), o.from_session, getdate(o.to_date), o.to_session, o.status
				)
				for o in others
			],
			school_calendar(self.from_date, self.to_date),
		)
		if clashes:
			frappe.throw(
				_(
					"This pupil already has an open leave request for some of these sessions: {0}. "
					"Change the dates, or withdraw that request first."
				).format(", ".join(get_link_to_form(self.doctype, c.name) for c in clashes)),
				title=_("Overlapping request"),
				exc=OverlappingLeaveError,
			)

	def set_attendance(self):
		"""The pupil's attendance this year up to the request, while it is undecided.

		From the marks before the day of the request (one grouped query); when none were
		recorded before it (a new pupil, the first days of term), up to today, so the decider
		never sees 0 possible sessions for a pupil the register has seen. ``attendance_period``
		says which days the figures cover.
		"""
		if self.docstatus != 0 or self.status in DECIDED_STATES:
			return
		from frappe.utils import add_days, formatdate

		from attendance_officer.engine.calendar import academic_year_start

		asked = getdate(self.requested_on)
		start = academic_year_start(asked)
		summary, end = None, None
		for end in (add_days(asked, -1), getdate()):
			summary = pupil_summary(self.student, start, end)
			if summary.possible or getdate(end) >= getdate():
				break
		self.possible_sessions = summary.possible
		self.attended_sessions = summary.attending
		self.unauthorised_sessions = summary.unauthorised
		self.attendance_percent = float(summary.attendance) if summary.attendance is not None else 0
		self.attendance_period = (
			_("{0} to {1}").format(formatdate(start), formatdate(end))
			if summary.possible
			else _("No sessions recorded this year up to {0}").format(formatdate(end))
		)

	def approved_to(self):
		if self.approved_to_date and self.approved_to_session:
			return (getdate(self.approved_to_date), self.approved_to_session)
		return None

	def approved(self):
		return approved_sessions(DECISION_OF_STATE.get(self.status, ""), self.requested(), self.approved_to())

	def check_decision(self):
		"""On the move to a decision: who decides, and whether the decision is complete."""
		if self.status not in DECIDED_STATES:
			return
		before = self.get_doc_before_save()
		if before and before.status == self.status:
			return  # already decided
		user = frappe.session.user
		self.check_decider(user)
		decision = DECISION_OF_STATE[self.status]
		if error := decision_error(decision, self.decision_note or "", self.requested(), self.approved_to()):
			frappe.throw(_(error), title=_("Decision not complete"), exc=DecisionError)
		if decision != "Partly approved":
			self.approved_to_date = None
			self.approved_to_session = ""
		self.decision = decision
		self.decided_by = user
		self.decided_on = now_datetime()
		self.decision_reason = (self.decision_note or "").strip()
		self.sessions_approved = len(self.approved())

	def check_decider(self, user: str):
		"""Head of Year of the pupil's year (or the Headteacher); never the requester or a guardian."""
		if not may_decide(user, self.year_group):
			frappe.throw(
				_(
					"Only the Head of Year for Year {0} or the Headteacher may decide this request. "
					"Ask them to decide it."
				).format(escape_html(self.year_group or "?")),
				title=_("Not allowed to decide"),
				exc=DeciderError,
			)
		guardian_users = frappe.get_all(
			"Guardian",
			filters={"name": ("in", self.guardians_of_pupil() or [""])},
			pluck="user",
		)
		if error := conflict_error(user, self.owner, [u for u in guardian_users if u]):
			frappe.throw(_(error), title=_("Not allowed to decide"), exc=DeciderError)

	def guardians_of_pupil(self) -> list[str]:
		return frappe.get_all(
			"Student Guardian",
			filters={"parent": self.student, "parenttype": "Student"},
			pluck="guardian",
		)


def on_doctype_update():
	frappe.db.add_index("Leave of Absence Request", ["student", "from_date"])


@frappe.whitelist(methods=["POST"])
def mark_declined_leave_taken(name: str) -> dict:
	"""Declined leave taken anyway: mark the requested sessions G in one action.

	Blank and N sessions become G (holiday not granted); attending marks and other codes
	are left alone and listed. Stored on the request like an approval's marks.
	"""
	frappe.only_for(("Attendance Officer", "Headteacher", "Head of Year", "System Manager"))
	doc = frappe.get_doc("Leave of Absence Request", name)
	doc.check_permission("write")
	if doc.docstatus != 1 or doc.status != "Declined":
		frappe.throw(
			_("Only a declined request can be marked as taken. This request is {0}.").format(_(doc.status)),
			title=_("Not declined"),
		)
	if doc.taken_anyway:
		frappe.throw(_("The sessions of this request are already marked G."), title=_("Already marked"))
	changes = marks.apply_code(
		doc,
		doc.requested(),
		TAKEN_ANYWAY_CODE,
		_("Leave of absence {0} was declined and taken anyway").format(doc.name),
	)
	doc.db_set("taken_anyway", 1)
	doc.add_comment(
		"Info",
		_("{0} sessions marked G (declined leave taken), from {1} to {2}.").format(
			len(changes), show_session(doc.requested()[0]), show_session(doc.requested()[-1])
		),
	)
	return {"marked": len(changes)}


# The longest reason kept (the portal's form allows as much).
REASON_LENGTH = 1000
# A request whose reason may still be corrected (not withdrawn by the parent, not cancelled).
CORRECTABLE_STATES = (*DECIDABLE_STATES, *DECIDED_STATES)


@frappe.whitelist(methods=["POST"])
def correct_reason(name: str, reason: str) -> dict:
	"""The decider corrects what the leave is for; the parent's own words are kept beside it.

	Only the pupil's Head of Year or the Headteacher (check_decider), on a request that is
	open or decided. The first correction copies the parent's words to original_reason, which
	no later correction overwrites; each correction is a comment on the request's timeline.
	"""
	frappe.has_permission("Leave of Absence Request", "write", doc=name, throw=True)
	doc = frappe.get_doc("Leave of Absence Request", name)
	doc.check_decider(frappe.session.user)
	# Plain text, as the form shows it (db_set skips the save's HTML cleaning).
	reason = strip_html(reason or "").strip()[:REASON_LENGTH]
	if not reason:
		frappe.throw(_("Enter the corrected reason."), title=_("Reason missing"))
	if doc.status not in CORRECTABLE_STATES:
		frappe.throw(
			_(
				"This request is {0}, so its reason can no longer be corrected. Add a comment to the "
				"request instead."
			).format(_(doc.status)),
			title=_("Reason not corrected"),
		)
	if reason == (doc.reason or "").strip():
		return {"reason": doc.reason}
	was = doc.reason
	if not doc.original_reason:
		doc.db_set("original_reason", was)
	doc.db_set("reason", reason)
	doc.add_comment(
		"Info",
		_("Reason corrected by {0}. It was: {1}").format(
			frappe.utils.get_fullname(frappe.session.user), escape_html(was or "")
		),
	)
	return {"reason": reason}


# Decision -> the workflow action that records it.
DECISION_ACTIONS = {"Approved": "Approve", "Partly approved": "Partly Approve", "Declined": "Decline"}


@frappe.whitelist(methods=["POST"])
def decide(
	name: str,
	decision: str,
	decision_note: str = "",
	approved_to_date: str | None = None,
	approved_to_session: str | None = None,
) -> dict:
	"""The decider's dialog: note and approved end saved, then the workflow action applied.

	The workflow still decides who may act (Head of Year of the pupil's year, Headteacher;
	never self-approval) and validate checks the rest (reason to decline, end inside the request).
	"""
	frappe.has_permission("Leave of Absence Request", "write", doc=name, throw=True)
	from frappe.model.workflow import apply_workflow

	if decision not in DECISION_ACTIONS:
		frappe.throw(
			_("{0} is not a decision. Choose Approved, Partly approved or Declined.").format(
				escape_html(decision or "")
			),
			title=_("Decision not valid"),
			exc=DecisionError,
		)
	doc = frappe.get_doc("Leave of Absence Request", name)
	if doc.status not in DECIDABLE_STATES:
		frappe.throw(
			_(
				"This request is {0}; only an open request (submitted, under review or awaiting a decision) can be decided."
			).format(_(doc.status)),
			title=_("Not open for a decision"),
		)
	doc.decision_note = decision_note
	doc.approved_to_date = approved_to_date if decision == "Partly approved" else None
	doc.approved_to_session = (approved_to_session or "") if decision == "Partly approved" else ""
	doc.save()
	doc = apply_workflow(doc, DECISION_ACTIONS[decision])
	return {"status": doc.status}
