"""A group of pupils' figures: attendance %, persistent and severe absence rates, suppression.

Source: ../shared/domain/uk-attendance-rules.md section 2. A group's attendance % is its
pupils' sessions summed (attending / possible over the whole group), never an average of
their percentages; its PA (SA) rate is the share of its pupils in persistent (severe)
absence, each decided on the pupil's own exact fraction by engine.statistics.band. Pupils
with no possible session in the period are not counted (they have no band).

Suppression (the issue contract, after the DfE's statistical practice): a figure about
fewer than ``SUPPRESS_BELOW`` (5) pupils can identify a child, so cells of 1 to 4 pupils
are shown as suppressed to readers below the Attendance Officer and in exports. An empty
cohort (0 pupils) identifies no one and is shown as such. A breakdown with a single such
cell also withholds its next smallest cell (``withheld``), so that no cell can be worked
out from the others and the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from attendance_officer.engine.roll import on_main_register
from attendance_officer.engine.school_age import in_national_figures
from attendance_officer.engine.statistics import (
	DEFAULT_BANDS,
	PERSISTENT,
	SEVERE,
	Bands,
	Summary,
	band,
	percent,
)

SUPPRESS_BELOW = 5

# Which of the school's totals a pupil's figures go in (figures_group).
NATIONAL, SIXTH_FORM, AGE_UNKNOWN, OTHER_MAIN_REGISTER = "national", "sixth_form", "age_unknown", "other_main"


@lru_cache(maxsize=8192)  # a whole-school report asks once per pupil: a few hundred birthdays
def figures_group(born: date | None, on: date, enrolment_status: str | None = None) -> str:
	"""The total a pupil's figures belong in, for the school year holding ``on``.

	- NATIONAL: on this school's main register (single or main dual registration) and of
	  compulsory school age by engine.school_age.in_national_figures: the scope of the
	  national PA and SA figures a school compares itself with.
	- SIXTH_FORM: on the main register, past compulsory school age: on the register and in
	  the school's own figures, not in the national comparison.
	- AGE_UNKNOWN: on the main register, date of birth missing.
	- OTHER_MAIN_REGISTER: a subsidiary dual or a guest registration (engine.roll.
	  on_main_register): the sessions here are the school's own, but the pupil's PA, SA and
	  penalty figures are their main school's.
	"""
	if not on_main_register(enrolment_status):
		return OTHER_MAIN_REGISTER
	national = in_national_figures(born, on)
	return NATIONAL if national else (SIXTH_FORM if national is False else AGE_UNKNOWN)


def suppressed(pupils: int, minimum: int = SUPPRESS_BELOW) -> bool:
	"""Whether a figure about ``pupils`` pupils must be withheld (1 to minimum - 1 pupils)."""
	return 0 < pupils < minimum


def withheld(cells: Mapping[object, int], minimum: int = SUPPRESS_BELOW) -> set:
	"""The cells of one breakdown (cohort -> pupils) to withhold: every cell of 1 to minimum - 1
	pupils, and, when exactly one cell is withheld, the next smallest too (secondary
	suppression): the other cells and the total would otherwise give the withheld one away by
	subtraction (total 1,200 and "CP plan: No" 1,197 tell that 3 pupils have a plan).
	"""
	primary = {cell for cell, pupils in cells.items() if suppressed(pupils, minimum)}
	if len(primary) == 1:
		others = sorted(
			((pupils, str(cell), cell) for cell, pupils in cells.items() if cell not in primary and pupils),
		)
		if others:
			primary.add(others[0][2])
	return primary


@dataclass(frozen=True)
class GroupFigures:
	"""Totals over a group of pupils (each with at least one possible session)."""

	pupils: int = 0
	possible: int = 0
	attending: int = 0
	absent: int = 0
	persistent: int = 0  # pupils in persistent absence, severe included (as the DfE counts PA)
	severe: int = 0

	@property
	def attendance(self) -> Decimal | None:
		return percent(self.attending, self.possible) if self.possible else None

	@property
	def absence(self) -> Decimal | None:
		return percent(self.absent, self.possible) if self.possible else None

	@property
	def persistent_rate(self) -> Decimal | None:
		"""% of the group's pupils in persistent absence (severe absence is persistent too)."""
		return percent(self.persistent, self.pupils) if self.pupils else None

	@property
	def severe_rate(self) -> Decimal | None:
		return percent(self.severe, self.pupils) if self.pupils else None

	def __add__(self, other: GroupFigures) -> GroupFigures:
		return GroupFigures(
			self.pupils + other.pupils,
			self.possible + other.possible,
			self.attending + other.attending,
			self.absent + other.absent,
			self.persistent + other.persistent,
			self.severe + other.severe,
		)


def pupil_figures(summary: Summary, bands: Bands = DEFAULT_BANDS, which: str | None = None) -> GroupFigures:
	"""One pupil as a group of one (an empty group when the pupil has no possible session).

	``which``: the pupil's band when the caller has it already (engine.statistics.band).
	"""
	which = which or band(summary, bands)
	if which is None:
		return GroupFigures()
	return GroupFigures(
		pupils=1,
		possible=summary.possible,
		attending=summary.attending,
		absent=summary.absent,
		persistent=int(which in (PERSISTENT, SEVERE)),
		severe=int(which == SEVERE),
	)


def group_figures(summaries: Iterable[Summary], bands: Bands = DEFAULT_BANDS) -> GroupFigures:
	"""The group's totals: sessions summed, PA and SA decided per pupil."""
	total = GroupFigures()
	for summary in summaries:
		total += pupil_figures(summary, bands)
	return total
