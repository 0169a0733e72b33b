"""Absence patterns: the absence rate by weekday and by session (AM/PM).

Source: the issue contract; the rate is the overall absence rate of
../shared/domain/uk-attendance-rules.md section 2 (authorised + unauthorised absence
sessions / possible sessions x 100, 1 dp, half-up), taken over the sessions of one
weekday or one session name only. A group's pattern is the sum of its pupils' counts
(``combine``), never an average of their rates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from attendance_officer.engine.calendar import NO_MARK
from attendance_officer.engine.codes import ABSENCE, CODES, POSSIBLE, lookup
from attendance_officer.engine.i18n import _
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
