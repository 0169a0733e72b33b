"""Today's first-day calling list: pupils with N or no mark, whom to ring, and in what order.

Source: ../shared/domain/uk-attendance-rules.md section 6 (contact parents about any
unexplained absence on the first day; main contact first, then other contacts; safeguarding
escalation). The order and the contact priority come from the rules core (engine.first_day).

A fixed handful of grouped queries whatever the roll (style.md section 3, "One query,
grouping in Python"): the absent pupils, their guardians, their recent marks, the calendar,
today's contacts. The SEN and safeguarding flags (Student fields at permission level 1) are
read only for users who may read that level, and only then used to sort the list: a Head of
Year sees the list ordered by length of absence and cannot infer the flags from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.engine.codes import ABSENCE, ATTENDING
from attendance_officer.engine.first_day import (
	CallingEntry,
	GuardianContact,
	calling_order,
	consecutive_school_days_absent,
	guardians_in_order,
)
from attendance_officer.engine.roll import weekday_name
from attendance_officer.permissions import staff_condition
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.roll import expected_here
from attendance_officer.setup.permissions import SAFEGUARDING_PERMLEVEL

# Marks written by taking the register (or importing it from the MIS). A group's register
# counts as taken only when one of these exists: marks written in advance by an Absence
# Record, a Leave of Absence Request or a bulk mark carry the group too, and must not make
# every unmarked classmate look absent before the tutor has taken the register.
REGISTER_SOURCES = ("Register", "Import")

# How far back the consecutive-absence count looks (longer runs show as this many school days).
LOOK_BACK_DAYS = 63


@dataclass
class Callee:
	entry: CallingEntry
	registration_group: str | None
	code: str  # "N" or "" (no mark)
	guardians: list[frappe._dict] = field(default_factory=list)  # in calling order
	contacts_today: int = 0
	last_outcome: str = ""
	reported: frappe._dict | None = None  # a draft Absence Record covering the session


def may_read_safeguarding(user: str | None = None) -> bool:
	"""Whether ``user`` may read Student's permission-level-1 fields (CP, CIN, CLA, SEN)."""
	return SAFEGUARDING_PERMLEVEL in frappe.get_meta("Student").get_permlevel_access("read", user=user)


def absent_pupils(
	day: date, session: str, group: str | None, with_flags: bool, scope: str = ""
) -> list[frappe._dict]:
	"""Pupils on roll with N, or with no mark where their group's register is taken (one query).

	The register is taken when the group has a mark from the register itself that session
	(REGISTER_SOURCES), not merely a mark a record wrote in advance. A subsidiary dual pupil
	spending the session at their main school is not expected here (registers.roll.expected_here).
	"""
	flags = (
		", s.`child_protection_plan` AS cp, s.`child_in_need` AS cin, s.`child_looked_after` AS cla"
		if with_flags
		else ""
	)
	return frappe.db.sql(
		f"""SELECT s.`name` AS student, s.`student_name`, s.`registration_group`,
			IFNULL(m.`attendance_code`, '') AS code{flags}
		FROM `tabStudent` s
		LEFT JOIN `tabAttendance Mark` m
			ON m.`student` = s.`name` AND m.`date` = %(day)s AND m.`session` = %(session)s
		WHERE s.`enabled` = 1 AND IFNULL(s.`registration_group`, '') != ''
			AND (%(group)s = '' OR s.`registration_group` = %(group)s)
			{"AND " + scope if scope else ""}
			AND IFNULL(s.`admission_date`, IFNULL(s.`joining_date`, '1900-01-01')) <= %(day)s
			AND (s.`date_of_leaving` IS NULL OR s.`date_of_leaving` >= %(day)s)
			AND {expected_here("s", "%(session)s", "%(weekday)s")}
			AND (m.`attendance_code` = 'N' OR (m.`name` IS NULL AND EXISTS (
				SELECT 1 FROM `tabAttendance Mark` t WHERE t.`registration_group` = s.`registration_group`
					AND t.`date` = %(day)s AND t.`session` = %(session)s
					AND t.`source` IN %(register_sources)s)))""",
		{
			"day": day,
			"weekday": weekday_name(getdate(day)),
			"session": session,
			"group": group or "",
			"register_sources": REGISTER_SOURCES,
		},
		as_dict=True,
	)


def guardians_of(students: list[str]) -> dict[str, list[frappe._dict]]:
	"""student -> guardian rows with numbers, in table order (one query)."""
	rows = frappe.db.sql(
		"""SELECT sg.`parent` AS student, sg.`guardian`, IFNULL(g.`guardian_name`, sg.`guardian_name`) AS name,
			sg.`relation`, sg.`contact_priority`, sg.`do_not_contact`, sg.`preferred_channel`,
			g.`mobile_number`, g.`alternate_number`, g.`email_address`
		FROM `tabStudent Guardian` sg LEFT JOIN `tabGuardian` g ON g.`name` = sg.`guardian`
		WHERE sg.`parent` IN %(students)s AND sg.`parenttype` = 'Student' AND sg.`parentfield` = 'guardians'
		ORDER BY sg.`parent`, sg.`idx`""",
		{"students": students},
		as_dict=True,
	)
	found: dict[str, list] = defaultdict(list)
	for row in rows:
		found[row.student].append(row)
	return found


