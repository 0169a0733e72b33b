# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Absence Record: one row of a pupil's history, the absence of one pupil and its reason.

The reason suggests the code (engine.absence REASON_CODES), which the attendance officer
may change to another absence code. Lifecycle split (style.md section 2): ``validate``
checks the input and previews the effect; ``before_submit`` plans the marks
(engine.absence_plan.plan_apply: blank and N marks replaced, attending marks only after
confirmation, other codes left alone) and stores each change in ``changes``; ``on_submit``
writes them through registers.write.write_marks (the one write path); ``on_cancel``
restores exactly what this record changed (plan_restore): a mark amended since is left as
amended, with a row on its amendment trail saying so.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, getdate, now

from attendance_officer.absence.guardians import check_guardian_of
from attendance_officer.engine.absence import record_code_error, roll_error, suggested_code
from attendance_officer.engine.absence_plan import Change, Mark, plan_apply, plan_restore
from attendance_officer.engine.codes import CODES
from attendance_officer.engine.register_marks import mark_error
from attendance_officer.registers.calendar import document_sessions
from attendance_officer.registers.mirror import mirror_marks, record_states, restore_records
from attendance_officer.registers.restore import amended_since, kept_blank_session, put_back
from attendance_officer.registers.write import insert_amendments, write_marks

SOURCE = "Absence Record"
PREVIEW_LINES = 10
RESTORED = "Restored"
LEFT_AS_AMENDED = "Left as amended"
KEPT_WITH_TRAIL = "Kept: mark has a trail"
# The writer a hand amendment (Attendance Mark form) is shown as to plan_restore.
FORM = "Form"


class AbsenceCodeError(frappe.ValidationError):
	"""A code an absence record may not write."""


class AbsenceRangeError(frappe.ValidationError):
	"""A range ending before it starts, with no school session, or outside the pupil's time on roll."""


