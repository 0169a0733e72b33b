"""engine.register_marks: a register batch is checked whole before anything is written."""

from __future__ import annotations

from datetime import date

import pytest

from attendance_officer.engine.register_marks import (
	MarkInput,
	StoredMark,
	default_present_code,
	describe_amendment,
	is_locked,
	mark_error,
	plan_batch,
	register_date_error,
)

TODAY = date(2026, 11, 23)
MON = date(2026, 11, 23)


def row(student="P1", code="/", session="AM", day=MON, **kw) -> MarkInput:
	return MarkInput(student, day, session, code, **kw)


def test_default_present_code_by_session():
	assert default_present_code("AM") == "/"
	assert default_present_code("PM") == "\\"


@pytest.mark.parametrize(
	("code", "session", "minutes", "note", "fragment"),
	[
		("H", "AM", 0, "", "withdrawn"),
		("ZZ", "AM", 0, "", "unknown"),
		("/", "PM", 0, "", "use \\"),
		("\\", "AM", 0, "", "use /"),
		("/", "XX", 0, "", "not a session"),
		("N", "AM", 5, "", "late code"),
		("L", "AM", -1, "", "negative"),
		("L", "AM", 301, "", "at most 300"),
		("B", "AM", 0, "", "needs a note"),
		("C", "PM", 0, "  ", "needs a note"),
		("Y7", "AM", 0, "", "needs a note"),
	],
)
def test_mark_errors(code, session, minutes, note, fragment):
	assert fragment in mark_error(code, session, minutes, note)


@pytest.mark.parametrize(
	("code", "session", "minutes", "note"),
	[
		("/", "AM", 0, ""),
		("\\", "PM", 0, ""),
		("L", "AM", 12, ""),
		("U", "PM", 40, ""),
		("B", "AM", 0, "Music exam"),
	],
)
def test_marks_in_force_pass(code, session, minutes, note):
	assert mark_error(code, session, minutes, note) is None


def test_lock_window_boundary():
	assert not is_locked(date(2026, 11, 16), TODAY, 7)  # exactly 7 days old: still open
	assert is_locked(date(2026, 11, 15), TODAY, 7)
	assert not is_locked(date(2020, 1, 1), TODAY, 0)  # 0 leaves registers open


def test_new_marks_are_inserts():
	plan = plan_batch([row("P1"), row("P2", "N")], {}, today=TODAY)
	assert plan.ok and [r.student for r in plan.inserts] == ["P1", "P2"]
	assert plan.updates == () and plan.amendments == ()


def test_resaving_the_same_marks_changes_nothing():
	existing = {("P1", MON, "AM"): StoredMark("/"), ("P2", MON, "AM"): StoredMark("L", 5)}
	plan = plan_batch([row("P1"), row("P2", "L", minutes_late=5)], existing, today=TODAY)
	assert plan.ok and plan.writes == () and len(plan.unchanged) == 2


def test_changing_a_code_needs_a_reason():
	existing = {("P1", MON, "AM"): StoredMark("N")}
	plan = plan_batch([row("P1", "I")], existing, today=TODAY, labels=["Ann Smith"])
	assert not plan.ok
	assert plan.errors[0].startswith("Ann Smith: changing N to I")


def test_changing_a_code_with_a_reason_is_an_amendment():
	existing = {("P1", MON, "AM"): StoredMark("N")}
	plan = plan_batch([row("P1", "I", reason="Mother rang: flu")], existing, today=TODAY)
	assert plan.ok
	assert plan.amendments[0].previous_code == "N" and plan.amendments[0].new_code == "I"
	assert plan.amendments[0].reason == "Mother rang: flu"
	assert plan.updates == (row("P1", "I", reason="Mother rang: flu"),)


def test_a_batch_reason_covers_record_writes():
	existing = {("P1", MON, "AM"): StoredMark("N")}
	plan = plan_batch([row("P1", "V")], existing, today=TODAY, default_reason="Bulk mark ABM-1")
	assert plan.amendments[0].reason == "Bulk mark ABM-1"


