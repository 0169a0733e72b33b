"""engine.first_day: days absent in a row, the calling order, whom to call first."""

from __future__ import annotations

from datetime import date

from attendance_officer.engine.first_day import (
	CallingEntry,
	GuardianContact,
	calling_order,
	consecutive_school_days_absent,
	guardians_in_order,
)

from .conftest import INSET_DAY

THU, FRI, SAT, SUN, MON = (date(2025, 3, d) for d in (6, 7, 8, 9, 10))
WED_12, THU_13, MON_17, TUE_18 = (date(2025, 3, d) for d in (12, 13, 17, 18))


def test_absent_today_only(calendar):
	assert consecutive_school_days_absent({MON: True, FRI: False}, calendar, MON) == 1


def test_present_today_means_zero(calendar):
	assert consecutive_school_days_absent({MON: False, FRI: True, THU: True}, calendar, MON) == 0


def test_weekend_does_not_break_the_count(calendar):
	states = {date(2025, 3, 5): False, THU: True, FRI: True, MON: True}
	assert consecutive_school_days_absent(states, calendar, MON) == 3


def test_holiday_does_not_break_the_count(calendar):
	assert INSET_DAY == date(2025, 3, 14)
	states = {WED_12: False, THU_13: True, MON_17: True, TUE_18: True}
	assert consecutive_school_days_absent(states, calendar, TUE_18) == 3


def test_today_not_a_school_day_counts_back_from_the_last_one(calendar):
	states = {THU: True, FRI: True}
	assert consecutive_school_days_absent(states, calendar, SUN) == 2


def test_school_day_without_a_state_ends_the_count(calendar):
	states = {THU: True, MON: True}  # Friday: no register, no evidence of absence
	assert consecutive_school_days_absent(states, calendar, MON) == 1


def test_count_stops_at_the_start_of_the_calendar(calendar):
	states = {date(2025, 3, d): True for d in range(1, 8)}
	assert consecutive_school_days_absent(states, calendar, FRI) == 5


def test_non_school_days_in_the_states_are_ignored(calendar):
	states = {FRI: True, SAT: False, SUN: False, MON: True}
	assert consecutive_school_days_absent(states, calendar, MON) == 2


def test_calling_order_puts_safeguarding_first_then_longest_absence_then_name():
	entries = [
		CallingEntry("S1", "Zara Adams", days_absent=1),
		CallingEntry("S2", "amy Brown", days_absent=1),
		CallingEntry("S3", "Ben Cole", days_absent=4),
		CallingEntry("S4", "Cara Dean", days_absent=1, cla=True),
		CallingEntry("S5", "Dan Evans", days_absent=1, cin=True),
		CallingEntry("S6", "Eve Ford", days_absent=1, cp=True),
		CallingEntry("S7", "Finn Gray", days_absent=3, cla=True),
		CallingEntry("S8", "Gus Hale", days_absent=1, cp=True, cla=True),
	]
	ordered = [e.student for e in sorted(entries, key=calling_order)]
	assert ordered == ["S8", "S6", "S5", "S7", "S4", "S3", "S2", "S1"]


def test_calling_order_ties_on_name_fall_back_to_the_student_id():
	a = CallingEntry("S2", "Sam Lee")
	b = CallingEntry("S1", "Sam Lee")
	assert sorted([a, b], key=calling_order) == [b, a]


def test_guardians_in_priority_order_do_not_contact_skipped():
	mother = GuardianContact("G1", "Mother", priority=2)
	father = GuardianContact("G2", "Father", priority=1)
	barred = GuardianContact("G3", "Court order", priority=1, do_not_contact=True)
	aunt = GuardianContact("G4", "Aunt")
	carer = GuardianContact("G5", "Carer", priority=0)  # an empty Int field
	assert guardians_in_order([aunt, mother, barred, carer, father]) == [father, mother, aunt, carer]


def test_guardians_with_the_same_priority_keep_their_table_order():
	first = GuardianContact("G1", priority=1)
	second = GuardianContact("G2", priority=1)
	assert guardians_in_order([first, second]) == [first, second]
	assert guardians_in_order([second, first]) == [second, first]


def test_no_guardian_to_call():
	assert guardians_in_order([GuardianContact("G1", do_not_contact=True)]) == []
