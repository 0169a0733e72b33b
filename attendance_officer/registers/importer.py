"""Import marks from a CSV file, all or nothing, through the runner's row checks.

Rows are read and checked by registers.csv_marks (engine.marks, the same checks as the
standalone runner); pupils are found by UPN in one query; the whole file then goes through
registers.write like any register, so a code change needs the import's reason and a locked
register needs an Attendance Officer. Any problem anywhere refuses the whole file, each
reported with its line number (issue contract, item 6). A file that is not UTF-8 (Excel's
plain "CSV" format) is refused with what to do, not a server error; a large file is written
in chunks of CHUNK_ROWS lines, all in one transaction (a failing chunk undoes the others). A line for a future date or a day
the school calendar does not count as a school day is refused (review finding 4).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, getdate

from attendance_officer.engine.register_marks import register_date_error
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.csv_marks import (
	ENCODING_ERROR,
	CsvEncodingError,
	decode_marks_file,
	read_marks_csv,
)
from attendance_officer.registers.write import MarkBatchError, WriteResult, write_marks_in_chunks

IMPORT_ROLES = ("Attendance Officer", "Headteacher", "System Manager")


def import_marks_text(text: str, reason: str = "") -> WriteResult:
	rows, errors = read_marks_csv(text)
	if not errors:
		errors = date_errors(rows)
	if not errors:
		upns = sorted({row.mark.upn for row in rows})
		students = dict(frappe.db.sql("SELECT `upn`, `name` FROM `tabStudent` WHERE `upn` IN %s", (upns,)))
		errors = [
			_("Line {0}: no pupil has UPN {1}; check the number or add it to the pupil's record.").format(
				row.line, row.mark.upn
			)
			for row in rows
			if row.mark.upn not in students
		]
	if errors:
		frappe.throw(
			[escape_html(e) for e in errors], title=_("Marks not imported"), exc=MarkBatchError, as_list=True
		)
	return write_marks_in_chunks(
		[
			{
				"student": students[row.mark.upn],
				"date": row.mark.date,
				"session": row.mark.session,
				"code": row.mark.code,
				"minutes_late": row.mark.minutes_late or 0,
				"note": row.note,
			}
			for row in rows
		],
		source="Import",
		reason=reason,
		labels=[_("Line {0}").format(row.line) for row in rows],
	)


def date_errors(rows) -> list[str]:
	"""Lines whose date is after today or not a school day (one calendar for the file)."""
	dates = [getdate(row.mark.date) for row in rows]
	if not dates:
		return []
	today = getdate()
	calendar = school_calendar(min(dates), max(dates))
	return [
		_("Line {0}: {1}").format(row.line, error)
		for row, day in zip(rows, dates, strict=True)
		if (error := register_date_error(day, today, calendar.is_school_day(day)))
	]


@frappe.whitelist(methods=["POST"])
def import_marks(file_url: str, reason: str = "") -> dict:
	"""Import a CSV File (upn,date,session,code[,minutes_late][,note]); all or nothing."""
	frappe.only_for(IMPORT_ROLES)
	file = frappe.get_doc("File", {"file_url": file_url})
	file.check_permission("read")
	try:
		content = decode_marks_file(file.get_content())
	except CsvEncodingError as e:
		frappe.throw(_(ENCODING_ERROR).format(e.line), title=_("Marks not imported"), exc=MarkBatchError)
	return import_marks_text(content, reason).as_dict()
