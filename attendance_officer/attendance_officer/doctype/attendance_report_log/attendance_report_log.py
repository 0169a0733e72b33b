# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Report Log: what left the school from the reports.

A census or LA return exported (who, when, the period, how many pupils, how many were
exported flagged and why), and each daily list and pack sent (``log_key`` is unique: the
list and the day, so a job that runs twice sends once). Written only by
attendance_officer.reports.log; never edited, never deleted.
"""

from frappe.model.document import Document


class AttendanceReportLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		done_at: DF.Datetime | None
		done_by: DF.Link | None
		flagged: DF.Int
		kind: DF.Literal["Export", "Daily List", "Pack"]
		log_key: DF.Data | None
		period_from: DF.Date | None
		period_to: DF.Date | None
		pupils: DF.Int
		reason: DF.SmallText | None
		recipients: DF.SmallText | None
		report: DF.Data
	# end: auto-generated types

	pass
