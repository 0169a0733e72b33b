# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Absence Record: one row of a pupil's history, the absence of one pupil and its reason.

The reason suggests the code (engine.absence REASON_CODES), which the attendance officer
may change to another absence code. Lifecycle split (style.md section 2): ``validate``
checks the input and previews the effect; ``before_submit`` refuses attending marks not
confirmed; ``on_submit`` and ``on_cancel`` hand the record's declaration (its pupil,
sessions, code and note) to registers.records, the one record-writer: it writes through
registers.write.write_marks, keeps each change in the ``changes`` table (Absence Record
Change) and, on cancel, restores exactly what this record changed.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from attendance_officer.absence.guardians import check_guardian_of
from attendance_officer.engine.absence import record_code_error, roll_error, suggested_code
from attendance_officer.engine.codes import CODES
from attendance_officer.engine.register_marks import mark_error
from attendance_officer.registers import records
from attendance_officer.registers.calendar import document_sessions
from attendance_officer.registers.records import AttendingMarksError

__all__ = ["AbsenceCodeError", "AbsenceRangeError", "AbsenceRecord", "AttendingMarksError"]

SOURCE = "Absence Record"
PREVIEW_LINES = records.PREVIEW_LINES


class AbsenceCodeError(frappe.ValidationError):
	"""A code an absence record may not write."""


class AbsenceRangeError(frappe.ValidationError):
	"""A range ending before it starts, with no school session, or outside the pupil's time on roll."""


