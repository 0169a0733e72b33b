# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Penalty Notice Threshold: pupils who met 10 G/N/O/U sessions within 10 school weeks.

Source: ../shared/domain/uk-attendance-rules.md section 3 (National Framework 2024: a notice
must be considered once the threshold is met; only pupils of compulsory school age). The
scan is the rules core's (engine.penalty.first_threshold) over one grouped read of the
period's G/N/O/U marks; compulsory school age is engine.school_age's, on the date the
threshold was met. Pupils past (or not yet of) compulsory school age are listed apart and
are never candidates for a notice, nor are subsidiary dual or guest pupils (engine.roll.
on_main_register: their main school's penalty work), listed apart too. A Head of Year sees
their own years (permissions.staff_condition). The threshold is Attendance Settings' (10 sessions, 10 weeks by default).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import cint, getdate

from attendance_officer.attendance_officer.doctype.penalty_notice_referral.penalty_notice_referral import (
	is_withdrawn,
)
from attendance_officer.engine.codes import PENALTY
from attendance_officer.engine.penalty import PENALTY_SESSIONS, PENALTY_WEEKS, first_threshold
from attendance_officer.engine.roll import on_main_register
from attendance_officer.engine.school_age import of_compulsory_school_age
from attendance_officer.permissions import staff_condition
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.school import period

FILTERS = ("from_date", "to_date", "year_group")
CLOSED_STATES = ("Paid", "Closed")
CODES = ("G", "N", "O", "U")


def execute(filters: dict | None = None):
	filters = frappe._dict({k: v for k, v in (filters or {}).items() if k in FILTERS and v})
	from_date, to_date = period(filters)
	rows = threshold_rows(from_date, to_date, filters.year_group)
	candidates = [r for r in rows if r["section"] == "candidate"]
	past_age = [r for r in rows if r["section"] == "past_age"]
	other_main = [r for r in rows if r["section"] == "other_main"]
	data = list(candidates)
	for heading, apart in (
		(_("Not of compulsory school age: never a penalty notice"), past_age),
		(
			_("Another school's main register (subsidiary dual or guest): that school's penalty work"),
			other_main,
		),
	):
		if apart:
			data += [{"student_name": heading, "bold": 1, "section": "heading"}, *apart]
	summary = [
		{
			"value": len(candidates),
			"label": _("Met the threshold"),
			"indicator": "Red" if candidates else "Green",
			"datatype": "Int",
		},
		{
			"value": len(past_age),
			"label": _("Not of compulsory school age"),
			"indicator": "Grey",
			"datatype": "Int",
		},
	]
	if other_main:
		summary.append(
			{
				"value": len(other_main),
				"label": _("On another school's main register"),
				"indicator": "Grey",
				"datatype": "Int",
			}
		)
	message = _(
		"Pupils with {0} or more sessions of G, N, O or U within {1} school weeks between {2} and {3}. "
		"A penalty notice must be considered for each; support comes first."
	).format(*threshold(), from_date.isoformat(), to_date.isoformat())
	return columns(), data, message, None, summary


def threshold() -> tuple[int, int]:
	settings = frappe.db.get_singles_dict("Attendance Settings")
	return (
		cint(settings.get("penalty_sessions")) or PENALTY_SESSIONS,
		cint(settings.get("penalty_weeks")) or PENALTY_WEEKS,
	)


def threshold_rows(from_date, to_date, year_group: str | None = None) -> list[dict]:
	"""One row per pupil who met the threshold in the period (a fixed few queries whatever the roll).

	The window may span terms and school years, so sessions from 10 weeks before the period
	count toward a window that ends in it. Only sessions on days the pupil was of compulsory
	school age count; a pupil who met the threshold only on other days is listed apart.
	"""
	sessions, weeks = threshold()
	# Back to the school week (weeks - 1) school weeks before the period's first: holidays are
	# not school weeks, so a window across the summer reaches into the previous school year.
	calendar = school_calendar(from_date - timedelta(days=366), to_date)
	first = bisect_left(calendar.weeks, from_date - timedelta(days=from_date.weekday()))
	look_back = calendar.weeks[max(0, first - (weeks - 1))] if calendar.weeks else from_date
	scope = staff_condition("m.`student`")
	marks = frappe.db.sql(
		f"""SELECT m.`student`, m.`date`, m.`attendance_code` FROM `tabAttendance Mark` m
		JOIN `tabStudent` s ON s.`name` = m.`student`
		WHERE m.`date` BETWEEN %(from)s AND %(to)s AND m.`attendance_code` IN %(codes)s
			AND (%(year)s = '' OR s.`nc_year` = %(year)s) {"AND " + scope if scope else ""}""",
		{"from": look_back, "to": to_date, "codes": sorted(PENALTY), "year": year_group or ""},
		as_dict=True,
	)
	by_pupil: dict[str, list] = defaultdict(list)
	for mark in marks:
		by_pupil[mark.student].append((getdate(mark.date), mark.attendance_code))
	if not by_pupil:
		return []
	pupils = {
		p.name: p
		for p in frappe.get_all(
			"Student",
			filters={"name": ("in", list(by_pupil))},
			fields=[
				"name",
				"student_name",
				"nc_year",
				"date_of_birth",
				"registration_group",
				"enrolment_status",
			],
		)
	}

	def first_met(dated):
		per_day = Counter(day for day, _code in dated)
		return first_threshold(per_day, calendar, sessions=sessions, weeks=weeks, to=to_date, since=from_date)

	rows = []
	for student, dated in by_pupil.items():
		pupil = pupils[student]
		born = getdate(pupil.date_of_birth) if pupil.date_of_birth else None
		of_age = [(day, code) for day, code in dated if of_compulsory_school_age(born, day) is not False]
		met, section = (
			first_met(of_age),
			"candidate" if on_main_register(pupil.enrolment_status) else "other_main",
		)
		if met is None:
			met, section = first_met(dated), "past_age"
			if met is None:
				continue
		counted = Counter(
			code
			for day, code in (dated if section == "past_age" else of_age)
			if met.window_start <= day <= met.met_on
		)
		age = of_compulsory_school_age(born, met.met_on)
		rows.append(
			{
				"student": student,
				"student_name": pupil.student_name,
				"year_group": pupil.nc_year,
				"registration_group": pupil.registration_group,
				"met_on": met.met_on,
				"window_start": met.window_start,
				"sessions": met.sessions,
				**{code.lower(): counted.get(code, 0) for code in CODES},
				"compulsory_school_age": _("Yes")
				if age
				else (_("No") if age is False else _("Date of birth missing")),
				"section": section,
			}
		)
	add_casework(rows, to_date)
	return sorted(rows, key=lambda r: (r["section"], r["met_on"], r["student_name"] or ""))


def add_casework(rows: list[dict], to_date) -> None:
	"""Each pupil's open referrals and the notices issued to their parents in the last 3 years
	(one query for all pupils)."""
	students = [r["student"] for r in rows]
	if not students:
		return
	referrals = frappe.db.sql(
		"""SELECT `student`, `guardian_name`, `status`, `issued_on`, `outcome`, `docstatus`
		FROM `tabPenalty Notice Referral`
		WHERE `student` IN %(students)s AND `docstatus` < 2""",
		{"students": students},
		as_dict=True,
	)
	since = to_date - timedelta(days=3 * 365)
	open_by, issued_by = defaultdict(list), defaultdict(Counter)
	for ref in referrals:
		withdrawn = is_withdrawn(ref)
		if not withdrawn and ref.status not in CLOSED_STATES:
			open_by[ref.student].append(_(ref.status))
		if ref.issued_on and not withdrawn and getdate(ref.issued_on) >= since:
			issued_by[ref.student][ref.guardian_name] += 1
	for row in rows:
		row["open_casework"] = ", ".join(open_by.get(row["student"], []))
		row["notices_issued"] = "; ".join(
			f"{name}: {n}" for name, n in issued_by.get(row["student"], {}).items()
		)
		row["start_referral"] = row["student"] if row["section"] == "candidate" else ""


def columns() -> list[dict]:
	return [
		{"label": _("Pupil"), "fieldname": "student_name", "fieldtype": "Data", "width": 180},
		{"label": _("Year"), "fieldname": "year_group", "fieldtype": "Data", "width": 60},
		{"label": _("Met On"), "fieldname": "met_on", "fieldtype": "Date", "width": 100},
		{"label": _("Window From"), "fieldname": "window_start", "fieldtype": "Date", "width": 100},
		{"label": _("Sessions"), "fieldname": "sessions", "fieldtype": "Int", "width": 80},
		*({"label": code, "fieldname": code.lower(), "fieldtype": "Int", "width": 50} for code in CODES),
		{
			"label": _("Compulsory School Age"),
			"fieldname": "compulsory_school_age",
			"fieldtype": "Data",
			"width": 120,
		},
		{"label": _("Open Referral"), "fieldname": "open_casework", "fieldtype": "Data", "width": 130},
		{"label": _("Notices in 3 Years"), "fieldname": "notices_issued", "fieldtype": "Data", "width": 160},
		{"label": _("Referral"), "fieldname": "start_referral", "fieldtype": "Data", "width": 110},
		{
			"label": _("Group"),
			"fieldname": "registration_group",
			"fieldtype": "Link",
			"options": "Student Group",
			"width": 100,
		},
		{
			"label": _("Student"),
			"fieldname": "student",
			"fieldtype": "Link",
			"options": "Student",
			"width": 140,
		},
	]
