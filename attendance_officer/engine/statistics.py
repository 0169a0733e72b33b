"""Attendance statistics per pupil: possible sessions, rates and the threshold bands.

Source: ../shared/domain/uk-attendance-rules.md section 2 and the issue contract.

- Possible sessions = sessions coded attending (present or an approved educational
  activity) + authorised + unauthorised absence. D, X, Q, Y1-Y7, Z and # are left out of
  the denominator, so a pupil admitted mid-year (Z before admission) has a smaller
  denominator and the same rate logic.
- Attendance % = attending x 100 / possible; absence % = (authorised + unauthorised)
  x 100 / possible. The figures shown are rounded half-up to 1 decimal place.
- Persistent absence: absence >= 10%; severe absence: absence >= 50% (DfE definitions; so
  exactly 90.0% attendance IS persistent absence). The concern and at-risk lines (95%, 92%)
  are LOCAL PRACTICE, configurable.
- Bands are decided on the EXACT fraction with integer arithmetic, never on the rounded
  figure: 190/211 sessions (90.047%) shows 90.0 but is "at_risk", not "persistent".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from attendance_officer.engine.calendar import NO_MARK
from attendance_officer.engine.codes import (
	ATTENDING,
	AUTHORISED,
	CODES,
	NOT_POSSIBLE,
	UNAUTHORISED,
	lookup,
)
from attendance_officer.engine.i18n import _

Number = Decimal | int | float

SEVERE = "severe"
PERSISTENT = "persistent"
AT_RISK = "at_risk"
CONCERN = "concern"
EXPECTED = "expected"
BAND_NAMES = (SEVERE, PERSISTENT, AT_RISK, CONCERN, EXPECTED)
BAND_LABELS = {
	SEVERE: _("Severe absence"),
	PERSISTENT: _("Persistent absence"),
	AT_RISK: _("At risk"),
	CONCERN: _("Concern"),
	EXPECTED: _("Expected"),
}

# Which Summary total each code adds to (codes absent here, Z and #, add to none).
_ATTENDING, _AUTHORISED, _UNAUTHORISED, _NOT_POSSIBLE = range(4)
_TOTAL_OF: dict[str, int] = {
	**{c: _ATTENDING for c in ATTENDING},
	**{c: _AUTHORISED for c in AUTHORISED},
	**{c: _UNAUTHORISED for c in UNAUTHORISED},
	**{c: _NOT_POSSIBLE for c in NOT_POSSIBLE},
}


def percent(numerator: int, denominator: int) -> Decimal:
	"""``numerator`` x 100 / ``denominator``, rounded half-up to 1 decimal place.

	Exact integer arithmetic (no float): percent(1, 16) is 6.3 (6.25 rounds up),
	percent(190, 211) is 90.0. Raises ZeroDivisionError when ``denominator`` is 0 and
	ValueError for negative numbers.
	"""
	if numerator < 0 or denominator < 0:
		raise ValueError(f"percent() takes counts, not {numerator}/{denominator}")
	tenths = (numerator * 2000 + denominator) // (2 * denominator)
	return Decimal(tenths).scaleb(-1)


@dataclass(frozen=True)
class Summary:
	"""One pupil's sessions over a period.

	``not_possible`` counts the "Not A Possible Session" codes (D, X, Q, Y1-Y7); the
	administrative codes Z and # are counted in no total (they are not collected), but like
	every code they appear in ``codes`` (code -> sessions, zero counts left out).
	"""

	possible: int
	attending: int
	authorised: int
	unauthorised: int
	not_possible: int
	codes: Mapping[str, int] = field(default_factory=dict)

	@property
	def absent(self) -> int:
		"""Absence sessions: authorised + unauthorised."""
		return self.authorised + self.unauthorised

	@property
	def attendance(self) -> Decimal | None:
		"""Attendance % (1 dp, half-up), or None when there is no possible session."""
		return percent(self.attending, self.possible) if self.possible else None

	@property
	def absence(self) -> Decimal | None:
		"""Overall absence % (authorised + unauthorised; 1 dp, half-up), or None."""
		return percent(self.absent, self.possible) if self.possible else None


def summarise(code_counts: Mapping[str, int]) -> Summary:
	"""The Summary of one pupil's sessions, given the number of sessions per code.

	Zero counts are left out, and so are "no mark entered" placeholders ("" and "-",
	calendar.NO_MARK: not a code, counted nowhere). A code that is not in force (unknown,
	or retired such as H) raises codes.CodeError, whose message names the replacement: it
	must never be silently left out of the figures.
	"""
	totals = [0, 0, 0, 0]
	codes: dict[str, int] = {}
	for code, count in code_counts.items():
		if not count or code in NO_MARK:
			continue
		if code not in CODES:
			lookup(code)  # raises CodeError with the reason
		codes[code] = count
		which = _TOTAL_OF.get(code)
		if which is not None:
			totals[which] += count
	attending, authorised, unauthorised, not_possible = totals
	return Summary(
		possible=attending + authorised + unauthorised,
		attending=attending,
		authorised=authorised,
		unauthorised=unauthorised,
		not_possible=not_possible,
		codes=codes,
	)


@dataclass(frozen=True)
class Bands:
	"""Threshold lines, as percentages (Decimal, e.g. Decimal("92.5"); int works too).

	``concern_below`` and ``at_risk_below`` are attendance percentages (LOCAL PRACTICE);
	``persistent_from`` and ``severe_from`` are absence percentages (DfE: 10 and 50).
	"""

	concern_below: Number = Decimal("95")
	at_risk_below: Number = Decimal("92")
	persistent_from: Number = Decimal("10")
	severe_from: Number = Decimal("50")


DEFAULT_BANDS = Bands()


@lru_cache(maxsize=64)
def _exact(value: Number) -> Fraction:
	"""A percentage as an exact fraction (a float is read as typed: 92.1 means 92.1).

	Cached: a report asks for the same few lines (the school's bands) for every pupil."""
	if isinstance(value, float):
		value = Decimal(str(value))
	return Fraction(value)


def _at_least(count: int, possible: int, line: Number) -> bool:
	"""count / possible >= line %, exactly."""
	line = _exact(line)
	return count * 100 * line.denominator >= line.numerator * possible


def band(summary: Summary, bands: Bands = DEFAULT_BANDS) -> str | None:
	"""The pupil's band, or None when there is no possible session.

	Checked in this order, on the exact fractions: "severe" (absence >= severe_from),
	"persistent" (absence >= persistent_from), "at_risk" (attendance < at_risk_below),
	"concern" (attendance < concern_below), else "expected".
	"""
	possible = summary.possible
	if not possible:
		return None
	absent = summary.absent
	if _at_least(absent, possible, bands.severe_from):
		return SEVERE
	if _at_least(absent, possible, bands.persistent_from):
		return PERSISTENT
	if not _at_least(summary.attending, possible, bands.at_risk_below):
		return AT_RISK
	if not _at_least(summary.attending, possible, bands.concern_below):
		return CONCERN
	return EXPECTED
