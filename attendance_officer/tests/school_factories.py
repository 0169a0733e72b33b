"""A seeded school for report tests: pupils and marks written set-based, and a query counter.

The reports read marks only, so the seed writes Student and Attendance Mark rows with
frappe.db.bulk_insert (a few statements for any size), inside the test's transaction: the
test's rollback removes them. Controllers are not run; no test here checks a write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import frappe
from frappe.utils import getdate, now_datetime

from attendance_officer.registers.write import mark_name

Codes = Callable[[int, date, str], str]  # (pupil index, day, session) -> code


def school_days(first_monday: date, weeks: int) -> list[date]:
	return [first_monday + timedelta(days=7 * w + d) for w in range(weeks) for d in range(5)]


def weekdays_up_to(day: date, count: int) -> list[date]:
	"""The ``count`` weekdays ending on ``day`` (itself included when a weekday), oldest first."""
	found, d = [], day
	while len(found) < count:
		if d.weekday() < 5:
			found.append(d)
		d -= timedelta(days=1)
	return sorted(found)


def last_weekday(day: date) -> date:
	"""``day``, or the Friday before it when it falls at a weekend."""
	return weekdays_up_to(day, 1)[0]


def next_weekday(day: date) -> date:
	"""``day``, or the Monday after it when it falls at a weekend."""
	while day.weekday() >= 5:
		day += timedelta(days=1)
	return day


# "Today" for tests about today's registers and parents' reports: a school day (the test
# holiday list closes weekends only), so they pass on a Saturday or a Sunday too.
SCHOOL_TODAY = last_weekday(getdate())


def on_a_school_day(cls) -> date:
	"""Run a FrappeTestCase class (call it from setUpClass, before its pupils are made) with the
	clock on SCHOOL_TODAY: the real clock on a weekday, the Friday before, ticking from 10:00,
	at a weekend. Frappe's freeze_time (a context manager that reads nothing of its test) needs
	freezegun, one of Frappe's dev dependencies (``bench setup requirements --dev``)."""
	if getdate() != SCHOOL_TODAY:
		cls.enterClassContext(cls.freeze_time(cls, f"{SCHOOL_TODAY} 10:00:00", tick=True))
	return SCHOOL_TODAY


def seed_pupils(prefix: str, count: int, **fields) -> list[str]:
	"""``count`` Students named ``<prefix>-0001``..., with ``fields`` on each (nc_year, date_of_birth...)."""
	now = now_datetime()
	names = [f"{prefix}-{n:04d}" for n in range(1, count + 1)]
	columns = [
		"name",
		"first_name",
		"last_name",
		"student_name",
		"enabled",
		"creation",
		"modified",
		"owner",
		"modified_by",
		*fields,
	]
	frappe.db.bulk_insert(
		"Student",
		columns,
		[
			(
				name,
				prefix,
				f"{n:04d}",
				f"{prefix} {n:04d}",
				1,
				now,
				now,
				"Administrator",
				"Administrator",
				*fields.values(),
			)
			for n, name in enumerate(names, 1)
		],
	)
	return names


def seed_marks(pupils: list[str], days: list[date], codes: Codes, group: str | None = None) -> int:
	"""One mark per pupil per AM and PM session of ``days``, coded ``codes(i, day, session)``."""
	now = now_datetime()
	rows = [
		(
			mark_name(pupil, day, session),
			pupil,
			day,
			session,
			codes(i, day, session),
			"Register",
			group,
			now,
			now,
			"Administrator",
			"Administrator",
		)
		for i, pupil in enumerate(pupils)
		for day in days
		for session in ("AM", "PM")
	]
	frappe.db.bulk_insert(
		"Attendance Mark",
		[
			"name",
			"student",
			"date",
			"session",
			"attendance_code",
			"source",
			"registration_group",
			"creation",
			"modified",
			"owner",
			"modified_by",
		],
		rows,
		chunk_size=5000,
	)
	return len(rows)


@contextmanager
def counted_queries() -> Iterator[list[str]]:
	"""Collect every SQL statement run inside the block (the list fills as it runs)."""
	queries: list[str] = []
	original = frappe.db.__class__.sql

	def counting(db, query, *args, **kwargs):
		queries.append(str(query))
		return original(db, query, *args, **kwargs)

	frappe.db.__class__.sql = counting
	try:
		yield queries
	finally:
		frappe.db.__class__.sql = original
