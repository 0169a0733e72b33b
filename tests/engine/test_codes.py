"""engine.codes: the code table against the domain reference (section 1, "Code sets for app logic")."""

from __future__ import annotations

import pytest

from attendance_officer.engine import codes
from attendance_officer.engine.codes import CodeError, code_error, lookup

# ../shared/domain/uk-attendance-rules.md section 1, table "Code sets for app logic".
DOC_ATTENDING = {"/", "\\", "L", "K", "V", "P", "W", "B"}
DOC_AUTHORISED = {"C", "C1", "C2", "M", "J1", "S", "T", "R", "I", "E"}
DOC_UNAUTHORISED = {"G", "N", "O", "U"}
DOC_NOT_POSSIBLE = {"D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7"}
DOC_ADMIN = {"Z", "#"}


def test_attending_codes_match_the_domain_table():
	assert codes.ATTENDING == DOC_ATTENDING
	assert all(codes.CODES[c].attending and codes.CODES[c].possible for c in DOC_ATTENDING)


def test_authorised_absence_codes_match_the_domain_table():
	assert codes.AUTHORISED == DOC_AUTHORISED
	assert all(codes.CODES[c].possible and not codes.CODES[c].attending for c in DOC_AUTHORISED)


def test_unauthorised_absence_codes_match_the_domain_table():
	assert codes.UNAUTHORISED == DOC_UNAUTHORISED


def test_not_possible_codes_match_the_domain_table_and_leave_the_denominator():
	assert codes.NOT_POSSIBLE == DOC_NOT_POSSIBLE
	assert not any(codes.CODES[c].possible for c in DOC_NOT_POSSIBLE)


def test_administrative_codes_match_the_domain_table_and_are_the_closure_marks():
	assert codes.ADMIN == DOC_ADMIN
	assert codes.CLOSURE == DOC_ADMIN
	assert not any(codes.CODES[c].possible for c in DOC_ADMIN)


def test_every_code_is_in_exactly_one_category_set():
	sets = [DOC_ATTENDING, DOC_AUTHORISED, DOC_UNAUTHORISED, DOC_NOT_POSSIBLE, DOC_ADMIN]
	assert sum(len(s) for s in sets) == len(codes.CODES)
	assert set().union(*sets) == set(codes.CODES)
	assert codes.POSSIBLE == DOC_ATTENDING | DOC_AUTHORISED | DOC_UNAUTHORISED
	assert codes.ABSENCE == DOC_AUTHORISED | DOC_UNAUTHORISED


def test_penalty_codes_are_exactly_g_n_o_u():
	assert codes.PENALTY == {"G", "N", "O", "U"}
	assert {c for c, code in codes.CODES.items() if code.penalty} == {"G", "N", "O", "U"}


@pytest.mark.parametrize(
	("retired", "replacement"),
	[("H", "C (leave"), ("J", "J1"), ("Y", "Y1 to Y7")],
)
def test_retired_codes_name_their_replacement(retired, replacement):
	message = code_error(retired)
	assert "withdrawn on 19 August 2024" in message
	assert replacement in message
	with pytest.raises(CodeError, match="withdrawn") as raised:
		lookup(retired)
	assert replacement in str(raised.value)


def test_unknown_code_is_refused_and_codes_in_force_are_accepted():
	assert "unknown attendance code" in code_error("QQ")
	with pytest.raises(CodeError):
		lookup("-")
	assert all(code_error(c) is None for c in codes.CODES)
	assert lookup("N").description
