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

from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.utils import get_time, getdate, now_datetime, validate_email_address, validate_phone_number

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


def valid_email(value: str | None) -> str | None:
	"""``value`` if it is one valid email address, else None (Guardian fields are free text)."""
	value = (value or "").strip()
	if not value or "," in value or ";" in value:
		return None
	return value if validate_email_address(value, throw=False) == value else None


def valid_mobile(value: str | None) -> str | None:
	"""``value`` if Frappe accepts it as a phone number (the notice's Phone field), else None."""
	value = (value or "").strip()
	return value if value and validate_phone_number(value, throw=False) else None


def channels(guardian) -> tuple[str | None, str | None]:
	"""(email, mobile) to use for ``guardian`` given their preferred channel.

	An address or number that is not valid is skipped: the other channel is used, or
	(neither valid) the next guardian in calling order.
	"""
	email, mobile = valid_email(guardian.email_address), valid_mobile(guardian.mobile_number)
	if guardian.preferred_channel == "Email" and email:
		return email, None
	if guardian.preferred_channel == "SMS" and mobile:
		return None, mobile
	return email, mobile


def invalid_contacts(guardian) -> list[str]:
	"""The guardian's stored email / mobile that could not be used, for the error log."""
	found = []
	if guardian.email_address and not valid_email(guardian.email_address):
		found.append(_("email {0}").format(repr(guardian.email_address)))
	if guardian.mobile_number and not valid_mobile(guardian.mobile_number):
		found.append(_("mobile {0}").format(repr(guardian.mobile_number)))
	return found


def past_cutoff(day: date, at: datetime) -> bool:
	"""Whether notices for ``day`` may go at ``at``: a past day always; today only once
	Attendance Settings' first-day calling cut-off has passed (the job runs every 15 minutes)."""
	if day < at.date():
		return True
	if day > at.date():
		return False
	cutoff = frappe.db.get_single_value("Attendance Settings", "first_day_calling_cutoff")
	return not cutoff or at.time() >= get_time(cutoff)


def send_absence_notices(
	today: date | str | None = None,
	session: str = "AM",
	*,
	commit: bool | None = None,
	now: datetime | None = None,
) -> list[str]:
	"""Make today's Absence Notices (each pupil at most once a day); their names.

	Scheduled every 15 minutes on school mornings (hooks.py); nothing happens before the
	first-day calling cut-off, and the unique ``notice_key`` stops a later run repeating one.

	Failure-isolated: each notice is made behind its own savepoint; a pupil whose notice
	fails (or whose guardians have no usable address) is written to the Error Log and the
	job goes on. ``commit`` (default: outside tests) commits after each notice, so an SMS
	already sent by the notice's Notification is never left without its record by a later
	failure in the same run.
	"""
	if commit is None:
		commit = not frappe.flags.in_test
	at = now or now_datetime()
	day = getdate(today) if today else at.date()
	if not past_cutoff(day, at):
		return []
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
		savepoint = "absence_notice"
		frappe.db.savepoint(savepoint)
		try:
			name = make_notice(pupil, guardians.get(pupil.student, []), day, session, school, key)
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			frappe.log_error(
				title=_("Absence notice not sent for {0}").format(pupil.student),
				reference_doctype="Student",
				reference_name=pupil.student,
			)
			continue
		frappe.db.release_savepoint(savepoint)
		if name:
			made.append(name)
		if commit:
			frappe.db.commit()  # nosemgrep: a job; keeps each sent notice's record (see docstring)
	return made


def make_notice(pupil, guardian_rows: list, day: date, session: str, school: str | None, key: str):
	"""The notice to the first guardian with a usable channel; None (logged) when there is none."""
	unusable = []
	for guardian in in_calling_order(guardian_rows):
		email, mobile = channels(guardian)
		if email or mobile:
			return (
				frappe.get_doc(
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
				)
				.insert(ignore_permissions=True)
				.name
			)
		if bad := invalid_contacts(guardian):
			unusable.append(f"{guardian.guardian}: {', '.join(bad)}")
	if unusable:
		frappe.log_error(
			title=_("Absence notice not sent for {0}").format(pupil.student),
			message=_(
				"No guardian of {0} has a valid email address or mobile number; correct these on the "
				"Guardian records: {1}"
			).format(pupil.student, "; ".join(unusable)),
			reference_doctype="Student",
			reference_name=pupil.student,
		)
	return None
