"""Returns to the local authority: 10 school days of continuous unauthorised absence,
and 15 school days of sickness.

Source: ../shared/domain/uk-attendance-rules.md section 4 ("Children missing education
and absence returns": pupils absent without permission for a continuous 10 school days
or more; the sickness return when a pupil coded I has missed 15 school days, consecutive
or cumulative). The 2024 regulation number for the 10-day duty is UNCONFIRMED (section 7,
item 3). The exact counting below is the issue contract's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from attendance_officer.engine.calendar import SchoolCalendar, academic_year_start
from attendance_officer.engine.codes import CODES, PENALTY, POSSIBLE
from attendance_officer.engine.i18n import _

UNAUTHORISED_10_DAYS = "unauthorised_10_days"
SICKNESS_15_DAYS = "sickness_15_days"
CONTINUOUS_DAYS = 10
SICKNESS_DAYS = 15

# Day flags: a caller ORs DAY_FLAG[code] over one pupil's sessions on one date.
PENALTY_DAY = 1  # a G, N, O or U session
OTHER_POSSIBLE = 2  # any other possible session (present, approved activity, authorised absence)
DUAL = 4  # a D session (attending the other school where the pupil is dual registered)


def _day_flag(code: str) -> int:
	if code in PENALTY:
		return PENALTY_DAY
	if code in POSSIBLE:
		return OTHER_POSSIBLE
	return DUAL if code == "D" else 0


DAY_FLAG: dict[str, int] = {code: _day_flag(code) for code in CODES}


@dataclass(frozen=True)
class AbsenceRun:
	"""A return to make: ``school_days`` reached between ``start`` and ``end`` (inclusive)."""

	kind: str
	start: date
	end: date
	school_days: int


def _check_days(days: int) -> None:
	if days < 1:
		raise ValueError(
			_(
				"A return needs a number of school days of 1 or more, not {0}. Correct it in Attendance Settings."
			).format(days)
		)


def unauthorised_runs(
	day_flags: Mapping[date, int],
	calendar: SchoolCalendar,
	*,
	days: int = CONTINUOUS_DAYS,
	to: date | None = None,
) -> list[AbsenceRun]:
	"""Every run of ``days`` continuous school days of unauthorised absence, in date order.

	``day_flags[d]`` is the OR of DAY_FLAG over the pupil's sessions on ``d`` (sparse: dates
	without marks left out). Walking the pupil's school days in calendar order:

	- a day with at least one possible session, every one of them G, N, O or U, extends the
	  run. Following the contract's text literally, this holds even when the day also has a
	  D session (e.g. D in the morning, O in the afternoon);
	- a day with any other possible session (present, approved activity, authorised
	  absence) breaks the run;
	- a day with no possible session (only D, X, Q, Y1-Y7, Z or #, or no mark at all, or a
	  date that is not a school day) neither extends nor breaks it, except a day with a D
	  session, which breaks it (the pupil attended the other school). Weekends and holidays
	  are not school days, so they never break a run.

	One AbsenceRun per run reaching ``days`` days: ``start`` is its first day, ``end`` the
	day the ``days``-th was reached, ``school_days`` = ``days``. A run that goes on past
	that gives no second row; once broken, a run starts again from 0. ``to`` ignores marks
	after it.
	"""
	_check_days(days)
	is_school_day = calendar.is_school_day
	runs: list[AbsenceRun] = []
	length = 0
	start: date | None = None
	for day in sorted(day_flags):
		if to is not None and day > to:
			break
		flags = day_flags[day]
		if not flags or not is_school_day(day):
			continue
		if flags & PENALTY_DAY and not flags & OTHER_POSSIBLE:
			if length == 0:
				start = day
			length += 1
			if length == days:
				runs.append(AbsenceRun(UNAUTHORISED_10_DAYS, start, day, days))
		elif flags & (OTHER_POSSIBLE | DUAL):
			length = 0
	return runs


def sickness_runs(
	illness_sessions_by_date: Mapping[date, int],
	*,
	days: int = SICKNESS_DAYS,
	to: date | None = None,
) -> list[AbsenceRun]:
	"""One row per academic year in which the pupil's I sessions reach ``days`` school days.

	``days`` school days are 2 x ``days`` sessions (15 days: 30 I sessions), consecutive or
	not, counted within one academic year (1 August to 31 July): sessions either side of
	31 July / 1 August are never added together. ``start`` is the date of the year's first
	I session, ``end`` the date of the session that reached the count. ``to`` ignores
	marks after it. The domain reference speaks of one return per continuous illness; the
	issue contract's per-year count is what is implemented.
	"""
	_check_days(days)
	needed = 2 * days
	runs: list[AbsenceRun] = []
	year: date | None = None
	first: date | None = None
	total = 0
	for day in sorted(illness_sessions_by_date):
		if to is not None and day > to:
			break
		count = illness_sessions_by_date[day]
		if not count:
			continue
		this_year = academic_year_start(day)
		if this_year != year:
			year, first, total = this_year, day, 0
		elif total >= needed:
			continue
		total += count
		if total >= needed:
			runs.append(AbsenceRun(SICKNESS_15_DAYS, first, day, days))
	return runs
