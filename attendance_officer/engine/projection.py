"""Projections: what a pupil's attendance can still become this year.

Source: ../shared/domain/uk-attendance-rules.md section 2 (possible sessions, the
attendance rate, persistent absence at >= 10% absence and severe absence at >= 50%, decided
on the pupil's own possible sessions). The projections assume only that every further
session is possible and attended (a present mark adds 1 to attending and to possible):

- ``best_possible``: the attendance % by the end of the year if the pupil attends every one
  of the ``remaining`` possible sessions: (attending + remaining) x 100 / (possible +
  remaining), 1 dp half-up like every figure shown.
- ``sessions_to_leave``: how many consecutive attended sessions take the pupil's absence
  below a line (persistent absence by default): the least k >= 0 with
  absent x 100 < line x (possible + k), on the exact fraction. 0 when already below.
  Whether that is reachable this year is ``k <= remaining``.

Pure: counts in, answers out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from attendance_officer.engine.statistics import DEFAULT_BANDS, Bands, Number, Summary, _exact, percent


def best_possible(summary: Summary, remaining: int) -> Decimal | None:
	"""Attendance % by the year's end if every one of ``remaining`` sessions is attended.

	None when there is no possible session now nor to come.
	"""
	if remaining < 0:
		raise ValueError(f"remaining sessions cannot be negative: {remaining}")
	possible = summary.possible + remaining
	return percent(summary.attending + remaining, possible) if possible else None


def sessions_to_leave(summary: Summary, line: Number) -> int:
	"""Consecutive attended sessions after which absence is below ``line`` % (exactly).

	``line`` is an absence percentage (10 for persistent absence, 50 for severe absence).
	0 when the pupil's absence is already below it; a line of 0 can never be left and raises
	ValueError.
	"""
	exact = _exact(line)
	if exact <= 0:
		raise ValueError(f"an absence line must be above 0%, not {line}")
	absent, possible = summary.absent, summary.possible
	if not absent:
		return 0
	# absent * 100 < (num / den) * (possible + k)  <=>  absent * 100 * den < num * (possible + k)
	lhs = absent * 100 * exact.denominator
	# least k with num * (possible + k) > lhs: possible + k = lhs // num + 1
	return max(0, lhs // exact.numerator + 1 - possible)


@dataclass(frozen=True)
class Projection:
	"""A pupil's outlook for the rest of the year."""

	remaining: int
	best_possible: Decimal | None
	to_leave_persistent: int
	to_leave_severe: int

	@property
	def can_leave_persistent(self) -> bool:
		"""Whether attending every remaining session takes the pupil out of persistent absence."""
		return self.to_leave_persistent <= self.remaining


def project(summary: Summary, remaining: int, bands: Bands = DEFAULT_BANDS) -> Projection:
	"""The pupil's Projection given the ``remaining`` possible sessions of the year."""
	return Projection(
		remaining=remaining,
		best_possible=best_possible(summary, remaining),
		to_leave_persistent=sessions_to_leave(summary, bands.persistent_from),
		to_leave_severe=sessions_to_leave(summary, bands.severe_from),
	)
