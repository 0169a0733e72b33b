"""First-day calling: who to call first, how long they have been away, whom to ring.

Source: ../shared/domain/uk-attendance-rules.md section 6 ("First-day contact": contact
parents about any unexplained absence on the first day, then other contacts, with
safeguarding escalation; the typical sequence calls the main contact, then secondary
contacts). The order of the list and the contact priority are the school's practice
(LOCAL PRACTICE); the exact WTISA wording is UNCONFIRMED (section 7, item 5).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
	from attendance_officer.engine.calendar import SchoolCalendar


def consecutive_school_days_absent(
	day_states: Mapping[date, bool],
	calendar: SchoolCalendar,
	today: date,
) -> int:
	"""How many school days in a row, back from ``today``, the pupil has been absent.

	``day_states[d]`` is True when the pupil was absent on school day ``d`` (no attending
	session that day) and False when they attended. Counting starts at ``today`` (or the
	last school day before it, when today is not one) and stops at the first school day
	the pupil attended or that has no state (no register taken, not on roll yet).
	Weekends, holidays and closure days are not school days: they are skipped and do not
	break the count.
	"""
	days = calendar.days
	count = 0
	for index in range(bisect_right(days, today) - 1, -1, -1):
		if not day_states.get(days[index], False):
			break
		count += 1
	return count


@dataclass(frozen=True)
class CallingEntry:
	"""A pupil on today's first-day calling list."""

	student: str
	name: str
	days_absent: int = 1
	cp: bool = False  # child protection plan
	cin: bool = False  # child in need
	cla: bool = False  # child looked after


def calling_order(entry: CallingEntry) -> tuple:
	"""Sort key for the calling list: ``sorted(entries, key=calling_order)``.

	Safeguarding first: child protection (CP), then child in need (CIN), then looked after
	(CLA), compared flag by flag, so a pupil with CP and CLA comes before one with CP only.
	Then the longest absence, then name (case-insensitive), then the student id so the
	order is always the same.
	"""
	return (
		not entry.cp,
		not entry.cin,
		not entry.cla,
		-entry.days_absent,
		entry.name.casefold(),
		entry.student,
	)


@dataclass(frozen=True)
class GuardianContact:
	"""One guardian of the pupil, as the pupil's Student Guardian row gives it.

	``priority``: 1 is called first; None or 0 (an Int field left empty) means not set.
	"""

	guardian: str
	name: str = ""
	priority: int | None = None
	do_not_contact: bool = False


def guardians_in_order(guardians: Iterable[GuardianContact]) -> list[GuardianContact]:
	"""The guardians to call, in contact-priority order; do-not-contact guardians left out.

	Guardians without a priority come after those with one; ties keep the order given (the
	order of the pupil's guardian table).
	"""
	callable_ = [g for g in guardians if not g.do_not_contact]
	return sorted(callable_, key=_priority_key)


def _priority_key(guardian: GuardianContact) -> tuple[bool, int]:
	priority = guardian.priority or 0
	if priority <= 0:
		return (True, 0)
	return (False, priority)
