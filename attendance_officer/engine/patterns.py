"""Absence patterns: the absence rate by weekday and by session (AM/PM).

Source: the issue contract (weekday and AM/PM, the days next to holidays and weekends,
punctuality); the rate is the overall absence rate of
../shared/domain/uk-attendance-rules.md section 2 (authorised + unauthorised absence
sessions / possible sessions x 100, 1 dp, half-up), taken over the sessions of one
weekday or one session name only. A group's pattern is the sum of its pupils' counts
(``combine``), never an average of their rates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from attendance_officer.engine.calendar import NO_MARK
from attendance_officer.engine.codes import ABSENCE, CODES, POSSIBLE, lookup
from attendance_officer.engine.i18n import _
from attendance_officer.engine.lateness import LATE_AFTER_CLOSE, LATE_BEFORE_CLOSE
from attendance_officer.engine.statistics import percent

AM, PM = "AM", "PM"
SESSIONS = (AM, PM)
WEEKDAYS = (0, 1, 2, 3, 4)  # Monday to Friday
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Rate:
	"""Absence over some sessions: ``rate`` = absent x 100 / possible (1 dp), None when possible is 0."""

	possible: int
	absent: int
	rate: Decimal | None

	@classmethod
	def of(cls, possible: int, absent: int) -> Rate:
		return cls(possible, absent, percent(absent, possible) if possible else None)

	def __add__(self, other: Rate) -> Rate:
		return Rate.of(self.possible + other.possible, self.absent + other.absent)


_NONE = Rate(0, 0, None)


@dataclass(frozen=True)
class Pattern:
	"""Absence by weekday (0 = Monday; Monday to Friday always present) and by session."""

	by_weekday: dict[int, Rate] = field(default_factory=lambda: dict.fromkeys(WEEKDAYS, _NONE))
	by_session: dict[str, Rate] = field(default_factory=lambda: dict.fromkeys(SESSIONS, _NONE))

	def __add__(self, other: Pattern) -> Pattern:
		return combine((self, other))


def _rates(totals: Mapping[object, list[int]], keys: Iterable[object]) -> dict:
	rates = {key: _NONE for key in keys}
	for key, (possible, absent) in totals.items():
		rates[key] = Rate.of(possible, absent)
	return rates


def absence_pattern(counts: Mapping[tuple[int, str, str], int]) -> Pattern:
	"""One pupil's (or a group's) pattern from session counts keyed (weekday, session, code).

	``weekday`` is date.weekday() (0 = Monday), ``session`` "AM" or "PM". Sessions that are
	not possible (D, X, Q, Y1-Y7, Z, #) and "no mark entered" placeholders count nowhere.
	A code not in force raises codes.CodeError, as in statistics.summarise. Weekend sessions, which schools do not
	normally hold, appear under weekdays 5 and 6 only when there are some.
	"""
	by_weekday: dict[int, list[int]] = {}
	by_session: dict[str, list[int]] = {}
	for (weekday, session, code), count in counts.items():
		if not count or code in NO_MARK:
			continue
		if code not in CODES:
			lookup(code)  # raises CodeError with the reason
		if session not in SESSIONS or weekday not in range(7):
			raise ValueError(
				_(
					"Session {0!r} on weekday {1!r} is not a school session. Use AM or PM and a weekday from 0 (Monday) to 6."
				).format(session, weekday)
			)
		if code not in POSSIBLE:
			continue
		absent = count if code in ABSENCE else 0
		for totals, key in ((by_weekday, weekday), (by_session, session)):
			pair = totals.setdefault(key, [0, 0])
			pair[0] += count
			pair[1] += absent
	return Pattern(by_weekday=_rates(by_weekday, WEEKDAYS), by_session=_rates(by_session, SESSIONS))


def _sum(rates: Iterable[dict], keys: Iterable[object]) -> dict:
	totals: dict = {key: [0, 0] for key in keys}
	for part in rates:
		for key, rate in part.items():
			pair = totals.setdefault(key, [0, 0])
			pair[0] += rate.possible
			pair[1] += rate.absent
	return {key: Rate.of(possible, absent) for key, (possible, absent) in totals.items()}


def combine(patterns: Iterable[Pattern]) -> Pattern:
	"""A group's pattern: the pupils' sessions summed, then the rates worked out again."""
	patterns = list(patterns)
	return Pattern(
		by_weekday=_sum((p.by_weekday for p in patterns), WEEKDAYS),
		by_session=_sum((p.by_session for p in patterns), SESSIONS),
	)


# Days next to breaks ------------------------------------------------------------------------
# The "holiday extension" view: absence on the school days either side of a holiday or a
# weekend, against the other school days. A school day is next to a break when the calendar
# day before or after it is not a school day. The break is a holiday when any weekday in it
# is not a school day (a bank holiday, half-term, an INSET day), else a weekend; a day next
# to both (the Friday before half-term) counts as next to a holiday.
HOLIDAY, WEEKEND, OTHER = "holiday", "weekend", "other"
NEXT_TO = (HOLIDAY, WEEKEND, OTHER)


def break_days(school_days: Iterable[date]) -> dict[date, str]:
	"""{school day: HOLIDAY, WEEKEND or OTHER} for every day in ``school_days``.

	A break is read only between two school days of the calendar given, and at its ends only
	as far as the weekend next to them: pass a calendar reaching past the period (a fortnight
	either side) so that the first and last days of the period are classed right.
	"""
	days = sorted(set(school_days))
	kinds: dict[date, str] = {}
	for i, day in enumerate(days):
		before = days[i - 1] if i else None
		after = days[i + 1] if i + 1 < len(days) else None
		kinds[day] = min(
			(k for k in (_gap_kind(before, day), _gap_kind(day, after)) if k),
			key=NEXT_TO.index,
			default=OTHER,
		)
	return kinds


def _gap_kind(first: date | None, second: date | None) -> str | None:
	"""HOLIDAY or WEEKEND for the calendar days strictly between two school days, OTHER when
	there are none; at an end of the calendar (one side None), WEEKEND only when the next day
	that way is a Saturday or Sunday, else None (not known)."""
	if first is None or second is None:
		known = second if first is None else first
		step = -1 if first is None else 1
		return WEEKEND if (known + timedelta(days=step)).weekday() >= 5 else None
	between = [first + timedelta(days=n) for n in range(1, (second - first).days)]
	if not between:
		return OTHER
	return HOLIDAY if any(day.weekday() < 5 for day in between) else WEEKEND


def next_to_breaks(counts: Mapping[tuple[date, str], int], kinds: Mapping[date, str]) -> dict[str, Rate]:
	"""Absence on school days next to a holiday, next to a weekend and on other days.

	``counts`` are sessions keyed (date, code); ``kinds`` is break_days of the calendar. A
	day the calendar does not hold (a mark on a day it calls a holiday) counts as OTHER.
	"""
	totals = {kind: [0, 0] for kind in NEXT_TO}
	for (day, code), count in counts.items():
		if not count or code in NO_MARK:
			continue
		if code not in CODES:
			lookup(code)
		if code not in POSSIBLE:
			continue
		pair = totals[kinds.get(day, OTHER)]
		pair[0] += count
		pair[1] += count if code in ABSENCE else 0
	return {kind: Rate.of(possible, absent) for kind, (possible, absent) in totals.items()}


# Punctuality --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Punctuality:
	"""Late arrivals: L (before the register closed, attending) and U (after it, unauthorised
	absence), and the minutes late recorded on them (engine.lateness.minutes_late)."""

	late_before_close: int = 0
	late_after_close: int = 0
	minutes: int = 0

	@property
	def late(self) -> int:
		return self.late_before_close + self.late_after_close

	@property
	def average_minutes(self) -> Decimal | None:
		"""Mean minutes late per late session (1 dp), None when never late."""
		return percent(self.minutes, self.late * 100) if self.late else None  # minutes / late, 1 dp

	def __add__(self, other: Punctuality) -> Punctuality:
		return Punctuality(
			self.late_before_close + other.late_before_close,
			self.late_after_close + other.late_after_close,
			self.minutes + other.minutes,
		)


def punctuality(counts: Mapping[str, int], minutes: int = 0) -> Punctuality:
	"""A pupil's (or a group's) punctuality from sessions per code and the minutes late on L and U."""
	if minutes < 0:
		raise ValueError(_("Minutes late cannot be negative ({0}).").format(minutes))
	return Punctuality(counts.get(LATE_BEFORE_CLOSE, 0), counts.get(LATE_AFTER_CLOSE, 0), minutes)
