"""Write a leave code over one pupil's sessions, and take it back off exactly.

The lifecycle split (style.md section 2) for Leave of Absence Request: on approval the
approved sessions get the ground's code through registers.write.write_marks (the one write
path, source "Leave of Absence"), and what each session held before is stored on the
request (``changes``), with the mark's amendment trail length right after the write and,
for a morning, Education's Student Attendance as it was. Cancelling restores exactly that
(engine.absence_plan plan_apply / plan_restore, and the shared cancel rule of
registers.restore, as Absence Record and Attendance Bulk Mark): a mark changed since,
including a note or minutes late changed by hand on the Attendance Mark form, is left as
amended with a trail row saying so; a session that was blank is cleared only when its mark
has no amendment trail (no trail row is ever deleted); Education's day records go back as
they were (registers.mirror restore_records). Attending marks are never replaced by leave:
the pupil was in school.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import frappe
from frappe import _
from frappe.utils import escape_html, getdate, now

from attendance_officer.engine.absence_plan import Change, Mark, plan_apply, plan_restore
from attendance_officer.engine.sessions import Session
from attendance_officer.registers.mirror import mirror_marks, record_states, restore_records
from attendance_officer.registers.restore import amended_since, kept_blank_session, put_back
from attendance_officer.registers.write import insert_amendments, write_marks

SOURCE = "Leave of Absence"
PREVIEW_LINES = 10
# The writer a hand amendment (Attendance Mark form) is shown as to plan_restore.
FORM = "Form"


def stored_marks(student: str, sessions: Sequence[Session]) -> dict[Session, frappe._dict]:
	"""(date, session) -> stored mark row for the pupil over the sessions' dates (one query)."""
	if not sessions:
		return {}
	rows = frappe.db.sql(
		"""SELECT `name`, `student`, `date`, `session`, `attendance_code`, `minutes_late`, `note`,
			`source`, `source_doctype`, `source_name`, `registration_group`, `student_name`,
			`student_attendance`,
			(SELECT COUNT(*) FROM `tabAttendance Mark Amendment` a WHERE a.`parent` = m.`name`
				AND a.`parenttype` = 'Attendance Mark') AS `amendment_count`
		FROM `tabAttendance Mark` m WHERE `student` = %s AND `date` BETWEEN %s AND %s""",
		(student, sessions[0][0], sessions[-1][0]),
		as_dict=True,
	)
	return {(getdate(r.date), r.session): r for r in rows}


def apply_code(doc, sessions: Sequence[Session], code: str, reason: str) -> list[dict]:
	"""Write ``code`` over ``sessions`` for ``doc.student``; return the stored changes.

	Blank and N sessions are written; attending marks and other codes are left alone and
	listed in a message, so the officer sees what leave did not cover. Each change keeps
	what the mark held before (write_marks' WriteResult.before), its trail length right
	after the write (``trail``) and, for a morning, the day record's state before and the
	record linked after (``day``), for an exact cancel.
	"""
	note = _("Leave of absence {0}").format(doc.name)  # B, C and Y7 need one; names the request
	stored = stored_marks(doc.student, sessions)
	existing = {key: Mark(r.attendance_code, r.source, r.source_name or "") for key, r in stored.items()}
	plan = plan_apply(existing, sessions, code, SOURCE, source_name=doc.name)
	keys = sorted(change.session for change in plan.changes)
	changes = []
	if keys:
		mornings = [day for day, session in keys if session == "AM"]
		day_records = record_states([doc.student], mornings) if mornings else {}
		result = write_marks(
			[
				{"student": doc.student, "date": day, "session": session, "code": code, "note": note}
				for day, session in keys
			],
			source=SOURCE,
			source_doctype=doc.doctype,
			source_name=doc.name,
			reason=reason,
		)
		written = stored_marks(doc.student, keys)
		for day, session in keys:
			mark = written.get((day, session))
			if not mark or mark.name not in result.before:
				continue  # not written (unchanged): nothing of this request's to undo
			before = result.before[mark.name]
			change = {
				"date": str(day),
				"session": session,
				"code": code,
				"before": {**before, "source_name": before["source_name"] or ""} if before else None,
				"trail": int(mark.amendment_count or 0),
			}
			if session == "AM":
				change["day"] = {
					"before": day_records.get((doc.student, day)),
					"after": mark.student_attendance,
				}
			changes.append(change)
	left = [item.message for item in (*plan.refusals, *plan.skipped)]
	if left:
		frappe.msgprint(
			[escape_html(m) for m in left[:PREVIEW_LINES]],
			title=_("Sessions not changed by this leave"),
			as_list=True,
		)
	return changes


