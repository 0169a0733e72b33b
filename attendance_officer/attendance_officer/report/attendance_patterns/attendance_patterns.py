# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Patterns: when pupils are absent, and how late they arrive.

Four views, each one grouped read of Attendance Mark (registers.school.grouped_marks) over
the pupils the user's scope and the filters give, and a chart:

- Weekday and Session: absence % by weekday, AM and PM, for the school, a group or a pupil;
- Pupils by Weekday: each pupil's absence % on each weekday, the weekday most missed first
  (the "absent every Friday" list);
- Next to Holidays and Weekends: absence on the school days either side of a holiday or a
  weekend against the other school days;
- Punctuality: each pupil's L and U sessions and minutes late, and lateness by weekday.

The arithmetic is engine.patterns' (source: ../shared/domain/uk-attendance-rules.md
sections 1 and 2).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import frappe
from frappe import _

from attendance_officer.engine.lateness import LATE_AFTER_CLOSE, LATE_BEFORE_CLOSE
from attendance_officer.engine.patterns import (
	AM,
	HOLIDAY,
	NEXT_TO,
	OTHER,
	PM,
	WEEKDAY_NAMES,
	WEEKDAYS,
	WEEKEND,
	Punctuality,
	absence_pattern,
	break_days,
	combine,
	next_to_breaks,
	punctuality,
)
from attendance_officer.registers.calendar import school_days_held
from attendance_officer.registers.school import (
	PupilFilter,
	grouped_marks,
	period,
	pupil_cells,
	pupil_columns,
	pupil_details,
	student_column,
)

WEEKDAY_AND_SESSION = "Weekday and Session"
PUPILS_BY_WEEKDAY = "Pupils by Weekday"
NEXT_TO_BREAKS = "Next to Holidays and Weekends"
PUNCTUALITY = "Punctuality"
VIEWS = (WEEKDAY_AND_SESSION, PUPILS_BY_WEEKDAY, NEXT_TO_BREAKS, PUNCTUALITY)
CALENDAR_MARGIN = timedelta(days=14)  # read past the period so its first and last days are classed


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	view = filters.view or WEEKDAY_AND_SESSION
	if view not in VIEWS:
		frappe.throw(
			_("There is no view {0}. Choose one of: {1}.").format(
				frappe.bold(view), ", ".join(_(v) for v in VIEWS)
			),
			title=_("View not known"),
		)
	start, end = period(filters)
	pupils = PupilFilter.from_filters(filters)
	build = {
		WEEKDAY_AND_SESSION: weekday_and_session,
		PUPILS_BY_WEEKDAY: pupils_by_weekday,
		NEXT_TO_BREAKS: next_to_holidays,
		PUNCTUALITY: lateness,
	}[view]
	columns, data, chart = build(pupils, start, end)
	return columns, data, message(view, start, end), chart


def weekday_and_session(pupils: PupilFilter, start: date, end: date):
	counts = {
		(int(weekday), session, code): int(n)
		for weekday, session, code, n in grouped_marks(pupils, start, end, ("weekday", "session", "code"))
	}
	by_day = {day: absence_pattern({k: n for k, n in counts.items() if k[0] == day}) for day in WEEKDAYS}
	whole = combine(by_day.values())
	data = []
	for day in WEEKDAYS:
		pattern = by_day[day]
		data.append(
			{
				"label": _(WEEKDAY_NAMES[day]),
				"weekday": day,
				"possible": pattern.by_weekday[day].possible,
				"absent": pattern.by_weekday[day].absent,
				"absence": pattern.by_weekday[day].rate,
				"am_absence": pattern.by_session[AM].rate,
				"pm_absence": pattern.by_session[PM].rate,
			}
		)
	possible = sum(r.possible for r in whole.by_session.values())
	absent = sum(r.absent for r in whole.by_session.values())
	data.append(
		{
			"label": _("All weekdays"),
			"bold": 1,
			"possible": possible,
			"absent": absent,
			"absence": (whole.by_session[AM] + whole.by_session[PM]).rate,
			"am_absence": whole.by_session[AM].rate,
			"pm_absence": whole.by_session[PM].rate,
		}
	)
	columns = [
		{"label": _("Weekday"), "fieldname": "label", "fieldtype": "Data", "width": 140},
		{"label": _("Possible"), "fieldname": "possible", "fieldtype": "Int", "width": 90},
		{"label": _("Absent"), "fieldname": "absent", "fieldtype": "Int", "width": 90},
		{"label": _("Absence %"), "fieldname": "absence", "fieldtype": "Percent", "width": 100},
		{"label": _("AM Absence %"), "fieldname": "am_absence", "fieldtype": "Percent", "width": 110},
		{"label": _("PM Absence %"), "fieldname": "pm_absence", "fieldtype": "Percent", "width": 110},
	]
	chart = bar_chart(
		[row["label"] for row in data[:-1]],
		[
			(_("AM Absence %"), [row["am_absence"] for row in data[:-1]]),
			(_("PM Absence %"), [row["pm_absence"] for row in data[:-1]]),
		],
		percent=True,
	)
	return columns, data, chart


