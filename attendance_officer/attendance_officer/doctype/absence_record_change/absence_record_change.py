# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""One session an Absence Record changed: what it held before, and what cancel did with it."""

from frappe.model.document import Document


class AbsenceRecordChange(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		after_code: DF.Data | None
		before_code: DF.Data | None
		before_marked_at: DF.Datetime | None
		before_marked_by: DF.Data | None
		before_minutes_late: DF.Int
		before_note: DF.SmallText | None
		before_source: DF.Data | None
		before_source_doctype: DF.Data | None
		before_source_name: DF.Data | None
		date: DF.Date | None
		outcome: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		restore_state: DF.SmallText | None
		session: DF.Literal["AM", "PM"]
	# end: auto-generated types

	pass
