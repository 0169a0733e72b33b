"""Monthly register backup: last month's grid of marks as CSV and XLSX and the admission
register at the month's end as CSV and PDF, filed as private Files.

A monthly_long scheduled job (hooks.py). Idempotent: a month already filed is not
written again. The files are private and attached to the month's Register Backup record
(one per month, unique), which only the Attendance Officer, the Headteacher and System
Managers may read; a private File is readable by whoever may read its document (v15
file.py ``has_permission``), so attaching to Attendance Settings exposed the register to
most staff (review finding 1). Cells a spreadsheet would run as formulas are neutralised
(grid.safe_rows). One query reads the month's marks; the admission register is
reporting.admission's three.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate
from frappe.utils.xlsxutils import make_xlsx

from attendance_officer.registers.grid import grid_rows, month_bounds, safe_rows, to_csv

BACKUP = "Register Backup"


def file_names(first: date) -> tuple[str, str]:
	stem = f"register-backup-{first.strftime('%Y-%m')}"
	return f"{stem}.csv", f"{stem}.xlsx"


def monthly_register_backup(today: date | str | None = None) -> list[str]:
	"""File last month's register of marks and the admission register as it stood at the month's
	end; returns the File names written (none if the month is already filed)."""
	first, last = month_bounds(getdate(today) if today else getdate())
	month = first.strftime("%Y-%m")
	if frappe.db.exists(BACKUP, month):
		return []
	files = [*marks_files(first, last, month), *admission_copy(first, last)]
	if not files:
		return []
	record = frappe.get_doc({"doctype": BACKUP, "month": month, "from_date": first, "to_date": last})
	record.insert(ignore_permissions=True)
	written = []
	for name, content in files:
		doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": name,
				"content": content,
				"is_private": 1,
				"attached_to_doctype": BACKUP,
				"attached_to_name": record.name,
			}
		).insert(ignore_permissions=True)
		written.append(doc.name)
	return written


def marks_files(first: date, last: date, month: str) -> list[tuple[str, bytes]]:
	"""The month's grid of marks as CSV and XLSX (one query); none for a month without marks."""
	rows = frappe.db.sql(
		"""SELECT m.`student`, m.`date`, m.`session`, m.`attendance_code`,
			COALESCE(s.`student_name`, m.`student_name`) AS `student_name`, IFNULL(s.`upn`, '') AS `upn`,
			IFNULL(m.`registration_group`, '') AS `registration_group`
		FROM `tabAttendance Mark` m LEFT JOIN `tabStudent` s ON s.`name` = m.`student`
		WHERE m.`date` BETWEEN %s AND %s
		ORDER BY m.`registration_group`, `student_name`, m.`student`""",
		(first, last),
		as_dict=True,
	)
	if not rows:
		return []
	pupils = list(dict.fromkeys((r.student, r.student_name, r.upn, r.registration_group) for r in rows))
	marks = {(r.student, getdate(r.date), r.session): r.attendance_code for r in rows}
	grid = grid_rows(pupils, marks, (getdate(r.date) for r in rows))
	xlsx = make_xlsx(safe_rows(grid), month).getvalue()
	return list(zip(file_names(first), (to_csv(grid).encode("utf-8"), xlsx), strict=True))


ADMISSION_COLUMNS = (
	("surname", "Surname"),
	("forenames", "Forenames"),
	("gender", "Sex"),
	("date_of_birth", "Date of birth"),
	("address", "Address"),
	("parents", "Parents and contact details"),
	("admission_date", "Admitted"),
	("previous_school", "Previous school"),
	("upn", "UPN"),
	("enrolment_status", "Enrolment"),
	("dual_school", "Other school"),
	("date_of_leaving", "Deleted on"),
	("ground", "Ground"),
	("destination", "Destination"),
	("missing", "Missing"),
)


def admission_copy(first: date, last: date) -> list[tuple[str, bytes]]:
	"""admission_files, never at the cost of the marks: a failure (wkhtmltopdf missing, say) is
	written to the Error Log and the month's marks are filed without it."""
	try:
		return admission_files(first, last)
	except Exception:
		frappe.log_error(
			title=_("Admission register copy not filed for {0}").format(first.strftime("%Y-%m")),
			message=frappe.get_traceback(),
		)
		return []


def admission_files(first: date, last: date) -> list[tuple[str, bytes]]:
	"""The admission register at the month's end, every entry (leavers' too: the register keeps
	them), as CSV and as its printable PDF copy; none for an empty register."""
	from attendance_officer.reporting.admission import printable, register_entries

	entries = register_entries(last, include_left=True)
	if not entries:
		return []
	grid = [[label for _field, label in ADMISSION_COLUMNS]]
	grid += [[str(e[field] or "") for field, _label in ADMISSION_COLUMNS] for e in entries]
	stem = f"admission-register-{first.strftime('%Y-%m')}"
	return [(f"{stem}.csv", to_csv(grid).encode("utf-8")), (f"{stem}.pdf", printable(last, entries))]
