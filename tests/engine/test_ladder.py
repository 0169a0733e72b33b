"""The escalation ladder (engine/ladder.py): each stage, the ordering, the interval, the override."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from attendance_officer.engine.ladder import (
	IMPROVEMENT,
	MEDICAL,
	STAGE_1,
	STAGE_2,
	STAGE_3,
	LadderError,
	SentLetter,
	propose,
	school_days_since,
)
from attendance_officer.engine.statistics import summarise

TODAY = date(2026, 3, 20)  # a Friday


def school_days(start: date = date(2025, 9, 1), end: date = TODAY) -> list[date]:
	days, day = [], start
	while day <= end:
		if day.weekday() < 5:
			days.append(day)
		day += timedelta(days=1)
	return days


DAYS = school_days()


def pupil(present: int, absent: int, code: str = "O"):
	return summarise({"/": present, code: absent})


EXPECTED = pupil(97, 3)  # 97%
CONCERN = pupil(94, 6)  # below 95, not persistent
PERSISTENT = pupil(90, 10)  # exactly 90.0%: persistent absence
AT_RISK = pupil(901, 99)  # 90.1%: below the at-risk line, not persistent


def ago(school_days_back: int) -> date:
	return DAYS[-1 - school_days_back]


def proposed(summary, sent=(), meetings=(), **kw):
	return propose(summary, sent=list(sent), meetings=list(meetings), today=TODAY, school_days=DAYS, **kw)


def test_expected_attendance_gets_no_letter():
	p = proposed(EXPECTED)
	assert p.letter is None and "at or above the concern line" in p.reason


def test_below_the_concern_line_gets_stage_1():
	assert proposed(CONCERN).letter == STAGE_1
	assert proposed(AT_RISK).letter == STAGE_1


def test_persistent_absence_without_stage_1_still_starts_at_stage_1():
	p = proposed(PERSISTENT)
	assert p.letter == STAGE_1 and "Stage 1 comes first" in p.reason


def test_persistent_absence_after_stage_1_gets_stage_2():
	assert proposed(PERSISTENT, [SentLetter(STAGE_1, ago(30))]).letter == STAGE_2


def test_exactly_90_percent_is_persistent_but_90_point_1_is_not():
	sent = [SentLetter(STAGE_1, ago(30))]
	assert proposed(PERSISTENT, sent).letter == STAGE_2
	assert proposed(AT_RISK, sent).letter == STAGE_1  # still below concern: Stage 1 again


def test_stage_3_waits_for_a_meeting_after_stage_2():
	sent = [SentLetter(STAGE_1, ago(60)), SentLetter(STAGE_2, ago(30))]
	waiting = proposed(PERSISTENT, sent, meetings=[ago(40)])  # a meeting before Stage 2 does not count
	assert waiting.letter is None and "hold the meeting before Stage 3" in waiting.reason
	assert proposed(PERSISTENT, sent, meetings=[ago(25)]).letter == STAGE_3
	assert proposed(PERSISTENT, sent, meetings=[ago(30)]).letter == STAGE_3  # held the day it was sent


def test_after_stage_3_the_ladder_points_to_the_legal_route():
	sent = [SentLetter(STAGE_1, ago(90)), SentLetter(STAGE_2, ago(60)), SentLetter(STAGE_3, ago(30))]
	p = proposed(PERSISTENT, sent, meetings=[ago(50)])
	assert p.letter is None and "notice to improve" in p.reason


def test_the_same_letter_is_not_sent_again_within_the_interval():
	assert proposed(CONCERN, [SentLetter(STAGE_1, ago(19))]).letter is None
	assert "19 school days ago" in proposed(CONCERN, [SentLetter(STAGE_1, ago(19))]).reason
	assert proposed(CONCERN, [SentLetter(STAGE_1, ago(20))]).letter == STAGE_1  # exactly 20: due again
	assert proposed(CONCERN, [SentLetter(STAGE_1, ago(5))], interval=5).letter == STAGE_1


def test_the_interval_counts_school_days_not_calendar_days():
	friday = date(2026, 3, 13)
	assert school_days_since(friday, TODAY, DAYS) == 5  # Mon-Fri after it; the weekend is not counted
	assert school_days_since(TODAY, TODAY, DAYS) == 0


def test_a_second_run_the_same_day_proposes_nothing_new():
	first = proposed(CONCERN)
	assert proposed(CONCERN, [SentLetter(first.letter, TODAY)]).letter is None


def test_improvement_after_a_stage_letter_once():
	sent = [SentLetter(STAGE_1, ago(40))]
	assert proposed(EXPECTED, sent).letter == IMPROVEMENT
	assert proposed(EXPECTED, [*sent, SentLetter(IMPROVEMENT, ago(2))]).letter is None
	assert proposed(EXPECTED).letter is None  # never a stage letter: nothing to celebrate by letter


def test_medical_evidence_request_after_n_days_of_illness_and_not_twice_in_the_interval():
	p = proposed(EXPECTED, illness_days=5, medical_after=5)
	assert p.letter == MEDICAL and "5 school days of illness" in p.reason
	assert proposed(EXPECTED, illness_days=4, medical_after=5).letter is None
	assert proposed(EXPECTED, [SentLetter(MEDICAL, ago(3))], illness_days=6, medical_after=5).letter is None


def test_a_due_stage_letter_comes_before_a_medical_request():
	assert proposed(CONCERN, illness_days=8, medical_after=5).letter == STAGE_1


def test_no_possible_sessions_gets_no_letter():
	assert proposed(summarise({})).letter is None


def test_an_override_needs_a_reason_and_is_kept():
	with pytest.raises(LadderError, match="reason"):
		proposed(PERSISTENT, override=STAGE_3, override_reason="  ")
	with pytest.raises(LadderError, match="not an attendance letter"):
		proposed(PERSISTENT, override="Stage 9", override_reason="x")
	# The order and the interval are waived (no Stage 1 or 2 yet); the meeting must have happened.
	p = proposed(
		PERSISTENT, meetings=[ago(3)], override=STAGE_3, override_reason="Agreed with the LA at the panel"
	)
	assert (p.letter, p.overridden, p.override_reason) == (STAGE_3, True, "Agreed with the LA at the panel")
	assert p.band == "persistent"


def test_the_latest_letter_of_a_kind_counts_whatever_the_order_given():
	sent = [SentLetter(STAGE_1, ago(2)), SentLetter(STAGE_1, ago(60))]
	assert proposed(CONCERN, sent).letter is None
	assert proposed(CONCERN, list(reversed(sent))).letter is None


def test_the_next_stage_waits_for_the_interval_after_the_last_stage_letter():
	sent = [SentLetter(STAGE_1, ago(5))]
	p = proposed(PERSISTENT, sent)
	assert p.letter is None and "A Stage 1 letter was sent 5 school days ago" in p.reason
	assert proposed(PERSISTENT, [SentLetter(STAGE_1, ago(20))]).letter == STAGE_2
	sent = [SentLetter(STAGE_1, ago(60)), SentLetter(STAGE_2, ago(10))]
	assert proposed(PERSISTENT, sent, meetings=[ago(8)]).letter is None  # meeting held, but too soon
	assert proposed(PERSISTENT, sent, meetings=[ago(8)], interval=10).letter == STAGE_3


# ------------------------------------------------ review findings: facts an override cannot change


def _pa_summary():
	from attendance_officer.engine.statistics import summarise

	return summarise({"/": 80, "O": 20})


def test_a_meeting_planned_ahead_is_not_held():
	from attendance_officer.engine.ladder import STAGE_1, STAGE_2, SentLetter, propose

	today = date(2025, 11, 20)
	days = [today - timedelta(days=n) for n in range(60, -1, -1)]
	sent = [SentLetter(STAGE_1, date(2025, 9, 15)), SentLetter(STAGE_2, date(2025, 10, 1))]
	waiting = propose(_pa_summary(), sent=sent, meetings=[date(2025, 12, 10)], today=today, school_days=days)
	assert waiting.letter is None and "hold the meeting" in waiting.reason
	held = propose(_pa_summary(), sent=sent, meetings=[date(2025, 10, 20)], today=today, school_days=days)
	assert held.letter == "Stage 3"


def test_no_stage_3_for_a_pupil_past_compulsory_school_age():
	from attendance_officer.engine.ladder import STAGE_1, STAGE_2, SentLetter, propose

	today = date(2025, 11, 20)
	days = [today - timedelta(days=n) for n in range(60, -1, -1)]
	sent = [SentLetter(STAGE_1, date(2025, 9, 15)), SentLetter(STAGE_2, date(2025, 10, 1))]
	proposal = propose(
		_pa_summary(),
		sent=sent,
		meetings=[date(2025, 10, 20)],
		today=today,
		school_days=days,
		compulsory_age=False,
	)
	assert proposal.letter is None and "Past compulsory school age" in proposal.reason
	with pytest.raises(LadderError, match="past compulsory school age"):
		propose(
			_pa_summary(),
			sent=sent,
			meetings=[date(2025, 10, 20)],
			today=today,
			school_days=days,
			override="Stage 3",
			override_reason="Head says so",
			compulsory_age=False,
		)


def test_no_stage_3_for_a_subsidiary_dual_or_guest_pupil():
	from attendance_officer.engine.ladder import STAGE_1, STAGE_2, SentLetter, propose

	today = date(2025, 11, 20)
	days = [today - timedelta(days=n) for n in range(60, -1, -1)]
	sent = [SentLetter(STAGE_1, date(2025, 9, 15)), SentLetter(STAGE_2, date(2025, 10, 1))]
	args = dict(sent=sent, meetings=[date(2025, 10, 20)], today=today, school_days=days)
	assert propose(_pa_summary(), **args).letter == "Stage 3"  # the same pupil on our main register
	proposal = propose(_pa_summary(), main_register=False, **args)
	assert proposal.letter is None and "main school" in proposal.reason
	with pytest.raises(LadderError, match="main school decides"):
		propose(
			_pa_summary(), main_register=False, override="Stage 3", override_reason="Head says so", **args
		)


@pytest.mark.parametrize(
	("letter", "message"),
	[
		("Improvement", "back at the expected level"),
		("Stage 3", "no meeting"),
		("Medical Evidence Request", "none is recorded"),
	],
)
def test_an_override_never_states_what_is_untrue(letter, message):
	from attendance_officer.engine.ladder import propose

	with pytest.raises(LadderError, match=message):
		propose(
			_pa_summary(),
			sent=[],
			meetings=[],
			today=date(2025, 11, 20),
			school_days=[],
			override=letter,
			override_reason="I know best",
		)
