"""engine.letters: the concern letter's context holds only what a parent may read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from attendance_officer.engine.letters import STAFF_ONLY_FIELDS, concern_letter_context, long_date
from attendance_officer.engine.statistics import Bands

PUPIL = {
	"name": "Amy Smith",
	"year_group": 9,
	"reg_group": "9B",
	"upn": "B801200005001",
	"sen": "E",
	"fsm": True,
	"cp": True,
	"cla": True,
	"cin": True,
	"pupil_premium": True,
}
SCHOOL = {
	"name": "Northfield Academy",
	"address": "1 High St, Town, AB1 2CD",
	"phone": "01632 960000",
	"email": "a@b.example",
}
SIGNATORY = {"name": "Ms R. Okafor", "role": "Attendance Officer"}


def context(figures=None, **kwargs):
	figures = figures or {"possible": 200, "attending": 181, "authorised": 12, "unauthorised": 7}
	return concern_letter_context(
		PUPIL,
		figures,
		SCHOOL,
		SIGNATORY,
		period_start=date(2024, 9, 2),
		period_end=date(2025, 3, 28),
		letter_date=date(2025, 3, 31),
		**kwargs,
	)


def test_only_name_year_and_form_of_the_pupil():
	assert context()["pupil"] == {"name": "Amy Smith", "year_group": "9", "reg_group": "9B"}


def keys(value):
	if isinstance(value, dict):
		for k, v in value.items():
			yield k
			yield from keys(v)


def test_no_staff_only_value_anywhere_in_the_context():
	ctx = context()
	assert "B801200005001" not in repr(ctx)
	assert not set(keys(ctx)) & set(STAFF_ONLY_FIELDS)


def test_figures_and_band():
	ctx = context()
	assert ctx["figures"]["attendance"] == "90.5"
	assert ctx["figures"]["days_missed"] == "9.5"
	assert ctx["band"] == "at_risk"
	assert ctx["period"] == {"start": "2 September 2024", "end": "28 March 2025"}
	assert ctx["letter_date"] == "31 March 2025"


def test_band_on_the_exact_fraction():
	# 190/211 shows 90.0 but is not persistent absence
	ctx = context({"possible": 211, "attending": 190, "authorised": 21, "unauthorised": 0})
	assert ctx["figures"]["attendance"] == "90.0"
	assert ctx["band"] == "at_risk"


def test_school_lines_and_settings_lines():
	ctx = context(bands=Bands(concern_below=Decimal("96.5")))
	assert ctx["school"]["address_lines"] == ["1 High St", "Town", "AB1 2CD"]
	assert ctx["lines"] == {"concern_below": "96.5", "persistent_at": "90", "severe_at": "50"}


def test_long_date():
	assert long_date(date(2025, 9, 3)) == "3 September 2025"