class AttendingMarksError(frappe.ValidationError):
	"""The range covers marks showing the pupil attending, and replacing them was not confirmed."""


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
		plan = self.plan()
		self.check_attending_confirmed()
		if plan.refusals:
			frappe.throw(
				[escape_html(item.message) for item in plan.refusals[:PREVIEW_LINES]]
				+ [_("Tick Replace Attending Marks to replace them, or shorten the range.")],
				title=_("Attending marks in the range"),
				exc=AttendingMarksError,
				as_list=True,
			)
		self.set_changes(plan)

	def on_submit(self):
		self.apply()

	def check_attending_confirmed(self):
		"""Replace Attending Marks confirms only the attending sessions shown at the last save.

		A register taken since (a new attending mark in the range) was never shown to the
		user: refuse, so that they save again and see it.
		"""
		if not self.overwrite_attending:
			return
		shown = set(json.loads(self.attending_shown or "[]"))
		unseen = [
			item
			for item in self.plan(overwrite_attending=False).refusals
			if session_label(item.session) not in shown
		]
		if unseen:
			frappe.throw(
				[escape_html(item.message) for item in unseen[:PREVIEW_LINES]]
				+ [
					_(
						"These attending marks were recorded after the record was saved. Save it again to review them, then submit."
					)
				],
				title=_("New attending marks in the range"),
				exc=AttendingMarksError,
				as_list=True,
			)

	def on_cancel(self):
		self.restore()

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
		attending = (
			self.plan(overwrite_attending=False).refusals if self.overwrite_attending else plan.refusals
		)
		self.attending_shown = json.dumps(sorted(session_label(item.session) for item in attending))
		lines = [
			_("{0} sessions: {1} marks to write, {2} attending marks to confirm, {3} left alone.").format(
				len(self.sessions()), len(plan.changes), len(plan.refusals), len(plan.skipped)
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
		lines += [item.message for item in (plan.refusals + plan.skipped)[:PREVIEW_LINES]]
		self.preview = "\n".join(lines)

	# ------------------------------------------------------------ planning

	def sessions(self):
		return document_sessions(self, title=_("Sessions not valid"), exc=AbsenceRangeError)

	def stored_marks(self, first, last) -> dict:
		"""(date, session) -> the pupil's stored mark row, from ``first`` to ``last`` (one query)."""
		rows = frappe.db.sql(
			"""SELECT m.`name`, m.`date`, m.`session`, m.`attendance_code`, m.`minutes_late`, m.`note`,
				m.`source`, m.`source_doctype`, m.`source_name`, m.`registration_group`, m.`student_name`,
				m.`marked_by`, m.`marked_at`, m.`student_attendance`,
				(SELECT COUNT(*) FROM `tabAttendance Mark Amendment` a WHERE a.`parent` = m.`name`
					AND a.`parenttype` = 'Attendance Mark') AS `amendment_count`
			FROM `tabAttendance Mark` m
			WHERE m.`student` = %s AND m.`date` BETWEEN %s AND %s""",
			(self.student, first, last),
			as_dict=True,
		)
		return {(getdate(row.date), row.session): row for row in rows}

	def plan(self, overwrite_attending: bool | None = None):
		if overwrite_attending is None:
			overwrite_attending = bool(self.overwrite_attending)
		sessions = self.sessions()
		self._stored = self.stored_marks(sessions[0][0], sessions[-1][0])
		return plan_apply(
			{key: as_mark(row) for key, row in self._stored.items()},
			sessions,
			self.attendance_code,
			SOURCE,
			source_name=self.name if not self.is_new() else "new",
			overwrite_attending=overwrite_attending,
		)

	def set_changes(self, plan):
		"""Keep, for each session the record will change, exactly what it held before."""
		self.set("changes", [])
		for change in plan.changes:
			day, session = change.session
			before = self._stored.get(change.session)
			self.append(
				"changes",
				{
					"date": day,
					"session": session,
					"after_code": self.attendance_code,
					"before_code": before.attendance_code if before else None,
					"before_source": before.source if before else None,
					"before_source_doctype": before.source_doctype if before else None,
					"before_source_name": before.source_name if before else None,
					"before_minutes_late": (before.minutes_late or 0) if before else 0,
					"before_note": before.note if before else None,
					"before_marked_by": before.marked_by if before else None,
					"before_marked_at": before.marked_at if before else None,
				},
			)

	# ------------------------------------------------------------ effects

	def apply(self):
		"""Write the planned marks as one checked batch through the one write path.

		For an exact cancel, each change also keeps (``restore_state``, JSON) the mark's
		amendment trail length right after the write, so a later change by hand that keeps
		the code and writer (a note or minutes late changed on the Attendance Mark form) is
		still seen; and, for a morning, Education's Student Attendance as it was (None: the
		mirror created it) and the record linked after the write, as bulk marks do.
		"""
		note = self.mark_note()
		rows = [
			{
				"student": self.student,
				"date": row.date,
				"session": row.session,
				"code": self.attendance_code,
				"note": note,
			}
			for row in self.changes
		]
		if not rows:
			return
		mornings = [getdate(row.date) for row in self.changes if row.session == "AM"]
		day_records = record_states([self.student], mornings) if mornings else {}
		result = write_marks(
			rows,
			source=SOURCE,
			source_doctype=self.doctype,
			source_name=self.name,
			reason=_("{0}: {1} reported").format(self.name, _(self.reason)),
		)
		days = sorted({getdate(row.date) for row in self.changes})
		written = self.stored_marks(days[0], days[-1])
		states = {}
		for row in self.changes:
			key = (getdate(row.date), row.session)
			mark = written.get(key)
			if not mark:
				continue
			before = result.before.get(mark.name) or {}
			state = {"trail": int(mark.amendment_count or 0), "link_before": before.get("student_attendance")}
			if row.session == "AM":
				state["day"] = {
					"before": day_records.get((self.student, key[0])),
					"after": mark.student_attendance,
				}
			row.restore_state = json.dumps(state, default=str)
			states[row.name] = row.restore_state
		if states:
			cases = " ".join(["WHEN %s THEN %s"] * len(states))
			frappe.db.sql(
				f"UPDATE `tabAbsence Record Change` SET `restore_state` = CASE `name` {cases} END WHERE `name` IN %s",
				[v for pair in states.items() for v in pair] + [list(states)],
			)

	def restore(self):
		"""Put back exactly what submit changed, where the mark is still this record's.

		A mark amended since (another code or writer, or a note / minutes late changed by
		hand: its trail grew) is left as amended, with a trail row saying so. A session that
		was blank gets blank again only when its mark has no amendment trail; a mark with a
		trail is kept (the trail is never deleted) and a row on it says what happened.
		Education's day records go back to their state before submit (restore_records).
		"""
		if not self.changes:
			return
		days = sorted({getdate(row.date) for row in self.changes})
		current = self.stored_marks(days[0], days[-1])
		mine = Mark(self.attendance_code, SOURCE, self.name)
		rows = {(getdate(row.date), row.session): row for row in self.changes}
		states = {key: json.loads(row.restore_state or "{}") for key, row in rows.items()}
		by_hand = amended_since(
			current, {key: state["trail"] for key, state in states.items() if "trail" in state}
		)
		now_marks = {
			key: Mark(row.attendance_code or "", FORM, row.name) if key in by_hand else as_mark(row)
			for key, row in current.items()
		}
		plan = plan_restore([Change(key, before_mark(row), mine) for key, row in rows.items()], now_marks)
		timestamp, user = now(), frappe.session.user
		to_delete, amendments, remirror, records, outcomes, kept = [], [], [], [], {}, []
		for restore in plan.restores:
			row, mark = rows[restore.session], current[restore.session]
			state = states[restore.session]
			outcomes[row.name] = RESTORED
			if not row.before_code:
				if keep := kept_blank_session(
					mark, code=self.attendance_code, record=self.name, writer=f"{SOURCE} {self.name}"
				):
					outcomes[row.name] = KEPT_WITH_TRAIL
					kept.append(
						_("{0} {1}: kept as {2}, because the mark has an amendment trail.").format(
							row.date, row.session, self.attendance_code
						)
					)
					amendments.append(keep)
					continue
				to_delete.append(mark.name)
				if "day" in state:
					records.append((state["day"]["before"], state["day"]["after"]))
				continue
			put_back(
				mark.name,
				{
					"code": row.before_code,
					"minutes_late": row.before_minutes_late,
					"note": row.before_note,
					"source": row.before_source,
					"source_doctype": row.before_source_doctype,
					"source_name": row.before_source_name,
					"marked_by": row.before_marked_by,
					"marked_at": row.before_marked_at,
				},
				timestamp=timestamp,
				user=user,
				link=("day" in state, state.get("link_before")),
			)
			amendments.append(
				{
					"parent": mark.name,
					"idx": int(mark.amendment_count or 0) + 1,
					"previous_code": self.attendance_code,
					"new_code": row.before_code,
					"reason": _("{0} cancelled: the mark it replaced is restored.").format(self.name),
					"source": f"{SOURCE} {self.name}",
				}
			)
			if "day" in state:
				records.append((state["day"]["before"], state["day"]["after"]))
			elif row.session == "AM":
				# Submitted before day records were kept: mirror the restored mark again.
				remirror.append(
					{
						"name": mark.name,
						"student": self.student,
						"student_name": mark.student_name,
						"registration_group": mark.registration_group,
						"date": row.date,
						"session": "AM",
						"code": row.before_code,
					}
				)
		for item in plan.amended:
			row = rows[item.session]
			outcomes[row.name] = LEFT_AS_AMENDED
			if mark := current.get(item.session):
				amendments.append(
					{
						"parent": mark.name,
						"idx": int(mark.amendment_count or 0) + 1,
						"previous_code": mark.attendance_code,
						"new_code": mark.attendance_code,
						"reason": _(
							"{0} cancelled: left as {1}, because the mark was changed after the record wrote {2}."
						).format(self.name, mark.attendance_code, self.attendance_code),
						"source": f"{SOURCE} {self.name}",
					}
				)
		if to_delete:
			# Only marks with no amendment trail are deleted: there is no trail row to lose.
			frappe.db.sql("DELETE FROM `tabAttendance Mark` WHERE `name` IN %s", (to_delete,))
		insert_amendments(amendments, user=user, timestamp=timestamp)
		restore_records(records)
		mirror_marks(remirror)
		self.hand_over(plan.handovers)
		self.set_outcomes(outcomes)
		messages = [item.message for item in plan.amended] + kept
		if messages:
			frappe.msgprint(
				[escape_html(m) for m in messages[:PREVIEW_LINES]],
				title=_("Marks left as amended"),
				as_list=True,
			)

	def hand_over(self, handovers):
		"""A later record in force that wrote over this one's mark now restores this one's ``before``."""
		for handover in handovers:
			row = next(r for r in self.changes if (getdate(r.date), r.session) == handover.session)
			frappe.db.sql(
				"""UPDATE `tabAbsence Record Change` c JOIN `tabAbsence Record` r ON r.`name` = c.`parent`
				SET c.`before_code` = %s, c.`before_source` = %s, c.`before_source_doctype` = %s,
					c.`before_source_name` = %s, c.`before_minutes_late` = %s, c.`before_note` = %s,
					c.`before_marked_by` = %s, c.`before_marked_at` = %s
				WHERE r.`docstatus` = 1 AND r.`student` = %s AND c.`date` = %s AND c.`session` = %s
					AND c.`before_source` = %s AND c.`before_source_name` = %s AND c.`before_code` = %s""",
				(
					row.before_code,
					row.before_source,
					row.before_source_doctype,
					row.before_source_name,
					row.before_minutes_late or 0,
					row.before_note,
					row.before_marked_by,
					row.before_marked_at,
					self.student,
					row.date,
					row.session,
					SOURCE,
					self.name,
					self.attendance_code,
				),
			)

	def set_outcomes(self, outcomes: dict[str, str]):
		if not outcomes:
			return
		cases = " ".join(["WHEN %s THEN %s"] * len(outcomes))
		values = [v for pair in outcomes.items() for v in pair] + [list(outcomes)]
		frappe.db.sql(
			f"UPDATE `tabAbsence Record Change` SET `outcome` = CASE `name` {cases} END WHERE `name` IN %s",
			values,
		)
		for row in self.changes:
			row.outcome = outcomes.get(row.name, row.outcome)


def session_label(session) -> str:
	"""(date, "AM") -> "2026-11-16 AM", as kept in ``attending_shown``."""
	day, part = session
	return f"{getdate(day).isoformat()} {part}"


def as_mark(row) -> Mark:
	return Mark(row.attendance_code or "", row.source or "", row.source_name or "")


def before_mark(row) -> Mark | None:
	if not row.before_code:
		return None
	return Mark(row.before_code, row.before_source or "", row.before_source_name or "")
