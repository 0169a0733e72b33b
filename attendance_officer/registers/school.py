"""The school's pupils and their figures over a period, for the reports: a fixed few queries.

Every whole-school report reads here, so scope, filters and the counting rules are the same
in all of them:

- ``PupilFilter``: the pupils a report covers, as one SQL condition on ``tabStudent`` (alias
  ``s``): the user's staff scope (permissions.staff_condition: a Head of Year their years, a
  tutor their groups), year group, registration group and a cohort flag. The sensitive flags
  (SEN, CLA, CIN, CP: Student's permission level 1) can be filtered on only by users who may
  read them (calling.may_read_safeguarding); anyone else asking is refused.
- ``grouped_marks``: one read of Attendance Mark over the period, grouped as the report asks
  (pupil, code, date, weekday, session), each pupil counted from their admission date.
- ``grouped_counts``: that read grouped by pupil and code over the period,
  each pupil counted from their admission date (the DfE's "Monitor your school attendance"
  counts from admission: ../shared/domain/uk-attendance-rules.md section 2), with a second
  count of the same sessions up to an earlier date in the same query, so "change since" costs
  nothing more.
- ``pupil_details``: the pupils' particulars, one query.

The arithmetic is the rules core's (engine.statistics.summarise and band).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import getdate

from attendance_officer.absence.calling import may_read_safeguarding
from attendance_officer.engine.calendar import academic_year_start, week_start
from attendance_officer.engine.codes import CODES
from attendance_officer.engine.cohorts import figures_group
from attendance_officer.engine.statistics import summarise
from attendance_officer.permissions import staff_condition

# Cohort flag (as offered in the reports' filters) -> (SQL on Student s, sensitive).
COHORT_FLAGS: dict[str, tuple[str, bool]] = {
	"FSM": ("s.`fsm` = 1", False),
	"Pupil premium": ("s.`pupil_premium` = 1", False),
	"SEN (support or EHC plan)": ("s.`sen_status` IN ('SEN support', 'EHC plan')", True),
	"SEN support": ("s.`sen_status` = 'SEN support'", True),
	"EHC plan": ("s.`sen_status` = 'EHC plan'", True),
	"Child looked after": ("s.`child_looked_after` = 1", True),
	"Child in need": ("s.`child_in_need` = 1", True),
	"Child protection plan": ("s.`child_protection_plan` = 1", True),
}
SENSITIVE_FIELDS = ("sen_status", "child_looked_after", "child_in_need", "child_protection_plan")


def period(filters) -> tuple[date, date]:
	"""The report's period: From Date (default the academic year's start) to To Date (default today)."""
	to_date = getdate(filters.get("to_date")) if filters.get("to_date") else getdate()
	from_date = (
		getdate(filters.get("from_date")) if filters.get("from_date") else academic_year_start(to_date)
	)
	if from_date > to_date:
		frappe.throw(
			_("From Date ({0}) is after To Date ({1}); choose a period that runs forwards.").format(
				from_date, to_date
			),
			title=_("Period not valid"),
		)
	return from_date, to_date


@dataclass
class PupilFilter:
	"""The pupils a report covers, as SQL on ``tabStudent`` aliased ``s``."""

	year_group: str | None = None
	registration_group: str | None = None
	cohort: str | None = None
	student: str | None = None
	students: tuple[str, ...] | None = None  # code's own narrowing (e.g. today's absentees)
	user: str | None = None
	sensitive: bool = field(init=False, default=False)
	scope: str = field(init=False, default="")  # the user's staff scope as SQL, read once

	def __post_init__(self):
		self.sensitive = may_read_safeguarding(self.user)
		self.scope = staff_condition("s.`name`", self.user)
		if self.cohort and self.cohort not in COHORT_FLAGS:
			frappe.throw(
				_("There is no cohort {0}. Choose one of: {1}.").format(
					frappe.bold(self.cohort), ", ".join(_(c) for c in self.readable_cohorts())
				),
				title=_("Cohort not known"),
			)
		if self.cohort and COHORT_FLAGS[self.cohort][1] and not self.sensitive:
			frappe.throw(
				_(
					"Only staff who may read pupils' SEN and safeguarding flags can filter by {0}. "
					"Ask the Attendance Officer or the DSL for this cohort's figures."
				).format(_(self.cohort)),
				exc=frappe.PermissionError,
				title=_("Not permitted"),
			)

	@classmethod
	def from_filters(cls, filters, user: str | None = None) -> PupilFilter:
		return cls(
			year_group=filters.get("year_group") or None,
			registration_group=filters.get("registration_group") or None,
			cohort=filters.get("cohort") or None,
			student=filters.get("student") or None,
			user=user,
		)

	@property
	def whole_school(self) -> bool:
		"""Whether the pupils are (nearly) all of them: no pupil, group or year narrows them and
		the user's scope is the whole school (a cohort flag still leaves many)."""
		return not (
			self.year_group
			or self.registration_group
			or self.student
			or self.students is not None
			or self.scope
		)

	def readable_cohorts(self) -> list[str]:
		return [name for name, (_sql, sensitive) in COHORT_FLAGS.items() if self.sensitive or not sensitive]

	def sql(self) -> tuple[str, dict]:
		"""(condition, values) selecting the pupils; the values are bound, never formatted in."""
		parts, values = [], {}
		if self.scope:
			parts.append(self.scope)
		if self.year_group:
			parts.append("s.`nc_year` = %(f_year)s")
			values["f_year"] = self.year_group
		if self.registration_group:
			parts.append("s.`registration_group` = %(f_group)s")
			values["f_group"] = self.registration_group
		if self.student:
			parts.append("s.`name` = %(f_student)s")
			values["f_student"] = self.student
		if self.students is not None:
			parts.append("s.`name` IN %(f_students)s" if self.students else "1=0")
			values["f_students"] = list(self.students)
		if self.cohort:
			parts.append(COHORT_FLAGS[self.cohort][0])
		return (" AND ".join(parts) or "1=1"), values


