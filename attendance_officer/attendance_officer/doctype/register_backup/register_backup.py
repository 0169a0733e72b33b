# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Register Backup: one month's register backup files, one record per month.

The monthly backup (registers.backup) attaches its private CSV and XLSX here, not to
Attendance Settings: in v15 a private File is readable by whoever may read the document it
is attached to (frappe/core/doctype/file/file.py ``has_permission``), and this DocType is
readable only by the Attendance Officer, the Headteacher and System Managers
(uk-attendance-rules.md section 5, "Monthly backup"; review finding 1).
"""

from frappe.model.document import Document


class RegisterBackup(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from_date: DF.Date | None
		month: DF.Data
		to_date: DF.Date | None
	# end: auto-generated types

	pass
