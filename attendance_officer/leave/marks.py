"""Write a leave code over one pupil's sessions, and take it back off exactly.

A Leave of Absence Request is one of the record writers of registers.records: on approval
the approved sessions get the ground's code (and a declined request taken anyway gets G)
through the one write path, source "Leave of Absence"; what each session held before is
kept on the request (``changes``); cancelling restores exactly that, by the same rules as
Absence Record and Attendance Bulk Mark. Attending marks are never replaced by leave: the
pupil was in school.
"""

from __future__ import annotations

from collections.abc import Sequence

import frappe
from frappe import _
from frappe.utils import escape_html

from attendance_officer.engine.sessions import Session
from attendance_officer.registers import records

SOURCE = "Leave of Absence"


def apply_code(doc, sessions: Sequence[Session], code: str, reason: str) -> list[dict]:
	"""Write ``code`` over ``sessions`` for ``doc.student``; return the changes kept on the request.

	Blank and N sessions are written; attending marks and other codes are left alone and
	listed in a message, so the officer sees what leave did not cover.
	"""
	changes, planned = records.apply(
		doc,
		records.Declaration(
			source=SOURCE,
			students=[doc.student],
			sessions=sessions,
			code=code,
			note=_("Leave of absence {0}").format(doc.name),  # B, C and Y7 need one; names the request
			reason=reason,
		),
	)
	if left := planned.lines(planned.refusals + planned.skipped):
		frappe.msgprint(
			[escape_html(m) for m in left],
			title=_("Sessions not changed by this leave"),
			as_list=True,
		)
	return changes


def restore_code(doc) -> list[str]:
	"""Put back what the request wrote; the messages for sessions left as amended or kept."""
	return records.restore(doc, SOURCE).messages
