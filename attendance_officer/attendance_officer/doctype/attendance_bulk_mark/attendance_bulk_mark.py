# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Bulk Mark: one code over a group or list of pupils and a range of sessions.

For trips (V), sport (P), work experience (W), alternative provision (K), other approved
activities (B), closures (#) and unavoidable causes (Y1-Y7). Lifecycle split (style.md
section 2): the preview is made on save, submit writes the marks through registers.write
(the one write path, checked whole first) and stores exactly what each mark replaced;
cancel restores it (engine.absence_plan plan_apply / plan_restore). A mark changed by
someone else since (another code or writer, or a note / minutes late changed by hand: its
trail grew) is left as amended, reported, and a trail row says so; it is never silently
undone. No amendment row is ever deleted (registers.restore).
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, getdate, now

from attendance_officer.engine.absence_plan import Change, Mark, plan_apply, plan_restore
from attendance_officer.engine.codes import CODES
from attendance_officer.registers.calendar import document_sessions
from attendance_officer.registers.mirror import mirror_marks, record_states, restore_records
from attendance_officer.registers.restore import amended_since, kept_blank_session, put_back
from attendance_officer.registers.write import insert_amendments, mark_name, write_marks

BULK_CODES = ("V", "P", "W", "K", "B", "#", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7")
SOURCE = "Bulk"
DOCTYPE = "Attendance Bulk Mark"
# The writer a hand amendment (Attendance Mark form) is shown as to plan_restore.
FORM = "Form"
PREVIEW_LINES = 10


class BulkCodeError(frappe.ValidationError):
	"""A code that is not written in bulk."""


class BulkRangeError(frappe.ValidationError):
	"""A session range with no school session, or ending before it starts."""


class AttendingMarksError(frappe.ValidationError):
	"""The range covers marks showing the pupil attending, and replacing them was not confirmed."""


class AttendanceBulkMark(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from attendance_officer.attendance_officer.doctype.attendance_bulk_mark_pupil.attendance_bulk_mark_pupil import (
			AttendanceBulkMarkPupil,
		)

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
		plans = self.plans()
		refusals = [item for _, plan in plans for item in plan.refusals]
		if refusals:
			frappe.throw(
				[escape_html(item.message) for item in refusals[:PREVIEW_LINES]]
				+ [_("Tick Replace Attending Marks to replace them, or shorten the range.")],
				title=_("Attending marks in the range"),
				exc=AttendingMarksError,
				as_list=True,
			)

	def on_submit(self):
		self.apply()

	def on_cancel(self):
		self.restore()

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

	def set_preview(self):
		"""What submitting would change, in words (the preview before anything is written)."""
		plans = self.plans()
		changes = sum(len(plan.changes) for _, plan in plans)
		refusals = [item for _, plan in plans for item in plan.refusals]
		skipped = [item for _, plan in plans for item in plan.skipped]
		lines = [
			_(
				"{0} pupils, {1} sessions each: {2} marks to write, {3} attending marks to confirm, {4} left alone."
			).format(len(plans), len(self.sessions()), changes, len(refusals), len(skipped))
		]
		lines += [item.message for item in (refusals + skipped)[:PREVIEW_LINES]]
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

	def stored_marks(self, students: list[str]) -> dict[str, dict]:
		"""student -> {(date, session): row} for the range (one query)."""
		sessions = self.sessions()
		if not students:
			return {}
		rows = frappe.db.sql(
			"""SELECT `name`, `student`, `date`, `session`, `attendance_code`, `minutes_late`, `note`,
				`source`, `source_doctype`, `source_name`
			FROM `tabAttendance Mark`
			WHERE `student` IN %s AND `date` BETWEEN %s AND %s""",
			(students, sessions[0][0], sessions[-1][0]),
			as_dict=True,
		)
		found: dict[str, dict] = {s: {} for s in students}
		for row in rows:
			found[row.student][(getdate(row.date), row.session)] = row
		return found

	def plans(self):
		students = self.students()
		stored = self.stored_marks(students)
		name = self.name if not self.is_new() else "new"
		result = []
		for student in students:
			existing = {
				key: Mark(row.attendance_code, row.source, row.source_name or "")
				for key, row in stored[student].items()
			}
			plan = plan_apply(
				existing,
				self.sessions(),
				self.attendance_code,
				SOURCE,
				source_name=name,
				overwrite_attending=bool(self.overwrite_attending),
			)
			result.append((student, plan))
		self._stored = stored
		return result

	# ------------------------------------------------------------ effects

	def apply(self):
		"""Write the marks (one checked batch) and keep what each replaced, for the undo.

		Only the marks write_marks actually wrote are kept (WriteResult: inserted / updated,
		with each mark's state before it, marked_by and marked_at included), with the mark's
		amendment trail length right after the write (``trail``), so a later change by hand
		that keeps the code and writer (a note or minutes late changed on the form) is still
		seen on cancel. For morning marks, the day's Student Attendance record as it was (or
		None: the mirror created it) and the record linked after the write are kept too, so
		cancel puts Education's record back exactly.
		"""
		plans = self.plans()
		rows, keys = [], []
		for student, plan in plans:
			for change in plan.changes:
				day, session = change.session
				keys.append((student, day, session))
				rows.append(
					{
						"student": student,
						"date": day,
						"session": session,
						"code": self.attendance_code,
						"note": self.note or "",
					}
				)
		changes = []
		if rows:
			morning = [(student, day) for student, day, session in keys if session == "AM"]
			records = record_states((s for s, _ in morning), (d for _, d in morning))
			result = write_marks(
				rows,
				source=SOURCE,
				source_doctype=self.doctype,
				source_name=self.name,
				reason=_("{0}: {1}").format(self.name, self.reason),
				take_over=True,
			)
			written = set(result.inserted) | set(result.updated)
			names = {key: self._stored[key[0]].get((key[1], key[2])) for key in keys}
			names = {key: (row.name if row else mark_name(*key)) for key, row in names.items()}
			linked = {
				row.name: row
				for row in frappe.db.sql(
					"""SELECT m.`name`, m.`student_attendance`,
						(SELECT COUNT(*) FROM `tabAttendance Mark Amendment` a WHERE a.`parent` = m.`name`
							AND a.`parenttype` = 'Attendance Mark') AS `amendment_count`
					FROM `tabAttendance Mark` m WHERE m.`name` IN %s""",
					(sorted(written) or [""],),
					as_dict=True,
				)
			}
			for key in keys:
				name = names[key]
				if name not in written:
					continue
				student, day, session = key
				change = {
					"student": student,
					"date": str(day),
					"session": session,
					"before": result.before[name],
					"trail": int(linked[name].amendment_count or 0) if name in linked else 0,
				}
				if session == "AM":
					after = linked[name].student_attendance if name in linked else None
					change["mirror"] = {"before": records.get((student, day)), "after": after}
				changes.append(change)
		self.db_set("changes", json.dumps(changes, default=str), update_modified=False)

	def restore(self):
		"""Put back exactly what submit replaced, where the mark is still this record's.

		A session a later record wrote over is handed over (engine.absence_plan handovers):
		that record's stored ``before`` (and day-record state) becomes this record's, so
		cancelling it later restores what was there before both. A mark amended by hand
		since (registers.restore.amended_since) is left as amended with a trail row saying
		so. A session that was blank is cleared only when its mark has no amendment trail;
		otherwise the mark is kept and a trail row says why (no trail row is ever deleted).
		Putting back the same code, minutes and note (a take-over by a later bulk) changes
		only the writer and adds no trail row, as the take-over added none.
		"""
		changes = json.loads(self.changes or "[]")
		if not changes:
			return
		students = sorted({c["student"] for c in changes})
		days = sorted({c["date"] for c in changes})
		current_rows = frappe.db.sql(
			"""SELECT `name`, `student`, `date`, `session`, `attendance_code`, `minutes_late`, `note`,
				`source`, `source_name`, `registration_group`, `student_name`,
				(SELECT COUNT(*) FROM `tabAttendance Mark Amendment` a WHERE a.`parent` = m.`name`
					AND a.`parenttype` = 'Attendance Mark') AS `amendment_count`
			FROM `tabAttendance Mark` m WHERE `student` IN %s AND `date` IN %s""",
			(students, days),
			as_dict=True,
		)
		current = {(r.student, str(getdate(r.date)), r.session): r for r in current_rows}
		by_hand = amended_since(
			current,
			{(c["student"], c["date"], c["session"]): c["trail"] for c in changes if "trail" in c},
		)
		to_delete, to_restore, amendments, remirror, left = [], [], [], [], []
		records, handed = [], []
		for student in students:
			mine = [c for c in changes if c["student"] == student]
			engine_changes = [
				Change(
					(getdate(c["date"]), c["session"]),
					Mark(c["before"]["code"], c["before"]["source"], c["before"]["source_name"] or "")
					if c["before"]
					else None,
					Mark(self.attendance_code, SOURCE, self.name),
				)
				for c in mine
			]
			now_marks = {}
			for c in mine:
				key = (student, c["date"], c["session"])
				row = current.get(key)
				if row:
					now_marks[(getdate(c["date"]), c["session"])] = (
						Mark(row.attendance_code, FORM, row.name)
						if key in by_hand
						else Mark(row.attendance_code, row.source, row.source_name or "")
					)
			plan = plan_restore(engine_changes, now_marks)
			by_session = {(getdate(c["date"]), c["session"]): c for c in mine}
			for handover in plan.handovers:
				now_mark = now_marks.get(handover.session)
				change = by_session[handover.session]
				if now_mark and now_mark.source == SOURCE and now_mark.source_name != self.name:
					handed.append((now_mark.source_name, student, change))
				else:
					left.append(
						next(item.message for item in plan.amended if item.session == handover.session)
					)
					if row := current.get((student, change["date"], change["session"])):
						amendments.append(
							{
								"parent": row.name,
								"idx": int(row.amendment_count or 0) + 1,
								"previous_code": row.attendance_code,
								"new_code": row.attendance_code,
								"reason": _(
									"{0} cancelled: left as {1}, because the mark was changed after the record wrote {2}."
								).format(self.name, row.attendance_code, self.attendance_code),
								"source": f"{SOURCE} {self.name}",
							}
						)
			for restore in plan.restores:
				change = by_session[restore.session]
				row = current[(student, change["date"], change["session"])]
				if change["before"] is None:
					if keep := kept_blank_session(
						row, code=self.attendance_code, record=self.name, writer=f"{SOURCE} {self.name}"
					):
						amendments.append(keep)
						left.append(
							_("{0} {1}: kept as {2}, because the mark has an amendment trail.").format(
								change["date"], change["session"], self.attendance_code
							)
						)
						continue
					to_delete.append(row.name)
					if "mirror" in change:
						records.append((change["mirror"]["before"], change["mirror"]["after"]))
					continue
				if "mirror" in change:
					records.append((change["mirror"]["before"], change["mirror"]["after"]))
				to_restore.append((row, change["before"]))
				before = change["before"]
				if (before["code"], int(before["minutes_late"] or 0), before["note"] or "") != (
					row.attendance_code,
					int(row.minutes_late or 0),
					row.note or "",
				):
					amendments.append(
						{
							"parent": row.name,
							"idx": int(row.amendment_count or 0) + 1,
							"previous_code": self.attendance_code,
							"new_code": before["code"],
							"reason": _("{0} cancelled: the mark it replaced is restored.").format(self.name),
							"source": f"{SOURCE} {self.name}",
						}
					)
				if change["session"] == "AM" and "mirror" not in change:
					# Stored before day records were kept: mirror the restored mark again.
					remirror.append(
						{
							"name": row.name,
							"student": student,
							"student_name": row.student_name,
							"registration_group": row.registration_group,
							"date": change["date"],
							"session": "AM",
							"code": change["before"]["code"],
						}
					)
		if to_delete:
			# Only marks with no amendment trail are deleted: there is no trail row to lose.
			frappe.db.sql("DELETE FROM `tabAttendance Mark` WHERE `name` IN %s", (to_delete,))
		timestamp, user = now(), frappe.session.user
		for row, before in to_restore:
			put_back(
				row.name,
				before,
				timestamp=timestamp,
				user=user,
				link=("student_attendance" in before, before.get("student_attendance")),
			)
		insert_amendments(amendments, user=user, timestamp=timestamp)
		restore_records(records)
		mirror_marks(remirror)
		hand_over_changes(self.name, handed)
		if left:
			frappe.msgprint(
				[escape_html(m) for m in left[:PREVIEW_LINES]],
				title=_("Marks left as amended"),
				as_list=True,
			)


def hand_over_changes(cancelled: str, handed: list[tuple[str, str, dict]]) -> None:
	"""Give the later bulk records that wrote over ``cancelled``'s marks its stored states.

	engine.absence_plan Handover: the later record's change for the session whose ``before``
	is the cancelled record's mark gets the cancelled record's ``before`` (and the day
	record's state before it), so cancelling the later record restores what was there
	before both. One read and one write per later record.
	"""
	by_record: dict[str, dict[tuple[str, str, str], dict]] = {}
	for record, student, change in handed:
		by_record.setdefault(record, {})[(student, change["date"], change["session"])] = change
	for record, given in by_record.items():
		stored = frappe.db.get_value(DOCTYPE, {"name": record, "docstatus": 1}, "changes")
		if not stored:
			continue
		later = json.loads(stored)
		touched = False
		for change in later:
			source = given.get((change["student"], change["date"], change["session"]))
			before = change.get("before") or {}
			if source and before.get("source") == SOURCE and before.get("source_name") == cancelled:
				change["before"] = source["before"]
				if "mirror" in change and "mirror" in source:
					change["mirror"]["before"] = source["mirror"]["before"]
				touched = True
		if touched:
			frappe.db.set_value(
				DOCTYPE, record, "changes", json.dumps(later, default=str), update_modified=False
			)
