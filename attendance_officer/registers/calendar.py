"""The school calendar for planning marks ahead: weekdays minus the Company's holiday list.

The rules core derives the calendar from the marks already taken (engine.calendar); a
bulk mark or a leave written in advance needs the days before any mark exists, so it
uses what Education uses (student_attendance.get_holiday_list: the default Company's
default_holiday_list): Monday to Friday, less the list's holidays (term breaks, INSET
days, bank holidays). One query.
"""

from __future__ import annotations

from datetime import date, timedelta

import frappe
from frappe.utils import escape_html, getdate

from attendance_officer.engine.calendar import SchoolCalendar
from attendance_officer.engine.sessions import SessionRangeError, session_range


def holiday_list() -> str | None:
	import erpnext

	company = erpnext.get_default_company() or (frappe.get_all("Company", pluck="name", limit=1) or [None])[0]
	return frappe.get_cached_value("Company", company, "default_holiday_list") if company else None


def school_calendar(from_date: date | str, to_date: date | str) -> SchoolCalendar:
	start, end = getdate(from_date), getdate(to_date)
	holidays: set[date] = set()
	if name := holiday_list():
		holidays = {
			getdate(d)
			for d in frappe.get_all(
				"Holiday",
				filters={
					"parent": name,
					"parenttype": "Holiday List",
					"holiday_date": ("between", [start, end]),
				},
				pluck="holiday_date",
			)
		}
	days, day = [], start
	while day <= end:
		if day.weekday() < 5 and day not in holidays:
			days.append(day)
		day += timedelta(days=1)
	return SchoolCalendar(days)


def school_days_held(from_date: date | str, to_date: date | str, today: date | None = None) -> SchoolCalendar:
	"""The school days from ``from_date`` to ``to_date``: up to ``today`` as the registers say
	(engine.calendar's rule: a day on which any pupil has a mark other than # or Z; one
	query), after it as the holiday list plans (school_calendar).

	For the reports about what happened: a half-term the holiday list forgot is still no
	school day, and a day the school opened is one whatever the list says.
	"""
	start, end, today = getdate(from_date), getdate(to_date), getdate(today)
	held = []
	if start <= today:
		held = [
			getdate(d)
			for d in frappe.db.sql_list(
				"""SELECT DISTINCT `date` FROM `tabAttendance Mark`
				WHERE `date` BETWEEN %(start)s AND %(end)s
					AND IFNULL(`attendance_code`, '') NOT IN ('', '-', '#', 'Z')""",
				{"start": start, "end": min(end, today)},
			)
		]
	planned = school_calendar(today + timedelta(days=1), end).days if end > today else ()
	return SchoolCalendar([*held, *planned])


def document_sessions(doc, *, title: str, exc: type[Exception]) -> tuple[tuple[date, str], ...]:
	"""The school sessions from ``doc``'s from_date/from_session to to_date/to_session.

	Shared by every record that writes marks over a range (Attendance Bulk Mark, Absence
	Record, Leave of Absence Request); cached on the document for one request, keyed by
	the range (from_date, from_session, to_date, to_session), so a date changed later in the
	same request (a hook, a second save) is planned afresh. A range the
	rules core refuses (engine.sessions.session_range: ends before it starts, no school
	session) is thrown as ``exc`` under ``title``.
	"""
	key = (str(doc.from_date), doc.from_session, str(doc.to_date), doc.to_session)
	cache = getattr(doc, "_school_sessions", None)
	if not isinstance(cache, dict):
		cache = {}
	if key not in cache:
		try:
			cache[key] = session_range(
				getdate(doc.from_date),
				doc.from_session,
				getdate(doc.to_date),
				doc.to_session,
				school_calendar(doc.from_date, doc.to_date),
			)
		except SessionRangeError as e:
			frappe.throw(escape_html(str(e)), title=title, exc=exc)
		doc._school_sessions = cache
	return cache[key]