# The groupings a report may ask grouped_marks for: SQL written here, never taken from a filter.
KEYS = {
	"student": "m.`student`",
	"code": "m.`attendance_code`",
	"date": "m.`date`",
	"weekday": "WEEKDAY(m.`date`)",  # 0 = Monday, as date.weekday()
	"session": "m.`session`",
}


def grouped_marks(
	pupils: PupilFilter,
	start: date,
	end: date,
	keys: tuple[str, ...],
	measures: tuple[str, ...] = ("COUNT(*)",),
	values: dict | None = None,
	codes: tuple[str, ...] | None = None,
) -> list[tuple]:
	"""One read of Attendance Mark over the period for ``pupils``, grouped by ``keys`` (KEYS).

	Each pupil's sessions count from their admission date (when it is set); marks without a
	code are left out (NULL or empty). ``measures`` are additive over ``m`` (COUNT(*) first,
	then COUNTs or SUMs: our own SQL, with ``values`` bound); ``codes`` limits the codes read.
	Rows are the keys then the measures.

	The whole school (no filter, the whole school in scope) is read from the marks alone, the
	shape the (student, attendance_code, date) index answers without a temporary table, and
	the marks of pupils admitted during the period from before their admission are taken off
	by a second, small read (the measures are sums, so they subtract). Otherwise the pupils
	the filter selects are joined and their admission date applied in the one read.
	"""
	if not measures or measures[0] != "COUNT(*)":
		raise ValueError("grouped_marks measures start with COUNT(*) and are sums")
	condition, bound = pupils.sql()
	group = ", ".join(KEYS[key] for key in keys)
	select = f"SELECT {group}, {', '.join(measures)} FROM `tabAttendance Mark` m"
	# Marks with no code are left out: in Python when the code is a key (cheaper than testing
	# every mark in SQL), else in the query.
	coded = keys.index("code") if "code" in keys else None
	where = f"""m.`date` BETWEEN %(g_start)s AND %(g_end)s
		{"AND m.`attendance_code` != ''" if coded is None else ""}
		{"AND m.`attendance_code` IN %(g_codes)s" if codes else ""}"""
	values = {**bound, **(values or {}), "g_start": start, "g_end": end, "g_codes": list(codes or ())}
	if not (pupils.whole_school and not pupils.cohort):
		rows = frappe.db.sql(
			f"""{select} JOIN `tabStudent` s ON s.`name` = m.`student`
			WHERE {where} AND m.`date` >= IFNULL(s.`admission_date`, %(g_start)s) AND {condition}
			GROUP BY {group}""",
			values,
		)
		return [row for row in rows if row[coded]] if coded is not None else list(rows)
	rows = frappe.db.sql(f"{select} WHERE {where} GROUP BY {group}", values)
	if coded is not None:
		rows = [row for row in rows if row[coded]]
	before = frappe.db.sql(
		f"""{select} JOIN `tabStudent` s ON s.`name` = m.`student`
		WHERE {where} AND s.`admission_date` > %(g_start)s AND m.`date` < s.`admission_date`
		GROUP BY {group}""",
		values,
	)
	if not before:
		return rows
	width = len(keys)
	taken = {row[:width]: row[width:] for row in before}
	result = []
	for row in rows:
		off = taken.get(row[:width])
		if off:
			left = tuple((a or 0) - (b or 0) for a, b in zip(row[width:], off, strict=True))
			if not left[0]:
				continue  # every mark of this key was before admission
			row = (*row[:width], *left)
		result.append(row)
	return result


