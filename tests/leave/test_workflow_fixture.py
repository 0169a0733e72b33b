"""The shipped Workflow "Leave of Absence Approval" (fixtures), checked without a bench.

Style guide section 4: one state field (status), allow_self_approval 0 on every transition,
deciders are the Head of Year (for their year groups, by a transition condition) and the
Headteacher; guardians submit and withdraw before a decision.
"""

from __future__ import annotations

import json
from pathlib import Path

from attendance_officer.engine.leave import LEAVE_GROUNDS
from attendance_officer.engine.leave_decision import DECISION_OF_STATE

APP = Path(__file__).resolve().parents[2] / "attendance_officer"
FIXTURES = APP / "fixtures"
DOCTYPE = (
	APP / "attendance_officer" / "doctype" / "leave_of_absence_request" / "leave_of_absence_request.json"
)


def load(name: str):
	return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


WORKFLOW = next(w for w in load("workflow.json") if w["name"] == "Leave of Absence Approval")
TRANSITIONS = WORKFLOW["transitions"]
STATES = {s["state"]: s for s in WORKFLOW["states"]}
FIELDS = {f["fieldname"]: f for f in json.loads(DOCTYPE.read_text())["fields"]}


def test_one_state_field_whose_options_are_the_states():
	assert WORKFLOW["workflow_state_field"] == "status"
	assert WORKFLOW["document_type"] == "Leave of Absence Request"
	assert WORKFLOW["is_active"] == 1
	assert FIELDS["status"]["options"].split("\n") == list(STATES)


def test_no_transition_allows_self_approval():
	assert TRANSITIONS and all(t["allow_self_approval"] == 0 for t in TRANSITIONS)


def test_states_and_actions_are_shipped_too():
	assert set(STATES) <= {s["name"] for s in load("workflow_state.json")}
	assert {t["action"] for t in TRANSITIONS} <= {a["name"] for a in load("workflow_action_master.json")}


def test_the_path_to_a_decision():
	path = {(t["state"], t["action"], t["allowed"]): t["next_state"] for t in TRANSITIONS}
	assert path[("Draft", "Submit Request", "Guardian")] == "Submitted"
	assert path[("Submitted", "Start Review", "Attendance Officer")] == "Under Review"
	assert path[("Under Review", "Send for Decision", "Attendance Officer")] == "Awaiting Decision"
	for action, state in (
		("Approve", "Approved"),
		("Partly Approve", "Partly Approved"),
		("Decline", "Declined"),
	):
		assert path[("Awaiting Decision", action, "Headteacher")] == state
		assert path[("Awaiting Decision", action, "Head of Year")] == state


def test_only_heads_of_year_and_the_headteacher_decide_and_heads_of_year_only_their_years():
	deciding = [t for t in TRANSITIONS if t["next_state"] in DECISION_OF_STATE]
	assert {t["allowed"] for t in deciding} == {"Head of Year", "Headteacher"}
	for t in deciding:
		if t["allowed"] == "Head of Year":
			assert "Attendance Head of Year" in t["condition"] and "frappe.session.user" in t["condition"]
		else:
			assert not t["condition"]


def test_guardian_withdraws_only_before_a_decision():
	withdrawals = {t["state"] for t in TRANSITIONS if t["action"] == "Withdraw"}
	assert withdrawals == {"Draft", "Submitted", "Under Review", "Awaiting Decision"}
	assert all(t["allowed"] == "Guardian" for t in TRANSITIONS if t["action"] == "Withdraw")


def test_decisions_submit_and_nothing_leaves_a_decision():
	for state in DECISION_OF_STATE:
		assert STATES[state]["doc_status"] == "1"
		assert not [t for t in TRANSITIONS if t["state"] == state]
	assert STATES["Cancelled"]["doc_status"] == "2"
	assert {s for s, row in STATES.items() if row["doc_status"] == "0"} == {
		"Draft",
		"Submitted",
		"Under Review",
		"Awaiting Decision",
		"Withdrawn",
	}


def test_leave_ground_options_are_the_engine_grounds():
	assert FIELDS["leave_ground"]["options"].split("\n") == list(LEAVE_GROUNDS)


def test_decider_fields_are_hidden_from_guardians_and_stamps_are_read_only():
	for name in ("decision_note", "approved_to_date", "approved_to_session"):
		assert FIELDS[name]["permlevel"] == 1
	for name in ("decision", "decided_by", "decided_on", "decision_reason", "status", "sessions_requested"):
		assert FIELDS[name]["read_only"] == 1
