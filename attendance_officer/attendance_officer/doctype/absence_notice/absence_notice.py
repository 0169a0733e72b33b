# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Absence Notice: "your child is absent today and we have no reason", once per pupil per day.

Made by attendance_officer.absence.notices.send_absence_notices; the standard Notifications
in ../../notification/ send it by email and by SMS when it is created.
"""

from frappe.model.document import Document


class AbsenceNotice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		guardian: DF.Link
		guardian_email: DF.Data | None
		guardian_mobile: DF.Data | None
		guardian_name: DF.Data | None
		notice_date: DF.Date
		notice_key: DF.Data
		school_name: DF.Data | None
		session: DF.Literal["AM", "PM"]
		student: DF.Link
		student_first_name: DF.Data | None
		student_name: DF.Data | None
	# end: auto-generated types

	pass
