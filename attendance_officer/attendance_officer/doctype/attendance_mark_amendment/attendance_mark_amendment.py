# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Mark Amendment: one change of a saved mark's code (the register's audit trail).

Source: ../shared/domain/uk-attendance-rules.md section 5, "Amendments" (keep the original
entry, the amended entry, the reason, the date and who amended it). Rows are written by
the Attendance Mark controller and by registers.write; all fields are read-only.
"""

from frappe.model.document import Document


class AttendanceMarkAmendment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_at: DF.Datetime | None
		amended_by: DF.Link | None
		new_code: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		previous_code: DF.Data | None
		reason: DF.SmallText
		source: DF.Data | None
	# end: auto-generated types

	pass
