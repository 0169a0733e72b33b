"""The school calendar: school days and school weeks, derived from the whole school's marks.

Sources: ../shared/domain/uk-attendance-rules.md section 1 (``#`` planned whole-school
closure and ``Z`` prospective pupil are administrative codes) and section 3 ("School
week": any week containing at least one school session). Issue contract:

- A school day is a date on which ANY pupil has a mark other than ``#`` or ``Z``. The
  calendar is always the whole school's, never one pupil's: a pupil's own absence, or
  their not being on roll yet, does not make a day a non-school day.
- A school week is a Monday-to-Sunday week holding at least one school day. An export
  that writes a holiday as ``#`` for every pupil therefore has no school week there.
- Days on which pupils only have D, X, Q or Y1-Y7 ARE school days (those codes take the
  session out of the pupil's denominator, not the day out of the calendar).

The calendar keeps ``dict`` indexes built once, so every lookup is O(1) (``bisect`` for
ranges); the rules that use it walk a pupil's sparse marks, never the whole calendar.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from attendance_officer.engine.codes import CLOSURE

# Placeholders for "no mark entered" (an MIS convention, not a DfE code; domain reference
# section 1, "-"): they are not marks, so they make no school day.
NO_MARK = frozenset({"", "-"})

_NOT_SCHOOL = CLOSURE | NO_MARK


def week_start(d: date) -> date:
	"""The Monday of ``d``'s week (weeks run Monday to Sunday)."""
	return d - timedelta(days=d.weekday())


def academic_year_start(d: date) -> date:
	"""The 1 August on or before ``d`` (an academic year runs 1 August to 31 July)."""
	return date(d.year if d.month >= 8 else d.year - 1, 8, 1)


class SchoolCalendar:
	"""The school's days and weeks, with O(1) index lookups.

	``days``: the school days, sorted, each once. ``weeks``: the Mondays of the school
	weeks (weeks holding at least one school day), sorted.
	"""

	__slots__ = ("_day_index", "_week_index", "days", "weeks")

	def __init__(self, school_days: Iterable[date]) -> None:
		self.days: tuple[date, ...] = tuple(sorted(set(school_days)))
		self._day_index: dict[date, int] = {d: i for i, d in enumerate(self.days)}
		self.weeks: tuple[date, ...] = tuple(sorted({week_start(d) for d in self.days}))
		self._week_index: dict[date, int] = {w: i for i, w in enumerate(self.weeks)}

	@classmethod
	def from_codes_by_date(cls, codes_by_date: Mapping[date, Iterable[str]]) -> SchoolCalendar:
		"""The calendar of a whole school's register.

		``codes_by_date[d]`` holds every code any pupil has on ``d`` (AM and PM). ``d`` is a
		school day when at least one of them is a mark other than ``#`` or ``Z`` (an empty
		string or ``-``, "no mark entered", is not a mark either).
		"""
		return cls(d for d, codes in codes_by_date.items() if any(c not in _NOT_SCHOOL for c in codes))

	def __repr__(self) -> str:
		if not self.days:
			return "SchoolCalendar(no school days)"
		return f"SchoolCalendar({len(self.days)} days in {len(self.weeks)} weeks, {self.days[0]}..{self.days[-1]})"

	def __eq__(self, other: object) -> bool:
		return isinstance(other, SchoolCalendar) and self.days == other.days

	def __hash__(self) -> int:
		return hash(self.days)

	def __len__(self) -> int:
		return len(self.days)

	def is_school_day(self, d: date) -> bool:
		return d in self._day_index

	def day_index(self, d: date) -> int | None:
		"""Position of ``d`` in ``days``, or None when ``d`` is not a school day."""
		return self._day_index.get(d)

	def week_index(self, d: date) -> int | None:
		"""Position in ``weeks`` of the week holding ``d`` (any day of it, not only the
		Monday), or None when that week is not a school week."""
		return self._week_index.get(d - timedelta(days=d.weekday()))

	def school_days_between(self, start: date, end: date) -> tuple[date, ...]:
		"""The school days from ``start`` to ``end``, both included (empty when end < start)."""
		return self.days[bisect_left(self.days, start) : bisect_right(self.days, end)]

	def count_school_days(self, start: date, end: date) -> int:
		"""How many school days lie from ``start`` to ``end``, both included (0 when end < start)."""
		return max(0, bisect_right(self.days, end) - bisect_left(self.days, start))
