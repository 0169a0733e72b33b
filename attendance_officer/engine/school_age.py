"""Compulsory school age: whether a pupil is of it on a date.

Sources: ../shared/domain/uk-attendance-rules.md section 3 ("Pupils covered": only pupils of
compulsory school age; Education Act 1996 s8 and s444) and, for the exact edges, the
primary legislation the reference names:

- Education Act 1996 s8(2): a child begins to be of compulsory school age when they attain
  the age of five if that day is a prescribed day, and otherwise at the beginning of the
  next prescribed day. The Education (Start of Compulsory School Age) Order 1998
  (SI 1998/1607) prescribes 31 August, 31 December and 31 March: in effect the start of
  the term after the fifth birthday.
- s8(3) and the Education (School Leaving Date) Order 1997 (SI 1997/1970): a child ceases to
  be of compulsory school age at the end of the school leaving date, the last Friday in June
  of the school year (1 September to 31 August) in which they attain the age of 16.
- Family Law Reform Act 1969 s9: an age is attained at the start of the birthday's
  anniversary; a child born on 29 February attains it on 1 March in a common year.

Pure: dates in, answers out.
"""

from __future__ import annotations

from datetime import date, timedelta

# SI 1998/1607: the days on which compulsory school age may begin (month, day).
PRESCRIBED_DAYS = ((3, 31), (8, 31), (12, 31))
START_AGE = 5
LEAVING_AGE = 16
FRIDAY = 4


def birthday_in(year: int, born: date) -> date:
	"""The day in ``year`` on which a child born on ``born`` attains a new age."""
	try:
		return born.replace(year=year)
	except ValueError:  # 29 February in a common year: the age is attained on 1 March
		return date(year, 3, 1)


def starts_on(born: date) -> date:
	"""The first day of compulsory school age: the prescribed day on or after the 5th birthday."""
	fifth = birthday_in(born.year + START_AGE, born)
	for year in (fifth.year, fifth.year + 1):
		for month, day in PRESCRIBED_DAYS:
			prescribed = date(year, month, day)
			if prescribed >= fifth:
				return prescribed
	raise AssertionError("unreachable: 31 December follows every date of its year")


def last_friday_in_june(year: int) -> date:
	day = date(year, 6, 30)
	return day - timedelta(days=(day.weekday() - FRIDAY) % 7)


def school_year_end(day: date) -> int:
	"""The calendar year in which the school year holding ``day`` ends (1 Sep to 31 Aug)."""
	return day.year + 1 if day.month >= 9 else day.year


def leaving_date(born: date) -> date:
	"""The last day of compulsory school age: the last Friday in June of the school year in
	which the pupil turns 16."""
	sixteenth = birthday_in(born.year + LEAVING_AGE, born)
	return last_friday_in_june(school_year_end(sixteenth))


def of_compulsory_school_age(born: date | None, on: date) -> bool | None:
	"""Whether a pupil born on ``born`` is of compulsory school age on ``on``; None if unknown."""
	if born is None:
		return None
	return starts_on(born) <= on <= leaving_date(born)


def age_on(born: date, on: date) -> int:
	"""Completed years of age on ``on`` (an age is attained on the birthday; 29 February: 1 March)."""
	years = on.year - born.year
	return years if on >= birthday_in(on.year, born) else years - 1


def in_national_figures(born: date | None, on: date) -> bool | None:
	"""Whether a pupil counts in the national attendance statistics of the school year holding ``on``.

	../shared/domain/uk-attendance-rules.md section 2: official statistics (and so the
	national PA and SA rates a school compares itself with) cover pupils of compulsory school
	age, aged 5 to 15 at the start of the year: their age on the 31 August before it. A
	sixth-form pupil (16 or more on that day) is on the register and in the school's own
	figures, but not in these. None when the date of birth is unknown.
	"""
	if born is None:
		return None
	start = date(school_year_end(on) - 1, 8, 31)
	return START_AGE <= age_on(born, start) < LEAVING_AGE
