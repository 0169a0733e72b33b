"""Helpers shared by the rules-core tests: calendars and registers built from plain dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from attendance_officer.engine.calendar import SchoolCalendar

ONE_DAY = timedelta(days=1)


def weekdays(start: date, end: date, closed: Iterable[date] = ()) -> list[date]:
	"""Monday-to-Friday dates from ``start`` to ``end`` inclusive, without ``closed``."""
	closed = set(closed)
	days = []
	day = start
	while day <= end:
		if day.weekday() < 5 and day not in closed:
			days.append(day)
		day += ONE_DAY
	return days


def week_of(monday: date) -> list[date]:
	"""Monday to Friday of the week starting ``monday``."""
	assert monday.weekday() == 0, monday
	return [monday + timedelta(days=i) for i in range(5)]


def calendar_of(*ranges: tuple[date, date]) -> SchoolCalendar:
	"""A calendar of the weekdays in each (start, end) range."""
	return SchoolCalendar(d for start, end in ranges for d in weekdays(start, end))
