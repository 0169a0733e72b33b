"""Attendance Report Log: one row for each return exported and each list or pack sent.

``once``: a daily list or pack is sent once for its key (the list and the day): the log row
is written first under a unique key, so a second run of the job finds it and sends nothing.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import now_datetime

LOG = "Attendance Report Log"


def record(
	report: str,
	kind: str,
	*,
	period_from: date | None = None,
	period_to: date | None = None,
	pupils: int = 0,
	flagged: int = 0,
	reason: str | None = None,
	description: str | None = None,
	recipients: list[str] | None = None,
	key: str | None = None,
) -> str:
	"""Insert the log row (as the system: no user may write the log) and return its name."""
	doc = frappe.get_doc(
		{
			"doctype": LOG,
			"report": report,
			"kind": kind,
			"log_key": key,
			"period_from": period_from,
			"period_to": period_to,
			"done_by": frappe.session.user,
			"done_at": now_datetime(),
			"pupils": pupils,
			"flagged": flagged,
			"reason": reason,
			"description": description,
			"recipients": "\n".join(recipients or []),
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


def already_sent(key: str) -> bool:
	return bool(frappe.db.exists(LOG, {"log_key": key}))


def claim(report: str, kind: str, key: str, **fields) -> str | None:
	"""Write the log row for ``key`` unless one exists; None when it does (sent already).

	The unique index on log_key settles two runs at once: the second insert fails and sends
	nothing.
	"""
	if already_sent(key):
		return None
	try:
		return record(report, kind, key=key, **fields)
	except frappe.DuplicateEntryError:
		return None