def pupils_by_weekday(pupils: PupilFilter, start: date, end: date):
	counts: dict[str, dict] = defaultdict(dict)
	for student, weekday, session, code, n in grouped_marks(
		pupils, start, end, ("student", "weekday", "session", "code")
	):
		counts[student][(int(weekday), session, code)] = int(n)
	details = pupil_details(counts, sensitive=False)
	data = []
	for student, pupil_counts in counts.items():
		pattern = absence_pattern(pupil_counts)
		whole = pattern.by_session[AM] + pattern.by_session[PM]
		if not whole.absent:
			continue
		peak = max(WEEKDAYS, key=lambda d: (pattern.by_weekday[d].rate or 0, pattern.by_weekday[d].absent))
		pupil = details.get(student)
		if pupil is None:
			continue  # marks of no pupil on record: nothing to show
		row = {
			**pupil_cells(student, pupil),
			"absence": whole.rate,
			"most_missed": _(WEEKDAY_NAMES[peak]),
			"most_missed_key": peak,
			"most_missed_absence": pattern.by_weekday[peak].rate,
			"most_missed_sessions": pattern.by_weekday[peak].absent,
			# How far that weekday stands out from the pupil's own absence: the pattern's strength.
			"above_average": (pattern.by_weekday[peak].rate or 0) - (whole.rate or 0),
			"am_absence": pattern.by_session[AM].rate,
			"pm_absence": pattern.by_session[PM].rate,
		}
		for day in WEEKDAYS:
			row[f"day_{day}"] = pattern.by_weekday[day].rate
		data.append(row)
	data.sort(key=lambda r: (-r["above_average"], -r["most_missed_sessions"], r["student_name"] or ""))
	columns = [
		*pupil_columns(),
		{"label": _("Most Missed"), "fieldname": "most_missed", "fieldtype": "Data", "width": 110},
		{
			"label": _("Absence That Day"),
			"fieldname": "most_missed_absence",
			"fieldtype": "Percent",
			"width": 120,
		},
		{
			"label": _("Sessions Missed That Day"),
			"fieldname": "most_missed_sessions",
			"fieldtype": "Int",
			"width": 110,
		},
		{
			"label": _("Above Own Average (points)"),
			"fieldname": "above_average",
			"fieldtype": "Float",
			"precision": 1,
			"width": 120,
		},
		*(
			{
				"label": _(WEEKDAY_NAMES[day])[:3],
				"fieldname": f"day_{day}",
				"fieldtype": "Percent",
				"width": 75,
			}
			for day in WEEKDAYS
		),
		{"label": _("AM %"), "fieldname": "am_absence", "fieldtype": "Percent", "width": 75},
		{"label": _("PM %"), "fieldname": "pm_absence", "fieldtype": "Percent", "width": 75},
		{"label": _("Absence %"), "fieldname": "absence", "fieldtype": "Percent", "width": 90},
		student_column(),
	]
	most = dict.fromkeys(WEEKDAYS, 0)
	for row in data:
		most[row["most_missed_key"]] += 1
	chart = bar_chart(
		[_(WEEKDAY_NAMES[d]) for d in WEEKDAYS],
		[(_("Pupils missing this day most"), [most[d] for d in WEEKDAYS])],
	)
	return columns, data, chart if data else None


def next_to_holidays(pupils: PupilFilter, start: date, end: date):
	counts = {(day, code): int(n) for day, code, n in grouped_marks(pupils, start, end, ("date", "code"))}
	calendar = school_days_held(start - CALENDAR_MARGIN, end + CALENDAR_MARGIN)
	kinds = break_days(calendar.days)
	rates = next_to_breaks(counts, kinds)
	in_period = [day for day in calendar.days if start <= day <= end]
	labels = {
		HOLIDAY: _("Day before or after a holiday"),
		WEEKEND: _("Monday or Friday next to a weekend"),
		OTHER: _("Other school days"),
	}
	data = [
		{
			"label": labels[kind],
			"kind": kind,
			"days": sum(1 for day in in_period if kinds[day] == kind),
			"possible": rates[kind].possible,
			"absent": rates[kind].absent,
			"absence": rates[kind].rate,
		}
		for kind in NEXT_TO
	]
	columns = [
		{"label": _("School Days"), "fieldname": "label", "fieldtype": "Data", "width": 260},
		{"label": _("Days"), "fieldname": "days", "fieldtype": "Int", "width": 70},
		{"label": _("Possible"), "fieldname": "possible", "fieldtype": "Int", "width": 90},
		{"label": _("Absent"), "fieldname": "absent", "fieldtype": "Int", "width": 90},
		{"label": _("Absence %"), "fieldname": "absence", "fieldtype": "Percent", "width": 100},
	]
	chart = bar_chart(
		[row["label"] for row in data], [(_("Absence %"), [row["absence"] for row in data])], percent=True
	)
	return columns, data, chart


