"""Cancelling a record writer (registers.records: Absence Record, Bulk Mark, Leave): shared steps.

Every entry and amendment stays on the audit trail (../shared/domain/uk-attendance-rules.md
section 5, "Amendments"), so cancelling a record restores only what is still its own and
never deletes a trail row:

- ``amended_since``: a mark whose trail grew after the record wrote it, by a row no record
  writer added (a note or minutes late changed on the Attendance Mark form keeps the code
  and the writer), was amended by hand: the record leaves it as amended.
- ``kept_blank_session``: a session that was blank before the record is cleared (its mark
  deleted) only when the mark has no trail; otherwise the mark is kept and a trail row
  says why.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import frappe
from frappe import _
from frappe.utils import cint

from attendance_officer.registers.write import SOURCES

# Trail rows written by record writers (registers.write: "<source> <name>"), not by hand.
RECORD_WRITERS = tuple(f"{source} " for source in SOURCES if source not in ("Register", "Import"))


def amended_since(marks: Mapping[Hashable, Mapping], trail_after: Mapping[Hashable, int]) -> set:
	"""Keys of ``marks`` amended by hand since the record wrote them (one query at most).

	``marks``: key -> the current mark row (``name``, ``amendment_count``); ``trail_after``:
	key -> the mark's trail length right after the record's write (keys missing: not known,
	records submitted before it was kept). A newer trail row counts unless a record writer
	added it (another record writing over this one's mark and, on its cancel, putting it
	back): those change the mark's writer, which plan_restore already sees.
	"""
	newer = {
		key: int(trail_after[key])
		for key, mark in marks.items()
		if key in trail_after and cint(mark.get("amendment_count")) > int(trail_after[key])
	}
	if not newer:
		return set()
	by_name = {marks[key]["name"]: key for key in newer}
	rows = frappe.db.sql(
		"""SELECT `parent`, `idx`, `source` FROM `tabAttendance Mark Amendment`
		WHERE `parenttype` = 'Attendance Mark' AND `parent` IN %s""",
		(list(by_name),),
		as_dict=True,
	)
	return {
		by_name[row.parent]
		for row in rows
		if int(row.idx) > newer[by_name[row.parent]] and not (row.source or "").startswith(RECORD_WRITERS)
	}


def kept_blank_session(mark: Mapping, *, code: str, record: str, writer: str) -> dict | None:
	"""None when a session blank before ``record`` may be cleared (its mark has no trail).

	Otherwise the trail row (for registers.write.insert_amendments) that keeps the mark,
	written by ``writer`` ("<source> <name>"), with ``code`` the mark holds.
	"""
	count = cint(mark.get("amendment_count"))
	if not count:
		return None
	return {
		"parent": mark["name"],
		"idx": count + 1,
		"previous_code": code,
		"new_code": code,
		"reason": _(
			"{0} cancelled: the session was blank before it, but this mark has an "
			"amendment trail, so it is kept. Take the register or amend it by hand."
		).format(record),
		"source": writer,
	}


def put_back(name: str, before: Mapping, *, timestamp: str, user: str, link: tuple[bool, str | None]) -> None:
	"""Write a record writer's stored ``before`` back onto mark ``name`` (one UPDATE).

	``before``: code, minutes_late, note, source, source_doctype, source_name and, where the
	record kept them, marked_by / marked_at (otherwise the current ones stay). ``link``:
	(whether the record kept the Student Attendance link, the link to put back).
	"""
	frappe.db.sql(
		"""UPDATE `tabAttendance Mark` SET `attendance_code` = %s, `minutes_late` = %s, `note` = %s,
			`source` = %s, `source_doctype` = %s, `source_name` = %s, `modified` = %s, `modified_by` = %s,
			`marked_by` = IFNULL(%s, `marked_by`), `marked_at` = IFNULL(%s, `marked_at`),
			`student_attendance` = IF(%s, %s, `student_attendance`)
		WHERE `name` = %s""",
		(
			before["code"],
			cint(before.get("minutes_late")),
			before.get("note") or None,
			before.get("source"),
			before.get("source_doctype") or None,
			before.get("source_name") or None,
			timestamp,
			user,
			before.get("marked_by") or None,
			before.get("marked_at") or None,
			link[0],
			link[1],
			name,
		),
	)
