"""engine.roll: ground (i)'s 20-day G/N/O run, each ground's conditions, the new-pupil return,
and the marks dual registration expects."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from attendance_officer.engine.roll import (
	GROUNDS,
	NOT_LOCATED,
	AdmissionParticulars,
	CmeFacts,
	DeletionFacts,
	GroundError,
	cme_enquiry_due,
	cme_problems,
	deletion_problems,
	enquiry_covers,
	expected_mark,
	expects_mark,
	gno_run_on,
	gno_runs,
	in_new_pupil_return,
	missing_particulars,
	new_pupil_return_due,
	on_main_register,
)
from attendance_officer.engine.school_age import leaving_date


def school_days(start: date, count: int, closed=()) -> list[date]:
	days, day = [], start
	while len(days) < count:
		if day.weekday() < 5 and day not in closed:
			days.append(day)
		day += timedelta(days=1)
	return days


HALF_TERM = {date(2026, 10, 26) + timedelta(days=n) for n in range(5)}
DAYS = school_days(date(2026, 10, 5), 25, closed=HALF_TERM)  # 5 Oct to 13 Nov, half-term left out


def coded(days, code="O"):
	return {d: [code, code] for d in days}


def test_twenty_days_across_weekends_and_half_term_make_the_run():
	marks = coded(DAYS[:20])
	run = gno_run_on(marks, DAYS, DAYS[19])
	assert run.school_days == 20 and run.start == DAYS[0] and run.end == DAYS[19]
	assert DAYS[19] - DAYS[0] > timedelta(days=27)  # the run spans weekends and the holiday
	(found,) = gno_runs(marks, DAYS)
	assert (found.start, found.end, found.school_days) == (DAYS[0], DAYS[19], 20)


def test_nineteen_days_are_not_enough_and_g_n_o_mix_freely():
	marks = {d: [("G", "N", "O")[i % 3], "O"] for i, d in enumerate(DAYS[:19])}
	assert gno_run_on(marks, DAYS, DAYS[18]).school_days == 19
	assert gno_runs(marks, DAYS) == []


def test_a_single_other_code_or_an_unmarked_session_breaks_the_run():
	marks = coded(DAYS[:22])
	marks[DAYS[10]] = ["O", "I"]  # one illness session
	assert gno_run_on(marks, DAYS, DAYS[21]).school_days == 11
	assert gno_runs(marks, DAYS) == []
	unmarked = coded(DAYS[:22])
	unmarked[DAYS[5]] = ["O", ""]
	assert gno_run_on(unmarked, DAYS, DAYS[21]).school_days == 16
	missing = coded(DAYS[:22])
	del missing[DAYS[5]]
	assert gno_run_on(missing, DAYS, DAYS[21]).school_days == 16
	assert gno_run_on(coded(DAYS[:22], "U"), DAYS, DAYS[21]) is None  # U is not G, N or O


def test_the_run_must_still_be_going_on_the_deletion_date():
	marks = coded(DAYS[:20])
	marks[DAYS[20]] = ["/", "/"]  # back at school
	assert gno_run_on(marks, DAYS, DAYS[20]) is None
	assert gno_run_on(marks, DAYS, DAYS[20] + timedelta(days=2)) is None  # a weekend after: still broken


def base(ground, **facts):
	return DeletionFacts(ground=ground, deletion_date=date(2026, 11, 16), **facts)


def test_every_ground_a_to_o_and_no_other():
	assert list(GROUNDS) == list("abcdefghijklmno")
	with pytest.raises(GroundError):
		deletion_problems(base("p"))


def test_ehe_needs_the_written_notice_and_for_a_special_school_the_las_consent():
	problems = deletion_problems(base("f"))
	assert any("date of the parent's written notice" in p for p in problems)
	assert any("Attach the parent's written notice" in p for p in problems)
	ok = base("f", ehe_notice_date=date(2026, 11, 2), ehe_notice_attached=True)
	assert deletion_problems(ok) == []
	special = base("f", ehe_notice_date=date(2026, 11, 2), ehe_notice_attached=True, special_school=True)
	assert any("special school" in p for p in deletion_problems(special))
	consented = base(
		"f", ehe_notice_date=date(2026, 11, 2), ehe_notice_attached=True, special_school=True, la_consent=True
	)
	assert deletion_problems(consented) == []


def test_ground_i_needs_twenty_days_and_the_joint_enquiries():
	problems = deletion_problems(base("i", gno_days=19))
	assert any("the register shows 19" in p for p in problems)
	assert any("jointly with the local authority" in p for p in problems)
	assert deletion_problems(base("i", gno_days=20, joint_enquiries=2)) == []


def test_ground_h_needs_the_leave_not_returned_from():
	assert deletion_problems(base("h"))
	assert deletion_problems(base("h", leave_not_returned=True)) == []


def test_ground_l_only_after_compulsory_school_age_ends():
	born = date(2010, 9, 1)  # 16 on 1 September 2026; leaving date the last Friday in June 2027
	end = leaving_date(born)
	assert end == date(2027, 6, 25)
	before = DeletionFacts(ground="l", deletion_date=end - timedelta(days=1), date_of_birth=born)
	assert any("compulsory school age until 2027-06-25" in p for p in deletion_problems(before))
	on_the_day = DeletionFacts(ground="l", deletion_date=end, date_of_birth=born)  # last day on roll
	assert deletion_problems(on_the_day) == []
	assert deletion_problems(DeletionFacts(ground="l", deletion_date=end))  # no date of birth


def test_no_deletion_dated_before_the_pupil_was_last_present():
	problems = deletion_problems(base("k", last_present=date(2026, 11, 17)))
	assert any("before the pupil was last marked present" in p for p in problems)
	assert deletion_problems(base("k", last_present=date(2026, 11, 16))) == []  # the same day is fine


def test_the_new_pupil_return_is_due_five_days_after_entry_and_leaves_out_the_intake():
	assert new_pupil_return_due(date(2026, 11, 27)) == date(2026, 12, 2)  # across a weekend
	first = date(2026, 9, 2)
	assert not in_new_pupil_return(first, "7", youngest_year="7", year_first_day=first)
	assert in_new_pupil_return(first + timedelta(days=1), "7", youngest_year="7", year_first_day=first)
	assert in_new_pupil_return(first, "8", youngest_year="7", year_first_day=first)
	assert in_new_pupil_return(first, "7", youngest_year="7", year_first_day=first, la_wants_youngest=True)


def test_dual_registration_decides_the_mark_expected():
	assert expects_mark("Single", at_this_school=True) == "code"
	assert expects_mark("Main dual", at_this_school=False) == "D"
	assert expects_mark("Main dual", at_this_school=True) == "code"
	assert expects_mark("Subsidiary dual", at_this_school=False) is None
	assert expects_mark("Subsidiary dual", at_this_school=True) == "code"
	with pytest.raises(ValueError):
		expects_mark("Part-time", at_this_school=True)


ELSEWHERE = {("Monday", "PM"), ("Friday", "AM"), ("Friday", "PM")}
MONDAY, FRIDAY, SATURDAY = date(2026, 11, 30), date(2026, 12, 4), date(2026, 12, 5)


def test_a_main_dual_pupil_is_coded_d_only_for_their_weekly_sessions_at_the_other_school():
	assert expected_mark("Main dual", MONDAY, "AM", ELSEWHERE) == "code"
	assert expected_mark("Main dual", MONDAY, "PM", ELSEWHERE) == "D"
	assert expected_mark("Main dual", FRIDAY, "AM", ELSEWHERE) == "D"
	assert expected_mark("Main dual", MONDAY + timedelta(days=1), "PM", ELSEWHERE) == "code"


def test_a_subsidiary_dual_pupil_is_expected_only_in_the_sessions_spent_here():
	assert expected_mark("Subsidiary dual", MONDAY, "AM", ELSEWHERE) == "code"
	assert expected_mark("Subsidiary dual", MONDAY, "PM", ELSEWHERE) is None
	assert expected_mark("Subsidiary dual", FRIDAY, "PM", ELSEWHERE) is None


def test_single_and_guest_pupils_ignore_any_weekly_pattern_and_a_weekend_is_this_schools():
	for status in ("Single", "Guest", "", None):
		assert expected_mark(status, MONDAY, "PM", ELSEWHERE) == "code"
	assert expected_mark("Main dual", SATURDAY, "AM", ELSEWHERE) == "code"
	assert expected_mark("Main dual", MONDAY, "PM", ()) == "code"  # no pattern entered: all here
	with pytest.raises(ValueError):
		expected_mark("Flexi", MONDAY, "AM", ELSEWHERE)


def test_only_the_main_register_owns_the_pupils_pa_and_penalty_figures():
	assert on_main_register("Single") and on_main_register("Main dual") and on_main_register(None)
	assert not on_main_register("Subsidiary dual")
	assert not on_main_register("Guest")


def test_a_session_closed_for_the_pupil_neither_extends_nor_breaks_the_run():
	marks = coded(DAYS[:21])
	marks[DAYS[10]] = ["N", "#"]  # the PM closed for everyone
	assert gno_run_on(marks, DAYS, DAYS[20]).school_days == 21
	marks[DAYS[11]] = ["#", "#"]  # a whole day closed: not counted
	assert gno_run_on(marks, DAYS, DAYS[20]).school_days == 20
	assert [r.school_days for r in gno_runs(marks, DAYS)] == [20]


COMPLETE = AdmissionParticulars(
	first_name="Aoife",
	last_name="O'Brien",
	sex="Female",
	date_of_birth=date(2012, 3, 14),
	address="1 High Street, Leeds",
	parents=2,
	parents_with_contact=1,
	admission_date=date(2023, 9, 1),
	previous_school="St Mary's Primary",
	upn="B801200005001",
)


def test_a_complete_admission_register_entry_lacks_nothing():
	assert missing_particulars(COMPLETE) == []


def test_an_entry_names_each_particular_it_lacks():
	assert missing_particulars(replace(COMPLETE, sex="", upn="")) == ["sex", "UPN"]
	assert missing_particulars(replace(COMPLETE, upn_problem="wrong check letter")) == ["a valid UPN"]
	assert missing_particulars(replace(COMPLETE, parents=0, parents_with_contact=0)) == ["parents"]
	assert missing_particulars(replace(COMPLETE, parents_with_contact=0)) == ["a parent's telephone number"]
	assert missing_particulars(replace(COMPLETE, last_name=" ")) == ["full name"]
	dual = replace(COMPLETE, enrolment_status="Subsidiary dual")
	assert missing_particulars(dual) == ["the other school (dual registration)"]
	assert missing_particulars(replace(dual, dual_school="Riverside PRU")) == []
	left = replace(COMPLETE, left_on=date(2026, 11, 20))
	assert missing_particulars(left) == ["ground of deletion"]
	assert missing_particulars(replace(left, ground="a")) == ["destination"]  # the return names it
	assert missing_particulars(replace(left, ground="k")) == []  # died: no destination


def test_cme_enquiries_open_at_exactly_the_days_set_and_never_at_zero():
	assert not cme_enquiry_due(9, 10)
	assert cme_enquiry_due(10, 10)
	assert not cme_enquiry_due(50, 0)


ABSENT = date(2026, 11, 2)


def test_a_cme_record_runs_forwards_and_not_located_needs_the_la():
	ok = CmeFacts(absent_since=ABSENT, opened_on=date(2026, 11, 16), today=date(2026, 12, 1))
	assert cme_problems(ok) == []
	assert cme_problems(CmeFacts(absent_since=ABSENT, opened_on=date(2026, 11, 1), today=date(2026, 12, 1)))
	future = CmeFacts(
		absent_since=ABSENT,
		opened_on=date(2026, 11, 16),
		today=date(2026, 12, 1),
		la_referred_on=date(2026, 12, 2),
	)
	assert any("after today" in p for p in cme_problems(future))
	not_located = CmeFacts(
		absent_since=ABSENT,
		opened_on=date(2026, 11, 16),
		today=date(2026, 12, 1),
		outcome=NOT_LOCATED,
		outcome_date=date(2026, 11, 30),
	)
	problems = cme_problems(not_located)
	assert len(problems) == 2 and "LA Referred On" in problems[0] and "jointly" in problems[1]
	assert cme_problems(replace(not_located, la_referred_on=date(2026, 11, 20), joint_enquiries=1)) == []
	assert cme_problems(replace(ok, outcome="Returned to school")) == ["Enter the date of the outcome."]


def test_an_enquiry_covers_an_absence_its_dates_meet():
	today = date(2026, 12, 1)
	run = date(2026, 11, 16)
	assert enquiry_covers(date(2026, 11, 2), None, run, today)  # open, from an earlier day
	assert enquiry_covers(date(2026, 11, 20), None, run, today)  # open, from a later day
	assert enquiry_covers(date(2026, 11, 2), date(2026, 11, 16), run, today)  # closed the day it began
	assert not enquiry_covers(date(2026, 10, 1), date(2026, 10, 20), run, today)  # an earlier absence


def test_the_cme_run_counts_n_and_the_o_an_unresolved_n_becomes():
	from attendance_officer.engine.absence import unexplained_run
	from attendance_officer.engine.calendar import SchoolCalendar
	from attendance_officer.engine.roll import CME_RUN_CODES

	calendar = SchoolCalendar(DAYS)
	marks = {d: ["O", "O"] for d in DAYS[:5]} | {d: ["N", "N"] for d in DAYS[5:10]}
	assert unexplained_run(marks, calendar, DAYS[9]) == (5, DAYS[5])  # N alone: the home-visit run
	assert unexplained_run(marks, calendar, DAYS[9], CME_RUN_CODES) == (10, DAYS[0])
	marks[DAYS[3]] = ["O", "I"]  # a reason known that day ends the run
	assert unexplained_run(marks, calendar, DAYS[9], CME_RUN_CODES) == (6, DAYS[4])


def test_ground_c_needs_a_dual_registration_and_the_other_schools_consent():
	facts = DeletionFacts(ground="c", deletion_date=date(2026, 11, 20))
	problems = deletion_problems(facts)
	assert len(problems) == 2 and "dual-registered" in problems[0] and "consent" in problems[1]
	assert deletion_problems(replace(facts, dual_registered=True, other_school_consent=True)) == []
