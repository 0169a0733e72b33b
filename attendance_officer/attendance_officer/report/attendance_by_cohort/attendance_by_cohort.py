# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance by Cohort: attendance %, PA and SA rates by year, group, gender, disadvantage and need.

Source: ../shared/domain/uk-attendance-rules.md section 2. Each cohort's figures are its
pupils' sessions summed and PA/SA decided per pupil (engine.cohorts.group_figures), set
against the whole school's and the national figures the school enters in Attendance
Settings (the DfE's figures cover compulsory school age, so the report covers those pupils
on the school's main register unless asked otherwise: engine.cohorts.figures_group; a
subsidiary dual or guest pupil's figures are their main school's, and only "all pupils"
counts them).

Who sees what: the SEN, CLA, CIN and CP cohorts are Student's permission-level-1 fields,
shown only to users who may read them. A cohort of 1 to 4 pupils can identify a child
(engine.cohorts.suppressed): its figures are withheld in every export and scheduled email,
and on screen too for users below the Attendance Officer. Reads: the marks grouped by pupil
and code, and the pupils (registers.school), whatever the roll.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

import frappe
from frappe import _, _lt
from frappe.utils import flt

from attendance_officer.engine.cohorts import (
	NATIONAL,
	SIXTH_FORM,
	GroupFigures,
	pupil_figures,
	suppressed,
	withheld,
)
from attendance_officer.engine.statistics import summarise
from attendance_officer.registers.figures import school_bands
from attendance_officer.registers.school import (
	PupilFilter,
	figures_group_of,
	grouped_counts,
	natural,
	period,
	pupil_details,
)

# Roles that see small cohorts' figures on screen (never in an export).
UNSUPPRESSED_ROLES = frozenset(
	{"Administrator", "System Manager", "Attendance Officer", "Headteacher", "Designated Safeguarding Lead"}
)
ON_SCREEN = "frappe.desk.query_report.run"  # the desk's report view; an export is export_query
AGE_GROUPS = ("compulsory", "sixth_form", "all")
NATIONAL_MEASURES = {
	"attendance": "Attendance %",
	"pa_rate": "Persistent absence %",
	"sa_rate": "Severe absence %",
}


def yes_no(value) -> str:
	return _("Yes") if value else _("No")


# (key, label, the pupil's cohort in it, sensitive)
DIMENSIONS: tuple[tuple[str, object, Callable, bool], ...] = (
	("year_group", _lt("Year group"), lambda p: p.nc_year or _("Not set"), False),
	("registration_group", _lt("Registration group"), lambda p: p.registration_group or _("Not set"), False),
	("gender", _lt("Gender"), lambda p: _(p.gender) if p.gender else _("Not set"), False),
	("fsm", _lt("Free school meals"), lambda p: yes_no(p.fsm), False),
	("pupil_premium", _lt("Pupil premium"), lambda p: yes_no(p.pupil_premium), False),
	("sen_status", _lt("SEN status"), lambda p: _(p.sen_status or "No SEN"), True),
	("child_looked_after", _lt("Child looked after"), lambda p: yes_no(p.child_looked_after), True),
	("child_in_need", _lt("Child in need"), lambda p: yes_no(p.child_in_need), True),
	("child_protection_plan", _lt("Child protection plan"), lambda p: yes_no(p.child_protection_plan), True),
)


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	from_date, to_date = period(filters)
	age_group = filters.age_group or "compulsory"
	if age_group not in AGE_GROUPS:
		frappe.throw(
			_("Choose compulsory school age, sixth form or all pupils."), title=_("Pupils not known")
		)
	pupils = PupilFilter.from_filters(filters)
	if filters.without_sensitive:
		pupils.sensitive = (
			False  # a summary leaving the school (the governors'): no SEN or safeguarding cohort
		)
	groups, school = cohort_figures(pupils, from_date, to_date, age_group)
	hide_small = not sees_small_cohorts()
	national = national_figures(to_date)
	rows = [
		row(
			_("Whole school"),
			_("All pupils"),
			school,
			school,
			national,
			hide_small and suppressed(school.pupils),
		),
		*national_rows(national),
	]
	for key, label, _pupil_cohort, sensitive in DIMENSIONS:
		if sensitive and not pupils.sensitive:
			continue
		cohorts = groups.get(key, {})
		hidden = withheld({c: g.pupils for c, g in cohorts.items()}) if hide_small else set()
		for cohort in sorted(cohorts, key=natural):
			rows.append(row(str(label), cohort, cohorts[cohort], school, national, cohort in hidden))
	note = _(
		"Sessions from {0} to {1}; {2}. A cohort's attendance is its sessions summed; PA and SA rates are "
		"the share of its pupils at 10% and 50% absence or more."
	).format(from_date.isoformat(), to_date.isoformat(), age_label(age_group))
	if hide_small:
		note += " " + _(
			"Cohorts of fewer than 5 pupils are withheld, with the next smallest cohort where only one "
			"would be, so that no child can be identified or worked out from the others."
		)
	return columns(), rows, note, chart(groups.get("year_group", {}), hide_small)


def sees_small_cohorts() -> bool:
	"""Whether small cohorts' figures may be shown: on screen, to the Attendance Officer and above."""
	on_screen = (frappe.local.form_dict or {}).get("cmd") == ON_SCREEN
	return on_screen and bool(UNSUPPRESSED_ROLES & set(frappe.get_roles()))


