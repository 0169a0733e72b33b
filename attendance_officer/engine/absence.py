"""Absence records: the code a reported reason suggests, and the checks before it is written.

Source: ../shared/domain/uk-attendance-rules.md section 1 (codes: I illness, M medical or
dental appointment, R religious observance, C exceptional circumstances, G holiday not
granted, O other or unknown circumstances, N reason not yet established) and section 6
(first-day contact: a parent's reason turns the register's N into a reason code).

Decisions:
- "Unknown" suggests O, not N: N is the register's placeholder while enquiries go on and
  must be replaced within 5 school days; a record made after enquiries that found no reason
  records O (absent in other or unknown circumstances). "Other" suggests O too; the
  attendance officer changes it when another code fits.
- A record carries an absence code (authorised or unauthorised) except N (the placeholder
  the record replaces) and U (late after the register closed: the pupil came in, so it is
  recorded on the register, not on an absence record).
- The pupil must be on roll for the whole range: from the admission date (or Education's
  joining date when it is not set) to the leaving date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from attendance_officer.engine.codes import ABSENCE, CODES
from attendance_officer.engine.first_day import consecutive_school_days_absent
from attendance_officer.engine.i18n import _

if TYPE_CHECKING:
	from attendance_officer.engine.calendar import SchoolCalendar

ILLNESS = "Illness"
MEDICAL = "Medical or dental appointment"
RELIGIOUS = "Religious observance"
EXCEPTIONAL = "Exceptional circumstances"
HOLIDAY = "Holiday not authorised"
UNKNOWN = "Unknown"
OTHER = "Other"

# In the order the desk's Select shows them.
REASONS = (ILLNESS, MEDICAL, RELIGIOUS, EXCEPTIONAL, HOLIDAY, UNKNOWN, OTHER)

REASON_CODES: dict[str, str] = {
	ILLNESS: "I",
	MEDICAL: "M",
	RELIGIOUS: "R",
	EXCEPTIONAL: "C",
	HOLIDAY: "G",
	UNKNOWN: "O",
	OTHER: "O",
}

# Codes an absence record may write (section 1: authorised and unauthorised absence).
NOT_ON_RECORDS = {
	"N": _(
		"N only holds the place until a reason is known; record the reason's code instead (O if none was found)."
	),
	"U": _(
		"U is for a pupil who arrived after the register closed; record it on the register, not as an absence."
	),
}
RECORD_CODES = frozenset(ABSENCE - set(NOT_ON_RECORDS))


def suggested_code(reason: str | None) -> str | None:
	"""The code ``reason`` suggests (None for an empty or unknown reason)."""
	return REASON_CODES.get(reason or "")


def record_code_error(code: str | None) -> str | None:
	"""Why ``code`` may not be written by an absence record, or None."""
	if not code:
		return _("Choose the attendance code to record, or choose a reason to have it suggested.")
	if code in NOT_ON_RECORDS:
		return NOT_ON_RECORDS[code]
	if code not in RECORD_CODES:
		known = CODES.get(code)
		what = known.description if known else _("not a code in force")
		return _("Code {0} ({1}) is not an absence code. Use one of {2}.").format(
			code, what, " ".join(sorted(RECORD_CODES))
		)
	return None


def roll_error(
	from_date: date,
	to_date: date,
	*,
	on_roll_from: date | None,
	left_on: date | None,
) -> str | None:
	"""Why a record from ``from_date`` to ``to_date`` falls outside the pupil's time on roll, or None.

	``on_roll_from`` is the admission date (None: not known, no check); ``left_on`` the
	leaving date (None: still on roll). The pupil is on roll on the leaving date itself.
	"""
	if on_roll_from and from_date < on_roll_from:
		return _(
			"The pupil was admitted on {0}, after the record starts ({1}). Start the record on or after the admission date."
		).format(on_roll_from.isoformat(), from_date.isoformat())
	if left_on and to_date > left_on:
		return _(
			"The pupil left on {0}, before the record ends ({1}). End the record on or before the leaving date."
		).format(left_on.isoformat(), to_date.isoformat())
	return None


# The day of unexplained absence on which a home visit is due (section 6, "Typical
# sequence": call the contacts, then consider a home visit). LOCAL PRACTICE; the brief's 3.
HOME_VISIT_DAY = 3
UNEXPLAINED = frozenset({"N"})


def unexplained_run(
	codes_by_date: Mapping[date, Iterable[str]],
	calendar: SchoolCalendar,
	today: date,
	codes: frozenset[str] = UNEXPLAINED,
) -> tuple[int, date | None]:
	"""School days in a row, back from ``today``, with only N marks (or only ``codes``); and the
	run's first day.

	A day is unexplained when it has at least one N and no other code (a morning N with an
	afternoon not yet taken counts). Weekends, holidays and closure days do not break the
	run (engine.first_day.consecutive_school_days_absent). (0, None) when today's marks are
	not all N.
	"""
	states = {
		day: bool(found) and found <= codes
		for day, found in ((d, {c for c in cs if c}) for d, cs in codes_by_date.items())
	}
	count = consecutive_school_days_absent(states, calendar, today)
	if not count:
		return 0, None
	days = [d for d in calendar.days if d <= today]
	return count, days[-count]
