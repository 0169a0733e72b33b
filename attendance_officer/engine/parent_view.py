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


def session_calendar(
	marks: Mapping[tuple[date, str], str],
	school_days: Iterable[date],
	*,
	last: int = 10,
) -> list[CalendarDay]:
	"""The last ``last`` school days (newest first), each with its AM and PM label and tone."""
	days = sorted(set(school_days), reverse=True)[:last]
	return [CalendarDay(d, parent_label(marks.get((d, AM))), parent_label(marks.get((d, PM)))) for d in days]


def weekdays_between(start: date, end: date) -> list[date]:
	"""Monday to Friday from ``start`` to ``end`` inclusive (a portal fallback calendar)."""
	days, day = [], start
	while day <= end:
		if day.weekday() < 5:
			days.append(day)
		day += timedelta(days=1)
	return days
