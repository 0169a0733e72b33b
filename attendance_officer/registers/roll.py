"""What the register says about a pupil's place on the roll: leaving it, and dual registration.

- ``last_present``: the last date the pupil was marked attending (engine.codes.ATTENDING),
  one query.
- ``gno_days``: ground (i)'s run (engine.roll.gno_run_on) still going on a date, from the
  pupil's marks over the school days the school held (registers.calendar.school_days_held),
  two queries.
- ``dual_expected`` / ``expected_here``: which sessions a dual-registered pupil's register
  here expects (engine.roll.expected_mark, from the weekly Sessions at the Other School on
  the Student record): D for a main dual pupil's sessions elsewhere, nothing for a
  subsidiary dual pupil's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.engine.codes import ATTENDING
from attendance_officer.engine.roll import (
	GROUND_I_DAYS,
	MAIN_DUAL,
	SUBSIDIARY_DUAL,
	expected_mark,
	gno_run_on,
)
from attendance_officer.engine.sessions import SESSIONS
from attendance_officer.registers.calendar import school_days_held

# Ground (i) looks back this far: 20 school days with room for the summer holiday.
LOOK_BACK = timedelta(days=7 * (GROUND_I_DAYS // 5 + 10))


def on_roll(alias: str, day: str) -> str:
	"""SQL: the pupil ``alias`` (tabStudent) is on roll on ``day`` (an SQL value or parameter):
	admitted by then (or no admission date) and not left before it. Deletion from roll sets the
	Date of Leaving (their last day on roll), so every query that chases pupils uses this."""
	return (
		f"(IFNULL({alias}.`admission_date`, '1900-01-01') <= {day}"
		f" AND ({alias}.`date_of_leaving` IS NULL OR {alias}.`date_of_leaving` >= {day}))"
	)


def last_present(student: str) -> date | None:
	value = frappe.db.sql(
		"""SELECT MAX(`date`) FROM `tabAttendance Mark` WHERE `student` = %s AND `attendance_code` IN %s""",
		(student, sorted(ATTENDING)),
	)[0][0]
	return getdate(value) if value else None


def gno_days(student: str, on: date) -> int:
	run = gno_run(student, on)
	return run.school_days if run else 0


def gno_run(student: str, on: date):
	start = on - LOOK_BACK
	sessions: dict[date, dict[str, str]] = defaultdict(dict)
	for day, session, code in frappe.db.sql(
		"""SELECT `date`, `session`, IFNULL(`attendance_code`, '') FROM `tabAttendance Mark`
		WHERE `student` = %s AND `date` BETWEEN %s AND %s""",
		(student, start, on),
	):
		sessions[getdate(day)][session] = code
	# Every session of a school day counts: one with no mark at all is "" and breaks the run.
	day_codes = {day: [held.get(s, "") for s in SESSIONS] for day, held in sessions.items()}
	return gno_run_on(day_codes, school_days_held(start, on).days, on)


def marks_after(student: str, day: date) -> list[str]:
	"""The codes the pupil has after ``day`` (one query): a deletion dated in the past must not
	hide a later reason for the absence, or the pupil's return."""
	return frappe.db.sql_list(
		"""SELECT DISTINCT IFNULL(`attendance_code`, '') FROM `tabAttendance Mark`
		WHERE `student` = %s AND `date` > %s""",
		(student, day),
	)


def dual_patterns(students) -> dict[str, frappe._dict]:
	"""{student: {status, school, elsewhere}} for the dual-registered ``students``: their
	enrolment status, the other school and the weekly (weekday, session) pairs spent there
	(one query). Pupils who are not dual registered are left out."""
	students = [s for s in dict.fromkeys(students) if s]
	if not students:
		return {}
	pupils: dict[str, frappe._dict] = {}
	for student, status, school, weekday, held in frappe.db.sql(
		"""SELECT s.`name`, s.`enrolment_status`, s.`dual_registration_school`, d.`weekday`, d.`session`
		FROM `tabStudent` s LEFT JOIN `tabDual Registration Session` d
			ON d.`parent` = s.`name` AND d.`parenttype` = 'Student' AND d.`parentfield` = 'dual_sessions_elsewhere'
		WHERE s.`name` IN %(students)s AND s.`enrolment_status` IN %(dual)s""",
		{"students": students, "dual": [MAIN_DUAL, SUBSIDIARY_DUAL]},
	):
		pupil = pupils.setdefault(student, frappe._dict(status=status, school=school or "", elsewhere=set()))
		if weekday and held:
			pupil.elsewhere.add((weekday, held))
	return pupils


def expected_of(pattern, day: date, session: str) -> str | None:
	"""engine.roll.expected_mark for a dual_patterns entry (None: not dual registered: "code")."""
	return expected_mark(pattern.status, day, session, pattern.elsewhere) if pattern else "code"


def dual_expected(students, day: date, session: str) -> dict[str, frappe._dict]:
	"""{student: {expected, school}} for the dual-registered ``students`` whose register here
	does not expect a code for ``day``'s ``session``: expected "D" (a main dual pupil at the
	other school) or None (a subsidiary dual pupil at their main school). One query."""
	found = {}
	for student, pattern in dual_patterns(students).items():
		expected = expected_of(pattern, day, session)
		if expected != "code":
			found[student] = frappe._dict(expected=expected, school=pattern.school)
	return found


def expected_here(alias: str, session: str, weekday: str) -> str:
	"""SQL: the register here expects pupil ``alias`` (tabStudent) in ``session`` on a day
	whose weekday name (engine.roll.weekday_name) is ``weekday`` (both SQL values or parameters): anyone
	but a subsidiary dual pupil whose weekly sessions at their main school hold that session
	(engine.roll.expected_mark returning None)."""
	return f"""({alias}.`enrolment_status` IS NULL OR {alias}.`enrolment_status` != '{SUBSIDIARY_DUAL}'
		OR NOT EXISTS (SELECT 1 FROM `tabDual Registration Session` dual_s
			WHERE dual_s.`parent` = {alias}.`name` AND dual_s.`parenttype` = 'Student'
				AND dual_s.`parentfield` = 'dual_sessions_elsewhere'
				AND dual_s.`weekday` = {weekday} AND dual_s.`session` = {session}))"""