def in_calling_order(rows: list[frappe._dict]) -> list[frappe._dict]:
	"""The guardians to call, by contact priority, do-not-contact left out (engine.first_day)."""
	by_id = {row.guardian: row for row in rows}
	ordered = guardians_in_order(
		GuardianContact(row.guardian, row.name or "", row.contact_priority or None, bool(row.do_not_contact))
		for row in rows
	)
	return [by_id[g.guardian] for g in ordered]


def day_states(students: list[str], day: date) -> dict[str, dict[date, bool]]:
	"""student -> {school day before ``day``: absent all day?} from the marks (one query).

	A day counts as absent when it has an absence code and no attending code; a day with
	neither (only not-possible codes) has no state and ends the run.
	"""
	rows = frappe.db.sql(
		"""SELECT `student`, `date`, `attendance_code` FROM `tabAttendance Mark`
		WHERE `student` IN %(students)s AND `date` >= %(start)s AND `date` < %(day)s""",
		{"students": students, "start": day - timedelta(days=LOOK_BACK_DAYS), "day": day},
	)
	codes: dict[str, dict[date, set]] = defaultdict(lambda: defaultdict(set))
	for student, on, code in rows:
		codes[student][getdate(on)].add(code)
	states: dict[str, dict[date, bool]] = {}
	for student in students:
		states[student] = {
			on: not (found & ATTENDING)
			for on, found in codes[student].items()
			if found & ATTENDING or found & ABSENCE
		}
		states[student][day] = True
	return states


def contacts_on(students: list[str], day: date) -> dict[str, tuple[int, str]]:
	"""student -> (contacts logged on ``day``, the latest outcome) (one query)."""
	rows = frappe.db.sql(
		"""SELECT `student`, `outcome` FROM `tabAttendance Contact`
		WHERE `student` IN %(students)s AND `contact_on` >= %(start)s AND `contact_on` < %(end)s
		ORDER BY `contact_on`""",
		{"students": students, "start": day, "end": day + timedelta(days=1)},
	)
	found: dict[str, tuple[int, str]] = {}
	for student, outcome in rows:
		count, _ = found.get(student, (0, ""))
		found[student] = (count + 1, outcome)
	return found


def reported_absences(
	students: list[str], day: date, session: str, *, pupils_of: str | None = None
) -> dict[str, frappe._dict]:
	"""student -> the latest draft Absence Record covering ``day`` ``session`` (one query).

	A draft is a reason the school has been given (a parent's portal report, a call taken by
	the office) but not yet recorded: the register and the calling list show it so nobody
	rings a parent who has already rung in, and the tutor knows why the pupil is away. A
	draft with no reason, or "Unknown", is not a reason given. ``pupils_of``: only pupils in
	that user's staff scope (a Head of Year covering another year's register sees no reasons).
	"""
	scope = staff_condition("r.`student`", pupils_of) if pupils_of else ""
	if not students:
		return {}
	rows = frappe.db.sql(
		f"""SELECT r.`name` AS record, r.`student`, r.`reason`, r.`attendance_code`, r.`reported_via`,
			r.`reported_on`, IFNULL(g.`guardian_name`, '') AS reported_by
		FROM `tabAbsence Record` r LEFT JOIN `tabGuardian` g ON g.`name` = r.`reported_by`
		WHERE r.`docstatus` = 0 AND r.`student` IN %(students)s
			AND IFNULL(r.`reason`, '') NOT IN ('', 'Unknown') {"AND " + scope if scope else ""}
			AND (r.`from_date` < %(day)s OR (r.`from_date` = %(day)s
				AND (r.`from_session` = 'AM' OR %(session)s = 'PM')))
			AND (r.`to_date` > %(day)s OR (r.`to_date` = %(day)s
				AND (r.`to_session` = 'PM' OR %(session)s = 'AM')))
		ORDER BY IFNULL(r.`reported_on`, r.`creation`), r.`creation`""",
		{"students": students, "day": day, "session": session},
		as_dict=True,
	)
	return {row.student: row for row in rows}  # the latest report wins


def calling_list(
	day: date,
	session: str = "AM",
	group: str | None = None,
	*,
	with_flags: bool = False,
	pupils_of: str | None = None,
) -> list[Callee]:
	"""The pupils to call about on ``day`` ``session``, in calling order.

	``pupils_of``: only the pupils that user's staff scope gives them (the report: a Head of
	Year sees their years); None for every pupil (the scheduled jobs).
	"""
	scope = staff_condition("s.`name`", pupils_of) if pupils_of else ""
	pupils = absent_pupils(day, session, group, with_flags, scope)
	if not pupils:
		return []
	students = [p.student for p in pupils]
	guardians = guardians_of(students)
	states = day_states(students, day)
	calendar = school_calendar(day - timedelta(days=LOOK_BACK_DAYS), day)
	contacts = contacts_on(students, day)
	reported = reported_absences(students, day, session, pupils_of=pupils_of)
	callees = []
	for p in pupils:
		entry = CallingEntry(
			student=p.student,
			name=p.student_name or p.student,
			days_absent=max(1, consecutive_school_days_absent(states[p.student], calendar, day)),
			cp=bool(with_flags and p.cp),
			cin=bool(with_flags and p.cin),
			cla=bool(with_flags and p.cla),
		)
		count, outcome = contacts.get(p.student, (0, ""))
		callees.append(
			Callee(
				entry,
				p.registration_group,
				p.code,
				in_calling_order(guardians.get(p.student, [])),
				count,
				outcome,
				reported.get(p.student),
			)
		)
	return sorted(callees, key=lambda c: calling_order(c.entry))
