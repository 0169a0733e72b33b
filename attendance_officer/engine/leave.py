"""Leave of absence: the grounds and their codes, the sessions asked for, clashes.

Source: ../shared/domain/uk-attendance-rules.md section 4 (reg 11 of the 2024
Regulations; WTISA paras 37-42) and section 1 (the codes). Leave is asked for from a
session to a session; only school sessions count (engine.sessions.session_range).

Notes on the grounds:
- C, C1, C2, J1 and S are reg 11 grounds (section 4). Whether reg 11 also lists medical or
  dental appointments (M) is UNCONFIRMED (section 7, item 2); M is worded as a leave of
  absence, so it is offered here. R (religious observance) is not a reg 11 ground in the
  reference; schools take requests for it through the same form, so it is offered too.
- Retrospective requests: some schools refuse leave asked for after the event (LOCAL
  PRACTICE); whether WTISA forbids it is UNCONFIRMED, so the engine only flags it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from attendance_officer.engine.sessions import Session, session_range, sessions_overlap
from attendance_officer.engine.statistics import Summary, summarise

if TYPE_CHECKING:
	from attendance_officer.engine.calendar import SchoolCalendar

# Grounds, spelled as the desk's Select options.
EXCEPTIONAL_CIRCUMSTANCES = "Exceptional Circumstances"
PERFORMANCE_OR_EMPLOYMENT_ABROAD = "Regulated Performance or Employment Abroad"
PART_TIME_TIMETABLE = "Part-time Timetable"
INTERVIEW = "Interview"
STUDY_LEAVE = "Study Leave"
MEDICAL_OR_DENTAL = "Medical or Dental Appointment"
RELIGIOUS_OBSERVANCE = "Religious Observance"

LEAVE_GROUNDS: dict[str, str] = {
	EXCEPTIONAL_CIRCUMSTANCES: "C",
	PERFORMANCE_OR_EMPLOYMENT_ABROAD: "C1",
	PART_TIME_TIMETABLE: "C2",
	INTERVIEW: "J1",
	STUDY_LEAVE: "S",
	MEDICAL_OR_DENTAL: "M",
	RELIGIOUS_OBSERVANCE: "R",
}

# A request in one of these states no longer claims its sessions. "Refused" is the word the
# style guide's example uses for "Declined"; both are accepted.
CLOSED_STATUSES = frozenset({"Declined", "Refused", "Withdrawn", "Cancelled"})


@dataclass(frozen=True)
class LeaveRequest:
	"""One pupil's request, as far as clashes are concerned."""

	name: str
	from_date: date
	from_session: str
	to_date: date
	to_session: str
	status: str = "Open"

	@property
	def start(self) -> Session:
		return (self.from_date, self.from_session)

	@property
	def end(self) -> Session:
		return (self.to_date, self.to_session)

	@property
	def is_open(self) -> bool:
		return self.status not in CLOSED_STATUSES


def requested_sessions(
	from_date: date,
	from_session: str,
	to_date: date,
	to_session: str,
	calendar: SchoolCalendar,
) -> tuple[Session, ...]:
	"""The school sessions a request covers (engine.sessions.session_range; same errors)."""
	return session_range(from_date, from_session, to_date, to_session, calendar)


def is_retrospective(request_made_on: date, leave_from: date) -> bool:
	"""Whether the request was made after the leave had started.

	A request made on the day the leave starts is not retrospective (a parent asking in the
	morning for an afternoon appointment asked in advance); one made the day after is.
	"""
	return request_made_on > leave_from


def overlapping(
	request: LeaveRequest,
	open_requests: Iterable[LeaveRequest],
	calendar: SchoolCalendar | None = None,
) -> list[LeaveRequest]:
	"""The other open requests (same pupil) that share a session with ``request``.

	Requests that are declined, refused, withdrawn or cancelled are ignored, and so is
	``request`` itself (same name) when the list includes it. Ranges touching at one session
	clash. With a calendar, only a shared school session counts (engine.sessions.sessions_overlap).
	"""
	return [
		other
		for other in open_requests
		if other.is_open
		and other.name != request.name
		and sessions_overlap(request.start, request.end, other.start, other.end, calendar)
	]


def attendance_at_request(code_counts: Mapping[str, int]) -> Summary:
	"""The pupil's attendance so far, shown to the approver (engine.statistics.summarise)."""
	return summarise(code_counts)
