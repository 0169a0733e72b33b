"""Late arrivals: L before the register closes, U after.

Source: ../shared/domain/uk-attendance-rules.md section 1 (L: "late, arrived before the
register closed", counts as attending; U: "arrived after the register closed", an
unauthorised absence for the whole session) and section 5 ("Register open time": set in
the attendance policy, at most 30 minutes; engine.register checks the window itself).

Decisions (the regulations name the codes, not the exact instant):
- The register is open up to and including its closing time: a pupil who arrives AT the
  closing time is still L; one second later is U. Times are compared exactly, as
  engine.register compares them (a time entered to the minute has no seconds, so a pupil
  entered at 09:00 against a 09:00 close is L).
- Minutes late are counted from when the register opened, and any part of a minute counts
  as a whole one, so ``minutes_late`` is 0 exactly when the pupil was on time.
- Whether a pupil was late at all is for the caller (``minutes_late(...) > 0``): a pupil
  there when the register opens gets / or \\, not L.
- A register taken, or corrected, long after it opened says nothing about when a late
  pupil arrived: ``arriving_now`` answers None once the time since the opening is longer
  than a session may be (engine.marks.MAX_MINUTES_LATE), so the page asks for the arrival
  time instead of filling in a number of minutes the write path would refuse.
"""

from __future__ import annotations

from datetime import date, datetime, time

from attendance_officer.engine.marks import MAX_MINUTES_LATE

LATE_BEFORE_CLOSE = "L"
LATE_AFTER_CLOSE = "U"

_ANY_DAY = date(2000, 1, 3)


def late_code(arrived: time, register_closes: time) -> str:
	"""L when the pupil arrived at or before ``register_closes``, U after it."""
	return LATE_BEFORE_CLOSE if arrived <= register_closes else LATE_AFTER_CLOSE


def minutes_late(arrived: time, register_opens: time) -> int:
	"""Whole minutes (a part minute counts as one) from ``register_opens`` to ``arrived``; 0 if on time."""
	late = datetime.combine(_ANY_DAY, arrived) - datetime.combine(_ANY_DAY, register_opens)
	seconds = late.total_seconds()
	if seconds <= 0:
		return 0
	return -int(-seconds // 60)


def arriving_now(now: time, register_opens: time, longest: int = MAX_MINUTES_LATE) -> int | None:
	"""Minutes late of a pupil arriving at ``now``; None when ``now`` cannot be an arrival.

	None when the register has not opened yet (nobody is late) and when ``now`` is more
	than ``longest`` minutes after the opening (the register is being taken afterwards:
	the arrival time must be asked for).
	"""
	late = minutes_late(now, register_opens)
	return late if 0 < late <= longest else None