def test_minutes_change_is_kept_in_the_trail():
	"""Review finding 8: minutes late changed on the write path leave an amendment row."""
	existing = {("P1", MON, "AM"): StoredMark("L", 5)}
	plan = plan_batch([row("P1", "L", minutes_late=7)], existing, today=TODAY)
	assert plan.ok and len(plan.updates) == 1
	(amendment,) = plan.amendments
	assert (amendment.previous_code, amendment.new_code) == ("L", "L")
	assert (amendment.previous_minutes_late, amendment.new_minutes_late) == (5, 7)
	assert describe_amendment(amendment) == "Minutes late changed from 5 to 7."


def test_note_change_is_kept_in_the_trail_with_its_reason():
	existing = {("P1", MON, "AM"): StoredMark("B", 0, "Chess final")}
	plan = plan_batch([row("P1", "B", note="Chess semi-final", reason="Wrong round")], existing, today=TODAY)
	(amendment,) = plan.amendments
	assert describe_amendment(amendment) == (
		'Note changed from "Chess final" to "Chess semi-final". Wrong round'
	)


def test_code_change_text_is_just_the_reason():
	existing = {("P1", MON, "AM"): StoredMark("N")}
	plan = plan_batch([row("P1", "I", reason="Mother rang")], existing, today=TODAY)
	assert describe_amendment(plan.amendments[0]) == "Mother rang"


def test_mark_decided_elsewhere_is_refused_without_override():
	"""Review finding 3: a bulk or leave mark is not overwritten from the register."""
	existing = {("P1", MON, "AM"): StoredMark("V", source="Bulk")}
	plan = plan_batch(
		[row("P1", "/", reason="Came back")],
		existing,
		today=TODAY,
		labels=["Ann"],
		editable_sources={"Register"},
	)
	assert not plan.ok
	assert plan.errors[0].startswith("Ann: the mark V was recorded by Bulk")
	allowed = plan_batch(
		[row("P1", "/", reason="Came back")],
		existing,
		today=TODAY,
		editable_sources={"Register"},
		may_override=True,
	)
	assert allowed.ok and len(allowed.updates) == 1


def test_unchanged_mark_decided_elsewhere_is_not_refused():
	existing = {("P1", MON, "AM"): StoredMark("V", source="Bulk")}
	plan = plan_batch([row("P1", "V")], existing, today=TODAY, editable_sources={"Register"})
	assert plan.ok and len(plan.unchanged) == 1


def test_register_mark_stays_editable():
	existing = {("P1", MON, "AM"): StoredMark("/", source="Register")}
	plan = plan_batch(
		[row("P1", "N", reason="Left early")], existing, today=TODAY, editable_sources={"Register"}
	)
	assert plan.ok


def test_register_date_error():
	"""Review finding 4: no register for a future date or a day that is not a school day."""
	assert register_date_error(TODAY, TODAY, True) is None
	assert register_date_error(date(2026, 11, 20), TODAY, True) is None
	assert "in the future" in register_date_error(date(2026, 11, 24), TODAY, True)
	assert "not a school day" in register_date_error(date(2026, 11, 22), TODAY, False)


def test_one_bad_row_refuses_the_whole_batch():
	plan = plan_batch([row("P1"), row("P2", "H"), row("P3")], {}, today=TODAY)
	assert not plan.ok
	assert plan.inserts == () and plan.writes == ()
	assert plan.errors == (plan.errors[0],) and plan.errors[0].startswith("Row 2:")


def test_two_rows_for_one_session_are_refused():
	plan = plan_batch([row("P1"), row("P1", "N")], {}, today=TODAY, labels=["line 2", "line 3"])
	assert plan.errors == (
		"line 3: a second mark for 2026-11-23 AM, already given at line 2; keep one of them.",
	)


def test_locked_register_refused_without_unlock():
	old = date(2026, 11, 2)
	existing = {("P1", old, "AM"): StoredMark("N")}
	plan = plan_batch([row("P1", "I", day=old, reason="late note")], existing, today=TODAY, lock_days=7)
	assert not plan.ok and "locked" in plan.errors[0]
	allowed = plan_batch(
		[row("P1", "I", day=old, reason="late note")], existing, today=TODAY, lock_days=7, may_unlock=True
	)
	assert allowed.ok and len(allowed.amendments) == 1


def test_unchanged_locked_marks_are_not_refused():
	old = date(2026, 11, 2)
	existing = {("P1", old, "AM"): StoredMark("/")}
	assert plan_batch([row("P1", day=old)], existing, today=TODAY, lock_days=7).ok
