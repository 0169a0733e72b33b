# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Mark: one pupil's register mark for one session.

Registers are written in batches by registers.write (set-based, checked whole by the
rules core). This controller guards the single-mark path, the form: a correction made by
hand goes through the Document, so Version keeps it too (track_changes) and the amendment
trail records the original code, the new code, the reason, the user and the time
(../shared/domain/uk-attendance-rules.md section 5, "Amendments").

Uniqueness of (student, date, session) is a database guarantee: on_doctype_update adds
the unique index; the name is built from the same three values.

The trail cannot be forged through the API (review finding 2): the first validate step
refuses any change to, removal of, or addition to the saved amendment rows (only this
controller appends them), and who wrote the mark, when, and from which source are put back
from the saved version on every form save. A mark is deleted only by an Attendance Officer
or the Headteacher, only if the register wrote it (a bulk mark, absence record or leave is
undone by cancelling that record), and its Student Attendance mirror is cancelled with it
(review finding 6).
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, escape_html, get_datetime, getdate, now

from attendance_officer.engine.codes import code_error
from attendance_officer.engine.register_marks import (
	Amendment,
	describe_amendment,
	is_locked,
	lock_error,
	mark_error,
)
from attendance_officer.registers.roles import may_unlock
from attendance_officer.registers.write import (
	dual_registration_errors,
	fetch_students,
	link_mirrors,
	lock_days,
	mark_name,
	to_input,
)


class InvalidMarkError(frappe.ValidationError):
	"""A code not in force, or a mark the code's rules refuse (session, minutes late, note)."""


class AmendmentReasonError(frappe.ValidationError):
	"""A saved mark's code changed without a reason."""


class LockedRegisterError(frappe.PermissionError):
	"""A mark past the amendment lock window changed by someone who may not unlock it."""


class AmendmentTrailError(frappe.ValidationError):
	"""A save that would change, remove or invent rows of the amendment trail."""


class MarkDeletionError(frappe.PermissionError):
	"""A mark deleted by someone who may not, or one another record owns."""


# Written by the write path or the controller; a form or API save never changes them.
PROVENANCE_FIELDS = ("marked_by", "marked_at", "source", "source_doctype", "source_name")
TRAIL_FIELDS = ("previous_code", "new_code", "reason", "amended_by", "amended_at", "source")
REGISTER_SOURCE = "Register"


