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
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, now

from attendance_officer.engine.codes import code_error
from attendance_officer.engine.register_marks import is_locked, lock_error, mark_error
from attendance_officer.registers.roles import may_unlock
from attendance_officer.registers.write import link_mirrors, lock_days, mark_name


class InvalidMarkError(frappe.ValidationError):
	"""A code not in force, or a mark the code's rules refuse (session, minutes late, note)."""


class AmendmentReasonError(frappe.ValidationError):
	"""A saved mark's code changed without a reason."""


class LockedRegisterError(frappe.PermissionError):
	"""A mark past the amendment lock window changed by someone who may not unlock it."""


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
		self.set_registration_group()
		self.check_code_in_force()
		self.check_mark()
		self.check_lock_window()
		self.record_amendment()
		self.set_marked_by()

	def on_update(self):
		self.mirror_to_student_attendance()

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

	# ------------------------------------------------------------ check_* steps

	def check_code_in_force(self):
		"""Only a DfE code in force since 19 August 2024 (engine.codes.code_error)."""
		if error := code_error(self.attendance_code or ""):
			frappe.throw(_(error), title=_("Code not allowed"), exc=InvalidMarkError)

	def check_mark(self):
		"""/ in the morning and \\ in the afternoon; minutes only with L or U; a note where needed."""
		if error := mark_error(self.attendance_code, self.session, cint(self.minutes_late), self.note or ""):
			frappe.throw(_(error), title=_("Mark not allowed"), exc=InvalidMarkError)

	def check_lock_window(self):
		"""Past the lock window, only an Attendance Officer or the Headteacher may change a mark."""
		if not (self.is_new() or self.mark_changed()):
			return
		days = lock_days()
		if is_locked(getdate(self.date), getdate(), days) and not may_unlock(frappe.get_roles()):
			frappe.throw(
				_(lock_error(getdate(self.date), getdate(), days)),
				title=_("Register locked"),
				exc=LockedRegisterError,
			)

	def record_amendment(self):
		"""A changed code needs a reason; keep original code, new code, reason, user and time."""
		if self.is_new() or not self.code_changed():
			self.amendment_reason = None
			return
		reason = (self.amendment_reason or "").strip()
		if not reason:
			frappe.throw(
				_("You changed the code from {0} to {1}. Enter the reason for the change, then save.").format(
					self.get_doc_before_save().attendance_code, self.attendance_code
				),
				title=_("Reason required"),
				exc=AmendmentReasonError,
			)
		self.append(
			"amendments",
			{
				"previous_code": self.get_doc_before_save().attendance_code,
				"new_code": self.attendance_code,
				"reason": reason,
				"amended_by": frappe.session.user,
				"amended_at": now(),
				"source": _("Form"),
			},
		)
		self.amendment_reason = None

	# ------------------------------------------------------------ effects

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


def on_doctype_update():
	"""One mark per pupil per session, held by the database; indexes for reports by date."""
	frappe.db.add_unique(
		"Attendance Mark", ["student", "date", "session"], constraint_name="unique_student_session"
	)
	frappe.db.add_index("Attendance Mark", ["date"])
	frappe.db.add_index("Attendance Mark", ["student", "date"])
	frappe.db.add_index("Attendance Mark", ["registration_group", "date"])