class AbsenceRecord(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from attendance_officer.attendance_officer.doctype.absence_record_change.absence_record_change import (
			AbsenceRecordChange,
		)

		amended_from: DF.Link | None
		attendance_code: DF.Link
		attending_shown: DF.SmallText | None
		changes: DF.Table[AbsenceRecordChange]
		evidence_attachment: DF.Attach | None
		from_date: DF.Date
		from_session: DF.Literal["AM", "PM"]
		medical_evidence: DF.Literal["Not required", "Requested", "Received", "Not received"]
		naming_series: DF.Literal["ABR-.YYYY.-"]
		notes: DF.SmallText | None
		overwrite_attending: DF.Check
		preview: DF.SmallText | None
		reason: DF.Literal[
			"Illness",
			"Medical or dental appointment",
			"Religious observance",
			"Exceptional circumstances",
			"Holiday not authorised",
			"Unknown",
			"Other",
		]
		reported_by: DF.Link | None
		reported_on: DF.Datetime | None
		reported_via: DF.Literal["", "Phone", "Email", "Text", "Portal", "In person", "Letter"]
		student: DF.Link
		student_name: DF.Data | None
		to_date: DF.Date
		to_session: DF.Literal["AM", "PM"]
	# end: auto-generated types

	def validate(self):
		self.set_code()
		self.check_code()
		self.check_note()
		self.check_reported_by()
		if self.student and self.from_date and self.to_date:  # else the mandatory check reports them
			self.check_on_roll()
			self.set_preview()

	def before_submit(self):
		self.check_attending_confirmed()
		records.refuse_unconfirmed(self.plan())
		self.set("changes", [])  # an amended copy starts with none; on_submit keeps what it wrote

	def on_submit(self):
		records.apply(self, self.declaration())

	def check_attending_confirmed(self):
		"""Replace Attending Marks confirms only the attending sessions shown at the last save.

		A register taken since (a new attending mark in the range) was never shown to the
		user: refuse, so that they save again and see it.
		"""
		if not self.overwrite_attending:
			return
		shown = set(json.loads(self.attending_shown or "[]"))
		planned = self.plan(overwrite_attending=False)
		unseen = [
			(student, item) for student, item in planned.refusals if session_label(item.session) not in shown
		]
		records.refuse_unseen(
			planned,
			unseen,
			title=_("New attending marks in the range"),
			what=_(
				"These attending marks were recorded after the record was saved. Save it again to review them, then submit."
			),
		)

	def on_cancel(self):
		records.restore(self, SOURCE)

	# ------------------------------------------------------------ set_* / check_* steps

	def set_code(self):
		"""The reason suggests the code when none is chosen (engine.absence REASON_CODES)."""
		if not self.attendance_code:
			self.attendance_code = suggested_code(self.reason)

	def check_code(self):
		if problem := record_code_error(self.attendance_code):
			frappe.throw(_(problem), title=_("Code not allowed"), exc=AbsenceCodeError)

	def mark_note(self) -> str:
		"""The note each written mark carries, for codes that need one (B, C, Y7); else "".

		The record's notes, or "Absence Record <name>: <reason>" (engine.codes note_required;
		registers.write refuses such a mark without a note).
		"""
		code = CODES.get(self.attendance_code or "")
		if not code or not code.note_required:
			return ""
		return (self.notes or "").strip() or _("Absence Record {0}: {1}").format(
			self.name if not self.is_new() else _("(new)"), _(self.reason or "")
		)

	def check_note(self):
		"""The marks must pass the one write path's checks: refuse here, before submit, if not."""
		if not self.attendance_code or record_code_error(self.attendance_code):
			return
		for session in ("AM", "PM"):
			if problem := mark_error(self.attendance_code, session, 0, self.mark_note()):
				frappe.throw(
					_("Code {0} cannot be written: {1}").format(self.attendance_code, problem),
					title=_("Note needed"),
					exc=AbsenceCodeError,
				)

	def check_reported_by(self):
		check_guardian_of(self.student, self.reported_by, _("Reported By"))

	def check_on_roll(self):
		pupil = frappe.db.get_value(
			"Student", self.student, ["joining_date", "admission_date", "date_of_leaving"], as_dict=True
		)
		if not pupil:
			return  # the Link check reports a missing pupil
		start = pupil.admission_date or pupil.joining_date
		if problem := roll_error(
			getdate(self.from_date),
			getdate(self.to_date),
			on_roll_from=getdate(start) if start else None,
			left_on=getdate(pupil.date_of_leaving) if pupil.date_of_leaving else None,
		):
			frappe.throw(_(problem), title=_("Pupil not on roll"), exc=AbsenceRangeError)

	def set_preview(self):
		"""What submitting would change, in words (nothing is written before submit)."""
		if self.docstatus != 0:
			return
		plan = self.plan()
		# The attending sessions shown now: Replace Attending Marks confirms these only.
		attending = [
			item
			for _student, item in (
				self.plan(overwrite_attending=False).refusals if self.overwrite_attending else plan.refusals
			)
		]
		self.attending_shown = json.dumps(sorted(session_label(item.session) for item in attending))
		lines = [
			_("{0} sessions: {1} marks to write, {2} attending marks to confirm, {3} left alone.").format(
				len(self.sessions()), plan.changes, len(plan.refusals), len(plan.skipped)
			)
		]
		if self.overwrite_attending and attending:
			lines.append(
				_("Replacing {0} attending marks (confirmed): {1}").format(
					len(attending),
					", ".join(session_label(item.session) for item in attending[:PREVIEW_LINES]),
				)
			)
		if note := self.mark_note():
			lines.append(
				_("Code {0} needs a note; each mark will carry: {1}").format(self.attendance_code, note)
			)
		lines += plan.lines(plan.refusals + plan.skipped)
		self.preview = "\n".join(lines)

	# ------------------------------------------------------------ planning

	def sessions(self):
		return document_sessions(self, title=_("Sessions not valid"), exc=AbsenceRangeError)

	def declaration(self, overwrite_attending: bool | None = None) -> records.Declaration:
		"""What this record writes: its code over its sessions, for its pupil."""
		return records.Declaration(
			source=SOURCE,
			students=[self.student],
			sessions=self.sessions(),
			code=self.attendance_code,
			note=self.mark_note(),
			reason=_("{0}: {1} reported").format(self.name, _(self.reason)),
			overwrite_attending=bool(
				self.overwrite_attending if overwrite_attending is None else overwrite_attending
			),
		)

	def plan(self, overwrite_attending: bool | None = None) -> records.Planned:
		return records.plan(self, self.declaration(overwrite_attending))


def session_label(session) -> str:
	"""(date, "AM") -> "2026-11-16 AM", as kept in ``attending_shown``."""
	day, part = session
	return f"{getdate(day).isoformat()} {part}"