def lateness(pupils: PupilFilter, start: date, end: date):
	late_codes = (LATE_BEFORE_CLOSE, LATE_AFTER_CLOSE)
	per_pupil: dict[str, Punctuality] = {}
	by_pupil: dict[str, dict] = defaultdict(lambda: {"counts": {}, "minutes": 0})
	for student, code, n, minutes in grouped_marks(
		pupils,
		start,
		end,
		("student", "code"),
		("COUNT(*)", "SUM(IFNULL(m.`minutes_late`, 0))"),
		codes=late_codes,
	):
		by_pupil[student]["counts"][code] = int(n)
		by_pupil[student]["minutes"] += int(minutes or 0)
	for student, read in by_pupil.items():
		per_pupil[student] = punctuality(read["counts"], read["minutes"])
	by_day: dict[int, dict[str, int]] = defaultdict(dict)
	for weekday, code, n in grouped_marks(pupils, start, end, ("weekday", "code"), codes=late_codes):
		by_day[int(weekday)][code] = int(n)
	details = pupil_details(per_pupil, sensitive=False)
	data = []
	for student, late in per_pupil.items():
		pupil = details.get(student)
		if pupil is None:
			continue  # marks of no pupil on record: nothing to show
		data.append(
			{
				**pupil_cells(student, pupil),
				"late_l": late.late_before_close,
				"late_u": late.late_after_close,
				"late": late.late,
				"minutes": late.minutes,
				"average_minutes": late.average_minutes,
			}
		)
	data.sort(key=lambda r: (-r["late"], -r["minutes"], r["student_name"] or ""))
	total = sum(per_pupil.values(), Punctuality())
	if data:
		data.append(
			{
				"student_name": _("Total ({0} pupils)").format(len(per_pupil)),
				"bold": 1,
				"late_l": total.late_before_close,
				"late_u": total.late_after_close,
				"late": total.late,
				"minutes": total.minutes,
				"average_minutes": total.average_minutes,
			}
		)
	columns = [
		*pupil_columns(),
		{"label": _("Late (L)"), "fieldname": "late_l", "fieldtype": "Int", "width": 80},
		{"label": _("After Close (U)"), "fieldname": "late_u", "fieldtype": "Int", "width": 110},
		{"label": _("Late Sessions"), "fieldname": "late", "fieldtype": "Int", "width": 100},
		{"label": _("Minutes Late"), "fieldname": "minutes", "fieldtype": "Int", "width": 100},
		{
			"label": _("Average Minutes"),
			"fieldname": "average_minutes",
			"fieldtype": "Float",
			"precision": 1,
			"width": 110,
		},
		student_column(),
	]
	chart = bar_chart(
		[_(WEEKDAY_NAMES[d]) for d in WEEKDAYS],
		[
			(_("Late (L)"), [by_day[d].get(LATE_BEFORE_CLOSE, 0) for d in WEEKDAYS]),
			(_("After Close (U)"), [by_day[d].get(LATE_AFTER_CLOSE, 0) for d in WEEKDAYS]),
		],
	)
	return columns, data, chart if data else None


def bar_chart(labels: list[str], datasets: list[tuple[str, list]], *, percent: bool = False) -> dict:
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": name, "values": [float(v) if v is not None else 0 for v in values]}
				for name, values in datasets
			],
		},
		"type": "bar",
		"fieldtype": "Percent" if percent else "Int",
		"colors": ["#e24c4c", "#f5a623"],
	}


def message(view: str, start: date, end: date) -> str:
	explain = {
		WEEKDAY_AND_SESSION: _(
			"Absence % = sessions of absence x 100 / possible sessions, on each weekday and in each session."
		),
		PUPILS_BY_WEEKDAY: _(
			"Each pupil with any absence and the weekday they miss most; pupils whose absence falls most on one "
			"weekday (that day's absence furthest above their own average) first. Click a figure for their sessions."
		),
		NEXT_TO_BREAKS: _(
			"School days next to a holiday (half-term, a bank holiday, an INSET day) or a weekend, against "
			"the other school days: a higher rate next to holidays suggests holidays extended."
		),
		PUNCTUALITY: _(
			"L: late before the register closed (attending). U: after it closed (unauthorised absence). "
			"Minutes late count from when the register opened."
		),
	}[view]
	return (
		_("Sessions from {0} to {1}, each pupil counted from admission.").format(
			start.isoformat(), end.isoformat()
		)
		+ " "
		+ explain
	)
