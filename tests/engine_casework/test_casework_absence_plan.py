"""engine.absence_plan: a record writes its code over marks; cancelling takes it back off.

The property test plays random interleavings of several overlapping records being applied
and cancelled, with manual amendments in between, against an independent model: a
session shows the last write still standing (a record's write stands until the record is
cancelled; an amendment always stands), or the original mark when none does.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance_officer.engine.absence_plan import (
	ALREADY_WRITTEN,
	AMENDED,
	ATTENDING_MARK,
	OTHER_CODE,
	Change,
	Handover,
	Mark,
	PlanError,
	hand_over,
	plan_apply,
	plan_restore,
)
from attendance_officer.engine.codes import ABSENCE, ATTENDING, CodeError

MON, TUE, WED = date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 5)
MON_AM, MON_PM, TUE_AM, TUE_PM, WED_AM, WED_PM = (
	(MON, "AM"),
	(MON, "PM"),
	(TUE, "AM"),
	(TUE, "PM"),
	(WED, "AM"),
	(WED, "PM"),
)
ALL = (MON_AM, MON_PM, TUE_AM, TUE_PM, WED_AM, WED_PM)

REGISTER_N = Mark("N", "Register", "form 7A")
PRESENT_AM = Mark("/", "Register", "form 7A")
PRESENT_PM = Mark("\\", "Register", "form 7A")


def record(name: str, code: str, sessions, existing, **kw):
	return plan_apply(existing, sessions, code, "Absence Record", source_name=name, **kw)


def written(marks: dict, plan) -> dict:
	"""``marks`` after the caller writes ``plan``'s changes."""
	result = dict(marks)
	for change in plan.changes:
		result[change.session] = change.after
	return result


def restored(marks: dict, restore_plan) -> dict:
	result = dict(marks)
	for step in restore_plan.restores:
		if step.restore_to is None:
			result.pop(step.session, None)
		else:
			result[step.session] = step.restore_to
	return result


# plan_apply


def test_blank_and_n_are_replaced():
	marks = {MON_AM: REGISTER_N}
	plan = record("ABS-1", "I", [MON_AM, MON_PM], marks)
	assert plan.changes == (
		Change(MON_AM, REGISTER_N, Mark("I", "Absence Record", "ABS-1")),
		Change(MON_PM, None, Mark("I", "Absence Record", "ABS-1")),
	)
	assert not plan.refusals and not plan.skipped and not plan.needs_confirmation


def test_mark_with_an_empty_code_counts_as_blank():
	empty = Mark("", "Register", "form 7A")
	plan = record("ABS-1", "I", [MON_AM], {MON_AM: empty})
	assert plan.changes == (Change(MON_AM, empty, Mark("I", "Absence Record", "ABS-1")),)


def test_attending_mark_is_not_overwritten_without_confirmation():
	marks = {MON_AM: PRESENT_AM, MON_PM: REGISTER_N}
	plan = record("ABS-1", "M", [MON_AM, MON_PM], marks)
	assert [c.session for c in plan.changes] == [MON_PM]
	assert plan.needs_confirmation
	(refusal,) = plan.refusals
	assert (refusal.session, refusal.mark, refusal.reason) == (MON_AM, PRESENT_AM, ATTENDING_MARK)
	assert "2025-03-03 AM" in refusal.message and "Confirm" in refusal.message


def test_attending_mark_is_overwritten_once_confirmed():
	marks = {MON_AM: PRESENT_AM}
	plan = record("ABS-1", "M", [MON_AM], marks, overwrite_attending=True)
	assert plan.changes == (Change(MON_AM, PRESENT_AM, Mark("M", "Absence Record", "ABS-1")),)
	assert not plan.refusals


@pytest.mark.parametrize("code", ["C", "I", "U", "#", "Y7", "D"])
def test_other_codes_are_left_alone_and_listed(code):
	other = Mark(code, "Leave of Absence Request", "LOA-3")
	plan = record("ABS-1", "I", [MON_AM], {MON_AM: other}, overwrite_attending=True)
	assert not plan.changes and not plan.refusals
	(skip,) = plan.skipped
	assert (skip.session, skip.mark, skip.reason) == (MON_AM, other, OTHER_CODE)
	assert "LOA-3" in skip.message


@pytest.mark.parametrize("code", ["C", "I", "U", "G"])
def test_absences_already_recorded_are_listed_apart_and_replaced_only_once_confirmed(code):
	recorded = Mark(code, "Absence Record", "ABS-7")
	closure = plan_apply({MON_AM: recorded}, [MON_AM], "#", "Bulk", source_name="BULK-1")
	assert not closure.changes
	assert closure.absent == closure.skipped and closure.absent[0].mark == recorded
	confirmed = plan_apply(
		{MON_AM: recorded}, [MON_AM], "#", "Bulk", source_name="BULK-1", overwrite_absent=True
	)
	assert confirmed.changes == (Change(MON_AM, recorded, Mark("#", "Bulk", "BULK-1")),)
	assert not confirmed.absent


