"""engine.statistics: possible sessions, rates and bands (domain reference section 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from attendance_officer.engine.codes import CodeError
from attendance_officer.engine.statistics import (
	BAND_NAMES,
	DEFAULT_BANDS,
	Bands,
	Summary,
	band,
	percent,
	summarise,
)


def pupil(attending: int, authorised: int = 0, unauthorised: int = 0) -> Summary:
	counts = {"/": attending, "I": authorised, "O": unauthorised}
	return summarise(counts)


# ------------------------------------------------------------------ percent


@pytest.mark.parametrize(
	("numerator", "denominator", "expected"),
	[
		(1, 16, "6.3"),  # 6.25: half rounds up (half-even would give 6.2)
		(3, 16, "18.8"),  # 18.75
		(1, 6, "16.7"),
		(2, 3, "66.7"),
		(1, 3, "33.3"),
		(0, 7, "0.0"),
		(7, 7, "100.0"),
		(190, 211, "90.0"),
		(2701, 3000, "90.0"),
	],
)
def test_percent_rounds_half_up_to_one_place(numerator, denominator, expected):
	assert percent(numerator, denominator) == Decimal(expected)
	assert str(percent(numerator, denominator)) == expected


def test_percent_of_nothing_is_an_error():
	with pytest.raises(ZeroDivisionError):
		percent(0, 0)


# ------------------------------------------------------------------ summarise


def test_summary_counts_each_category():
	summary = summarise(
		{
			"/": 100,
			"\\": 90,
			"L": 5,
			"B": 2,
			"K": 1,
			"I": 6,
			"M": 1,
			"G": 4,
			"N": 1,
			"U": 2,
			"D": 3,
			"Y4": 2,
			"#": 20,
		}
	)
	assert summary.attending == 198
	assert summary.authorised == 7
	assert summary.unauthorised == 7
	assert summary.possible == 212
	assert summary.not_possible == 5  # D and Y4; # is administrative, not collected
	assert summary.codes["#"] == 20 and summary.codes["D"] == 3


def test_not_possible_and_admin_codes_leave_the_denominator():
	with_extras = summarise({"/": 9, "O": 1, "D": 10, "X": 2, "Q": 1, "Y1": 1, "Y7": 3, "Z": 40, "#": 8})
	without = summarise({"/": 9, "O": 1})
	assert with_extras.possible == without.possible == 10
	assert with_extras.attendance == without.attendance == Decimal("90.0")


def test_approved_educational_activity_counts_as_attending():
	summary = summarise({"/": 5, "V": 2, "P": 1, "W": 1, "K": 1})
	assert summary.attending == 10 and summary.attendance == Decimal("100.0")


def test_zero_counts_are_left_out():
	summary = summarise({"/": 4, "G": 0})
	assert dict(summary.codes) == {"/": 4}


def test_no_mark_placeholders_count_nowhere():
	summary = summarise({"/": 9, "O": 1, "-": 2, "": 1})
	assert summary.possible == 10 and summary.not_possible == 0
	assert dict(summary.codes) == {"/": 9, "O": 1}


def test_retired_code_is_refused_with_its_replacement():
	with pytest.raises(CodeError, match="J1"):
		summarise({"/": 10, "J": 1})


def test_no_possible_session_has_no_rate_and_no_band():
	summary = summarise({"D": 6, "X": 2, "Y4": 2})  # a D/X/Y-only record
	assert summary.possible == 0
	assert summary.attendance is None and summary.absence is None
	assert band(summary) is None


def test_pupil_admitted_mid_year_has_a_smaller_denominator_and_the_same_rate_logic():
	# Z until admission, then 100 sessions of which 5 unauthorised.
	admitted = summarise({"Z": 280, "/": 95, "O": 5})
	assert admitted.possible == 100
	assert admitted.absence == Decimal("5.0")
	assert band(admitted) == "expected"
	# The same 5 absences over a full year is a lower rate.
	full_year = summarise({"/": 375, "O": 5})
	assert full_year.absence == Decimal("1.3")


def test_worked_example_half_present_half_u_is_50_percent():
	# Arbor's worked example (domain reference section 2): 26 present + 26 U gives 50%.
	summary = summarise({"/": 26, "U": 26})
	assert summary.attendance == Decimal("50.0")
	assert band(summary) == "severe"


# ------------------------------------------------------------------ bands: exact edges


def test_band_names_in_checking_order():
	assert BAND_NAMES == ("severe", "persistent", "at_risk", "concern", "expected")


def test_exactly_90_percent_attendance_is_persistent_absence():
	assert band(pupil(attending=90, authorised=4, unauthorised=6)) == "persistent"
	assert band(pupil(attending=342, authorised=38)) == "persistent"  # 342/380 = 90.0%


def test_exactly_50_percent_absence_is_severe():
	assert band(pupil(attending=190, unauthorised=190)) == "severe"
	assert band(pupil(attending=191, unauthorised=189)) == "persistent"


def test_exactly_92_percent_is_not_at_risk_but_concern():
	assert band(pupil(attending=92, authorised=8)) == "concern"
	assert band(pupil(attending=92 * 5, authorised=8 * 5)) == "concern"
	assert band(pupil(attending=919, authorised=81)) == "at_risk"  # 91.9%


def test_exactly_95_percent_is_expected():
	assert band(pupil(attending=95, authorised=5)) == "expected"
	assert band(pupil(attending=949, authorised=51)) == "concern"  # 94.9%


def test_9003_percent_shows_900_but_is_at_risk_not_persistent():
	summary = pupil(attending=2701, authorised=299)  # 90.0333...%
	assert summary.attendance == Decimal("90.0")
	assert summary.absence == Decimal("10.0")  # 9.9667% also shows 10.0
	assert band(summary) == "at_risk"


def test_8997_percent_shows_900_and_is_persistent():
	summary = pupil(attending=2699, authorised=301)  # 89.9667%
	assert summary.attendance == Decimal("90.0")
	assert band(summary) == "persistent"


def test_band_edge_in_a_real_sized_year():
	# 190/211 = 90.047%: the figure is 90.0 but the pupil is not persistently absent.
	above = pupil(attending=190, authorised=11, unauthorised=10)
	assert above.attendance == Decimal("90.0") and band(above) == "at_risk"
	# 188/209 = 89.952%: the figure is also 90.0, and the pupil is.
	below = pupil(attending=188, authorised=11, unauthorised=10)
	assert below.attendance == Decimal("90.0") and band(below) == "persistent"


def test_figure_95_0_but_exact_fraction_below_95_is_concern():
	summary = pupil(attending=1899, authorised=100)  # 94.997%
	assert summary.attendance == Decimal("95.0")
	assert band(summary) == "concern"


def test_configurable_thresholds_accept_decimal_fractions():
	bands = Bands(concern_below=Decimal("96.5"), at_risk_below=Decimal("92.5"))
	assert band(pupil(attending=925, authorised=75), bands) == "concern"  # exactly 92.5
	assert band(pupil(attending=924, authorised=76), bands) == "at_risk"
	assert band(pupil(attending=965, authorised=35), bands) == "expected"  # exactly 96.5
	assert band(pupil(attending=964, authorised=36), bands) == "concern"


def test_float_thresholds_are_read_as_typed():
	bands = Bands(at_risk_below=92.1)
	assert band(pupil(attending=921, authorised=79), bands) == "concern"  # exactly 92.1


def test_default_bands():
	assert DEFAULT_BANDS == Bands(Decimal("95"), Decimal("92"), Decimal("10"), Decimal("50"))
	assert band(pupil(attending=100)) == "expected"
	assert band(pupil(attending=0, unauthorised=1)) == "severe"
