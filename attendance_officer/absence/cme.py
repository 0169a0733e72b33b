"""Children missing education: opening CME Enquiries from the escalation job and First Day Calling.

Source: ../shared/domain/uk-attendance-rules.md section 4 ("Children missing education and
absence returns") and ground (i). When a pupil's absence without a known reason has lasted
the days set in Attendance Settings (engine.roll.cme_enquiry_due), or a 20-day G/N/O run is
found (absence.tasks), the job opens a CME Enquiry for the attendance officers and the DSL,
once: never a second while one is open, never again for the same absence. First Day Calling
shows the open enquiry, or offers to open one, to the roles that may read them.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate

from attendance_officer.engine.roll import CME_ENQUIRY_DAYS, cme_enquiry_due

CME = "CME Enquiry"
CLOSED = "Closed"


def open_enquiries(students) -> dict[str, str]:
	"""{student: the name of their open (not closed) CME Enquiry} (one query)."""
	if not students:
		return {}
	return dict(
		frappe.db.sql(
			"""SELECT `student`, `name` FROM `tabCME Enquiry`
			WHERE `student` IN %(students)s AND `status` != %(closed)s ORDER BY `creation`""",
			{"students": list(students), "closed": CLOSED},
		)
	)


def threshold() -> int:
	"""Attendance Settings' days of unexplained absence that open an enquiry (0: none)."""
	value = frappe.db.get_single_value("Attendance Settings", "cme_enquiry_days")
	return CME_ENQUIRY_DAYS if value is None else int(value)


class EnquiryOpener:
	"""Opens CME Enquiries during one escalation run, each absence once (two queries up front)."""

	def __init__(self, today: date, since: date, recipients, roles: tuple[str, ...]):
		self.today = today
		self.days = threshold()
		self.recipients = recipients
		self.roles = roles
		self.open: set[str] = set()
		self.seen: set[tuple[str, date]] = set()
		for student, absent_since, status in frappe.db.sql(
			"""SELECT `student`, `absent_since`, `status` FROM `tabCME Enquiry`
			WHERE `status` != %(closed)s OR `absent_since` >= %(since)s""",
			{"closed": CLOSED, "since": since},
		):
			if status != CLOSED:
				self.open.add(student)
			self.seen.add((student, getdate(absent_since)))
		self.opened = 0

	def due(self, unexplained_days: int) -> bool:
		return cme_enquiry_due(unexplained_days, self.days)

	def open_for(self, student: str, absent_since: date, alert: str | None = None) -> str | None:
		"""Open an enquiry for this absence unless one is open or this absence had one."""
		if student in self.open or (student, absent_since) in self.seen:
			return None
		doc = frappe.get_doc(
			{
				"doctype": CME,
				"student": student,
				"absent_since": absent_since,
				"opened_on": self.today,
				"opened_from": "Escalation",
				"attendance_alert": alert,
			}
		).insert(ignore_permissions=True)
		self.open.add(student)
		self.seen.add((student, absent_since))
		self.opened += 1
		users = self.recipients(self.roles)
		if users:
			from frappe.desk.form.assign_to import add

			add(
				{
					"assign_to": users,
					"doctype": CME,
					"name": doc.name,
					"description": _(
						"Children missing education: {0} has been absent without a known reason since {1}. "
						"Make and record reasonable enquiries to locate them, and refer to the local authority."
					).format(doc.student_name or student, absent_since.isoformat()),
					"date": self.today,
					"priority": "High",
					"assigned_by": "Administrator",
				},
				ignore_permissions=True,
			)
		return doc.name
