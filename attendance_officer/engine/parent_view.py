"""What the parent portal shows about a child's sessions: plain words, never raw codes.

Source: ../shared/domain/frappe-education-baseline.md (c) item 11 (what parents see must be
deliberately filtered) and uk-attendance-rules.md section 1 (code categories) and section 2
(attendance % = attending x 100 / possible). Staff notes, minutes late and the code
letters stay out; parents see the category in words, and N as "reason not yet given" so
they know to tell the school.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from attendance_officer.engine.codes import (
	ADMINISTRATIVE,
	APPROVED_EDUCATIONAL_ACTIVITY,
	AUTHORISED_ABSENCE,
	CODES,
	NOT_A_POSSIBLE_SESSION,
	PRESENT,
	UNAUTHORISED_ABSENCE,
)
from attendance_officer.engine.i18n import _
from attendance_officer.engine.sessions import AM, PM

# (label, css tone) per category; tone names a colour class on the page.
_CATEGORY = {
	PRESENT: (_("In school"), "present"),
	APPROVED_EDUCATIONAL_ACTIVITY: (_("Off-site school activity"), "present"),
	AUTHORISED_ABSENCE: (_("Absent with permission"), "authorised"),
	UNAUTHORISED_ABSENCE: (_("Absent without permission"), "unauthorised"),
	NOT_A_POSSIBLE_SESSION: (_("Not expected in school"), "none"),
	ADMINISTRATIVE: (_("School closed"), "none"),
}
_SPECIAL = {
	"L": (_("In school, arrived late"), "late"),
	"U": (_("Arrived after the register closed"), "unauthorised"),
	"N": (_("Absent, reason not yet given"), "unknown"),
	"I": (_("Absent: illness"), "authorised"),
	"M": (_("Absent: medical or dental appointment"), "authorised"),
}
NOT_MARKED = (_("Not marked yet"), "blank")


def parent_label(code: str | None) -> tuple[str, str]:
	"""(words for a parent, tone) for a session's code; never the code itself."""
	if not code:
		return NOT_MARKED
	if code in _SPECIAL:
		return _SPECIAL[code]
	found = CODES.get(code)
	if found is None:
		return NOT_MARKED
	return _CATEGORY[found.category]


_WEEKDAYS = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
_MONTHS = (
	_("Jan"),
	_("Feb"),
	_("Mar"),
	_("Apr"),
	_("May"),
	_("Jun"),
	_("Jul"),
	_("Aug"),
	_("Sep"),
	_("Oct"),
	_("Nov"),
	_("Dec"),
)


def short_date(day: date) -> str:
	"""Fri 20 Nov: a calendar row's date, short enough for a phone."""
	return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


@dataclass(frozen=True)
class CalendarDay:
	day: date
	am: tuple[str, str]
	pm: tuple[str, str]


# A past session with no mark: nothing to say (no register was taken for the pupil).
NO_REGISTER = ("", "none")


def session_calendar(
	marks: Mapping[tuple[date, str], str],
	school_days: Iterable[date],
	*,
	last: int = 10,
	today: date | None = None,
) -> list[CalendarDay]:
	"""The last ``last`` school days (newest first), each with its AM and PM label and tone.

	"Not marked yet" is said only of ``today``'s sessions. A past day with no mark in either
	session (no register taken for the pupil) is left out, and a past session with no mark
	is blank: a parent is never told a register is still to come for a day gone by. With
	``today`` None every unmarked session says "Not marked yet" (the runner's view).
	"""

	def label(day: date, session: str) -> tuple[str, str]:
		code = marks.get((day, session))
		if not code and today is not None and day != today:
			return NO_REGISTER
		return parent_label(code)

	days = [
		d
		for d in sorted(set(school_days), reverse=True)
		if today is None or d == today or marks.get((d, AM)) or marks.get((d, PM))
	][:last]
	return [CalendarDay(d, label(d, AM), label(d, PM)) for d in days]


def weekdays_between(start: date, end: date) -> list[date]:
	"""Monday to Friday from ``start`` to ``end`` inclusive (a portal fallback calendar)."""
	days, day = [], start
	while day <= end:
		if day.weekday() < 5:
			days.append(day)
		day += timedelta(days=1)
	return days
