"""Write a leave code over one pupil's sessions, and take it back off exactly.

The lifecycle split (style.md section 2) for Leave of Absence Request: on approval the
approved sessions get the ground's code through registers.write.write_marks (the one write
path, source "Leave of Absence"), and what each session held before is stored on the
request (``changes``); cancelling restores exactly that, leaving any mark changed since as
amended (engine.absence_plan plan_apply / plan_restore, the same rules as Attendance
Bulk Mark). Attending marks are never replaced by leave: the pupil was in school.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import frappe
from frappe import _
from frappe.utils import escape_html, getdate, now

from attendance_officer.engine.absence_plan import Change, Mark, plan_apply, plan_restore
from attendance_officer.engine.sessions import Session
from attendance_officer.registers.mirror import mirror_marks
from attendance_officer.registers.write import insert_amendments, write_marks

SOURCE = "Leave of Absence"
PREVIEW_LINES = 10


def stored_marks(student: str, sessions: Sequence[Session]) -> dict[Session, frappe._dict]:
	"""(date, session) -> stored mark row for the pupil over the sessions' dates (one query)."""
	if not sessions:
		return {}
	rows = frappe.db.sql(
		"""SELECT `name`, `student`, `date`, `session`, `attendance_code`, `minutes_late`, `note`,
			`source`, `source_doctype`, `source_name`, `registration_group`, `student_name`,
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
	listed in a message, so the officer sees what leave did not cover.
	"""
	note = _("Leave of absence {0}").format(doc.name)  # B, C and Y7 need one; names the request
	stored = stored_marks(doc.student, sessions)
	existing = {key: Mark(r.attendance_code, r.source, r.source_name or "") for key, r in stored.items()}
	plan = plan_apply(existing, sessions, code, SOURCE, source_name=doc.name)
	rows, changes = [], []
	for change in plan.changes:
		day, session = change.session
		before = stored.get(change.session)
		rows.append({"student": doc.student, "date": day, "session": session, "code": code, "note": note})
		changes.append(
			{
				"date": str(day),
				"session": session,
				"code": code,
				"before": (
					{
						"code": before.attendance_code,
						"minutes_late": before.minutes_late or 0,
						"note": before.note or "",
						"source": before.source,
						"source_doctype": before.source_doctype,
						"source_name": before.source_name or "",
					}
					if before
					else None
				),
			}
		)
	if rows:
		write_marks(rows, source=SOURCE, source_doctype=doc.doctype, source_name=doc.name, reason=reason)
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

	Returns the messages for sessions left as amended.
	"""
	if not changes:
		return []
	sessions = sorted((getdate(c["date"]), c["session"]) for c in changes)
	current = stored_marks(doc.student, sessions)
	engine_changes = [
		Change(
			(getdate(c["date"]), c["session"]),
			Mark(c["before"]["code"], c["before"]["source"], c["before"]["source_name"])
			if c["before"]
			else None,
			Mark(c["code"], SOURCE, doc.name),
		)
		for c in changes
	]
	now_marks = {key: Mark(r.attendance_code, r.source, r.source_name or "") for key, r in current.items()}
	plan = plan_restore(engine_changes, now_marks)
	by_session = {(getdate(c["date"]), c["session"]): c for c in changes}
	to_delete, amendments, remirror = [], [], []
	timestamp, user = now(), frappe.session.user
	for restore in plan.restores:
		change, row = by_session[restore.session], current[restore.session]
		before = change["before"]
		if before is None:
			to_delete.append(row.name)
			continue
		frappe.db.sql(
			"""UPDATE `tabAttendance Mark` SET `attendance_code` = %s, `minutes_late` = %s, `note` = %s,
				`source` = %s, `source_doctype` = %s, `source_name` = %s, `modified` = %s, `modified_by` = %s
			WHERE `name` = %s""",
			(
				before["code"],
				before["minutes_late"],
				before["note"] or None,
				before["source"],
				before["source_doctype"],
				before["source_name"] or None,
				timestamp,
				user,
				row.name,
			),
		)
		amendments.append(
			{
				"parent": row.name,
				"idx": int(row.amendment_count or 0) + 1,
				"previous_code": change["code"],
				"new_code": before["code"],
				"reason": _("{0} cancelled: the mark it replaced is restored.").format(doc.name),
				"source": f"{SOURCE} {doc.name}",
			}
		)
		if change["session"] == "AM":
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
	if to_delete:
		frappe.db.sql(
			"DELETE FROM `tabAttendance Mark Amendment` WHERE `parent` IN %s AND `parenttype` = 'Attendance Mark'",
			(to_delete,),
		)
		frappe.db.sql("DELETE FROM `tabAttendance Mark` WHERE `name` IN %s", (to_delete,))
	insert_amendments(amendments, user=user, timestamp=timestamp)
	mirror_marks(remirror)
	return [item.message for item in plan.amended]


def load_changes(doc) -> list[dict]:
	return json.loads(doc.changes or "[]")
