"""engine.cohorts: group figures summed (never averaged), PA and SA per pupil, suppression."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attendance_officer.engine.cohorts import GroupFigures, group_figures, suppressed
from attendance_officer.engine.school_age import in_national_figures
from attendance_officer.engine.statistics import summarise


def pupil(attending: int, absent: int = 0):
	return summarise({"/": attending, "O": absent})


@pytest.mark.parametrize(("pupils", "hidden"), [(0, False), (1, True), (4, True), (5, False), (30, False)])
def test_cells_of_one_to_four_pupils_are_suppressed(pupils, hidden):
	assert suppressed(pupils) is hidden


def test_group_rate_is_summed_sessions_not_an_average_of_rates():
	# 10/10 (100%) and 50/100 (50%): the average of rates would be 75%, the group's is 60/110.
	group = group_figures([pupil(10), pupil(50, 50)])
	assert group.attendance == Decimal("54.5")
	assert group.pupils == 2


def test_pa_counts_severe_too_and_exactly_ninety_is_pa():
	group = group_figures([pupil(90, 10), pupil(40, 60), pupil(191, 20), pupil(100)])
	assert group.persistent == 2  # exactly 90.0% and the severe one
	assert group.severe == 1
	assert group.persistent_rate == Decimal("50.0")
	assert group.severe_rate == Decimal("25.0")


def test_pupils_without_possible_sessions_are_not_counted():
	group = group_figures([summarise({"Z": 10}), pupil(9, 1)])
	assert group.pupils == 1
	assert GroupFigures().attendance is None and GroupFigures().persistent_rate is None


# ------------------------------------------------ compulsory school age for the national figures


def test_year_11_counts_and_year_12_does_not():
	# Aged 15 on 31 August 2025: in the national figures for 2025/26 all year, even after the
	# 16th birthday; aged 16 on that day (sixth form): not.
	assert in_national_figures(date(2010, 1, 15), date(2026, 3, 1)) is True
	assert in_national_figures(date(2009, 8, 31), date(2025, 10, 1)) is False  # 16 on 31 Aug 2025
	assert in_national_figures(date(2009, 9, 1), date(2025, 10, 1)) is True  # 15 on 31 Aug 2025
	assert in_national_figures(date(2009, 9, 1), date(2026, 7, 20)) is True  # still that school year


def test_the_edge_of_the_school_year():
	born = date(2009, 9, 1)
	assert in_national_figures(born, date(2026, 8, 31)) is True  # last day of 2025/26
	assert in_national_figures(born, date(2026, 9, 1)) is False  # 16 on 31 Aug 2026


def test_leap_day_birthday_and_unknown():
	# Born 29 Feb 2012: 14 on 31 Aug 2026; attains 5 on 1 Mar 2017 in a common year.
	assert in_national_figures(date(2012, 2, 29), date(2026, 9, 1)) is True
	assert in_national_figures(None, date(2026, 9, 1)) is None


def test_four_year_olds_are_not_in_the_national_figures():
	assert in_national_figures(date(2021, 10, 1), date(2025, 10, 1)) is False  # 3 on 31 Aug 2025
	assert in_national_figures(date(2020, 8, 31), date(2025, 10, 1)) is True  # 5 on 31 Aug 2025


# Secondary suppression ------------------------------------------------------------------------
from attendance_officer.engine.cohorts import withheld  # noqa: E402


def test_a_single_small_cell_takes_the_next_smallest_with_it():
	# Total 1,200: "Yes" 3 withheld alone would be 1,200 - 1,197; so "No" goes too.
	assert withheld({"Yes": 3, "No": 1197}) == {"Yes", "No"}
	assert withheld({"7": 180, "8": 4, "9": 175, "10": 190}) == {"8", "9"}


def test_two_small_cells_protect_each_other_and_large_cells_stay():
	assert withheld({"A": 2, "B": 3, "C": 400}) == {"A", "B"}
	assert withheld({"A": 200, "B": 300}) == set()


def test_exactly_five_pupils_is_shown_and_empty_cells_identify_no_one():
	assert withheld({"Yes": 5, "No": 900}) == set()
	assert withheld({"Yes": 0, "No": 900}) == set()
	assert withheld({"Yes": 4, "No": 0}) == {"Yes"}  # nothing else to withhold


from attendance_officer.engine.cohorts import (  # noqa: E402
	AGE_UNKNOWN,
	NATIONAL,
	OTHER_MAIN_REGISTER,
	SIXTH_FORM,
	figures_group,
)


def test_figures_group_puts_each_pupil_in_one_total():
	on = date(2026, 12, 1)  # school year 2026/27: ages on 31 August 2026
	year_11 = date(2011, 1, 15)  # 15 on 31 August 2026: compulsory school age
	year_12 = date(2010, 8, 31)  # 16 on 31 August 2026: sixth form
	assert figures_group(year_11, on, "Single") == NATIONAL
	assert figures_group(year_11, on, "Main dual") == NATIONAL
	assert figures_group(year_12, on, None) == SIXTH_FORM
	assert figures_group(None, on, "Single") == AGE_UNKNOWN
	# A subsidiary dual or guest pupil's PA and SA are their main school's, at any age.
	assert figures_group(year_11, on, "Subsidiary dual") == OTHER_MAIN_REGISTER
	assert figures_group(year_12, on, "Guest") == OTHER_MAIN_REGISTER
	assert figures_group(None, on, "Guest") == OTHER_MAIN_REGISTER
