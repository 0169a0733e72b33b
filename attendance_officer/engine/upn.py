"""Unique Pupil Numbers (UPN): format and check letter.

Source: ../shared/domain/uk-attendance-rules.md section 5 ("Unique Pupil Number"): 13
characters: a check letter, the LA number (3 digits), the establishment number (4), the
last 2 digits of the allocation year, then 3 digits (a permanent UPN) or 2 digits and a
letter (a temporary UPN). Census error 1510 rejects a wrong check letter, 1530 an unknown
LA number. python-stdnum's ``stdnum.gb.upn`` does the checking; this module turns its
exceptions into messages that say which part is wrong and what a UPN looks like.
"""

from __future__ import annotations

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.gb import upn as _upn

from attendance_officer.engine.i18n import _

UPN_LENGTH = 13
# Letters a UPN may hold (check letter, and the last character of a temporary UPN).
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # A to Z without I, O and S


# LA numbers created after python-stdnum's list (DfE "new local authority codes", 2011):
# Dorset 838 and Bournemouth, Christchurch and Poole 839 (April 2019), North and West
# Northamptonshire 940 and 941 (April 2021), Cumberland 942 and Westmorland and Furness
# 943 (April 2023). Pupils allocated a UPN there since are real pupils; the library's
# own check letter still decides.
LA_NUMBERS_SINCE_2011 = frozenset({"838", "839", "940", "941", "942", "943"})


class UPNError(ValueError):
	"""A value that is not a valid UPN; the message says what is wrong."""


def _shape() -> str:
	return _(
		"A UPN has 13 characters: a check letter, the 3-digit LA number, the 4-digit "
		"establishment number, 2 digits for the year and 3 more digits (a temporary UPN ends "
		"in 2 digits and a letter), for example B801200005001."
	)


def _problem(number: str) -> str | None:
	"""What is wrong with ``number`` (already compacted), or None when it is valid."""
	try:
		_upn.validate(number)
	except InvalidLength:
		return _("it has {0} characters instead of 13. {1}").format(len(number), _shape())
	except InvalidFormat:
		for position, char in enumerate(number[1:-1], start=2):
			if char not in "0123456789":
				return _("character {0} is {1!r}, but characters 2 to 12 must all be digits. {2}").format(
					position, char, _shape()
				)
		return _(
			"the last character is {0!r}; it must be a digit, or for a temporary UPN a letter "
			"other than I, O and S. {1}"
		).format(number[-1], _shape())
	except InvalidComponent:
		if number[1:4] in LA_NUMBERS_SINCE_2011:
			if _upn.calc_check_digit(number[1:]) == number[0]:
				return None
			return _check_letter_problem(number)
		return _(
			"{0} (characters 2 to 4) is not a local authority number. Check the number with "
			"the pupil's previous school or the DfE's list of LA numbers."
		).format(number[1:4])
	except InvalidChecksum:
		return _check_letter_problem(number)
	except ValidationError:  # any other complaint of the library
		return _("it is not a valid UPN. {0}").format(_shape())
	return None


def _check_letter_problem(number: str) -> str:
	if number[0] not in UPN_LETTERS:
		return _(
			"the first character is {0!r}, but it must be the check letter (A to Z except I, O and S). {1}"
		).format(number[0], _shape())
	return _(
		"the check letter {0} does not match the other 12 characters, so one of them was "
		"probably mistyped. Copy the UPN again from the pupil's record or common transfer file."
	).format(number[0])


def upn_error(value: str) -> str | None:
	"""Why ``value`` is not a valid UPN, or None. Spaces and lower case are accepted."""
	return _problem(_upn.compact(value or ""))


def validate_upn(value: str) -> str:
	"""The UPN in its compact form (no spaces, upper case); UPNError when it is not valid."""
	number = _upn.compact(value or "")
	problem = _problem(number)
	if problem:
		raise UPNError(problem)
	return number