def test_codes_that_are_not_absences_are_never_listed_as_absent():
	for code in ("#", "Y7", "D", "Z"):
		plan = plan_apply(
			{MON_AM: Mark(code, "Bulk", "B-2")},
			[MON_AM],
			"V",
			"Bulk",
			source_name="B-3",
			overwrite_absent=True,
		)
		assert not plan.changes and not plan.absent and plan.skipped


def test_same_code_from_another_writer_is_left_alone():
	theirs = Mark("I", "Register", "form 7A")
	plan = record("ABS-1", "I", [MON_AM], {MON_AM: theirs})
	assert not plan.changes
	assert plan.skipped[0].reason == OTHER_CODE


def test_applying_twice_changes_nothing_the_second_time():
	first = record("ABS-1", "I", [MON_AM], {})
	again = record("ABS-1", "I", [MON_AM], written({}, first))
	assert not again.changes
	assert again.skipped[0].reason == ALREADY_WRITTEN


def test_applying_an_n_record_twice_changes_nothing_the_second_time():
	first = plan_apply({}, [MON_AM], "N", "Bulk Code", source_name="BULK-1")
	again = plan_apply(written({}, first), [MON_AM], "N", "Bulk Code", source_name="BULK-1")
	assert not again.changes and again.skipped[0].reason == ALREADY_WRITTEN


def test_sessions_are_planned_once_in_time_order():
	plan = record("ABS-1", "I", [TUE_AM, MON_PM, TUE_AM, MON_AM], {})
	assert [c.session for c in plan.changes] == [MON_AM, MON_PM, TUE_AM]


def test_unknown_or_retired_code_is_refused():
	with pytest.raises(CodeError, match="unknown"):
		record("ABS-1", "QQ", [MON_AM], {})
	with pytest.raises(CodeError, match="C \\(leave of absence"):
		record("ABS-1", "H", [MON_AM], {})


def test_writer_must_be_named():
	with pytest.raises(PlanError, match="name the record"):
		plan_apply({}, [MON_AM], "I", "Absence Record", source_name="")


# plan_restore


def test_apply_then_cancel_gives_back_exactly_the_prior_marks():
	marks = {MON_AM: REGISTER_N, MON_PM: PRESENT_PM, TUE_AM: Mark("C", "Leave of Absence Request", "LOA-1")}
	plan = record("ABS-1", "I", ALL, marks, overwrite_attending=True)
	after = written(marks, plan)
	back = plan_restore(plan.changes, after)
	assert not back.amended and not back.handovers
	assert restored(after, back) == marks


def test_later_amendment_is_kept_and_reported():
	plan = record("ABS-1", "I", [MON_AM, MON_PM], {MON_AM: REGISTER_N})
	after = written({MON_AM: REGISTER_N}, plan)
	amendment = Mark("/", "Amendment", "AMD-9")  # the pupil was in after all
	after[MON_PM] = amendment
	back = plan_restore(plan.changes, after)
	assert [r.session for r in back.restores] == [MON_AM]
	(kept,) = back.amended
	assert (kept.session, kept.mark, kept.reason) == (MON_PM, amendment, AMENDED)
	assert "left as /" in kept.message
	final = restored(after, back)
	assert final == {MON_AM: REGISTER_N, MON_PM: amendment}


def test_mark_cleared_since_is_reported_not_restored():
	plan = record("ABS-1", "I", [MON_AM], {})
	back = plan_restore(plan.changes, {})
	assert not back.restores
	assert back.amended[0].mark is None and "left as blank" in back.amended[0].message


def test_cancel_never_touches_sessions_the_record_did_not_change():
	marks = {MON_AM: PRESENT_AM}
	plan = record("ABS-1", "I", [MON_AM, MON_PM], marks)  # MON_AM refused
	after = written(marks, plan)
	after[TUE_AM] = REGISTER_N
	back = plan_restore(plan.changes, after)
	assert {r.session for r in back.restores} == {MON_PM}
	assert restored(after, back) == {MON_AM: PRESENT_AM, TUE_AM: REGISTER_N}


def test_overlapping_records_a_then_b_then_cancel_a_keeps_b():
	marks = {s: REGISTER_N for s in ALL}
	a = record("ABS-A", "I", [MON_AM, MON_PM, TUE_AM, TUE_PM], marks)
	marks = written(marks, a)
	b = record("ABS-B", "M", [TUE_PM, WED_AM, WED_PM], marks)  # TUE_PM is A's I: left alone
	assert [s.session for s in b.skipped] == [TUE_PM]
	marks = written(marks, b)
	marks = restored(marks, plan_restore(a.changes, marks))
	assert marks == {
		MON_AM: REGISTER_N,
		MON_PM: REGISTER_N,
		TUE_AM: REGISTER_N,
		TUE_PM: REGISTER_N,
		WED_AM: Mark("M", "Absence Record", "ABS-B"),
		WED_PM: Mark("M", "Absence Record", "ABS-B"),
	}


