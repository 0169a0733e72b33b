"""Morning messages to parents: "your child is absent today and we have no reason".

Source: ../shared/domain/uk-attendance-rules.md section 6 (contact parents about any
unexplained absence on the first day). After the first-day calling cut-off the job makes one
Absence Notice per pupil per day (unique ``notice_key``) for pupils still on N or no mark,
with no reason reported (no Absence Record covering today, no contact that got a reason).
The standard Notifications "Absence Notice Email" and "Absence Notice SMS" fire on its
creation. The guardian is the first in contact-priority order (engine.first_day) with an
email or mobile: do-not-contact guardians are never chosen. Their preferred channel decides
the channel (Email: email only; SMS: text only; otherwise both where known).
"""

from __future__ import annotations

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.absence.calling import absent_pupils, guardians_of, in_calling_order
from attendance_officer.registers.calendar import school_calendar

NOTICE = "Absence Notice"
REASON_GIVEN = "Reason given"


def reasons_known(students: list[str], day: date) -> set[str]:
	"""Pupils with a live Absence Record covering ``day`` or a contact that got a reason (two queries)."""
	records = frappe.db.sql_list(
		"""SELECT DISTINCT `student` FROM `tabAbsence Record`
		WHERE `student` IN %(s)s AND `docstatus` < 2 AND `from_date` <= %(day)s AND `to_date` >= %(day)s""",
		{"s": students, "day": day},
	)
	contacts = frappe.db.sql_list(
		"""SELECT DISTINCT `student` FROM `tabAttendance Contact`
		WHERE `student` IN %(s)s AND `outcome` = %(outcome)s AND `contact_on` >= %(day)s AND `contact_on` < %(next)s""",
		{"s": students, "outcome": REASON_GIVEN, "day": day, "next": day + timedelta(days=1)},
	)
	return set(records) | set(contacts)


def channels(guardian) -> tuple[str | None, str | None]:
	"""(email, mobile) to use for ``guardian`` given their preferred channel."""
	email, mobile = guardian.email_address or None, guardian.mobile_number or None
	if guardian.preferred_channel == "Email" and email:
		return email, None
	if guardian.preferred_channel == "SMS" and mobile:
		return None, mobile
	return email, mobile


def send_absence_notices(today: date | str | None = None, session: str = "AM") -> list[str]:
	"""Make today's Absence Notices (each pupil at most once a day); their names."""
	day = getdate(today)
	if not school_calendar(day, day).is_school_day(day):
		return []
	pupils = absent_pupils(day, session, None, False)
	if not pupils:
		return []
	students = [p.student for p in pupils]
	known = reasons_known(students, day)
	keys = {f"{s}:{day.isoformat()}" for s in students}
	sent = set(frappe.get_all(NOTICE, filters={"notice_key": ("in", list(keys))}, pluck="notice_key"))
	guardians = guardians_of(students)
	school = frappe.db.get_single_value("Attendance Settings", "school_name")
	made = []
	for pupil in pupils:
		key = f"{pupil.student}:{day.isoformat()}"
		if pupil.student in known or key in sent:
			continue
		for guardian in in_calling_order(guardians.get(pupil.student, [])):
			email, mobile = channels(guardian)
			if email or mobile:
				notice = frappe.get_doc(
					{
						"doctype": NOTICE,
						"student": pupil.student,
						"notice_date": day,
						"session": session,
						"guardian": guardian.guardian,
						"guardian_email": email,
						"guardian_mobile": mobile,
						"school_name": school,
						"notice_key": key,
					}
				).insert(ignore_permissions=True)
				made.append(notice.name)
				break
	return made
