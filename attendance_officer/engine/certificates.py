"""Attendance certificates: 100% attendance and most improved, for a half term, term or year.

Source: the issue contract (issue 14 item 5; certificates are LOCAL PRACTICE, seen in the
domain notes' "100% and most-improved certificates each half term"). Figures are the rules
core's (engine.statistics): possible sessions and attending, compared on the exact
fractions, never on the rounded %.

- 100% attendance: every possible session attended (exactly 100%: 199 of 200 is not), with
  at least ``min_possible`` possible sessions, so a pupil who joined last week does not
  qualify on two sessions.
- Most improved: per group (the registration group, each its own award), the largest rise
  in attendance from the previous period to this one; both periods need ``min_possible``
  possible sessions and the rise must be above nothing; pupils tied on the exact rise all
  receive it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from attendance_officer.engine.i18n import _
from attendance_officer.engine.letters import _lines, _text, long_date
from attendance_officer.engine.penalty_letters import person
from attendance_officer.engine.statistics import Summary, percent

FULL = "full"
IMPROVED = "improved"
KIND_TITLES = {FULL: _("100% attendance"), IMPROVED: _("Most improved attendance")}
DEFAULT_MIN_POSSIBLE = 20


@dataclass(frozen=True)
class Award:
	pupil: str
	kind: str  # FULL or IMPROVED
	group: str
	attendance: Decimal  # this period's %, 1 dp
	rise: Decimal | None = None  # percentage points, 1 dp (most improved only)


def rate(summary: Summary) -> Fraction:
	return Fraction(summary.attending, summary.possible)


def full_attendance(current: Mapping[str, Summary], *, min_possible: int = DEFAULT_MIN_POSSIBLE) -> list[str]:
	"""The pupils who attended every possible session, with at least ``min_possible``."""
	return sorted(
		pupil
		for pupil, s in current.items()
		if s.possible >= max(min_possible, 1) and s.attending == s.possible
	)


def most_improved(
	previous: Mapping[str, Summary],
	current: Mapping[str, Summary],
	*,
	min_possible: int = DEFAULT_MIN_POSSIBLE,
) -> list[tuple[str, Fraction]]:
	"""(pupil, rise) for the largest rise in attendance, ties all included; empty when no
	pupil with enough sessions in both periods improved."""
	rises = {}
	for pupil, now in current.items():
		before = previous.get(pupil)
		if not before or before.possible < min_possible or now.possible < min_possible:
			continue
		rise = rate(now) - rate(before)
		if rise > 0:
			rises[pupil] = rise
	if not rises:
		return []
	best = max(rises.values())
	return sorted((pupil, rise) for pupil, rise in rises.items() if rise == best)


def awards(
	previous: Mapping[str, Summary],
	current: Mapping[str, Summary],
	groups: Mapping[str, str],
	*,
	min_possible: int = DEFAULT_MIN_POSSIBLE,
) -> dict[str, list[Award]]:
	"""{group: awards} for every group with at least one award: its 100% pupils, then its
	most improved. ``groups``: pupil -> registration group (pupils without one are "")."""
	by_group: dict[str, list[str]] = defaultdict(list)
	for pupil in current:
		by_group[groups.get(pupil, "")].append(pupil)
	result: dict[str, list[Award]] = {}
	for group in sorted(by_group):
		members = by_group[group]
		now = {p: current[p] for p in members}
		got = [
			Award(p, FULL, group, percent(now[p].attending, now[p].possible))
			for p in full_attendance(now, min_possible=min_possible)
		]
		for pupil, rise in most_improved(
			{p: previous[p] for p in members if p in previous}, now, min_possible=min_possible
		):
			got.append(
				Award(
					pupil,
					IMPROVED,
					group,
					percent(now[pupil].attending, now[pupil].possible),
					percent(rise.numerator, rise.denominator),
				)
			)
		if got:
			result[group] = got
	return result


def previous_period(start: date, end: date) -> tuple[date, date]:
	"""The period of the same length ending the day before ``start`` (the default to compare with)."""
	length = (end - start).days
	before_end = start - timedelta(days=1)
	return before_end - timedelta(days=length), before_end


def certificate_context(
	award: Award,
	*,
	pupil_name: str,
	period: tuple[date, date],
	school: Mapping[str, object],
	signatory: Mapping[str, object],
	awarded_on: date,
) -> dict[str, object]:
	"""templates/letters/certificate.html: one certificate. Only the pupil's name and group."""
	return {
		"kind": award.kind,
		"title": KIND_TITLES[award.kind],
		"pupil": {"name": _text(pupil_name), "reg_group": _text(award.group)},
		"attendance": str(award.attendance),
		"rise": str(award.rise) if award.rise is not None else "",
		"period": {"start": long_date(period[0]), "end": long_date(period[1])},
		"school": {"name": _text(school.get("name")), "address_lines": _lines(school.get("address"))},
		"signatory": person(signatory),
		"awarded_on": long_date(awarded_on),
	}