def grouped_counts(
	pupils: PupilFilter, start: date, end: date, earlier: date | None = None
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
	"""({student: {code: sessions}} from start to end, the same up to ``earlier``): one query.

	Pupils with no mark in the period are absent from both; without ``earlier`` the second is
	empty.
	"""
	# COUNT(IF ...), not SUM(...): an integer, where a SUM comes back as a Decimal to convert.
	measures = ("COUNT(*)", "COUNT(IF(m.`date` <= %(earlier)s, 1, NULL))") if earlier else ("COUNT(*)",)
	rows = grouped_marks(pupils, start, end, ("student", "code"), measures, {"earlier": earlier})
	now: dict[str, dict[str, int]] = {}
	then: dict[str, dict[str, int]] = {}
	for student, code, count, *earlier_count in rows:  # COUNTs: ints already
		now.setdefault(student, {})[code] = count
		if earlier_count and earlier_count[0]:
			then.setdefault(student, {})[code] = earlier_count[0]
	return now, then


DETAILS = ("name", "student_name", "nc_year", "registration_group", "date_of_birth", "enrolment_status")


def pupil_details(
	students, *, sensitive: bool, fields: tuple[str, ...] | None = None, every: bool = False
) -> dict[str, frappe._dict]:
	"""{student: particulars} for ``students``, the sensitive flags only when ``sensitive``;
	``fields`` to read fewer (name first); ``every``: all pupils, for a whole-school read."""
	if not students:
		return {}
	fields = fields or [
		"name",
		"student_name",
		"nc_year",
		"registration_group",
		"date_of_birth",
		"enrolment_status",
		"admission_date",
		"gender",
		"fsm",
		"pupil_premium",
		*(SENSITIVE_FIELDS if sensitive else ()),
	]
	columns = ", ".join(f"`{name}`" for name in fields)
	return {
		row.name: row
		for row in frappe.db.sql(
			f"SELECT {columns} FROM `tabStudent`" + ("" if every else " WHERE `name` IN %(students)s"),
			{} if every else {"students": list(students)},
			as_dict=True,
		)
	}


def figures_group_of(pupil, on: date) -> str:
	"""engine.cohorts.figures_group for a pupil_details row (date of birth and enrolment status)."""
	born = getdate(pupil.date_of_birth) if pupil.date_of_birth else None
	return figures_group(born, on, pupil.get("enrolment_status"))


def natural(value: str):
	"""Sort key putting year groups in number order ("7" before "10"), anything else after."""
	return (0, int(value)) if str(value).isdigit() else (1, str(value))


def pupil_columns(name_width: int = 190) -> list[dict]:
	"""A pupil report's first columns: the pupil's name, year and registration group."""
	return [
		{"label": _("Pupil"), "fieldname": "student_name", "fieldtype": "Data", "width": name_width},
		{"label": _("Year"), "fieldname": "year_group", "fieldtype": "Data", "width": 55},
		{
			"label": _("Group"),
			"fieldname": "registration_group",
			"fieldtype": "Link",
			"options": "Student Group",
			"width": 90,
		},
	]


def student_column() -> dict:
	"""A pupil report's last column: the link to the Student record."""
	return {
		"label": _("Student"),
		"fieldname": "student",
		"fieldtype": "Link",
		"options": "Student",
		"width": 130,
	}


def pupil_cells(student: str, pupil) -> dict:
	"""The cells of pupil_columns and student_column for a pupil_details row."""
	return {
		"student": student,
		"student_name": pupil.student_name,
		"year_group": pupil.nc_year,
		"registration_group": pupil.registration_group,
	}


def weekly_attendance(pupils: PupilFilter, day: date, weeks: int) -> list[tuple[date, Decimal]]:
	"""[(Monday, attendance %)] for each of the ``weeks`` weeks to ``day`` holding a possible
	session, the pupils' sessions summed per week (one grouped read; engine.statistics)."""
	first = week_start(day) - timedelta(weeks=weeks - 1)
	by_week: dict[date, Counter] = defaultdict(Counter)
	for mark_date, code, n in grouped_marks(pupils, first, day, ("date", "code")):
		if code in CODES:
			by_week[week_start(getdate(mark_date))][code] += int(n)
	found = []
	for monday in sorted(by_week):
		summary = summarise(by_week[monday])
		if summary.possible:
			found.append((monday, summary.attendance))
	return found
