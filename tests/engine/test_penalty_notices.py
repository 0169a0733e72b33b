"""engine.penalty_notices and engine.school_age: the framework's arithmetic and its edges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attendance_officer.engine.penalty_notices import (
	EarlierNotice,
	ThirdNoticeError,
	deemed_received,
	notice_terms,
	window_end,
)
from attendance_officer.engine.school_age import (
	last_friday_in_june,
	leaving_date,
	of_compulsory_school_age,
	starts_on,
)

FIRST = date(2024, 9, 2)


# ---------------------------------------------------------------- numbering


def test_a_first_notice_has_both_rates_counted_from_receipt():
	terms = notice_terms(FIRST, date(2024, 9, 4), [])
	assert terms.number == 1
	assert (terms.lower_amount, terms.lower_due_by) == (80, date(2024, 9, 24))  # 21 days beginning 4 Sep
	assert (terms.full_amount, terms.full_due_by) == (160, date(2024, 10, 1))  # 28 days beginning 4 Sep
	assert (terms.window_start, terms.window_end) == (FIRST, date(2027, 9, 1))


def test_a_second_notice_is_160_pounds_with_no_lower_rate():
	terms = notice_terms(date(2025, 3, 3), date(2025, 3, 5), [EarlierNotice(FIRST)])
	assert terms.number == 2
	assert (terms.lower_amount, terms.lower_due_by) == (None, None)
	assert (terms.full_amount, terms.full_due_by) == (160, date(2025, 4, 1))


def test_a_third_within_3_years_is_refused_naming_the_other_options():
	earlier = [EarlierNotice(FIRST), EarlierNotice(date(2025, 3, 3))]
	with pytest.raises(ThirdNoticeError) as refused:
		notice_terms(date(2027, 9, 1), date(2027, 9, 3), earlier)  # the last day of the window
	message = str(refused.value)
	for words in ("444(1)", "444(1A)", "parenting order", "education supervision order", "2024-09-02"):
		assert words in message


def test_a_notice_exactly_3_years_after_the_first_starts_a_new_window():
	earlier = [EarlierNotice(FIRST), EarlierNotice(date(2025, 3, 3))]
	terms = notice_terms(date(2027, 9, 2), date(2027, 9, 4), earlier)
	assert (terms.number, terms.window_start, terms.lower_amount) == (1, date(2027, 9, 2), 80)


def test_a_withdrawn_notice_does_not_count():
	earlier = [EarlierNotice(FIRST, withdrawn=True), EarlierNotice(date(2025, 3, 3))]
	terms = notice_terms(date(2025, 6, 2), date(2025, 6, 4), earlier)
	assert (terms.number, terms.window_start) == (2, date(2025, 3, 3))
	second = notice_terms(date(2025, 3, 3), date(2025, 3, 5), [EarlierNotice(FIRST, withdrawn=True)])
	assert second.number == 1  # the withdrawn one is as if never issued


def test_a_notice_issued_before_19_august_2024_does_not_count_or_start_the_window():
	earlier = [EarlierNotice(date(2024, 6, 3)), EarlierNotice(date(2024, 8, 18))]
	terms = notice_terms(date(2024, 8, 19), date(2024, 8, 21), earlier)
	assert (terms.number, terms.window_start) == (1, date(2024, 8, 19))


def test_the_window_is_not_rolled_from_the_latest_notice():
	"""The 3 years start at the window's first notice, not at the most recent one."""
	earlier = [EarlierNotice(FIRST), EarlierNotice(date(2027, 8, 30))]
	assert notice_terms(date(2027, 9, 2), date(2027, 9, 4), earlier).number == 1


def test_a_notice_dated_before_the_latest_one_is_refused():
	from attendance_officer.engine.penalty_notices import NoticeOrderError

	earlier = [EarlierNotice(date(2025, 3, 3)), EarlierNotice(date(2025, 6, 2))]
	with pytest.raises(NoticeOrderError, match="2025-06-02"):
		notice_terms(date(2025, 2, 3), date(2025, 2, 5), earlier)


def test_receipt_before_issue_is_refused():
	with pytest.raises(ValueError, match="received before it was issued"):
		notice_terms(FIRST, FIRST - timedelta(days=1), [])


def test_a_window_from_29_february_ends_on_the_last_day_of_february():
	assert window_end(date(2028, 2, 29)) == date(2031, 2, 28)


