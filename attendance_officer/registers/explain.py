"""Every flag explains itself: the sessions a pupil's figure counted, and the rule behind it.

Opened from a report's band, projection or return figure: the pupil's marks over the
period (from admission), what each counted as, the figures the rules core made of them, and
the rule's name, source in the domain reference and wording (engine.rules). One query for
the marks; the pupil is checked against the user's scope first (a pupil outside it is
answered as not found, as everywhere else).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from attendance_officer.engine.codes import CODES
from attendance_officer.engine.rules import RULES
from attendance_officer.engine.statistics import BAND_LABELS, band
from attendance_officer.permissions import not_found
from attendance_officer.registers import figures
from attendance_officer.registers.school import period

MARK = "Attendance Mark"
MAX_SESSIONS = 800  # two school years of AM and PM


def check_permission(student: str) -> None:
	"""Marks readable, and the pupil in the user's scope; a pupil outside it is "not found"."""
	if not frappe.has_permission(MARK, "read") or not frappe.has_permission("Student", "read", doc=student):
		not_found("Student", student)


@frappe.whitelist(methods=["GET", "POST"])
def pupil_sessions(
	student: str, from_date: str | None = None, to_date: str | None = None, rule: str = "band"
):
	"""The pupil's counted sessions, figures and the rule ``rule`` (engine.rules.RULES)."""
	check_permission(student)
	if rule not in RULES:
		frappe.throw(
			_("There is no rule {0}. Choose one of: {1}.").format(frappe.bold(rule), ", ".join(RULES)),
			title=_("Rule not known"),
		)
	start, end = period({"from_date": from_date, "to_date": to_date})
	pupil = frappe.db.get_value("Student", student, ["student_name", "admission_date"], as_dict=True)
	if pupil.admission_date and getdate(pupil.admission_date) > start:
		start = getdate(pupil.admission_date)
	marks = frappe.get_all(
		MARK,
		filters={"student": student, "date": ("between", [start, end]), "attendance_code": ("is", "set")},
		fields=["date", "session", "attendance_code"],
		order_by="date asc, session asc",
		limit=MAX_SESSIONS,
	)
	summary = figures.summary(student, start, end)  # the grouped read: right however many marks
	which = band(summary, figures.school_bands())
	explained = RULES[rule]
	return {
		"student_name": pupil.student_name,
		"from_date": start,
		"to_date": end,
		"rule": {
			"name": rule,
			"text": explained.text,
			"source": explained.source,
			"function": explained.function,
		},
		"figures": {
			"possible": summary.possible,
			"attending": summary.attending,
			"authorised": summary.authorised,
			"unauthorised": summary.unauthorised,
			"not_counted": sum(summary.codes.values()) - summary.possible,
			"attendance": summary.attendance,
			"band": _(BAND_LABELS[which]) if which else "",
		},
		"marks": [
			{
				"date": m.date,
				"session": m.session,
				"code": m.attendance_code,
				"counted_as": _(CODES[m.attendance_code].category)
				if m.attendance_code in CODES
				else _("Not a code in force"),
				"possible": bool(CODES.get(m.attendance_code) and CODES[m.attendance_code].possible),
			}
			for m in marks
		],
		"truncated": len(marks) >= MAX_SESSIONS,
	}


@frappe.whitelist(methods=["GET", "POST"])
def pupil_outlook(student: str) -> dict:
	"""The pupil's attendance this academic year and its projection, for the Student form.

	engine.statistics (the %, the band) and engine.projection (the best % still possible if
	they attend every remaining session; the sessions in a row to leave persistent absence).
	"""
	check_permission(student)
	from attendance_officer.attendance_officer.report.attendance_thresholds.attendance_thresholds import (
		sessions_left,
	)
	from attendance_officer.engine.projection import project

	start, end = period({})
	admitted = frappe.db.get_value("Student", student, "admission_date")
	if admitted and getdate(admitted) > start:
		start = getdate(admitted)
	summary = figures.summaries([student], start, end).get(student) if start <= end else None
	if not summary or not summary.possible:
		return {"possible": 0}
	bands = figures.school_bands()
	which = band(summary, bands)
	outlook = project(summary, sessions_left(end), bands)
	return {
		"from_date": start,
		"to_date": end,
		"possible": summary.possible,
		"attendance": summary.attendance,
		"band": _(BAND_LABELS[which]),
		"band_key": which,
		"remaining": outlook.remaining,
		"best_possible": outlook.best_possible,
		"to_leave_persistent": outlook.to_leave_persistent,
		"can_leave_persistent": outlook.can_leave_persistent,
	}
