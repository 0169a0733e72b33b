# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Leave Application Snapshot: the day records a Student Leave Application found on submit.

Education version-15 ``StudentLeaveApplication.update_attendance`` overwrites ``status`` (and
``leave_application``) of every existing Student Attendance in the leave's range, records it
did not create; its cancel does not put them back. One row per application, written by
integrations.student_leave_application.before_submit and read on cancel (durable: it
survives a restart, a cache flush and the days between submit and cancel).
"""

from frappe.model.document import Document


class LeaveApplicationSnapshot(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		leave_application: DF.Link
		records: DF.JSON | None
		student: DF.Link | None
	# end: auto-generated types