def age_label(age_group: str) -> str:
	return {
		"compulsory": _("pupils of compulsory school age (the national figures' scope)"),
		"sixth_form": _("sixth-form pupils"),
		"all": _("all pupils on roll"),
	}[age_group]


def cohort_figures(pupils: PupilFilter, from_date, to_date, age_group: str):
	"""({dimension: {cohort: GroupFigures}}, whole school): two queries for any roll."""
	counts, _before = grouped_counts(pupils, from_date, to_date)
	details = pupil_details(counts, sensitive=pupils.sensitive)
	bands = school_bands()
	groups: dict[str, dict[str, GroupFigures]] = defaultdict(lambda: defaultdict(GroupFigures))
	school = GroupFigures()
	for student, codes in counts.items():
		pupil = details.get(student)
		if pupil is None:
			continue  # marks of no pupil on record: nothing to show
		group = figures_group_of(pupil, to_date)
		if age_group == "compulsory" and group != NATIONAL:
			continue
		if age_group == "sixth_form" and group != SIXTH_FORM:
			continue
		figures = pupil_figures(summarise(codes), bands)
		if not figures.pupils:
			continue
		school += figures
		for key, _label, cohort_of, sensitive in DIMENSIONS:
			if sensitive and not pupils.sensitive:
				continue
			groups[key][cohort_of(pupil)] += figures
	return groups, school


def national_figures(to_date) -> dict[str, frappe._dict]:
	"""{measure: row} of the latest national year entered for the school's phase."""
	settings = frappe.get_cached_doc("Attendance Settings")
	phase = settings.get("school_phase") or "Secondary"
	rows = [r for r in settings.get("national_figures") or [] if r.phase == phase]
	if not rows:
		return {}
	latest = max(r.academic_year for r in rows)
	return {r.measure: r for r in rows if r.academic_year == latest}


def national_rows(national: dict) -> list[dict]:
	if not national:
		return []
	any_row = next(iter(national.values()))
	values = {key: national.get(measure) for key, measure in NATIONAL_MEASURES.items()}
	return [
		{
			"dimension": _("National"),
			"cohort": _("{0}, {1}").format(_(any_row.phase), any_row.academic_year),
			**{key: flt(value.value, 1) if value else None for key, value in values.items()},
			"italic": 1,
		}
	]


def row(dimension: str, cohort: str, group: GroupFigures, school: GroupFigures, national, hide: bool) -> dict:
	"""One cohort's figures; ``hide``: withheld (engine.cohorts.withheld), only the cohort named."""
	if hide:
		text = _("fewer than 5") if suppressed(group.pupils) else _("withheld")
		return {"dimension": dimension, "cohort": cohort, "pupils_text": text, "suppressed": 1}
	pa_national = national.get(NATIONAL_MEASURES["pa_rate"])
	return {
		"dimension": dimension,
		"cohort": cohort,
		"pupils": group.pupils,
		"pupils_text": str(group.pupils),
		"attendance": group.attendance,
		"absence": group.absence,
		"pa_rate": group.persistent_rate,
		"sa_rate": group.severe_rate,
		"vs_school": difference(group.attendance, school.attendance),
		"pa_vs_national": difference(
			group.persistent_rate, Decimal(str(pa_national.value)) if pa_national else None
		),
	}


def difference(value: Decimal | None, other: Decimal | None) -> Decimal | None:
	return value - other if value is not None and other is not None else None


def chart(years: dict[str, GroupFigures], hide_small: bool) -> dict | None:
	hidden = withheld({y: g.pupils for y, g in years.items()}) if hide_small else set()
	shown = {y: g for y, g in years.items() if g.pupils and y not in hidden}
	if not shown:
		return None
	labels = sorted(shown, key=natural)
	return {
		"data": {
			"labels": [_("Year {0}").format(y) for y in labels],
			"datasets": [
				{"name": _("Attendance %"), "values": [flt(shown[y].attendance, 1) for y in labels]},
				{"name": _("PA rate %"), "values": [flt(shown[y].persistent_rate, 1) for y in labels]},
			],
		},
		"type": "bar",
	}


def columns() -> list[dict]:
	return [
		{"label": _("Dimension"), "fieldname": "dimension", "fieldtype": "Data", "width": 150},
		{"label": _("Cohort"), "fieldname": "cohort", "fieldtype": "Data", "width": 150},
		{"label": _("Pupils"), "fieldname": "pupils_text", "fieldtype": "Data", "width": 90},
		{"label": _("Attendance %"), "fieldname": "attendance", "fieldtype": "Percent", "width": 110},
		{"label": _("Absence %"), "fieldname": "absence", "fieldtype": "Percent", "width": 100},
		{"label": _("PA Rate %"), "fieldname": "pa_rate", "fieldtype": "Percent", "width": 100},
		{"label": _("SA Rate %"), "fieldname": "sa_rate", "fieldtype": "Percent", "width": 100},
		{
			"label": _("Attendance vs School (points)"),
			"fieldname": "vs_school",
			"fieldtype": "Float",
			"precision": 1,
			"width": 150,
		},
		{
			"label": _("PA vs National (points)"),
			"fieldname": "pa_vs_national",
			"fieldtype": "Float",
			"precision": 1,
			"width": 140,
		},
	]
