"""A small school calendar shared by the casework tests.

Spring term 2025 from Monday 3 March to Friday 28 March: weekdays only, with an INSET day
(no school) on Friday 14 March.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from attendance_officer.engine.calendar import SchoolCalendar

TERM_START = date(2025, 3, 3)  # a Monday
TERM_END = date(2025, 3, 28)  # a Friday
INSET_DAY = date(2025, 3, 14)  # a Friday


def school_days(start: date = TERM_START, end: date = TERM_END, closed: frozenset = frozenset({INSET_DAY})):
	day = start
	while day <= end:
		if day.weekday() < 5 and day not in closed:
			yield day
		day += timedelta(days=1)


@pytest.fixture(scope="session")
def calendar() -> SchoolCalendar:
	return SchoolCalendar(school_days())
