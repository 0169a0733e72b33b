"""Monthly register backup: last month's grid as CSV and XLSX, filed as private Files.

A monthly_long scheduled job (hooks.py). Idempotent: a month already filed is not
written again. The files are private and attached to the month's Register Backup record
(one per month, unique), which only the Attendance Officer, the Headteacher and System
Managers may read; a private File is readable by whoever may read its document (v15
file.py ``has_permission``), so attaching to Attendance Settings exposed the register to
most staff (review finding 1). Cells a spreadsheet would run as formulas are neutralised
(grid.safe_rows). One query reads the month.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import getdate
from frappe.utils.xlsxutils import make_xlsx

from attendance_officer.registers.grid import grid_rows, month_bounds, safe_rows, to_csv

BACKUP = "Register Backup"


def file_names(first: date) -> tuple[str, str]:
	stem = f"register-backup-{first.strftime('%Y-%m')}"
	return f"{stem}.csv", f"{stem}.xlsx"


def monthly_register_backup(today: date | str | None = None) -> list[str]:
	"""File last month's register; returns the File names written (none if already filed)."""
	first, last = month_bounds(getdate(today) if today else getdate())
	names = file_names(first)
	month = first.strftime("%Y-%m")
	if frappe.db.exists(BACKUP, month):
		return []
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
	record = frappe.get_doc({"doctype": BACKUP, "month": month, "from_date": first, "to_date": last})
	record.insert(ignore_permissions=True)
	written = []
	for name, content in zip(names, (to_csv(grid).encode("utf-8"), xlsx), strict=True):
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
