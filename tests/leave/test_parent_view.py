"""engine.parent_view: parents see words, never codes; the calendar shows newest days first."""

from __future__ import annotations

from datetime import date

import pytest

from attendance_officer.engine.codes import CODES
from attendance_officer.engine.parent_view import (
	NOT_MARKED,
	parent_label,
	session_calendar,
	short_date,
	weekdays_between,
)


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_words_that_are_not_the_code(code):
	label, tone = parent_label(code)
	assert label and tone
	assert label != code
	assert CODES[code].description not in label or len(label) > 3


def test_labels_for_common_cases():
	assert parent_label("/")[0] == "In school"
	assert parent_label("N")[0] == "Absent, reason not yet given"
	assert parent_label("G")[0] == "Absent without permission"
	assert parent_label("C")[0] == "Absent with permission"
	assert parent_label(None) == NOT_MARKED
	assert parent_label("H") == NOT_MARKED  # retired or unknown: never echoed


def test_calendar_newest_first_with_both_sessions():
	mon, tue = date(2025, 3, 3), date(2025, 3, 4)
	days = session_calendar({(mon, "AM"): "/", (mon, "PM"): "N"}, [mon, tue], last=5)
	assert [d.day for d in days] == [tue, mon]
	assert days[1].am[0] == "In school" and days[1].pm[0] == "Absent, reason not yet given"
	assert days[0].am == NOT_MARKED


def test_weekdays_between_skips_weekends():
	assert len(weekdays_between(date(2025, 3, 3), date(2025, 3, 16))) == 10


def test_short_date_for_phones():
	assert short_date(date(2026, 11, 20)) == "Fri 20 Nov"


def test_not_marked_yet_is_said_only_of_today():
	"""Issue 11 item 11: a past day without a register says nothing; today's unmarked sessions wait."""
	from attendance_officer.engine.parent_view import NO_REGISTER

	mon, tue, wed = date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 5)
	marks = {(mon, "AM"): "/", (wed, "AM"): "/"}
	days = session_calendar(marks, [mon, tue, wed], last=5, today=wed)
	assert [d.day for d in days] == [wed, mon]  # Tuesday had no register: left out
	assert days[0].am[0] == "In school" and days[0].pm == NOT_MARKED  # today's afternoon is to come
	assert days[1].pm == NO_REGISTER  # Monday afternoon went by without a mark: blank


def test_today_with_no_marks_yet_is_shown_not_marked():
	mon, tue = date(2025, 3, 3), date(2025, 3, 4)
	days = session_calendar({}, [mon, tue], last=5, today=tue)
	assert [d.day for d in days] == [tue]
	assert days[0].am == NOT_MARKED and days[0].pm == NOT_MARKED
