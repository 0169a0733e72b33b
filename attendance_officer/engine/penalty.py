"""The penalty-notice threshold: 10 unauthorised sessions within 10 school weeks.

Source: ../shared/domain/uk-attendance-rules.md section 3 (National Framework, WTISA
August 2024 ch. 6): a penalty notice must be considered when a pupil has 10 sessions of
unauthorised absence (any combination of G, N, O, U) within a rolling period of 10 school
weeks; the sessions need not be consecutive and the period may span terms and school
years. A school week is any week holding at least one school session
(engine.calendar.SchoolCalendar).

How the issue contract reads it, and so this module:

- The threshold is met on the first date on which at least ``sessions`` G/N/O/U sessions
  fall inside the ``weeks`` consecutive school weeks ending with that date's week,
  counting sessions on dates up to the end of that date.
- Weeks with no school day (a holiday written as # for everyone, half-term) are skipped,
  not counted: the window reaches further back. Where the calendar holds fewer school
  weeks than ``weeks``, the window starts at the first school week.
- ``window_start`` is the Monday of the first school week of the window; ``sessions`` is
  the count in the window up to the end of ``met_on`` (it can exceed 10 when the 9th and
  the 10th and 11th sessions fall on the same day).
- Only sessions on school days count (a session exists only on a school day); ``to``
  ignores marks after it.

The work is a two-pointer pass over the pupil's sorted dates (only dates with G/N/O/U
sessions are given), O(k log k) for k such dates, never a loop over the calendar.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from attendance_officer.engine.calendar import SchoolCalendar
from attendance_officer.engine.i18n import _

# National Framework 2024 (domain reference section 3).
PENALTY_SESSIONS = 10
PENALTY_WEEKS = 10


@dataclass(frozen=True)
class PenaltyThreshold:
	"""When the threshold was first met, and the window it was met in."""

	met_on: date
	window_start: date
	sessions: int


def first_threshold(
	sessions_by_date: Mapping[date, int],
	calendar: SchoolCalendar,
	*,
	sessions: int = PENALTY_SESSIONS,
	weeks: int = PENALTY_WEEKS,
	to: date | None = None,
	since: date | None = None,
) -> PenaltyThreshold | None:
	"""The first time the pupil met the threshold (on or after ``since``), or None.

	``sessions_by_date``: one pupil's number of G/N/O/U sessions per date (0, 1 or 2; dates
	without any may be left out). With ``since``, sessions before it still count toward a
	window that ends on or after it (the window may span terms and school years).
	"""
	if sessions < 1 or weeks < 1:
		raise ValueError(
			_(
				"The penalty threshold needs at least 1 session within at least 1 school week, "
				"not {0} sessions within {1} weeks. Correct the threshold in Attendance Settings."
			).format(sessions, weeks)
		)
	day_index = calendar.day_index
	week_index = calendar.week_index
	marks = sorted(
		(d, n)
		for d, n in sessions_by_date.items()
		if n and (to is None or d <= to) and day_index(d) is not None
	)
	week_of = [week_index(d) for d, _n in marks]
	total = 0
	left = 0
	for right, (day, count) in enumerate(marks):
		first_week = week_of[right] - weeks + 1
		while week_of[left] < first_week:
			total -= marks[left][1]
			left += 1
		total += count
		if total >= sessions and (since is None or day >= since):
			return PenaltyThreshold(
				met_on=day,
				window_start=calendar.weeks[max(0, first_week)],
				sessions=total,
			)
	return None
