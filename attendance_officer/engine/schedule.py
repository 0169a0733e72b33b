"""When the scheduled packs are due: the SLT pack each fortnight, the governors' summary each half-term.

Source: the issue contract ("the fortnightly SLT pack", "the half-termly governors'
summary"). Our readings, since neither is statutory:

- A fortnight is two school weeks counted from the Monday of the week holding 1 August
  (engine.calendar.academic_year_start): fortnight 0, 1, 2... of that academic year. The
  pack goes on the first school day of each fortnight the job runs (a Monday bank holiday
  moves it to Tuesday), once.
- A half-term ends on a school day followed by a break holding at least ``min_weekdays``
  (5) weekdays that are not school days: half-term, Christmas, Easter and summer. A bank
  holiday Monday or a single INSET day is not a half-term.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta

from attendance_officer.engine.calendar import academic_year_start, week_start

HALF_TERM_WEEKDAYS = 5


def fortnight(day: date) -> tuple[date, int]:
	"""(the academic year's 1 August, the number of ``day``'s fortnight in it, from 0)."""
	start = academic_year_start(day)
	return start, (week_start(day) - week_start(start)).days // 14


def ends_half_term(day: date, school_days: Sequence[date], min_weekdays: int = HALF_TERM_WEEKDAYS) -> bool:
	"""Whether ``day`` is a school day followed by a break of at least ``min_weekdays`` weekdays.

	``school_days``: sorted school days from ``day`` reaching past the break; when none
	follows ``day`` in them the break is not known, and the answer is False.
	"""
	days = list(school_days)
	if day not in days:
		return False
	i = bisect_right(days, day)
	end = days[i] if i < len(days) else None
	if end is None:
		return False
	closed = sum(1 for n in range(1, (end - day).days) if (day + timedelta(days=n)).weekday() < 5)
	return closed >= min_weekdays
