# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Dual Registration Session: a weekly session a dual-registered pupil spends at the other school.

On a main dual pupil's Student record these sessions are coded D on this register; on a
subsidiary dual pupil's, this school's register does not expect them (engine.roll.expected_mark).
"""

from frappe.model.document import Document


class DualRegistrationSession(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		session: DF.Literal["AM", "PM"]
		weekday: DF.Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
	# end: auto-generated types

	pass
