# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Thresholds: every pupil's sessions, %, band, trend and outlook, with the school's totals.

Source: ../shared/domain/uk-attendance-rules.md section 2. The figures are the rules core's
(engine.statistics: summarise and band on the exact fraction; engine.projection: the best %
still possible and the sessions to leave persistent absence; engine.cohorts: totals summed
over sessions, PA and SA decided per pupil). Pupils of compulsory school age and sixth-form
pupils are totalled apart (engine.cohorts.figures_group): the national PA and SA rates
cover only the first; subsidiary dual and guest pupils have a total of their own (their
PA and SA are their main school's). The reads are a fixed few queries whatever the roll
(registers.school): the marks grouped by pupil and code, with the counts up to the
comparison date in the same query; the pupils; their letters; their open support; the
calendar for the sessions left. A Head of Year sees their years, a tutor their groups.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import getdate

from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.cohorts import (
	AGE_UNKNOWN,
	NATIONAL,
	OTHER_MAIN_REGISTER,
	SIXTH_FORM,
	GroupFigures,
	pupil_figures,
)
from attendance_officer.engine.ladder import LETTERS
from attendance_officer.engine.projection import project
from attendance_officer.engine.school_age import school_year_end
from attendance_officer.engine.statistics import BAND_LABELS, BAND_NAMES, band, summarise
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.figures import school_bands
from attendance_officer.registers.school import (
	DETAILS,
	PupilFilter,
	figures_group_of,
	grouped_counts,
	period,
	pupil_cells,
	pupil_columns,
	pupil_details,
	student_column,
)

COMPARE_DAYS = 28  # "change since": by default the figure 4 weeks before To Date


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	from_date, to_date = period(filters)
	compare_to = getdate(filters.compare_to) if filters.compare_to else to_date - timedelta(days=COMPARE_DAYS)
	if filters.band and filters.band not in BAND_NAMES:
		frappe.throw(_("There is no band {0}.").format(frappe.bold(filters.band)), title=_("Band not known"))
	rows = pupil_rows(PupilFilter.from_filters(filters), from_date, to_date, compare_to)
	totals = age_totals(rows)
	for row in rows:
		del row["_figures"]  # the totals' input, not a column
	shown = [row for row in rows if not filters.band or row["band_key"] == filters.band]
	return (
		columns(),
		shown + total_rows(totals),
		message(from_date, to_date, compare_to),
		chart(rows),
		summary(totals),
	)


def pupil_rows(pupils: PupilFilter, from_date: date, to_date: date, compare_to: date) -> list[dict]:
	"""One row per pupil with a possible session in the period, worst band first."""
	earlier = compare_to if from_date <= compare_to < to_date else None
	now, then = grouped_counts(pupils, from_date, to_date, earlier)
	every = pupils.whole_school and not pupils.cohort  # read every pupil's rows, not a list of names
	students = None if every else list(now)
	details = pupil_details(now, sensitive=False, fields=DETAILS, every=every)
	bands = school_bands()
	left = sessions_left(to_date)
	letters = last_letters(students, academic_year_start(to_date))
	support = open_support(students, getdate())
	labels = {name: _(label) for name, label in BAND_LABELS.items()}  # translated once, not per pupil
	reachable = {True: _("Yes"), False: _("Not this year")}
	rows = []
	for student, counts in now.items():
		summary = summarise(counts)
		which = band(summary, bands)
		if which is None:
			continue
		pupil = details.get(student)
		if pupil is None:
			continue  # a mark of no pupil on record (cannot happen: marks link to Student)
		before = summarise(then.get(student, {})) if earlier else None
		outlook = project(summary, left, bands)
		rows.append(
			{
				**pupil_cells(student, pupil),
				"possible": summary.possible,
				"attending": summary.attending,
				"authorised": summary.authorised,
				"unauthorised": summary.unauthorised,
				"attendance": summary.attendance,
				"band": labels[which],
				"band_key": which,
				"change": (summary.attendance - before.attendance) if before and before.possible else None,
				"best_possible": outlook.best_possible,
				"to_leave_pa": outlook.to_leave_persistent or None,
				"pa_reachable": ""
				if not outlook.to_leave_persistent
				else reachable[outlook.can_leave_persistent],
				"last_letter": letters.get(student, ""),
				"open_support": support.get(student, ""),
				"age_group": figures_group_of(pupil, to_date),
				"_figures": pupil_figures(summary, bands, which),
			}
		)
	order = {name: i for i, name in enumerate(BAND_NAMES)}
	rows.sort(key=lambda r: (order[r["band_key"]], r["attendance"], r["student_name"] or ""))
	return rows


def sessions_left(to_date: date) -> int:
	"""School sessions after ``to_date`` to the end of its academic year (2 a school day).

	The year's end is Education's Academic Year holding ``to_date`` (else 31 July); the days
	are the school calendar's (weekdays less the holiday list).
	"""
	end = frappe.db.get_value(
		"Academic Year",
		{"year_start_date": ("<=", to_date), "year_end_date": (">=", to_date)},
		"year_end_date",
		order_by="year_start_date desc",
	)
	end = getdate(end) if end else date(school_year_end(to_date), 7, 31)
	if end <= to_date:
		return 0
	return 2 * len(school_calendar(to_date + timedelta(days=1), end).days)


def among(column: str, students: list[str] | None) -> str:
	"""SQL limiting ``column`` to ``students`` (bound as %(students)s); None: every pupil (the
	whole school: no list of 1,500 names to send)."""
	return "1=1" if students is None else f"{column} IN %(students)s"


def last_letters(students: list[str] | None, since: date) -> dict[str, str]:
	"""{student: "Stage 2 (2026-11-03)"}: each pupil's latest ladder letter this year (one query)."""
	if students is not None and not students:
		return {}
	latest = {}
	for student, letter_type, sent_on in frappe.db.sql(
		f"""SELECT `student`, `letter_type`, `sent_on` FROM `tabAttendance Letter`
		WHERE {among("`student`", students)} AND `letter_type` IN %(types)s AND `sent_on` >= %(since)s
		ORDER BY `sent_on`""",
		{"students": students, "types": list(LETTERS), "since": since},
	):
		latest[student] = f"{_(letter_type)} ({getdate(sent_on).isoformat()})"
	return latest


def open_support(students: list[str] | None, today: date) -> dict[str, str]:
	"""{student: "2 open actions; review 2026-12-10"} from submitted support meetings (two queries)."""
	if students is not None and not students:
		return {}
	parts: dict[str, list[str]] = defaultdict(list)
	for student, count in frappe.db.sql(
		f"""SELECT m.`student`, COUNT(*) FROM `tabAttendance Support Action` a
		JOIN `tabAttendance Support Meeting` m ON m.`name` = a.`parent`
		WHERE a.`parenttype` = 'Attendance Support Meeting' AND m.`docstatus` = 1
			AND a.`status` = 'Open' AND {among("m.`student`", students)}
		GROUP BY m.`student`""",
		{"students": students},
	):
		parts[student].append(_("{0} open action(s)").format(count))
	for student, review in frappe.db.sql(
		f"""SELECT `student`, MIN(`review_date`) FROM `tabAttendance Support Meeting`
		WHERE `docstatus` = 1 AND `review_date` >= %(today)s AND {among("`student`", students)}
		GROUP BY `student`""",
		{"students": students, "today": today},
	):
		parts[student].append(_("review {0}").format(getdate(review).isoformat()))
	return {student: "; ".join(p) for student, p in parts.items()}


def age_totals(rows: list[dict]) -> dict[str, GroupFigures]:
	totals = {key: GroupFigures() for key in (NATIONAL, SIXTH_FORM, AGE_UNKNOWN, OTHER_MAIN_REGISTER)}
	for row in rows:
		totals[row["age_group"]] += row["_figures"]
	return totals


def total_rows(totals: dict[str, GroupFigures]) -> list[dict]:
	labels = {
		NATIONAL: _("Total: compulsory school age on the main register (the national figures' scope)"),
		SIXTH_FORM: _("Total: sixth form (not in the national figures)"),
		AGE_UNKNOWN: _("Total: date of birth missing"),
		OTHER_MAIN_REGISTER: _("Total: subsidiary dual and guest pupils (their main school's figures)"),
	}
	rows = []
	for key, label in labels.items():
		group = totals[key]
		if not group.pupils:
			continue
		rows.append(
			{
				"student_name": label,
				"bold": 1,
				"is_total": 1,
				"possible": group.possible,
				"attending": group.attending,
				"attendance": group.attendance,
				"band": _("{0} pupils; PA {1}% ({2}); SA {3}% ({4})").format(
					group.pupils, group.persistent_rate, group.persistent, group.severe_rate, group.severe
				),
			}
		)
	return rows


def summary(totals: dict[str, GroupFigures]) -> list[dict]:
	"""Whole-school %, then PA and SA (rate and pupils) over compulsory school age, the national
	figures' scope, and the sixth form's PA rate apart."""
	school = sum(totals.values(), GroupFigures())
	national, sixth = totals[NATIONAL], totals[SIXTH_FORM]
	cards = [
		{"value": school.attendance, "label": _("Attendance %"), "datatype": "Percent", "indicator": "Blue"},
		{
			"value": national.persistent_rate,
			"label": _("PA Rate (Age 5-15)"),
			"datatype": "Percent",
			"indicator": "Orange" if national.persistent else "Green",
		},
		{
			"value": national.persistent,
			"label": _("PA Pupils (Age 5-15)"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{
			"value": national.severe_rate,
			"label": _("SA Rate (Age 5-15)"),
			"datatype": "Percent",
			"indicator": "Red" if national.severe else "Green",
		},
		{"value": national.severe, "label": _("SA Pupils (Age 5-15)"), "datatype": "Int", "indicator": "Red"},
	]
	if sixth.pupils:
		cards.append(
			{
				"value": sixth.persistent_rate,
				"label": _("PA Rate (Sixth Form)"),
				"datatype": "Percent",
				"indicator": "Grey",
			}
		)
	return cards


def chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	counts = dict.fromkeys(BAND_NAMES, 0)
	for row in rows:
		counts[row["band_key"]] += 1
	return {
		"data": {
			"labels": [_(BAND_LABELS[name]) for name in BAND_NAMES],
			"datasets": [{"name": _("Pupils"), "values": [counts[name] for name in BAND_NAMES]}],
		},
		"type": "bar",
		"colors": ["#e24c4c"],
	}


def message(from_date: date, to_date: date, compare_to: date) -> str:
	return _(
		"Sessions from {0} to {1}, each pupil counted from admission; change is against the figure to {2}. "
		"Persistent absence is 10% or more of possible sessions missed (exactly 90.0% attendance is "
		"persistent absence); severe absence 50% or more. Click a band or a best-possible figure for "
		"the sessions counted and the rule."
	).format(from_date.isoformat(), to_date.isoformat(), compare_to.isoformat())


def columns() -> list[dict]:
	return [
		*pupil_columns(200),
		{"label": _("Possible"), "fieldname": "possible", "fieldtype": "Int", "width": 75},
		{"label": _("Attending"), "fieldname": "attending", "fieldtype": "Int", "width": 80},
		{"label": _("Authorised"), "fieldname": "authorised", "fieldtype": "Int", "width": 85},
		{"label": _("Unauthorised"), "fieldname": "unauthorised", "fieldtype": "Int", "width": 95},
		{"label": _("Attendance %"), "fieldname": "attendance", "fieldtype": "Percent", "width": 100},
		{"label": _("Band"), "fieldname": "band", "fieldtype": "Data", "width": 150},
		{
			"label": _("Change (points)"),
			"fieldname": "change",
			"fieldtype": "Float",
			"precision": 1,
			"width": 100,
		},
		{"label": _("Best Possible %"), "fieldname": "best_possible", "fieldtype": "Percent", "width": 105},
		{"label": _("Sessions to Leave PA"), "fieldname": "to_leave_pa", "fieldtype": "Int", "width": 120},
		{"label": _("Can Leave PA"), "fieldname": "pa_reachable", "fieldtype": "Data", "width": 100},
		{"label": _("Last Letter"), "fieldname": "last_letter", "fieldtype": "Data", "width": 150},
		{"label": _("Open Support"), "fieldname": "open_support", "fieldtype": "Data", "width": 170},
		student_column(),
	]
