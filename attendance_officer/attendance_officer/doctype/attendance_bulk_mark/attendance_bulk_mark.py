# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Bulk Mark: one code over a group or list of pupils and a range of sessions.

For trips (V), sport (P), work experience (W), alternative provision (K), other approved
activities (B), closures (#) and unavoidable causes (Y1-Y7). Lifecycle split (style.md
section 2): the preview is made on save; submit and cancel hand the declaration (pupils,
sessions, code, note) to registers.records, the one record-writer, which writes through
registers.write (checked whole first), stores exactly what each mark replaced and restores
it on cancel. A mark changed by someone else since is left as amended, reported, and a
trail row says so; it is never silently undone. No amendment row is ever deleted.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from attendance_officer.engine.codes import CODES
from attendance_officer.engine.sessions import show_session
from attendance_officer.registers import records
from attendance_officer.registers.calendar import document_sessions
from attendance_officer.registers.records import AttendingMarksError

__all__ = ["AttendanceBulkMark", "AttendingMarksError", "BulkCodeError", "BulkRangeError"]

BULK_CODES = ("V", "P", "W", "K", "B", "#", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7")
SOURCE = "Bulk"
DOCTYPE = "Attendance Bulk Mark"
PREVIEW_LINES = records.PREVIEW_LINES


class BulkCodeError(frappe.ValidationError):
	"""A code that is not written in bulk."""


class BulkRangeError(frappe.ValidationError):
	"""A session range with no school session, or ending before it starts."""


class AttendanceBulkMark(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from attendance_officer.attendance_officer.doctype.attendance_bulk_mark_pupil.attendance_bulk_mark_pupil import (
			AttendanceBulkMarkPupil,
		)

		absent_shown: DF.SmallText | None
		amended_from: DF.Link | None
		attendance_code: DF.Link
		changes: DF.JSON | None
		from_date: DF.Date
		from_session: DF.Literal["AM", "PM"]
		naming_series: DF.Literal["ABM-.YYYY.-"]
		note: DF.SmallText | None
		overwrite_attending: DF.Check
		preview: DF.SmallText | None
		pupils: DF.Table[AttendanceBulkMarkPupil]
		reason: DF.SmallText
		replace_absence_marks: DF.Check
		student_group: DF.Link | None
		to_date: DF.Date
		to_session: DF.Literal["AM", "PM"]
	# end: auto-generated types

	def validate(self):
		self.check_code()
		self.check_note()
		self.check_pupils()
		self.set_preview()

	def before_submit(self):
		records.refuse_unconfirmed(self.plan())
		self.check_absences_confirmed()

	def on_submit(self):
		records.apply(self, self.declaration())

	def on_cancel(self):
		records.restore(self, SOURCE)

	# ------------------------------------------------------------ check_* / set_* steps

	def check_code(self):
		if self.attendance_code not in BULK_CODES:
			frappe.throw(
				_("Code {0} is not written in bulk. Use one of {1}; other codes go on the register.").format(
					escape_html(self.attendance_code or ""), " ".join(BULK_CODES)
				),
				title=_("Code not allowed"),
				exc=BulkCodeError,
			)

	def check_note(self):
		"""B and Y7 marks need a note saying what they are for (engine.codes note_required)."""
		if CODES[self.attendance_code].note_required and not (self.note or "").strip():
			frappe.throw(
				_("Code {0} needs a note saying what it is for; add the note.").format(self.attendance_code),
				title=_("Note required"),
			)

	def check_pupils(self):
		if not self.student_group and not self.pupils:
			frappe.throw(_("Choose a registration group or list the pupils."), title=_("No pupils"))

	def check_absences_confirmed(self):
		"""Replace Absence Marks confirms only the absences shown at the last save.

		An absence recorded since (an illness entered after the trip was planned) was never
		shown: refuse, so that the user saves again and sees it.
		"""
		if not self.replace_absence_marks:
			return
		shown = set(json.loads(self.absent_shown or "[]"))
		planned = records.plan(self, self.declaration(overwrite_absent=False))
		unseen = [
			(student, item) for student, item in planned.absent if absence_key(student, item) not in shown
		]
		records.refuse_unseen(
			planned,
			unseen,
			title=_("New absences in the range"),
			what=_(
				"These absences were recorded after the bulk mark was saved. Save it again to review them, then submit."
			),
		)

	def set_preview(self):
		"""What submitting would change, in words, each pupil named (nothing is written yet).

		Attending marks to confirm, absences already recorded (left unless Replace Absence
		Marks is ticked) and other marks left alone are listed apart. Not on submit: what was
		shown at the last save is what the user confirmed (check_absences_confirmed).
		"""
		if self.docstatus != 0:
			return
		plan = self.plan()
		# The absences shown now: Replace Absence Marks confirms these only.
		unreplaced = (
			records.plan(self, self.declaration(overwrite_absent=False))
			if self.replace_absence_marks
			else plan
		)
		absent = unreplaced.absent
		self.absent_shown = json.dumps(sorted(absence_key(student, item) for student, item in absent))
		lines = [
			_(
				"{0} pupils, {1} sessions each: {2} marks to write, {3} attending marks to confirm, "
				"{4} already recorded absent, {5} left alone."
			).format(
				len(plan.plans),
				len(self.sessions()),
				plan.changes,
				len(plan.refusals),
				len(plan.absent),
				len(plan.left_alone),
			)
		]
		for heading, items in (
			(_("Attending, replaced only if Replace Attending Marks is ticked:"), plan.refusals),
			(
				_("Already recorded absent, left as they are (tick Replace Absence Marks to replace):"),
				plan.absent,
			),
			(_("Left alone:"), plan.left_alone),
		):
			if items:
				lines += ["", heading, *plan.lines(items)]
		if self.replace_absence_marks and absent:
			lines += [
				"",
				_("Recorded absences to be replaced (Replace Absence Marks is ticked):"),
				*(
					_("{0}, {1}: {2} becomes {3}").format(
						unreplaced.names.get(student) or student,
						show_session(item.session),
						item.mark.code,
						self.attendance_code,
					)
					for student, item in absent[:PREVIEW_LINES]
				),
			]
		self.preview = "\n".join(lines)

	# ------------------------------------------------------------ planning

	def sessions(self):
		return document_sessions(self, title=_("Sessions not valid"), exc=BulkRangeError)

	def students(self) -> list[str]:
		students = [row.student for row in self.pupils]
		if self.student_group:
			students += frappe.get_all(
				"Student Group Student",
				filters={"parent": self.student_group, "parenttype": "Student Group", "active": 1},
				pluck="student",
				order_by="group_roll_number",
			)
		return list(dict.fromkeys(students))

	def declaration(self, overwrite_absent: bool | None = None) -> records.Declaration:
		"""What this bulk mark writes: its code over its sessions, for every pupil it covers."""
		return records.Declaration(
			source=SOURCE,
			students=self.students(),
			sessions=self.sessions(),
			code=self.attendance_code,
			note=self.note or "",
			reason=_("{0}: {1}").format(self.name, self.reason),
			overwrite_attending=bool(self.overwrite_attending),
			overwrite_absent=bool(
				self.replace_absence_marks if overwrite_absent is None else overwrite_absent
			),
		)

	def plan(self) -> records.Planned:
		return records.plan(self, self.declaration())


def absence_key(student: str, item) -> str:
	"""'EDU-STU-1 2026-12-03 AM': one recorded absence, as kept in ``absent_shown``."""
	day, part = item.session
	return f"{student} {day} {part}"