@pytest.mark.parametrize("first", ["A", "B"])
def test_record_written_over_another_cancelled_in_either_order(first):
	"""A bulk N, then an Absence Record explaining it; cancelling both in any order clears both."""
	bulk = plan_apply({}, [MON_AM, MON_PM], "N", "Bulk Code", source_name="BULK-1")
	marks = written({}, bulk)
	explained = record("ABS-B", "I", [MON_AM, MON_PM], marks)
	marks = written(marks, explained)
	changes = {"A": bulk.changes, "B": explained.changes}
	second = "B" if first == "A" else "A"
	back = plan_restore(changes[first], marks)
	marks = restored(marks, back)
	changes[second] = hand_over(changes[second], back.handovers)
	if first == "A":  # the bulk N lies under the record: nothing restored yet, I stays
		assert not back.restores and len(back.handovers) == 2
		assert marks[MON_AM] == Mark("I", "Absence Record", "ABS-B")
	else:
		assert marks[MON_AM] == Mark("N", "Bulk Code", "BULK-1")
	marks = restored(marks, plan_restore(changes[second], marks))
	assert marks == {}


def test_hand_over_changes_only_the_matching_before():
	a_mark = Mark("N", "Bulk Code", "BULK-1")
	changes = (
		Change(MON_AM, a_mark, Mark("I", "Absence Record", "B")),
		Change(MON_PM, REGISTER_N, Mark("I", "Absence Record", "B")),
	)
	result = hand_over(changes, [Handover(MON_AM, a_mark, None), Handover(MON_PM, a_mark, None)])
	assert result == (Change(MON_AM, None, changes[0].after), changes[1])


# The property test

_INITIAL = st.sampled_from(
	[None, REGISTER_N, PRESENT_AM, Mark("I", "Register", "form 7A"), Mark("O", "Register", "form 7A")]
)
_RECORDS = ("R1", "R2", "R3", "R4")
_OPS = st.lists(
	st.one_of(
		st.tuples(
			st.just("apply"),
			st.sampled_from(_RECORDS),
			st.sets(st.sampled_from(ALL), min_size=1),
			st.sampled_from(["I", "M", "C", "N", "V"]),
			st.booleans(),
		),
		st.tuples(st.just("cancel"), st.sampled_from(_RECORDS)),
		st.tuples(st.just("amend"), st.sampled_from(ALL), st.sampled_from(["/", "O", "N", "I"])),
	),
	max_size=14,
)


class Model:
	"""The marks, each record's stored changes, and the independent 'last write standing' model."""

	def __init__(self, initial: dict):
		self.initial = dict(initial)
		self.marks = {s: m for s, m in initial.items() if m is not None}
		self.changes: dict[str, tuple[Change, ...]] = {}
		self.live: set[str] = set()
		self.history: dict = {s: [] for s in ALL}  # (writer, mark): writer None = amendment
		self.amended = False

	def expected(self, session):
		for writer, mark in reversed(self.history[session]):
			if writer is None or writer in self.live:
				return mark
		return self.initial.get(session)

	def check(self):
		for session in ALL:
			assert self.marks.get(session) == self.expected(session), session

	def apply(self, name, sessions, code, overwrite, source="Absence Record", overwrite_absent=False):
		if name in self.changes:
			return
		plan = plan_apply(
			self.marks,
			sessions,
			code,
			source,
			source_name=name,
			overwrite_attending=overwrite,
			overwrite_absent=overwrite_absent,
		)
		for change in plan.changes:
			assert (
				change.before is None
				or change.before.code == "N"
				or (overwrite and change.before.code in ATTENDING)
				or (overwrite_absent and change.before.code in ABSENCE)
			)
			self.history[change.session].append((name, change.after))
		assert {c.session for c in plan.changes} | {i.session for i in plan.refusals + plan.skipped} == set(
			sessions
		)
		self.marks = written(self.marks, plan)
		self.changes[name] = plan.changes
		self.live.add(name)

	def cancel(self, name):
		if name not in self.live:
			return
		changes = self.changes[name]
		before = dict(self.marks)
		back = plan_restore(changes, self.marks)
		self.marks = restored(self.marks, back)
		self.live.discard(name)
		changed = {c.session for c in changes}
		# Never touches a session it did not change.
		for session in set(ALL) - changed:
			assert self.marks.get(session) == before.get(session)
		assert {r.session for r in back.restores} | {a.session for a in back.amended} == changed
		for change in changes:
			if before.get(change.session) == change.after:
				# Nobody changed it since: the prior mark comes back.
				assert self.marks.get(change.session) == change.before
			else:
				# Changed since: left as it is, and reported.
				assert self.marks.get(change.session) == before.get(change.session)
				assert change.session in {a.session for a in back.amended}
		for other in self.live:
			self.changes[other] = hand_over(self.changes[other], back.handovers)

	def amend(self, session, code, number):
		mark = Mark(code, "Amendment", f"AMD-{number}")
		self.marks[session] = mark
		self.history[session].append((None, mark))
		self.amended = True


