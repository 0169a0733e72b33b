"""engine.calendar: school days and weeks come from the whole school's marks."""

from __future__ import annotations

from datetime import date

from attendance_officer.engine.calendar import SchoolCalendar, academic_year_start, week_start

from .conftest import week_of

MON = date(2025, 3, 3)
FRI = date(2025, 3, 7)
SUN = date(2025, 3, 9)
NEXT_MON = date(2025, 3, 10)


def test_week_start_is_the_monday():
	assert week_start(MON) == MON
	assert week_start(FRI) == MON
	assert week_start(SUN) == MON
	assert week_start(NEXT_MON) == NEXT_MON


def test_academic_year_starts_on_1_august():
	assert academic_year_start(date(2025, 7, 31)) == date(2024, 8, 1)
	assert academic_year_start(date(2025, 8, 1)) == date(2025, 8, 1)
	assert academic_year_start(date(2025, 12, 31)) == date(2025, 8, 1)
	assert academic_year_start(date(2026, 1, 1)) == date(2025, 8, 1)


def test_a_day_is_a_school_day_when_any_pupil_has_a_mark_other_than_hash_or_z():
	codes_by_date = {
		date(2025, 3, 3): {"/", "#"},  # one pupil present, one marked closed: school day
		date(2025, 3, 4): {"#"},  # closed for everyone
		date(2025, 3, 5): {"Z", "#"},  # only prospective pupils and closure
		date(2025, 3, 6): {"Z", "N"},  # a pupil absent, another not yet on roll
		date(2025, 3, 7): {"-", ""},  # no mark entered is not a mark
	}
	calendar = SchoolCalendar.from_codes_by_date(codes_by_date)
	assert calendar.days == (date(2025, 3, 3), date(2025, 3, 6))


def test_d_x_y_only_week_is_a_school_week_because_only_hash_and_z_close_a_day():
	week = week_of(date(2025, 3, 10))
	codes_by_date = {
		week[0]: {"D"},
		week[1]: {"X"},
		week[2]: {"Y4"},
		week[3]: {"Q", "Y1"},
		week[4]: {"#"},
	}
	calendar = SchoolCalendar.from_codes_by_date(codes_by_date)
	assert calendar.days == tuple(week[:4])
	assert calendar.weeks == (week[0],)


def test_a_hash_only_holiday_week_is_not_a_school_week():
	term = week_of(date(2025, 2, 10))
	half_term = week_of(date(2025, 2, 17))
	back = week_of(date(2025, 2, 24))
	codes_by_date = {d: ["/", "\\"] for d in term + back}
	codes_by_date.update({d: ["#", "#"] for d in half_term})
	calendar = SchoolCalendar.from_codes_by_date(codes_by_date)
	assert calendar.weeks == (term[0], back[0])
	assert calendar.week_index(half_term[2]) is None
	assert calendar.week_index(back[3]) == 1


def test_indexes_and_ranges():
	days = [*week_of(MON), *week_of(NEXT_MON)]
	calendar = SchoolCalendar(reversed(days + days))  # order and repeats do not matter
	assert calendar.days == tuple(days)
	assert len(calendar) == 10
	assert calendar.is_school_day(FRI) and not calendar.is_school_day(SUN)
	assert calendar.day_index(MON) == 0 and calendar.day_index(NEXT_MON) == 5
	assert calendar.day_index(SUN) is None
	assert calendar.week_index(SUN) == 0  # a weekend day belongs to its school week
	assert calendar.week_index(date(2025, 3, 17)) is None
	assert calendar.school_days_between(FRI, NEXT_MON) == (FRI, NEXT_MON)
	assert calendar.school_days_between(date(2025, 3, 8), SUN) == ()
	assert calendar.school_days_between(NEXT_MON, FRI) == ()
	assert calendar.count_school_days(FRI, NEXT_MON) == 2
	assert calendar.count_school_days(NEXT_MON, FRI) == 0
	assert calendar == SchoolCalendar(days)


def test_an_empty_calendar():
	calendar = SchoolCalendar([])
	assert calendar.days == () and calendar.weeks == ()
	assert calendar.week_index(MON) is None
	assert calendar.school_days_between(MON, FRI) == ()
