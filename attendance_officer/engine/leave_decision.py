"""Deciding a leave of absence request: what may be decided, which sessions, the letter.

Source: ../shared/domain/uk-attendance-rules.md section 4 ("Leave of absence": the head
decides whether the circumstances are exceptional and how many days to grant, so a
request may be approved in part) and section 3 (National Framework penalty notices:
£80 if paid within 21 days, £160 within 28, per parent per child; holiday in term time
is coded G). Pure: the Frappe shell (leave_of_absence_request.py) passes plain values.

Decisions:
- "Partly approved" grants the sessions from the request's start up to an approved end
  inside the request (the head grants "how many days"); the rest of the request is not
  authorised.
- Declining always needs a reason, which the decline letter quotes.
- Nobody decides a request they raised, or one for a child they are a guardian of.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from attendance_officer.engine.i18n import _
from attendance_officer.engine.penalty_notices import FIRST_LOWER, FIRST_LOWER_DAYS, FULL, FULL_DAYS
from attendance_officer.engine.sessions import Session, session_key, show_session

APPROVED = "Approved"
PARTLY_APPROVED = "Partly approved"
DECLINED = "Declined"
DECISIONS = (APPROVED, PARTLY_APPROVED, DECLINED)

# Workflow state (status) -> decision.
DECISION_OF_STATE = {"Approved": APPROVED, "Partly Approved": PARTLY_APPROVED, "Declined": DECLINED}

# Code written for declined leave that is taken anyway (uk-attendance-rules.md section 1/3).
TAKEN_ANYWAY_CODE = "G"

# National Framework, first notice (section 3; engine.penalty_notices); per parent, per child.
PENALTY_LOWER = FIRST_LOWER
PENALTY_LOWER_DAYS = FIRST_LOWER_DAYS
PENALTY_UPPER = FULL
PENALTY_UPPER_DAYS = FULL_DAYS


def decision_error(
	decision: str,
	reason: str,
	requested: Sequence[Session],
	approved_to: Session | None,
) -> str | None:
	"""Why this decision cannot be recorded, or None.

	``requested``: the request's school sessions in time order. ``approved_to``: the last
	approved session (partly approved only).
	"""
	if decision not in DECISIONS:
		return _("{0!r} is not a decision. Choose Approved, Partly approved or Declined.").format(decision)
	if decision == DECLINED and not (reason or "").strip():
		return _("Declining needs a reason. Write it in the Decision Note, then decline again.")
	if decision == PARTLY_APPROVED:
		if not approved_to or not approved_to[0] or not approved_to[1]:
			return _(
				"A partly approved request needs the last approved date and session. "
				"Enter Approved To Date and Approved To Session, then decide again."
			)
		if not requested:
			return _("The request covers no school session, so nothing can be approved.")
		first, last = requested[0], requested[-1]
		key = session_key(approved_to)
		if not session_key(first) <= key < session_key(last):
			return _(
				"The approved end {0} must fall inside the request, from {1} up to the session "
				"before {2}. To grant everything, approve the request in full."
			).format(show_session(approved_to), show_session(first), show_session(last))
	return None


def approved_sessions(
	decision: str, requested: Sequence[Session], approved_to: Session | None = None
) -> tuple[Session, ...]:
	"""The sessions the decision authorises (none when declined)."""
	if decision == APPROVED:
		return tuple(requested)
	if decision == PARTLY_APPROVED and approved_to:
		last = session_key(approved_to)
		return tuple(s for s in requested if session_key(s) <= last)
	return ()


def conflict_error(decider: str, raised_by: str, guardian_users: Sequence[str]) -> str | None:
	"""Why ``decider`` may not decide this request (they raised it, or are the pupil's guardian)."""
	if decider and decider == raised_by:
		return _(
			"You raised this request, so someone else must decide it. Ask the Headteacher or another decider."
		)
	if decider and decider in guardian_users:
		return _(
			"You are a guardian of this pupil, so you cannot decide their leave. "
			"Ask the Headteacher or another decider."
		)
	return None


def _long(day: date) -> str:
	from attendance_officer.engine.letters import long_date

	return long_date(day)


def leave_letter_context(
	*,
	pupil: Mapping[str, object],
	guardian_name: str,
	request: Mapping[str, object],
	decision: str,
	decision_reason: str,
	approved: Sequence[Session],
	requested: Sequence[Session],
	school: Mapping[str, object],
	signatory: Mapping[str, object],
	letter_date: date,
	reference: str = "",
	recipient_address: object = None,
) -> dict[str, object]:
	"""The context of templates/letters/leave_decision.html, as plain values only.

	``pupil``: name, year_group (nothing else is copied). ``request``: ground, from_date,
	from_session, to_date, to_session (dates as date). The penalty figures come from the
	National Framework (section 3) and are shown in the decline letter. ``signatory`` is
	the person who decided (name and role); ``reference`` the request's id, quoted so the
	parent can answer it; ``recipient_address`` the parent's postal address (a string or
	lines), for a letter posted or handed over in a window envelope.
	"""
	from attendance_officer.engine.letters import _lines, _text

	def session_words(session: Session) -> str:
		day, name = session
		return (_("{0}, morning") if name == "AM" else _("{0}, afternoon")).format(_long(day))

	return {
		"letter_date": _long(letter_date),
		"pupil": {"name": _text(pupil.get("name")), "year_group": _text(pupil.get("year_group"))},
		"guardian_name": _text(guardian_name),
		"recipient": {"name": _text(guardian_name), "address_lines": _lines(recipient_address)},
		"reference": _text(reference),
		"decision": decision,
		"decision_reason": _text(decision_reason),
		"request": {
			"ground": _text(request.get("ground")),
			"start": session_words((request["from_date"], request["from_session"])),  # type: ignore[arg-type]
			"end": session_words((request["to_date"], request["to_session"])),  # type: ignore[arg-type]
			"sessions": len(requested),
		},
		"approved": {
			"sessions": len(approved),
			"start": session_words(approved[0]) if approved else "",
			"end": session_words(approved[-1]) if approved else "",
		},
		"penalty": {
			"lower": PENALTY_LOWER,
			"lower_days": PENALTY_LOWER_DAYS,
			"upper": PENALTY_UPPER,
			"upper_days": PENALTY_UPPER_DAYS,
		},
		"school": {
			"name": _text(school.get("name")),
			"address_lines": _lines(school.get("address")),
			"phone": _text(school.get("phone")),
			"email": _text(school.get("email")),
		},
		"signatory": {"name": _text(signatory.get("name")), "role": _text(signatory.get("role"))},
	}
