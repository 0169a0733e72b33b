"""engine.leave_decision: what may be decided, the approved sessions, conflicts, the letter context."""

from __future__ import annotations

from datetime import date

import pytest

from attendance_officer.engine.leave_decision import (
	APPROVED,
	DECLINED,
	PARTLY_APPROVED,
	PENALTY_LOWER,
	PENALTY_UPPER,
	approved_sessions,
	conflict_error,
	decision_error,
	leave_letter_context,
)

MON, TUE, WED = date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 5)
REQUESTED = ((MON, "AM"), (MON, "PM"), (TUE, "AM"), (TUE, "PM"), (WED, "AM"))


def test_full_approval_needs_nothing_more():
	assert decision_error(APPROVED, "", REQUESTED, None) is None
	assert approved_sessions(APPROVED, REQUESTED) == REQUESTED


def test_declining_needs_a_reason():
	assert "needs a reason" in decision_error(DECLINED, "  ", REQUESTED, None)
	assert decision_error(DECLINED, "Holiday is not exceptional", REQUESTED, None) is None
	assert approved_sessions(DECLINED, REQUESTED) == ()


def test_partly_approved_needs_an_end_inside_the_request():
	assert "Approved To Date" in decision_error(PARTLY_APPROVED, "", REQUESTED, None)
	assert decision_error(PARTLY_APPROVED, "", REQUESTED, (TUE, "AM")) is None
	assert approved_sessions(PARTLY_APPROVED, REQUESTED, (TUE, "AM")) == REQUESTED[:3]


@pytest.mark.parametrize("end", [(WED, "AM"), (WED, "PM"), (date(2025, 2, 28), "PM")])
def test_partly_approved_end_outside_or_at_the_last_session_is_refused(end):
	assert "must fall inside the request" in decision_error(PARTLY_APPROVED, "", REQUESTED, end)


def test_unknown_decision_is_refused():
	assert "is not a decision" in decision_error("Maybe", "", REQUESTED, None)


def test_nobody_decides_what_they_raised_or_for_their_own_child():
	assert "You raised this request" in conflict_error("hoy@x", "hoy@x", [])
	assert "guardian of this pupil" in conflict_error("hoy@x", "parent@x", ["hoy@x"])
	assert conflict_error("hoy@x", "parent@x", ["parent@x"]) is None


def test_letter_context_holds_plain_values_and_the_penalty_figures():
	context = leave_letter_context(
		pupil={"name": "Amy Smith", "year_group": "9", "upn": "SECRET"},
		guardian_name="Jo Smith",
		request={
			"ground": "Exceptional Circumstances",
			"from_date": MON,
			"from_session": "AM",
			"to_date": WED,
			"to_session": "AM",
		},
		decision=DECLINED,
		decision_reason="Holiday",
		approved=(),
		requested=REQUESTED,
		school={"name": "Northfield", "address": "1 Lane, Town"},
		signatory={"name": "Ms R", "role": "Headteacher"},
		letter_date=date(2025, 2, 20),
	)
	assert context["pupil"] == {"name": "Amy Smith", "year_group": "9"}
	assert context["request"]["start"] == "3 March 2025, morning"
	assert context["request"]["sessions"] == 5
	assert context["penalty"]["lower"] == PENALTY_LOWER == 80
	assert context["penalty"]["upper"] == PENALTY_UPPER == 160
	assert context["school"]["address_lines"] == ["1 Lane", "Town"]
