"""The Attendance workspace's number cards and charts: each a few grouped reads, in the user's scope.

Number cards of type Custom call these methods with the card's filters; Dashboard Chart
Sources call ``weekly_trend`` and ``persistent_by_year``. Every figure is the rules core's
(engine.statistics, engine.cohorts) over the pupils the user's role gives them
(registers.school.PupilFilter, permissions.staff_condition): a Head of Year's cards are
their years'. The year's figures are one grouped read, kept for a few minutes per user
(frappe.cache) because every workspace visit asks for them; today's figures are read fresh.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import frappe
from frappe import _
from frappe.utils import formatdate, getdate, now_datetime

from attendance_officer.absence.calling import absent_pupils
from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.codes import CODES
from attendance_officer.engine.cohorts import NATIONAL, GroupFigures, pupil_figures
from attendance_officer.engine.statistics import summarise
from attendance_officer.permissions import staff_condition
from attendance_officer.registers.figures import school_bands
from attendance_officer.registers.school import (
	PupilFilter,
	figures_group_of,
	grouped_counts,
	grouped_marks,
	natural,
	pupil_details,
	weekly_attendance,
)
from attendance_officer.registers.unmarked import closed_sessions, unmarked_groups

MARK = "Attendance Mark"
YEAR_CACHE_SECONDS = 600
TREND_WEEKS = 12


def check_permission() -> None:
	frappe.has_permission(MARK, "read", throw=True)


def card(value, fieldtype: str, report: str | None = None, **route_options) -> dict:
	result = {"value": value, "fieldtype": fieldtype}
	if report:
		result["route"] = ["query-report", report]
		result["route_options"] = route_options
	return result


@frappe.whitelist()
def attendance_today(filters: str | dict | None = None) -> dict:
	"""Today's attendance % over the sessions marked so far (one query)."""
	check_permission()
	day = getdate()
	counts = Counter()
	for code, n in grouped_marks(PupilFilter.from_filters({}), day, day, ("code",)):
		if code in CODES:
			counts[code] += int(n)
	summary = summarise(counts)
	return card(summary.attendance if summary.possible else 0, "Percent", "Attendance Patterns")


@frappe.whitelist()
def unexplained_today(filters: str | dict | None = None) -> dict:
	"""Pupils absent today with no reason yet: N, or no mark where their register is taken."""
	check_permission()
	day, scope = getdate(), staff_condition("s.`name`")
	pupils = {
		row.student for session in ("AM", "PM") for row in absent_pupils(day, session, None, False, scope)
	}
	return card(len(pupils), "Int", "First Day Calling")


@frappe.whitelist()
def registers_not_taken(filters: str | dict | None = None) -> dict:
	"""Registers (group and session) already closed today with pupils still unmarked."""
	check_permission()
	sessions = closed_sessions(now_datetime())
	if not sessions:
		return card(0, "Int", "Unmarked Registers")
	rows = unmarked_groups(getdate(), sessions, pupils_of=frappe.session.user)
	return card(sum(1 for row in rows if row["unmarked"]), "Int", "Unmarked Registers")


def year_figures() -> dict:
	"""This academic year's totals for pupils of compulsory school age, and PA by year group (cached)."""
	key = f"attendance_officer:year_figures:{frappe.session.user}:{getdate().isoformat()}"
	if cached := frappe.cache.get_value(key):
		return cached
	today = getdate()
	pupils = PupilFilter.from_filters({})
	counts, _before = grouped_counts(pupils, academic_year_start(today), today)
	details = pupil_details(counts, sensitive=False)
	bands = school_bands()
	national = GroupFigures()
	years: dict[str, GroupFigures] = defaultdict(GroupFigures)
	for student, codes in counts.items():
		figures = pupil_figures(summarise(codes), bands)
		pupil = details.get(student)
		if pupil is None:
			continue  # marks of no pupil on record: nothing to show
		if figures_group_of(pupil, today) == NATIONAL:
			national += figures
		years[pupil.nc_year or _("Not set")] += figures
	result = {
		"pa_rate": national.persistent_rate,
		"severe": national.severe,
		"years": {year: years[year].persistent_rate for year in sorted(years, key=natural)},
	}
	frappe.cache.set_value(key, result, expires_in_sec=YEAR_CACHE_SECONDS)
	return result


@frappe.whitelist()
def persistent_absence_rate(filters: str | dict | None = None) -> dict:
	"""This year's PA rate, pupils of compulsory school age (the national figures' scope)."""
	check_permission()
	return card(year_figures()["pa_rate"] or 0, "Percent", "Attendance Thresholds", band="persistent")


@frappe.whitelist()
def severe_absence_count(filters: str | dict | None = None) -> dict:
	"""Pupils of compulsory school age in severe absence this year."""
	check_permission()
	return card(year_figures()["severe"], "Int", "Attendance Thresholds", band="severe")


def weekly_trend_data() -> dict:
	"""Whole-school (the user's pupils') attendance % for each of the last TREND_WEEKS weeks (one query)."""
	weeks = weekly_attendance(PupilFilter.from_filters({}), getdate(), TREND_WEEKS)
	return {
		"labels": [formatdate(monday, "d MMM") for monday, _attendance in weeks],
		"datasets": [
			{"name": _("Attendance %"), "values": [float(attendance) for _monday, attendance in weeks]}
		],
	}


def persistent_by_year_data() -> dict:
	years = year_figures()["years"]
	return {
		"labels": [_("Y{0}").format(year) if str(year).isdigit() else year for year in years],
		"datasets": [{"name": _("Persistent absence %"), "values": [float(v or 0) for v in years.values()]}],
	}