@given(st.lists(st.tuples(st.dates(date(2024, 1, 1), date(2033, 12, 31)), st.booleans()), max_size=8))
def test_notices_accepted_one_by_one_never_make_3_in_any_3_years(attempts):
	"""Issue notices in any order, some withdrawn: no window ever holds 3 counting notices."""
	from attendance_officer.engine.penalty_notices import FRAMEWORK_START, NoticeOrderError

	accepted: list[EarlierNotice] = []
	for issued_on, withdrawn in attempts:
		try:
			terms = notice_terms(issued_on, issued_on + timedelta(days=2), accepted)
		except (ThirdNoticeError, NoticeOrderError):
			continue
		assert (terms.lower_amount is not None) == (terms.number == 1)
		accepted.append(EarlierNotice(issued_on, withdrawn))
	# The 3 years run from a window's first notice; the next notice after they end opens the
	# next window (the Framework: "the three year period starts from the date the first penalty
	# notice is issued"), so windows are counted as the rules chain them, not as any 3 years.
	counted = sorted(n.issued_on for n in accepted if not n.withdrawn and n.issued_on >= FRAMEWORK_START)
	start = None
	in_window = 0
	for day in counted:
		if start is None or day > window_end(start):
			start, in_window = day, 0
		in_window += 1
		assert in_window <= 2, (start, counted)


# ---------------------------------------------------------------- receipt by post


def test_posted_on_a_thursday_it_is_received_on_monday():
	assert deemed_received(date(2025, 3, 6)) == date(2025, 3, 10)


def test_bank_holidays_are_not_working_days():
	# Posted Thursday 17 April 2025: Good Friday and Easter Monday are bank holidays.
	assert deemed_received(date(2025, 4, 17), {date(2025, 4, 18), date(2025, 4, 21)}) == date(2025, 4, 23)


# ---------------------------------------------------------------- compulsory school age


@pytest.mark.parametrize(
	("born", "starts"),
	[
		(date(2010, 8, 31), date(2015, 8, 31)),  # 5 on a prescribed day: from that day
		(date(2010, 9, 1), date(2015, 12, 31)),  # the next prescribed day
		(date(2010, 12, 31), date(2015, 12, 31)),
		(date(2011, 1, 1), date(2016, 3, 31)),
		(date(2012, 2, 29), date(2017, 3, 31)),  # 5 on 1 March 2017
	],
)
def test_compulsory_school_age_starts_on_the_prescribed_day_after_the_5th_birthday(born, starts):
	assert starts_on(born) == starts
	assert of_compulsory_school_age(born, starts) is True
	assert of_compulsory_school_age(born, starts - timedelta(days=1)) is False


@pytest.mark.parametrize(
	("born", "leaves"),
	[
		(date(2010, 8, 31), date(2026, 6, 26)),  # 16 on 31 Aug 2026: the 2025/26 school year
		(date(2010, 9, 1), date(2027, 6, 25)),  # 16 on 1 Sep 2026: the 2026/27 school year
		(date(2010, 7, 10), date(2026, 6, 26)),  # 16 after the leaving date: still that date
	],
)
def test_compulsory_school_age_ends_on_the_last_friday_in_june_of_the_year_they_turn_16(born, leaves):
	assert leaving_date(born) == leaves
	assert of_compulsory_school_age(born, leaves) is True
	assert of_compulsory_school_age(born, leaves + timedelta(days=1)) is False


def test_last_friday_in_june():
	assert last_friday_in_june(2026) == date(2026, 6, 26)
	assert last_friday_in_june(2028) == date(2028, 6, 30)  # 30 June is itself a Friday


def test_unknown_date_of_birth_is_unknown_not_false():
	assert of_compulsory_school_age(None, date(2026, 1, 5)) is None


# ---------------------------------------------------------------- notice to improve


def weekdays(start: date, end: date, off: set[date] = frozenset()):
	from attendance_officer.engine.calendar import SchoolCalendar

	days, day = [], start
	while day <= end:
		if day.weekday() < 5 and day not in off:
			days.append(day)
		day += timedelta(days=1)
	return SchoolCalendar(days)


@pytest.mark.parametrize(
	("ends", "error"),
	[
		(date(2025, 3, 21), "is 14 school days"),  # Friday two weeks on: 3 weeks less a day
		(date(2025, 3, 24), None),  # Monday 3 weeks on: 15 school days
		(date(2025, 4, 14), None),  # 30 school days: 6 school weeks
		(date(2025, 4, 15), "is 31 school days"),
		(date(2025, 3, 3), "must end after"),
	],
)
def test_an_improvement_period_is_3_to_6_school_weeks(ends, error):
	from attendance_officer.engine.penalty_notices import improvement_period_error

	got = improvement_period_error(date(2025, 3, 3), ends, weekdays(date(2025, 3, 3), date(2025, 5, 30)))
	assert (got is None) if error is None else (error in got)


def test_holidays_do_not_count_toward_the_improvement_period():
	from attendance_officer.engine.penalty_notices import improvement_days

	easter = {date(2025, 4, 7) + timedelta(days=n) for n in range(12)}  # two weeks off
	calendar = weekdays(date(2025, 3, 24), date(2025, 5, 30), easter)
	assert improvement_days(date(2025, 3, 24), date(2025, 4, 28), calendar) == 15
