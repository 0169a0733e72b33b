"""engine.upn: Unique Pupil Numbers (domain reference section 5). Values come from
python-stdnum's calc_check_digit, not from a published worked example (one has a slip)."""

from __future__ import annotations

import pytest
from stdnum.gb import upn as stdnum_upn

from attendance_officer.engine.upn import UPNError, upn_error, validate_upn

PERMANENT = "B801200005001"  # the library's own example
TEMPORARY = "M80120000500A"  # 2 digits and a letter at the end
OTHER_LA = "K20110012401Z"  # LA 201 (City of London), temporary


def test_library_agrees_with_the_values_used_here():
	for value in (PERMANENT, TEMPORARY, OTHER_LA):
		assert stdnum_upn.calc_check_digit(value[1:]) == value[0]


@pytest.mark.parametrize("value", [PERMANENT, TEMPORARY, OTHER_LA])
def test_valid_upns(value):
	assert upn_error(value) is None
	assert validate_upn(value) == value


def test_spaces_and_lower_case_are_accepted_and_compacted():
	assert upn_error(" b801 2000 05001 ") is None
	assert validate_upn(" b801 2000 05001 ") == PERMANENT
	assert validate_upn("m80120000500a") == TEMPORARY


def test_wrong_length_says_how_many_characters_and_what_a_upn_looks_like():
	message = upn_error("B80120000500")
	assert "12 characters instead of 13" in message
	assert "check letter" in message and "B801200005001" in message
	assert "0 characters" in upn_error("")


def test_wrong_format_names_the_character():
	message = upn_error("B80120X005001")
	assert "character 7 is 'X'" in message and "digits" in message


def test_last_character_must_be_a_digit_or_an_allowed_letter():
	message = upn_error("B80120000500I")  # I is never used
	assert "last character is 'I'" in message
	assert "temporary UPN" in message


def test_unknown_la_number():
	message = upn_error("E000200005001")
	assert "000 (characters 2 to 4) is not a local authority number" in message


def test_wrong_check_letter():
	message = upn_error("A801200005001")
	assert "check letter A does not match" in message
	assert "mistyped" in message


def test_first_character_not_a_letter():
	message = upn_error("1801200005001")
	assert "first character is '1'" in message and "check letter" in message


def test_validate_raises_upn_error_with_the_message():
	with pytest.raises(UPNError, match="check letter A") as raised:
		validate_upn("A801200005001")
	assert isinstance(raised.value, ValueError)


def _with_check_letter(rest: str) -> str:
	from stdnum.gb import upn as library

	return library.calc_check_digit(rest) + rest


def test_upn_from_an_la_created_after_the_library_list_is_accepted():
	# Dorset (838) has issued UPNs since April 2019; python-stdnum's list predates it.
	upn = _with_check_letter("838200019001")
	assert upn_error(upn) is None
	assert validate_upn(upn) == upn


def test_upn_from_a_new_la_with_a_wrong_check_letter_is_refused():
	upn = _with_check_letter("941200021001")
	wrong = ("A" if upn[0] != "A" else "B") + upn[1:]
	assert "check letter" in upn_error(wrong)


def test_unknown_la_number_is_still_refused():
	assert "not a local authority number" in upn_error(_with_check_letter("000200005001"))
