"""Children missing education: opening CME Enquiries from the escalation job and First Day Calling.

Source: ../shared/domain/uk-attendance-rules.md section 4 ("Children missing education and
absence returns") and ground (i). A pupil's absence without a known reason is one rules-core
run (engine.absence.unexplained_run over engine.roll.CME_RUN_CODES: N, and the O an
unresolved N becomes); once it reaches the days set in Attendance Settings
(engine.roll.cme_enquiry_due), or a 20-day G/N/O run is found (absence.tasks), the job opens
a CME Enquiry for the attendance officers and the DSL. An absence gets one enquiry: none is
opened while an enquiry's dates meet the run (engine.roll.enquiry_covers), open or closed.
First Day Calling shows that enquiry, or offers to open one from the same run, to the roles
that may read them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import getdate

from attendance_officer.engine.absence import unexplained_run
from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.roll import CME_ENQUIRY_DAYS, CME_RUN_CODES, cme_enquiry_due, enquiry_covers
from attendance_officer.registers.calendar import school_calendar

CME = "CME Enquiry"
LOOK_BACK = timedelta(days=120)  # an absence longer than this shows as starting here


def threshold() -> int:
	"""Attendance Settings' days of unexplained absence that open an enquiry (0: none on this count)."""
	value = frappe.get_cached_doc("Attendance Settings").get("cme_enquiry_days")
	return CME_ENQUIRY_DAYS if value is None else int(value)


def enquiries_of(students=None, since: date | None = None) -> dict[str, list[frappe._dict]]:
	"""{student: their CME Enquiries still open or closed on or after ``since``} (one query)."""
	if students is not None and not students:
		return {}
	found: dict[str, list[frappe._dict]] = defaultdict(list)
	for row in frappe.db.sql(
		f"""SELECT `name`, `student`, `absent_since`, `outcome_date` FROM `tabCME Enquiry`
		WHERE (`outcome_date` IS NULL OR `outcome_date` >= %(since)s)
			{"AND `student` IN %(students)s" if students is not None else ""}
		ORDER BY `creation`""",
		{"since": since or date(1900, 1, 1), "students": list(students or [])},
		as_dict=True,
	):
		found[row.student].append(row)
	return found


def covering(enquiries: list, run_start: date, today: date) -> str | None:
	"""The enquiry among ``enquiries`` that covers an absence from ``run_start`` (its name)."""
	for row in enquiries:
		outcome = getdate(row.outcome_date) if row.outcome_date else None
		if enquiry_covers(getdate(row.absent_since), outcome, run_start, today):
			return row.name
	return None


def first_day_offers(students: list[str], day: date) -> dict[str, dict]:
	"""For First Day Calling: {student: {enquiry, absent_since}}: the enquiry covering the pupil's
	absence, or, when it is due and none does, the day it began (to open one from). Two queries
	and the school calendar."""
	if not students:
		return {}
	# From the academic year's start at the earliest, as the escalation job counts.
	start = max(academic_year_start(day), day - LOOK_BACK)
	rows = frappe.db.sql(
		"""SELECT `student`, `date`, `attendance_code` FROM `tabAttendance Mark`
		WHERE `student` IN %(students)s AND `date` BETWEEN %(start)s AND %(day)s""",
		{"students": students, "start": start, "day": day},
	)
	codes: dict[str, dict[date, list]] = defaultdict(lambda: defaultdict(list))
	for student, on, code in rows:
		codes[student][getdate(on)].append(code or "")
	calendar = school_calendar(start, day)
	runs = {
		student: unexplained_run(by_date, calendar, day, CME_RUN_CODES) for student, by_date in codes.items()
	}
	enquiries = enquiries_of(students, day - LOOK_BACK)
	days = threshold()
	offers = {}
	for student in students:
		count, first = runs.get(student, (0, None))
		found = covering(enquiries.get(student, []), first, day) if first else None
		if not found and not first:  # no run today: the pupil's enquiry still open, if any
			found = next((r.name for r in enquiries.get(student, []) if not r.outcome_date), None)
		offers[student] = {
			"enquiry": found or "",
			"absent_since": first if (not found and first and cme_enquiry_due(count, days)) else "",
		}
	return offers


class EnquiryOpener:
	"""Opens CME Enquiries during one escalation run, each absence once (one query up front)."""

	def __init__(self, today: date, since: date, recipients, roles: tuple[str, ...]):
		self.today = today
		self.days = threshold()
		self.recipients = recipients
		self.roles = roles
		self.enquiries = enquiries_of(since=since - LOOK_BACK)
		self.opened = 0

	def due(self, unexplained_days: int) -> bool:
		return cme_enquiry_due(unexplained_days, self.days)

	def open_for(self, student: str, absent_since: date, alert: str | None = None) -> str | None:
		"""Open an enquiry for the absence from ``absent_since`` unless one covers it."""
		if covering(self.enquiries.get(student, []), absent_since, self.today):
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
		self.enquiries.setdefault(student, []).append(
			frappe._dict(name=doc.name, absent_since=absent_since, outcome_date=None)
		)
		self.opened += 1
		self.assign(doc, absent_since)
		return doc.name

	def assign(self, doc, absent_since: date) -> None:
		users = self.recipients(self.roles)
		if not users:
			return
		from frappe.desk.form.assign_to import add

		add(
			{
				"assign_to": users,
				"doctype": CME,
				"name": doc.name,
				"description": _(
					"Children missing education: {0} has been absent without a known reason since {1}. "
					"Make and record reasonable enquiries to locate them, and refer to the local authority."
				).format(doc.student_name or doc.student, absent_since.isoformat()),
				"date": self.today,
				"priority": "High",
				"assigned_by": "Administrator",
			},
			ignore_permissions=True,
		)
