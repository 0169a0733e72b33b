# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""A published national figure (Attendance Settings) the cohort report compares the school with."""

from frappe.model.document import Document


class AttendanceNationalFigure(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		academic_year: DF.Data
		measure: DF.Literal["Attendance %", "Overall absence %", "Persistent absence %", "Severe absence %"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		phase: DF.Literal["Secondary", "Primary", "Special", "All schools"]
		source: DF.Data | None
		value: DF.Float
	# end: auto-generated types

	pass
