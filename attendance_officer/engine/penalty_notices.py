"""Penalty notices under the 2024 National Framework: which notice, how much, by when.

Source: ../shared/domain/uk-attendance-rules.md section 3 (National Framework from
19 August 2024; SI 2024/210 reg 4; Education Act 1996 s444):

- At most 2 notices per parent per child in a rolling 3 years; a 3rd must not be issued and
  other action follows (prosecution under s444(1) or s444(1A), a parenting order, an
  education supervision order).
- The 3-year window starts on the date of the first notice issued on or after 19 August
  2024. Notices issued before that date, and withdrawn notices, do not count.
- 1st notice: 80 pounds if paid within 21 days, 160 pounds if paid within 28 days; 2nd
  notice: 160 pounds within 28 days, no lower rate. Both periods are "days beginning with
  the date on which the notice is received" (SI 2024/210 reg 4): the day of receipt is day 1.

Decisions where the reference is silent (issue 13 contract):
- A window of 3 years beginning with its first notice ends the day before that date's third
  anniversary: a notice issued exactly 3 years after the first falls in a new window and is
  a 1st notice again. A notice issued after a window has ended starts the next one.
- Notices are numbered in the order they were issued: a new notice dated before the latest
  notice that counts is refused (it would be numbered as if the later one did not exist).
- An improvement period is counted in school days after the day of the notice to improve:
  15 to 30 school days (3 to 6 school weeks of 5 days; Norfolk's "6 school weeks / 30
  school days"), so holidays are not counted and the notice's own day is not part of it.
- A notice sent by post is deemed received on the second working day after it was issued
  (weekends and the given bank holidays are not working days), unless a receipt date is
  known (Interpretation Act 1978 s7 practice for first class post; an assumption the
  referral form lets the officer override).

Pure: plain dates in, plain values out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from attendance_officer.engine.calendar import SchoolCalendar
from attendance_officer.engine.i18n import _
from attendance_officer.engine.school_age import birthday_in

FRAMEWORK_START = date(2024, 8, 19)
WINDOW_YEARS = 3
MAX_NOTICES = 2
FIRST_LOWER, FIRST_LOWER_DAYS = 80, 21
FULL, FULL_DAYS = 160, 28
POSTAL_WORKING_DAYS = 2


@dataclass(frozen=True)
class EarlierNotice:
	"""A notice already issued to this parent for this child."""

	issued_on: date
	withdrawn: bool = False


@dataclass(frozen=True)
class NoticeTerms:
	"""What a new notice is: its number in the window, what is owed and by when."""

	number: int
	window_start: date
	window_end: date  # the last day of the 3-year window
	lower_amount: int | None
	lower_due_by: date | None
	full_amount: int
	full_due_by: date


class ThirdNoticeError(ValueError):
	"""A 3rd notice to the same parent for the same child within 3 years."""


class NoticeOrderError(ValueError):
	"""A notice dated before a later notice already issued to the same parent for the child."""


def window_end(start: date) -> date:
	"""The last day of the 3 years beginning with ``start``."""
	return birthday_in(start.year + WINDOW_YEARS, start) - timedelta(days=1)


def counting(notices: Iterable[EarlierNotice]) -> list[date]:
	"""The issue dates that count toward the cap, oldest first."""
	return sorted(n.issued_on for n in notices if not n.withdrawn and n.issued_on >= FRAMEWORK_START)


def window_for(issued_on: date, earlier: Iterable[EarlierNotice]) -> tuple[date, list[date]]:
	"""The window a notice issued on ``issued_on`` falls in, and the counting notices in it."""
	start: date | None = None
	for day in counting(earlier):
		if day > issued_on:
			break
		if start is None or day > window_end(start):
			start = day
	if start is None or issued_on > window_end(start):
		return issued_on, []
	return start, [d for d in counting(earlier) if start <= d <= issued_on]


def notice_terms(issued_on: date, received_on: date, earlier: Iterable[EarlierNotice]) -> NoticeTerms:
	"""The number, amounts and due dates of a new notice; ThirdNoticeError for a 3rd in 3 years."""
	if received_on < issued_on:
		raise ValueError(_("A notice cannot be received before it was issued; check the dates."))
	earlier = list(earlier)
	if (dates := counting(earlier)) and issued_on < dates[-1]:
		raise NoticeOrderError(
			_(
				"A notice to this parent for this child was issued on {0}; a new notice cannot be dated "
				"before it. Check the issue date."
			).format(dates[-1].isoformat())
		)
	start, before = window_for(issued_on, earlier)
	number = len(before) + 1
	end = window_end(start)
	if number > MAX_NOTICES:
		raise ThirdNoticeError(third_notice_message(start, end))
	return NoticeTerms(number, start, end, *amounts_due(number, received_on))


def amounts_due(number: int, received_on: date) -> tuple[int | None, date | None, int, date]:
	"""(lower amount, lower due by, full amount, full due by) of notice ``number`` received then."""
	full_due = received_on + timedelta(days=FULL_DAYS - 1)
	if number == 1:
		return FIRST_LOWER, received_on + timedelta(days=FIRST_LOWER_DAYS - 1), FULL, full_due
	return None, None, FULL, full_due


def third_notice_message(start: date, end: date) -> str:
	return _(
		"This parent has already had 2 penalty notices for this child in the 3 years from {0} to {1}; "
		"a 3rd must not be issued. Consider prosecution under section 444(1) or 444(1A) of the "
		"Education Act 1996, a parenting order, or an education supervision order, with the local authority."
	).format(start.isoformat(), end.isoformat())


def deemed_received(issued_on: date, bank_holidays: Collection[date] = ()) -> date:
	"""A notice posted on ``issued_on`` is deemed received on the 2nd working day after it."""
	day, left = issued_on, POSTAL_WORKING_DAYS
	while left:
		day += timedelta(days=1)
		if day.weekday() < 5 and day not in bank_holidays:
			left -= 1
	return day


# Notice to Improve: an improvement period of 3 to 6 school weeks (section 3), in school days.
IMPROVEMENT_DAYS = (15, 30)


def improvement_days(issued_on: date, ends_on: date, calendar: SchoolCalendar) -> int:
	"""School days in an improvement period: after the notice to improve, up to its end."""
	return len(calendar.school_days_between(issued_on + timedelta(days=1), ends_on))


def improvement_period_error(issued_on: date, ends_on: date, calendar: SchoolCalendar) -> str | None:
	"""Why an improvement period may not be used, or None when it is 3 to 6 school weeks."""
	if ends_on <= issued_on:
		return _("The improvement period must end after the notice to improve was issued; check the dates.")
	days = improvement_days(issued_on, ends_on, calendar)
	low, high = IMPROVEMENT_DAYS
	if not low <= days <= high:
		return _(
			"The improvement period is {0} school days; it must be 3 to 6 school weeks ({1} to {2} school "
			"days) after the notice to improve. Move its end date."
		).format(days, low, high)
	return None
