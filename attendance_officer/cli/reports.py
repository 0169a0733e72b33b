"""The runner's reports: rows of plain values, computed by the rules core from a Register.

Field names and row rules are the issue contract's (one row per pupil or event, sorted by
UPN, dates as ISO strings). Every figure comes from engine/: statistics (possible sessions,
attendance %, bands), penalty (the 10-sessions-in-10-school-weeks threshold), continuous
(10-day unauthorised runs, 15-day sickness), census (periods and absence codes). The
school calendar is always the whole file's (engine.calendar.SchoolCalendar.from_codes_by_date).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from attendance_officer.cli.reader import CODE_INDEX, CODE_LIST, Register
from attendance_officer.engine.calendar import SchoolCalendar
from attendance_officer.engine.codes import PENALTY

Row = dict[str, object]

THRESHOLD_FIELDS = ("upn", "possible", "attending", "authorised", "unauthorised", "attendance", "band")
PENALTY_FIELDS = ("upn", "met_on", "window_start", "sessions")
CONTINUOUS_FIELDS = ("upn", "kind", "start", "end", "school_days")
CENSUS_FIELDS = ("upn", "part", "possible", "codes")

_PENALTY_INDEXES = frozenset(CODE_INDEX[c] for c in PENALTY)
_ILLNESS = CODE_INDEX["I"]


def school_calendar(register: Register) -> SchoolCalendar:
	"""The school's calendar, from every mark in the file."""
	return SchoolCalendar.from_codes_by_date(register.codes_by_date())


def thresholds(register: Register, start: date | None = None, end: date | None = None) -> list[Row]:
	"""One row per pupil with at least one possible session from ``start`` to ``end``.

	``attendance`` is attending x 100 / possible rounded half-up to 1 dp (a Decimal);
	``band`` is decided on the exact fraction (engine.statistics.band).
	"""
	from attendance_officer.engine.statistics import band, summarise

	indexes = register.date_indexes(start, end)
	if len(indexes) == len(register.dates):
		indexes = None
	rows: list[Row] = []
	for upn, am, pm in register.pupils():
		summary = summarise(register.code_counts(am, pm, indexes))
		if not summary.possible:
			continue
		rows.append(
			{
				"upn": upn,
				"possible": summary.possible,
				"attending": summary.attending,
				"authorised": summary.authorised,
				"unauthorised": summary.unauthorised,
				"attendance": summary.attendance,
				"band": band(summary),
			}
		)
	return rows


def _penalty_sessions(am: dict[int, int], pm: dict[int, int]) -> dict[int, int]:
	"""date index -> number of G/N/O/U sessions, for the dates that have any."""
	counts = {d: 1 for d, c in am.items() if c in _PENALTY_INDEXES}
	for d, c in pm.items():
		if c in _PENALTY_INDEXES:
			counts[d] = counts.get(d, 0) + 1
	return counts


def penalty(register: Register, to: date | None = None, calendar: SchoolCalendar | None = None) -> list[Row]:
	"""One row per pupil who meets the penalty-notice threshold, the first time (up to ``to``)."""
	from attendance_officer.engine.penalty import first_threshold

	calendar = calendar or school_calendar(register)
	dates = register.dates
	rows: list[Row] = []
	for upn, am, pm in register.pupils():
		counts = _penalty_sessions(am, pm)
		if not counts:
			continue
		met = first_threshold({dates[d]: n for d, n in counts.items()}, calendar, to=to)
		if met is not None:
			rows.append(
				{
					"upn": upn,
					"met_on": met.met_on.isoformat(),
					"window_start": met.window_start.isoformat(),
					"sessions": met.sessions,
				}
			)
	return rows


def continuous(
	register: Register, to: date | None = None, calendar: SchoolCalendar | None = None
) -> list[Row]:
	"""One row per run of 10 school days' unauthorised absence and per sickness year (15 days)."""
	from attendance_officer.engine.continuous import DAY_FLAG, sickness_runs, unauthorised_runs

	calendar = calendar or school_calendar(register)
	dates = register.dates
	flag_of = [DAY_FLAG.get(code, 0) for code in CODE_LIST]
	rows: list[Row] = []
	for upn, am, pm in register.pupils():
		runs = []
		if any(c in _PENALTY_INDEXES for c in am.values()) or any(c in _PENALTY_INDEXES for c in pm.values()):
			flags = {d: flag_of[c] for d, c in am.items()}
			for d, c in pm.items():
				flags[d] = flags.get(d, 0) | flag_of[c]
			runs += unauthorised_runs({dates[d]: f for d, f in flags.items() if f}, calendar, to=to)
		illness = {d: 1 for d, c in am.items() if c == _ILLNESS}
		for d, c in pm.items():
			if c == _ILLNESS:
				illness[d] = illness.get(d, 0) + 1
		if illness:
			runs += sickness_runs({dates[d]: n for d, n in illness.items()}, to=to)
		for run in sorted(runs, key=lambda r: (r.kind, r.start)):
			rows.append(
				{
					"upn": upn,
					"kind": run.kind,
					"start": run.start.isoformat(),
					"end": run.end.isoformat(),
					"school_days": run.school_days,
				}
			)
	return rows


def census(
	register: Register,
	census: str,
	year: int,
	spring_bank_holiday: date | None = None,
) -> list[Row]:
	"""One row per pupil and census part with at least one possible session in it.

	``codes``: absence code -> sessions (zero counts left out, in the code table's order).
	CensusError (engine.census) for a bad census name or spring bank holiday.
	"""
	from attendance_officer.engine.census import absence_codes, census_parts
	from attendance_officer.engine.statistics import summarise

	parts = [
		(part.part, register.date_indexes(part.start, part.end))
		for part in census_parts(census, year, spring_bank_holiday=spring_bank_holiday)
	]
	rows: list[Row] = []
	for upn, am, pm in register.pupils():
		for number, indexes in parts:
			counts = register.code_counts(am, pm, indexes)
			summary = summarise(counts)
			if summary.possible:
				rows.append(
					{"upn": upn, "part": number, "possible": summary.possible, "codes": absence_codes(counts)}
				)
	return rows


def band_counts(rows: list[Row]) -> dict[str, int]:
	"""How many threshold rows fall in each band (every band named, worst first)."""
	from attendance_officer.engine.statistics import BAND_NAMES

	counts = dict.fromkeys(BAND_NAMES, 0)
	for row in rows:
		counts[str(row["band"])] += 1
	return counts


def attendance_number(value: object) -> object:
	"""A Decimal attendance as a JSON number (90.0), anything else unchanged."""
	return float(value) if isinstance(value, Decimal) else value
