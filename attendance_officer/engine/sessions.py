"""Sessions and session ranges: the half-days a register, an absence or a leave covers.

A session is ``(date, "AM" | "PM")``; within a day AM comes before PM. Registers are taken
twice a day, morning and afternoon (../shared/domain/uk-attendance-rules.md section 5,
"Frequency"), so absence records and leave of absence (section 4) run from a session to a
session, both ends included, and cover only the school's sessions: weekends, holidays and
closure days (no school day in engine.calendar.SchoolCalendar) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from attendance_officer.engine.i18n import _

if TYPE_CHECKING:
	from attendance_officer.engine.calendar import SchoolCalendar

AM = "AM"
PM = "PM"
SESSIONS = (AM, PM)

# (date, "AM" | "PM")
Session = tuple[date, str]

_ORDER = {AM: 0, PM: 1}


class SessionRangeError(ValueError):
	"""A session, or a range of sessions, that cannot be used (the message says why)."""


def session_error(value: object) -> str | None:
	"""Why ``value`` is not a session name ("AM" or "PM"), or None."""
	if isinstance(value, str) and value in _ORDER:
		return None
	return _("{0!r} is not a session. Use AM for the morning or PM for the afternoon.").format(value)


def check_session(value: object) -> str:
	"""``value`` when it is "AM" or "PM"; SessionRangeError otherwise."""
	message = session_error(value)
	if message:
		raise SessionRangeError(message)
	return value  # type: ignore[return-value]


def session_key(session: Session) -> tuple[date, int]:
	"""A sort key putting sessions in time order (AM before PM on the same date)."""
	day, name = session
	check_session(name)
	return (day, _ORDER[name])


def show_session(session: Session) -> str:
	"""2025-03-03 AM: how a session is named in messages."""
	return f"{session[0].isoformat()} {session[1]}"


def _check_range(start: Session, end: Session) -> None:
	if session_key(end) < session_key(start):
		raise SessionRangeError(
			_("The range ends at {0}, before it starts at {1}. Enter an end on or after the start.").format(
				show_session(end), show_session(start)
			)
		)


def session_range(
	from_date: date,
	from_session: str,
	to_date: date,
	to_session: str,
	calendar: SchoolCalendar,
) -> tuple[Session, ...]:
	"""Every school session from ``(from_date, from_session)`` to ``(to_date, to_session)``, inclusive.

	In time order. Only the calendar's school days count; the ends may fall on a weekend or
	a holiday (leave "from Saturday" starts at the next school session). Monday PM to
	Wednesday AM is Mon PM, Tue AM, Tue PM, Wed AM. Raises SessionRangeError when a session
	is not AM/PM, when the end is before the start, or when the range holds no school
	session at all (a non-school range, such as a weekend or a holiday).
	"""
	start, end = (from_date, check_session(from_session)), (to_date, check_session(to_session))
	_check_range(start, end)
	first, last = session_key(start), session_key(end)
	found = tuple(
		(day, name)
		for day in calendar.school_days_between(from_date, to_date)
		for name in SESSIONS
		if first <= (day, _ORDER[name]) <= last
	)
	if not found:
		raise SessionRangeError(
			_(
				"There is no school session from {0} to {1}: every day in the range is a weekend, "
				"a holiday or a closure day. Choose dates when the school is open."
			).format(show_session(start), show_session(end))
		)
	return found


def sessions_overlap(
	a_from: Session,
	a_to: Session,
	b_from: Session,
	b_to: Session,
	calendar: SchoolCalendar | None = None,
) -> bool:
	"""Whether the inclusive ranges ``a_from..a_to`` and ``b_from..b_to`` share a session.

	Ranges that touch at one session overlap (Mon AM-Mon PM and Mon PM-Tue AM share Mon PM);
	ranges that only meet between sessions do not (Mon AM-Mon AM and Mon PM-Tue AM). Without
	a calendar every date counts; with one, the ranges must share a school session (two
	ranges that meet only over a weekend do not overlap). Raises SessionRangeError for a
	bad session name or a range that ends before it starts.
	"""
	_check_range(a_from, a_to)
	_check_range(b_from, b_to)
	start = max(a_from, b_from, key=session_key)
	end = min(a_to, b_to, key=session_key)
	if session_key(end) < session_key(start):
		return False
	if calendar is None:
		return True
	# Any school day from start's date to end's date holds a session inside start..end.
	return bool(calendar.school_days_between(start[0], end[0]))


def sort_sessions(sessions: Iterable[Session]) -> list[Session]:
	"""``sessions`` in time order, each once."""
	return sorted(set(sessions), key=session_key)
