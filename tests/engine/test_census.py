"""engine.census: census absence periods (domain reference section 5, "School census")."""

from __future__ import annotations

from datetime import date

import pytest

from attendance_officer.engine.census import (
	AUTUMN,
	SPRING,
	SUMMER,
	CensusError,
	CensusPart,
	absence_codes,
	census_parts,
	part_for,
	spring_bank_holiday,
)


def where(day: date, year: int, **kwargs) -> tuple[str, int] | None:
	"""Which census of ``year`` (and which part) collects ``day``."""
	for census in (SPRING, SUMMER, AUTUMN):
		part = part_for(day, census_parts(census, year, **kwargs))
		if part is not None:
			return census, part
	return None


def test_spring_census_is_the_autumn_term():
	assert census_parts(SPRING, 2025) == (CensusPart(1, date(2024, 8, 1), date(2024, 12, 31)),)


def test_easter_in_march_2024():
	assert census_parts(SUMMER, 2024) == (CensusPart(1, date(2024, 1, 1), date(2024, 3, 31)),)
	assert census_parts(AUTUMN, 2024)[0].start == date(2024, 4, 1)


def test_easter_in_april_2025():
	assert census_parts(SUMMER, 2025) == (CensusPart(1, date(2025, 1, 1), date(2025, 4, 20)),)
	assert census_parts(AUTUMN, 2025) == (
		CensusPart(1, date(2025, 4, 21), date(2025, 5, 25)),
		CensusPart(2, date(2025, 5, 26), date(2025, 7, 31)),
	)


def test_days_beside_easter():
	assert where(date(2025, 4, 20), 2025) == (SUMMER, 1)  # Easter Sunday
	assert where(date(2025, 4, 21), 2025) == (AUTUMN, 1)  # Easter Monday
	assert where(date(2024, 3, 31), 2024) == (SUMMER, 1)
	assert where(date(2024, 4, 1), 2024) == (AUTUMN, 1)


def test_days_beside_the_spring_bank_holiday():
	assert spring_bank_holiday(2025) == date(2025, 5, 26)
	assert spring_bank_holiday(2024) == date(2024, 5, 27)
	assert spring_bank_holiday(2021) == date(2021, 5, 31)  # 31 May is itself the last Monday
	assert where(date(2025, 5, 25), 2025) == (AUTUMN, 1)  # the Sunday before
	assert where(date(2025, 5, 26), 2025) == (AUTUMN, 2)  # the bank holiday


def test_jubilee_year_with_an_explicit_bank_holiday():
	jubilee = date(2022, 6, 2)  # moved to Thursday 2 June 2022
	parts = census_parts(AUTUMN, 2022, spring_bank_holiday=jubilee)
	assert parts[0] == CensusPart(1, date(2022, 4, 18), date(2022, 5, 29))
	assert where(date(2022, 5, 29), 2022, spring_bank_holiday=jubilee) == (AUTUMN, 1)
	assert where(jubilee, 2022, spring_bank_holiday=jubilee) == (AUTUMN, 2)
	# The parts meet: the days between that Sunday and the holiday go in part 2, not nowhere.
	assert parts[1].start == date(2022, 5, 30)
	assert where(date(2022, 6, 1), 2022, spring_bank_holiday=jubilee) == (AUTUMN, 2)
	# Without the date, the last Monday in May (30 May 2022) would be used.
	assert census_parts(AUTUMN, 2022)[1].start == date(2022, 5, 30)


def test_the_year_is_covered_without_gaps_or_overlaps():
	# Every day of the 2024/25 school year falls in exactly one census part.
	day = date(2024, 8, 1)
	seen = []
	while day <= date(2025, 7, 31):
		year = day.year + 1 if day.month >= 8 else day.year
		hits = [
			(census, part.part)
			for census in (SPRING, SUMMER, AUTUMN)
			for part in census_parts(census, year)
			if day in part
		]
		assert len(hits) == 1, day
		seen.append(hits[0])
		day = date.fromordinal(day.toordinal() + 1)
	assert set(seen) == {(SPRING, 1), (SUMMER, 1), (AUTUMN, 1), (AUTUMN, 2)}
	assert (day.year, day.month, day.day) == (2025, 8, 1)


def test_unknown_census_or_impossible_bank_holiday_is_refused():
	with pytest.raises(CensusError, match="Choose one of"):
		census_parts("winter", 2025)
	with pytest.raises(CensusError, match="spring bank holiday"):
		census_parts(AUTUMN, 2025, spring_bank_holiday=date(2025, 4, 1))
	with pytest.raises(CensusError, match="spring bank holiday"):
		census_parts(AUTUMN, 2025, spring_bank_holiday=date(2026, 5, 25))


def test_census_counts_only_absence_codes_without_zeros():
	counts = {
		"/": 150,
		"\\": 148,
		"L": 3,
		"B": 1,
		"I": 6,
		"M": 2,
		"G": 0,
		"N": 1,
		"U": 2,
		"D": 4,
		"Y4": 2,
		"#": 10,
	}
	assert absence_codes(counts) == {"I": 6, "M": 2, "N": 1, "U": 2}


# ------------------------------------------------------------------ census_problems


def test_a_clean_pupil_has_no_problem():
	from attendance_officer.engine.census import census_problems

	assert census_problems({"/": 100, "I": 4, "O": 2}) == []


def test_n_missing_and_withdrawn_codes_are_each_named():
	from attendance_officer.engine.census import census_problems

	problems = census_problems({"/": 90, "N": 3, "H": 2, "J": 0}, missing=4)
	assert len(problems) == 3
	assert "3 session(s) coded N" in problems[0]
	assert "4 session(s) with no mark" in problems[1]
	assert "coded H" in problems[2] and "C (leave of absence" in problems[2]
