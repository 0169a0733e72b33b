"""School census absence periods and the figures returned for them.

Source: ../shared/domain/uk-attendance-rules.md section 5 ("School census (termly)",
from the explore-education-statistics pupil absence methodology 4.1, Table 6). Absence
is collected one term in arrears:

- spring census of year Y: 1 August Y-1 to 31 December Y-1 (one part);
- summer census of Y: 1 January Y to Easter Sunday Y (one part);
- autumn census of Y: Easter Monday Y to 31 July Y, in two parts: part 1 to the Sunday
  before the spring bank holiday, part 2 from the spring bank holiday to 31 July.

The spring bank holiday is the last Monday in May unless the caller gives the date (in
2022 it moved to Thursday 2 June for the Platinum Jubilee). The parts are contiguous, so
no session is left out of the return: part 1 ends on the Sunday before the bank holiday
and part 2 starts the next day. In an ordinary year that next day is the bank holiday
itself; when the holiday is moved to a later weekday (2022-06-02), part 2 starts on the
Monday of that week (2022-05-30), so the days between (30 May to 1 June 2022) are not
lost between the parts. That reading is ours: the DfE text names only the two ends.

Each part returns the pupil's possible sessions and the sessions per absence code
(authorised and unauthorised codes only; zero counts left out).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import MO, relativedelta

from attendance_officer.engine.codes import ABSENCE, RETIRED
from attendance_officer.engine.i18n import _

SPRING, SUMMER, AUTUMN = "spring", "summer", "autumn"
CENSUSES = (SPRING, SUMMER, AUTUMN)


class CensusError(ValueError):
	"""A census name the engine does not know."""


@dataclass(frozen=True)
class CensusPart:
	"""One reporting period of a census return, ``start`` to ``end`` inclusive."""

	part: int
	start: date
	end: date

	def __contains__(self, day: date) -> bool:
		return self.start <= day <= self.end


def spring_bank_holiday(year: int) -> date:
	"""The last Monday in May of ``year`` (the usual spring bank holiday)."""
	return date(year, 5, 31) + relativedelta(weekday=MO(-1))


def census_parts(
	census: str,
	year: int,
	*,
	spring_bank_holiday: date | None = None,
) -> tuple[CensusPart, ...]:
	"""The absence periods the ``census`` of calendar ``year`` collects.

	``spring_bank_holiday``: the autumn census's split date when it is not the last
	Monday in May (e.g. date(2022, 6, 2)).
	"""
	if census == SPRING:
		return (CensusPart(1, date(year - 1, 8, 1), date(year - 1, 12, 31)),)
	if census == SUMMER:
		return (CensusPart(1, date(year, 1, 1), easter(year)),)
	if census == AUTUMN:
		holiday = spring_bank_holiday or _last_monday_in_may(year)
		easter_monday = easter(year) + timedelta(days=1)
		part_1_end = holiday - timedelta(days=holiday.weekday() + 1)  # the Sunday before
		if not easter_monday <= part_1_end < holiday <= date(year, 7, 31):
			raise CensusError(
				_(
					"The spring bank holiday {0} is not in a later week than Easter Monday ({1}) "
					"and on or before 31 July {2}. Enter that year's spring bank holiday, or leave "
					"it empty for the last Monday in May."
				).format(holiday.isoformat(), easter_monday.isoformat(), year)
			)
		return (
			CensusPart(1, easter_monday, part_1_end),
			CensusPart(2, part_1_end + timedelta(days=1), date(year, 7, 31)),
		)
	raise CensusError(_("There is no {0!r} census. Choose one of: {1}.").format(census, ", ".join(CENSUSES)))


_last_monday_in_may = spring_bank_holiday


def part_for(day: date, parts: Iterable[CensusPart]) -> int | None:
	"""The number of the part holding ``day``, or None when no part holds it."""
	for part in parts:
		if part.start <= day <= part.end:
			return part.part
	return None


def absence_codes(code_counts: Mapping[str, int]) -> dict[str, int]:
	"""The counts of authorised and unauthorised absence codes only, zero counts left out."""
	return {code: count for code, count in code_counts.items() if count and code in ABSENCE}


def census_problems(code_counts: Mapping[str, int], missing: int = 0) -> list[str]:
	"""What stops a pupil's figures going into a census return, each as a message; [] when none.

	A return collects sessions by reason, so a session must have a final code: N (no reason
	yet provided) is to be resolved first (it becomes O after the school's deadline for
	reasons: section 1), an expected session with no mark is missing, and a code withdrawn on
	19 August 2024 (H, J or Y) cannot be returned. ``missing`` is the number of the
	pupil's sessions in the period the register expected but has no mark for.
	"""
	problems = []
	if code_counts.get("N"):
		problems.append(
			_(
				"{0} session(s) coded N (no reason yet): find the reason, or code O once the deadline has passed"
			).format(code_counts["N"])
		)
	if missing:
		problems.append(_("{0} session(s) with no mark: take or correct the register").format(missing))
	for code in sorted(c for c, n in code_counts.items() if n and c in RETIRED):
		problems.append(
			_("{0} session(s) coded {1}, withdrawn on 19 August 2024: amend them to {2}").format(
				code_counts[code], code, RETIRED[code]
			)
		)
	return problems