def cancel_the_rest(model: Model, initial: dict, random) -> None:
	"""Cancel every record still standing, in a random order; checked after each cancel."""
	remaining = sorted(model.live)
	random.shuffle(remaining)
	for name in remaining:
		model.cancel(name)
		model.check()
	if not model.amended:
		assert model.marks == {s: m for s, m in initial.items() if m is not None}


@settings(max_examples=300, deadline=None)
@given(
	st.fixed_dictionaries({s: _INITIAL for s in ALL}),
	_OPS,
	st.randoms(use_true_random=False),
)
def test_any_interleaving_of_records_cancels_cleanly(initial, ops, random):
	model = Model(initial)
	for number, op in enumerate(ops):
		if op[0] == "apply":
			model.apply(*op[1:])
		elif op[0] == "cancel":
			model.cancel(op[1])
		else:
			model.amend(*op[1:], number)
		model.check()
	cancel_the_rest(model, initial, random)


# Records of every kind the shell writes (registers.records STORES), each with the codes it
# writes and whether it may replace attending marks: absence records and bulk marks after
# confirmation, leave never (the pupil was in school).
_KINDS = {
	"Absence Record": (("I", "M", "C", "O", "R"), True),
	"Bulk": (("V", "P", "W", "K", "#", "Y1"), True),
	"Leave of Absence": (("C", "C1", "M", "G"), False),
}
_MIXED_RECORDS = ("A1", "A2", "B1", "B2", "L1")
_KIND_OF = {"A": "Absence Record", "B": "Bulk", "L": "Leave of Absence"}
_MIXED_OPS = st.lists(
	st.one_of(
		st.tuples(
			st.just("apply"),
			st.sampled_from(_MIXED_RECORDS),
			st.sets(st.sampled_from(ALL), min_size=1),
			st.integers(min_value=0, max_value=5),
			st.booleans(),
		),
		st.tuples(st.just("cancel"), st.sampled_from(_MIXED_RECORDS)),
		st.tuples(st.just("amend"), st.sampled_from(ALL), st.sampled_from(["/", "O", "N", "I", "V"])),
	),
	max_size=16,
)


@settings(max_examples=300, deadline=None)
@given(
	st.fixed_dictionaries({s: _INITIAL for s in ALL}),
	_MIXED_OPS,
	st.randoms(use_true_random=False),
)
def test_any_interleaving_of_records_of_different_kinds_cancels_cleanly(initial, ops, random):
	"""Absence records, bulk marks and leave over the same sessions, with hand amendments.

	Every session always shows the last write still standing (a record's until it is
	cancelled, an amendment's for good); with no amendment, cancelling everything gives the
	original marks back, whichever kinds took sessions over from which.
	"""
	model = Model(initial)
	for number, op in enumerate(ops):
		if op[0] == "apply":
			name, sessions, pick, overwrite = op[1:]
			codes, may_overwrite = _KINDS[_KIND_OF[name[0]]]
			model.apply(
				name,
				sessions,
				codes[pick % len(codes)],
				overwrite and may_overwrite,
				source=_KIND_OF[name[0]],
				# a bulk mark may also be confirmed over absences already recorded (a closure)
				overwrite_absent=overwrite and _KIND_OF[name[0]] == "Bulk",
			)
		elif op[0] == "cancel":
			model.cancel(op[1])
		else:
			model.amend(*op[1:], number)
		model.check()
	cancel_the_rest(model, initial, random)


@settings(max_examples=200, deadline=None)
@given(
	st.fixed_dictionaries({s: _INITIAL for s in ALL}),
	st.sets(st.sampled_from(ALL), min_size=1),
	st.sampled_from(["I", "M", "C", "G", "V", "N"]),
	st.booleans(),
)
def test_apply_then_cancel_without_interference_is_exact(initial, sessions, code, overwrite):
	marks = {s: m for s, m in initial.items() if m is not None}
	plan = record("ABS-1", code, sessions, marks, overwrite_attending=overwrite)
	back = plan_restore(plan.changes, written(marks, plan))
	assert not back.amended
	assert restored(written(marks, plan), back) == marks
