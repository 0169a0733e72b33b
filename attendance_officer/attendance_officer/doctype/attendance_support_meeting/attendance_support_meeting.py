# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Support Meeting: "support first" casework for one pupil.

Working together to improve school attendance (2024): listen and understand (who came, the
barriers), facilitate and formalise support (the action plan, the target, the review, an
attendance contract) before anything is enforced (../shared/domain/uk-attendance-rules.md
section 6). The figures on the day are the rules core's (engine.statistics via
registers.figures), taken when the meeting is saved and kept as they were once submitted.

The review date and each action's due date make one ToDo each, kept on the record
(``review_todo``, the action's ``todo``): a second save updates that ToDo, never adds
another; an action done or dropped closes its ToDo, and cancelling the meeting cancels the
open ones. Actions stay editable after submit (their status and done date).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, get_fullname, getdate, today

from attendance_officer.absence.guardians import check_guardian_of
from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.statistics import BAND_LABELS, band
from attendance_officer.registers.figures import school_bands, summary

DOCTYPE = "Attendance Support Meeting"
OPEN, DONE = "Open", "Done"


class SupportMeetingError(frappe.ValidationError):
	"""A meeting record that does not hold together; nothing was saved."""


class AttendanceSupportMeeting(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from attendance_officer.attendance_officer.doctype.attendance_support_action.attendance_support_action import (
			AttendanceSupportAction,
		)
		from attendance_officer.attendance_officer.doctype.attendance_support_attendee.attendance_support_attendee import (
			AttendanceSupportAttendee,
		)
		from attendance_officer.attendance_officer.doctype.attendance_support_barrier.attendance_support_barrier import (
			AttendanceSupportBarrier,
		)

		actions: DF.Table[AttendanceSupportAction]
		amended_from: DF.Link | None
		attendance_percent: DF.Percent
		attendance_target: DF.Percent
		attendees: DF.Table[AttendanceSupportAttendee]
		attended_sessions: DF.Int
		band: DF.Data | None
		barriers: DF.Table[AttendanceSupportBarrier]
		figures_from: DF.Date | None
		figures_to: DF.Date | None
		led_by: DF.Link
		meeting_date: DF.Date
		meeting_type: DF.Literal[
			"Stage 1 concern conversation",
			"Attendance pastoral support meeting",
			"Attendance contract",
			"Early help or team around the family",
			"Pre-legal meeting with the LA",
			"Reintegration",
			"Head of Year review",
		]
		naming_series: DF.Literal["ASM-.YYYY.-"]
		next_step: DF.Literal[
			"",
			"Review meeting",
			"Stage letter",
			"Attendance contract",
			"Early help referral",
			"Notice to improve",
			"Referral to the local authority",
			"Close: attendance improved",
			"Other",
		]
		outcome: DF.SmallText | None
		possible_sessions: DF.Int
		review_date: DF.Date | None
		review_todo: DF.Link | None
		student: DF.Link
		student_name: DF.Data | None
		year_group: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.check_review_date()
		self.check_target()
		self.check_attendees()
		self.check_actions()
		self.take_snapshot()

	def before_update_after_submit(self):
		"""Only the actions change after submit (their status, done date, new actions)."""
		self.check_actions()

	def on_update(self):
		self.sync_reminders()

	def on_update_after_submit(self):
		self.sync_reminders()

	def on_cancel(self):
		self.sync_reminders()

	# ------------------------------------------------------------ check_* / take_* steps

	def check_review_date(self):
		if self.review_date and self.meeting_date and getdate(self.review_date) < getdate(self.meeting_date):
			self.refuse(
				_("The review date is before the meeting: choose a date on or after the meeting date.")
			)

	def check_target(self):
		if self.attendance_target and not 0 < self.attendance_target <= 100:
			self.refuse(_("The attendance target is a percentage above 0 and at most 100."))

	def check_attendees(self):
		"""Each attendee is a guardian of this pupil, a member of staff or a named person; the
		lead (who gets the review reminder) is a member of staff."""
		if self.led_by:
			self.check_staff(self.led_by, _("Led By"))
		for row in self.attendees:
			if row.guardian:
				check_guardian_of(self.student, row.guardian, _("Attendees row {0}").format(row.idx))
				row.attendee_name = row.attendee_name or frappe.db.get_value(
					"Guardian", row.guardian, "guardian_name"
				)
			elif row.user:
				self.check_staff(row.user, _("Attendees row {0}").format(row.idx))
				row.attendee_name = row.attendee_name or get_fullname(row.user)
			if not (row.attendee_name or "").strip():
				self.refuse(
					_(
						"Attendees row {0}: choose a parent or carer or a staff member, or type a name."
					).format(row.idx)
				)

	def check_actions(self):
		"""Each action is due on or after the meeting; a done action says when, not in the future."""
		meeting, now = getdate(self.meeting_date), getdate(today())
		for row in self.actions:
			where = _("Actions row {0}").format(row.idx)
			if row.assigned_to:
				self.check_staff(row.assigned_to, where)
			if row.due_date and getdate(row.due_date) < meeting:
				self.refuse(_("{0}: the due date is before the meeting.").format(where))
			if row.status == DONE:
				if not row.done_on:
					self.refuse(_("{0}: enter the date it was done (Done On).").format(where))
				if getdate(row.done_on) > now:
					self.refuse(_("{0}: Done On is in the future.").format(where))
				if getdate(row.done_on) < meeting:
					self.refuse(_("{0}: Done On is before the meeting.").format(where))
			elif row.done_on:
				row.done_on = None  # not done: no done date

	def check_staff(self, user: str, where: str) -> None:
		"""A staff member here is a desk user: never a parent's or pupil's website account
		(their reminder would show them the pupil's casework)."""
		user_type, enabled = frappe.db.get_value("User", user, ["user_type", "enabled"]) or (None, 0)
		if user_type != "System User" or not enabled:
			self.refuse(
				_("{0}: {1} is not a member of staff. Choose a staff member, or type the name.").format(
					where, escape_html(user)
				)
			)

	def take_snapshot(self):
		"""The pupil's figures this academic year up to the meeting day (or today, for a
		meeting planned ahead), from the rules core; kept once the minutes are submitted."""
		end = min(getdate(self.meeting_date), getdate(today()))
		start = academic_year_start(end)
		figures = summary(self.student, start, end)
		pupil_band = band(figures, school_bands())
		self.update(
			{
				"figures_from": start,
				"figures_to": end,
				"possible_sessions": figures.possible,
				"attended_sessions": figures.attending,
				"attendance_percent": float(figures.attendance) if figures.possible else 0,
				"band": _(BAND_LABELS[pupil_band]) if pupil_band else "",
			}
		)

	# ------------------------------------------------------------ reminders

	def sync_reminders(self):
		"""One ToDo for the review and one per action, created once and kept in step."""
		lead = self.led_by or self.owner
		cancelled = self.docstatus == 2
		review = reminder(
			own_todo(self, self.review_todo),
			reference=self,
			allocated_to=lead,
			date=self.review_date,
			description=_("Review the attendance plan for {0} ({1})").format(
				escape_html(self.student_name or self.student), _(self.meeting_type)
			),
			wanted=bool(self.review_date) and not cancelled,
		)
		if review != self.review_todo:
			self.db_set("review_todo", review, update_modified=False)
		for row in self.actions:
			todo = reminder(
				own_todo(self, row.todo),
				reference=self,
				allocated_to=row.assigned_to or lead,
				date=row.due_date,
				description=_("Support action for {0}: {1}").format(
					escape_html(self.student_name or self.student), escape_html(row.action)
				),
				wanted=row.status == OPEN and not cancelled,
			)
			if todo != row.todo:
				row.db_set("todo", todo, update_modified=False)
		self.close_orphaned_reminders({review, *(row.todo for row in self.actions)})

	def close_orphaned_reminders(self, kept: set) -> None:
		"""An action row removed from the plan takes its open ToDo with it (review finding 8)."""
		for name in frappe.get_all(
			"ToDo",
			filters={"reference_type": self.doctype, "reference_name": self.name, "status": "Open"},
			pluck="name",
		):
			if name not in kept:
				frappe.db.set_value("ToDo", name, "status", "Cancelled")

	def refuse(self, message: str) -> None:
		frappe.throw(message, title=_("Meeting not saved"), exc=SupportMeetingError)


def own_todo(doc, name: str | None) -> str | None:
	"""``name`` when it is a ToDo about ``doc``; None otherwise.

	The link fields are read-only in the form but a client can send any value: a ToDo about
	another record (an officer's deadline) is never taken over and rewritten (review finding 9).
	"""
	if not name:
		return None
	about = frappe.db.get_value("ToDo", name, ["reference_type", "reference_name"])
	return name if about and tuple(about) == (doc.doctype, doc.name) else None


def reminder(existing: str | None, *, reference, allocated_to: str, date, description: str, wanted: bool):
	"""The ToDo ``existing`` kept in step (date, owner, open or closed), or a new one when
	there is none and one is ``wanted``; returns its name (None when none is wanted)."""
	if existing and frappe.db.exists("ToDo", existing):
		todo = frappe.get_doc("ToDo", existing)
		status = "Open" if wanted else ("Cancelled" if reference.docstatus == 2 else "Closed")
		values = {"date": date, "allocated_to": allocated_to, "description": description, "status": status}
		if todo.status == "Open" or wanted:
			changed = {k: v for k, v in values.items() if str(todo.get(k) or "") != str(v or "")}
			if changed:
				todo.update(changed)
				todo.save(ignore_permissions=True)
		return existing
	if not wanted or not date:
		return None
	return (
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": allocated_to,
				"date": date,
				"description": description,
				"reference_type": reference.doctype,
				"reference_name": reference.name,
				"assigned_by": frappe.session.user,
				"priority": "Medium",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