class AttendanceMark(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from attendance_officer.attendance_officer.doctype.attendance_mark_amendment.attendance_mark_amendment import (
			AttendanceMarkAmendment,
		)

		amendment_reason: DF.SmallText | None
		amendments: DF.Table[AttendanceMarkAmendment]
		attendance_code: DF.Link
		date: DF.Date
		marked_at: DF.Datetime | None
		marked_by: DF.Link | None
		minutes_late: DF.Int
		note: DF.SmallText | None
		registration_group: DF.Link | None
		session: DF.Literal["AM", "PM"]
		source: DF.Literal[
			"Register", "Absence Record", "Leave of Absence", "Trip", "Import", "Closure", "Bulk"
		]
		source_doctype: DF.Link | None
		source_name: DF.DynamicLink | None
		student: DF.Link
		student_attendance: DF.Link | None
		student_name: DF.Data | None
	# end: auto-generated types

	def autoname(self):
		self.name = mark_name(self.student, self.date, self.session)

	def validate(self):
		self.check_amendment_trail()
		self.restore_provenance()
		self.set_registration_group()
		self.check_code_in_force()
		self.check_mark()
		self.check_dual_registration()
		self.check_lock_window()
		self.check_source()
		self.record_amendment()
		self.set_marked_by()

	def on_update(self):
		self.mirror_to_student_attendance()

	def on_trash(self):
		self.check_deletion()
		self.cancel_mirror()

	# ------------------------------------------------------------ set_* steps

	def set_registration_group(self):
		"""Default to the pupil's registration group (Student.registration_group)."""
		if not self.registration_group and self.student:
			self.registration_group = frappe.db.get_value("Student", self.student, "registration_group")

	def set_marked_by(self):
		"""Who wrote the current code, and when: set on a new mark and on every code change."""
		if self.is_new() or self.code_changed():
			self.marked_by = frappe.session.user
			self.marked_at = now()

	def restore_provenance(self):
		"""Who marked it, when and from which source come from the saved version, never the form."""
		before = self.get_doc_before_save()
		if self.is_new() or not before:
			return
		for fieldname in PROVENANCE_FIELDS:
			self.set(fieldname, before.get(fieldname))

	# ------------------------------------------------------------ check_* steps

	def check_amendment_trail(self):
		"""The saved trail stays exactly as it is; only record_amendment appends to it."""
		before = self.get_doc_before_save()
		saved = {row.name: row for row in (before.amendments if before and not self.is_new() else [])}
		sent = {row.name: row for row in self.amendments if row.name and not row.is_new()}
		invented = [row for row in self.amendments if row.name not in saved]
		removed = [name for name in saved if name not in sent]
		changed = [
			name
			for name, row in sent.items()
			if name in saved and any(trail_value(row, f) != trail_value(saved[name], f) for f in TRAIL_FIELDS)
		]
		if invented or removed or changed:
			frappe.throw(
				_(
					"The amendment trail cannot be edited: rows are added only when the code changes, "
					"and saved rows cannot be changed or removed. Reload the mark and save your change again."
				),
				title=_("Amendment trail is read-only"),
				exc=AmendmentTrailError,
			)

	def check_code_in_force(self):
		"""Only a DfE code in force since 19 August 2024 (engine.codes.code_error)."""
		if error := code_error(self.attendance_code or ""):
			frappe.throw(escape_html(error), title=_("Code not allowed"), exc=InvalidMarkError)

	def check_mark(self):
		"""/ in the morning and \\ in the afternoon; minutes only with L or U; a note where needed."""
		if error := mark_error(self.attendance_code, self.session, cint(self.minutes_late), self.note or ""):
			frappe.throw(escape_html(error), title=_("Mark not allowed"), exc=InvalidMarkError)

	def check_dual_registration(self):
		"""The write path's rules for a new mark or a new code: D only for a dual-registered pupil,
		no mark in a session a subsidiary dual pupil spends at their main school."""
		if not (self.is_new() or self.code_changed()):
			return
		row = to_input(
			{
				"student": self.student,
				"date": self.date,
				"session": self.session,
				"code": self.attendance_code,
			}
		)
		if errors := dual_registration_errors(
			[row], fetch_students([self.student]), [_("This mark")], "Register"
		):
			frappe.throw(escape_html(errors[0]), title=_("Mark not allowed"), exc=InvalidMarkError)

	def check_lock_window(self):
		"""Past the lock window, only an Attendance Officer or the Headteacher may change a mark."""
		if not (self.is_new() or self.mark_changed()):
			return
		days = lock_days()
		if is_locked(getdate(self.date), getdate(), days) and not may_unlock(frappe.get_roles()):
			frappe.throw(
				lock_error(getdate(self.date), getdate(), days),
				title=_("Register locked"),
				exc=LockedRegisterError,
			)

	def check_source(self):
		"""A mark a bulk mark, absence record or leave decided is changed only by an unlock role.

		The same rule as the register page (review finding 3), so the form is no way round it.
		"""
		before = self.get_doc_before_save()
		if self.is_new() or not before or not self.mark_changed():
			return
		if (before.source or REGISTER_SOURCE) != REGISTER_SOURCE and not may_unlock(frappe.get_roles()):
			frappe.throw(
				_(
					"This mark was recorded by {0} {1}; only an Attendance Officer or the Headteacher can "
					"change it. Ask one of them, or change that record."
				).format(_(before.source), escape_html(before.source_name or "")),
				title=_("Mark decided elsewhere"),
				exc=LockedRegisterError,
			)

	def record_amendment(self):
		"""Every change of a saved mark joins the trail: codes need a reason (section 5).

		A change of minutes late or of the note alone is kept too, with the old and new values
		(engine.register_marks.describe_amendment; review finding 8).
		"""
		before = self.get_doc_before_save()
		if self.is_new() or not before or not self.mark_changed():
			self.amendment_reason = None
			return
		reason = (self.amendment_reason or "").strip()
		if self.code_changed() and not reason:
			frappe.throw(
				_("You changed the code from {0} to {1}. Enter the reason for the change, then save.").format(
					before.attendance_code, self.attendance_code
				),
				title=_("Reason required"),
				exc=AmendmentReasonError,
			)
		amendment = Amendment(
			(self.student, getdate(self.date), self.session),
			before.attendance_code,
			self.attendance_code,
			reason,
			cint(before.minutes_late),
			cint(self.minutes_late),
			before.note or "",
			self.note or "",
		)
		self.append(
			"amendments",
			{
				"previous_code": before.attendance_code,
				"new_code": self.attendance_code,
				"reason": describe_amendment(amendment),
				"amended_by": frappe.session.user,
				"amended_at": now(),
				"source": _("Form"),
			},
		)
		self.amendment_reason = None

	def check_deletion(self):
		"""Only an Attendance Officer or the Headteacher delete a mark, and only a register's own."""
		if not may_unlock(frappe.get_roles()):
			frappe.throw(
				_(
					"Only an Attendance Officer or the Headteacher can delete a register mark. "
					"Change the code instead, with the reason."
				),
				title=_("Mark not deleted"),
				exc=MarkDeletionError,
			)
		if (self.source or REGISTER_SOURCE) != REGISTER_SOURCE:
			frappe.throw(
				_("This mark was written by {0} {1}; cancel or amend that record to remove it.").format(
					_(self.source), escape_html(self.source_name or "")
				),
				title=_("Mark not deleted"),
				exc=MarkDeletionError,
			)

	# ------------------------------------------------------------ effects

	def cancel_mirror(self):
		"""The morning mark decided Education's day record: cancel it with the mark.

		A record a Student Leave Application owns is left to that application.
		"""
		if self.session != "AM" or not self.student_attendance:
			return
		frappe.db.sql(
			"""UPDATE `tabStudent Attendance` SET `docstatus` = 2, `modified` = %s, `modified_by` = %s
			WHERE `name` = %s AND `docstatus` = 1 AND IFNULL(`leave_application`, '') = ''""",
			(now(), frappe.session.user, self.student_attendance),
		)

	def mirror_to_student_attendance(self):
		"""The morning mark decides Education's day record (registers.mirror)."""
		if self.session != "AM":
			return
		link_mirrors(
			[
				{
					"name": self.name,
					"student": self.student,
					"student_name": self.student_name,
					"registration_group": self.registration_group,
					"date": self.date,
					"session": self.session,
					"code": self.attendance_code,
				}
			]
		)

	# ------------------------------------------------------------ helpers

	def code_changed(self) -> bool:
		before = self.get_doc_before_save()
		return bool(before) and before.attendance_code != self.attendance_code

	def mark_changed(self) -> bool:
		before = self.get_doc_before_save()
		if not before:
			return True
		return any(
			(before.get(f) or None) != (self.get(f) or None)
			for f in ("attendance_code", "minutes_late", "note")
		)


def trail_value(row, fieldname: str):
	"""A trail cell comparable between the saved row and the one sent back by a client."""
	value = row.get(fieldname)
	if fieldname == "amended_at" and value:
		return get_datetime(value).replace(microsecond=0)
	return (value or "") if not isinstance(value, int) else value


def on_doctype_update():
	"""One mark per pupil per session, held by the database; indexes for reports by date."""
	frappe.db.add_unique(
		"Attendance Mark", ["student", "date", "session"], constraint_name="unique_student_session"
	)
	frappe.db.add_index("Attendance Mark", ["date"])
	frappe.db.add_index("Attendance Mark", ["student", "date"])
	frappe.db.add_index("Attendance Mark", ["registration_group", "date"])
	# The whole-school reports (registers.school.grouped_marks): GROUP BY student, code over a
	# date range, read from this index alone in its own order, with no temporary table
	# (benchmarks/bench_desk.py: 1,500 pupils x 380 sessions in about 0.2 s instead of 1.9 s).
	frappe.db.add_index(
		"Attendance Mark", ["student", "attendance_code", "date"], index_name="student_code_date"
	)
