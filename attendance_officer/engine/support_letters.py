"""The plain values of a support meeting's documents: the minutes and the attendance contract.

One context builder per template in templates/letters/ (meeting_minutes.html,
attendance_contract.html), shared by the print formats on Attendance Support Meeting and
the framework-free template tests. Both go to the family, so each copies only what the
family may read: the pupil's name and year group, who came, the barriers talked about,
the plan and its target, the figures on the day. Nothing staff-only
(engine.letters.STAFF_ONLY_FIELDS: no SEN, CP, CIN, CLA, FSM, pupil premium or UPN).

Rules: ../shared/domain/uk-attendance-rules.md section 6: an attendance contract (WTISA
2024 paras 138-150, replacing the parenting contract) is a written agreement between the
parent and the school; it is not legally binding and a parent cannot be made to sign it.
The contract says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from attendance_officer.engine.letters import _lines, _text, long_date
from attendance_officer.engine.penalty_letters import figure_values, person, school_values

FAMILY = "family"
SCHOOL = "school"


def _date(value: date | None) -> str:
	return long_date(value) if value else ""


def _target(value: object) -> str:
	"""95.0 -> "95", 92.5 -> "92.5"; blank when no target was set."""
	if value in (None, "", 0):
		return ""
	number = float(value)  # type: ignore[arg-type]
	return f"{number:g}"


def action_rows(actions: Sequence[Mapping[str, object]]) -> list[dict[str, str]]:
	"""Each action with who does it (a named person, or the member of staff), by when and
	how it stands."""
	return [
		{
			"action": _text(a.get("action")),
			"by": _text(a.get("by")),
			"due": _date(a.get("due_date")),  # type: ignore[arg-type]
			"status": _text(a.get("status")),
			"side": FAMILY if a.get("side") == FAMILY else SCHOOL,
		}
		for a in actions
		if _text(a.get("action"))
	]


def minutes_context(
	*,
	pupil: Mapping[str, object],
	meeting_type: str,
	meeting_date: date,
	reference: str,
	attendees: Sequence[Mapping[str, object]],
	barriers: Sequence[Mapping[str, object]],
	actions: Sequence[Mapping[str, object]],
	figures: Mapping[str, object],
	figures_period: tuple[date, date],
	target: object,
	review_date: date | None,
	outcome: str,
	next_step: str,
	school: Mapping[str, object],
	signatory: Mapping[str, object],
) -> dict[str, object]:
	"""templates/letters/meeting_minutes.html. ``attendees``: name, role, attended.
	``barriers``: category, detail. ``actions``: action, by, due_date, status, side
	("family" or "school")."""
	return {
		"reference": _text(reference),
		"pupil": {"name": _text(pupil.get("name")), "year_group": _text(pupil.get("year_group"))},
		"meeting": {"type": _text(meeting_type), "date": long_date(meeting_date)},
		"attendees": [
			{"name": _text(a.get("name")), "role": _text(a.get("role")), "attended": bool(a.get("attended"))}
			for a in attendees
			if _text(a.get("name"))
		],
		"barriers": [
			{"category": _text(b.get("category")), "detail": _text(b.get("detail"))}
			for b in barriers
			if _text(b.get("category"))
		],
		"actions": action_rows(actions),
		"figures": figure_values(figures),
		"period": {"start": long_date(figures_period[0]), "end": long_date(figures_period[1])},
		"target": _target(target),
		"review_date": _date(review_date),
		"outcome": _lines(outcome),
		"next_step": _text(next_step),
		"school": school_values(school),
		"signatory": person(signatory),
	}


def contract_context(
	*,
	pupil: Mapping[str, object],
	parent_name: str,
	meeting_date: date,
	reference: str,
	barriers: Sequence[Mapping[str, object]],
	actions: Sequence[Mapping[str, object]],
	figures: Mapping[str, object],
	figures_period: tuple[date, date],
	target: object,
	review_date: date | None,
	school: Mapping[str, object],
	signatory: Mapping[str, object],
) -> dict[str, object]:
	"""templates/letters/attendance_contract.html: the family's commitments (actions on the
	family's side) and the school's (actions on the school's side), the target, the review
	date and the lines to sign."""
	rows = action_rows(actions)
	return {
		"reference": _text(reference),
		"pupil": {"name": _text(pupil.get("name")), "year_group": _text(pupil.get("year_group"))},
		"parent_name": _text(parent_name),
		"agreed_on": long_date(meeting_date),
		"barriers": [
			{"category": _text(b.get("category")), "detail": _text(b.get("detail"))}
			for b in barriers
			if _text(b.get("category"))
		],
		"family_commitments": [r for r in rows if r["side"] == FAMILY],
		"school_commitments": [r for r in rows if r["side"] == SCHOOL],
		"figures": figure_values(figures),
		"period": {"start": long_date(figures_period[0]), "end": long_date(figures_period[1])},
		"target": _target(target),
		"review_date": _date(review_date),
		"school": school_values(school),
		"signatory": person(signatory),
	}