def restore_code(doc, changes: list[dict]) -> list[str]:
	"""Put back exactly what ``changes`` replaced where the mark is still this request's.

	A mark amended since (another code or writer, or a note / minutes late changed by hand:
	registers.restore.amended_since) is left as amended, with a trail row saying so. A
	session that was blank gets blank again only when its mark has no amendment trail;
	otherwise the mark is kept and a trail row says why (registers.restore.kept_blank_session).
	Education's day records go back to their state before approval. Changes stored before
	the trail and day records were kept are restored as before (mornings mirrored again).

	Returns the messages for sessions left as amended or kept.
	"""
	if not changes:
		return []
	by_session = {(getdate(c["date"]), c["session"]): c for c in changes}
	current = stored_marks(doc.student, sorted(by_session))
	by_hand = amended_since(current, {key: c["trail"] for key, c in by_session.items() if "trail" in c})
	engine_changes = [
		Change(
			key,
			Mark(c["before"]["code"], c["before"]["source"], c["before"]["source_name"] or "")
			if c["before"]
			else None,
			Mark(c["code"], SOURCE, doc.name),
		)
		for key, c in by_session.items()
	]
	now_marks = {
		key: Mark(r.attendance_code or "", FORM, r.name)
		if key in by_hand
		else Mark(r.attendance_code or "", r.source or "", r.source_name or "")
		for key, r in current.items()
	}
	plan = plan_restore(engine_changes, now_marks)
	to_delete, amendments, remirror, records, kept = [], [], [], [], []
	timestamp, user = now(), frappe.session.user
	writer = f"{SOURCE} {doc.name}"
	for restore in plan.restores:
		change, row = by_session[restore.session], current[restore.session]
		before = change["before"]
		if before is None:
			if keep := kept_blank_session(row, code=change["code"], record=doc.name, writer=writer):
				amendments.append(keep)
				kept.append(
					_("{0} {1}: kept as {2}, because the mark has an amendment trail.").format(
						change["date"], change["session"], change["code"]
					)
				)
				continue
			to_delete.append(row.name)
			if "day" in change:
				records.append((change["day"]["before"], change["day"]["after"]))
			continue
		put_back(
			row.name,
			before,
			timestamp=timestamp,
			user=user,
			link=("day" in change and "student_attendance" in before, before.get("student_attendance")),
		)
		amendments.append(
			{
				"parent": row.name,
				"idx": int(row.amendment_count or 0) + 1,
				"previous_code": change["code"],
				"new_code": before["code"],
				"reason": _("{0} cancelled: the mark it replaced is restored.").format(doc.name),
				"source": writer,
			}
		)
		if "day" in change:
			records.append((change["day"]["before"], change["day"]["after"]))
		elif change["session"] == "AM":
			# Approved before day records were kept: mirror the restored mark again.
			remirror.append(
				{
					"name": row.name,
					"student": doc.student,
					"student_name": row.student_name,
					"registration_group": row.registration_group,
					"date": change["date"],
					"session": "AM",
					"code": before["code"],
				}
			)
	for item in plan.amended:
		if row := current.get(item.session):
			amendments.append(
				{
					"parent": row.name,
					"idx": int(row.amendment_count or 0) + 1,
					"previous_code": row.attendance_code,
					"new_code": row.attendance_code,
					"reason": _(
						"{0} cancelled: left as {1}, because the mark was changed after the request wrote {2}."
					).format(doc.name, row.attendance_code, by_session[item.session]["code"]),
					"source": writer,
				}
			)
	if to_delete:
		# Only marks with no amendment trail are deleted: there is no trail row to lose.
		frappe.db.sql("DELETE FROM `tabAttendance Mark` WHERE `name` IN %s", (to_delete,))
	insert_amendments(amendments, user=user, timestamp=timestamp)
	restore_records(records)
	mirror_marks(remirror)
	return [item.message for item in plan.amended] + kept


def load_changes(doc) -> list[dict]:
	return json.loads(doc.changes or "[]")
