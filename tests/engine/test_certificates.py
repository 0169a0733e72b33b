"""Attendance certificates (engine/certificates.py): the edges of 100%, ties, the minimum."""

from __future__ import annotations

from datetime import date

from attendance_officer.engine.certificates import (
	FULL,
	IMPROVED,
	awards,
	full_attendance,
	most_improved,
	previous_period,
)
from attendance_officer.engine.statistics import summarise


def s(attending: int, possible: int):
	return summarise({"/": attending, "O": possible - attending})


def test_exactly_100_percent_qualifies_and_199_of_200_does_not():
	current = {"A": s(200, 200), "B": s(199, 200), "C": s(40, 40)}
	assert full_attendance(current, min_possible=20) == ["A", "C"]


def test_the_minimum_possible_sessions_is_inclusive():
	current = {"A": s(20, 20), "B": s(19, 19)}
	assert full_attendance(current, min_possible=20) == ["A"]


def test_no_possible_sessions_is_not_100_percent():
	assert full_attendance({"A": summarise({})}, min_possible=0) == []


def test_most_improved_is_the_largest_exact_rise_and_ties_share_it():
	previous = {"A": s(80, 100), "B": s(40, 50), "C": s(90, 100)}
	current = {"A": s(95, 100), "B": s(38, 40), "C": s(95, 100)}
	# A: 80% -> 95% (+15); B: 80% -> 95% (+15, on different denominators); C: +5
	assert [p for p, _rise in most_improved(previous, current, min_possible=20)] == ["A", "B"]


def test_most_improved_needs_enough_sessions_in_both_periods_and_a_rise():
	previous = {"A": s(10, 19), "B": s(90, 100)}
	current = {"A": s(40, 40), "B": s(80, 100)}
	assert most_improved(previous, current, min_possible=20) == []  # A too few before; B fell


def test_the_rise_is_compared_exactly_not_on_the_rounded_figure():
	previous = {"A": s(1000, 2000), "B": s(1000, 2000)}
	current = {"A": s(1501, 2000), "B": s(15009, 20000)}  # 75.05% vs 75.045%: both show 75.0/75.1
	assert [p for p, _r in most_improved(previous, current)] == ["A"]


def test_awards_are_per_registration_group():
	previous = {"A": s(80, 100), "B": s(70, 100), "C": s(50, 100)}
	current = {"A": s(100, 100), "B": s(85, 100), "C": s(60, 100)}
	got = awards(previous, current, {"A": "9X", "B": "9X", "C": "9Y"})
	assert [(a.pupil, a.kind) for a in got["9X"]] == [("A", FULL), ("A", IMPROVED)]
	assert [(a.pupil, a.kind, str(a.rise)) for a in got["9Y"]] == [("C", IMPROVED, "10.0")]


def test_the_previous_period_is_the_same_length_just_before():
	assert previous_period(date(2025, 2, 24), date(2025, 4, 4)) == (date(2025, 1, 15), date(2025, 2, 23))
