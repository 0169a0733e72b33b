"""N marks (reason for absence not yet established) left unresolved too long.

Source: ../shared/domain/uk-attendance-rules.md section 1 (N: "Must be replaced within 5
school days"). How the issue contract counts it:

- A mark's age is the number of school days AFTER the mark's date, up to and including
  today. The day of the mark itself does not count, nor do weekends, holidays or closure
  days. An N on Monday is 1 school day old on Tuesday and 5 on the following Monday.
- The mark is unresolved when its age is greater than the window (5 by default): the 5
  school days allowed have fully passed. The Monday N above is still within time on the
  following Monday (age 5) and unresolved on the following Tuesday (age 6).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from attendance_officer.engine.calendar import SchoolCalendar

N_RESOLUTION_DAYS = 5

_ONE_DAY = timedelta(days=1)


def school_day_age(marked_on: date, today: date, calendar: SchoolCalendar) -> int:
	"""School days after ``marked_on`` up to and including ``today`` (0 when today <= marked_on)."""
	return calendar.count_school_days(marked_on + _ONE_DAY, today)


def unresolved_n(
	n_dates: Iterable[date],
	calendar: SchoolCalendar,
	today: date,
	*,
	window: int = N_RESOLUTION_DAYS,
) -> list[date]:
	"""The dates of N marks older than ``window`` school days on ``today``, sorted, each once.

	``n_dates`` are the dates of one pupil's (or a whole register's) sessions still coded
	N; an N in both sessions of a day gives that date once.
	"""
	return sorted(d for d in set(n_dates) if school_day_age(d, today, calendar) > window)
