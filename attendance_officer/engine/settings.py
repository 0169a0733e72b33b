"""Checks on the values a school enters in Attendance Settings.

Plain values in, a message (or None) out, so the rules are tested without a bench.
Sources: ../shared/domain/uk-attendance-rules.md section 2 (persistent absence at 10% or
more, severe at 50% or more; the concern and at-risk bands are LOCAL PRACTICE) and the
DfE's school identifiers (URN: 6 digits; LAESTAB: 3-digit LA number + 4-digit
establishment number, as in the UPN, section 5).
"""

from __future__ import annotations

import re
from decimal import Decimal

from attendance_officer.engine.i18n import _

Number = Decimal | float | int


def _percent(value: Number | None) -> Decimal:
	return Decimal(str(value if value is not None else 0))


def _show(value: Decimal) -> str:
	"""95, 92.5: a percentage as a person would type it."""
	return format(value.normalize(), "f")


def bands_error(
	concern_below: Number,
	at_risk_below: Number,
	persistent_from: Number,
	severe_from: Number,
) -> str | None:
	"""Why these threshold bands are out of order, or None.

	``concern_below`` and ``at_risk_below`` are attendance percentages; ``persistent_from``
	and ``severe_from`` are absence percentages (engine.statistics.Bands). From best to
	worst the lines must run 100 >= concern > at risk > (100 - persistent) > (100 - severe)
	>= 0, so that every band can hold a pupil.
	"""
	concern, at_risk = _percent(concern_below), _percent(at_risk_below)
	persistent, severe = _percent(persistent_from), _percent(severe_from)
	named = (
		(_("Concern (attendance below)"), concern),
		(_("At risk (attendance below)"), at_risk),
		(_("Persistent absence (absence from)"), persistent),
		(_("Severe absence (absence from)"), severe),
	)
	for label, value in named:
		if not Decimal(0) < value <= Decimal(100):
			return _("{0} is {1}%. Enter a percentage above 0 and no more than 100.").format(
				label, _show(value)
			)
	if at_risk >= concern:
		return _(
			"The at-risk line (attendance below {0}%) must be lower than the concern line "
			"(attendance below {1}%). Lower the at-risk line or raise the concern line."
		).format(_show(at_risk), _show(concern))
	if persistent >= severe:
		return _(
			"Persistent absence (absence of {0}% or more) must start below severe absence "
			"({1}% or more). Lower the persistent line or raise the severe line."
		).format(_show(persistent), _show(severe))
	if at_risk <= 100 - persistent:
		return _(
			"The at-risk line (attendance below {0}%) must be above the persistent-absence line "
			"(attendance of {1}% or less), or no pupil could be at risk without already being "
			"persistently absent. Raise the at-risk line above {1}% or lower the persistent line."
		).format(_show(at_risk), _show(100 - persistent))
	return None


def count_error(label: str, value: int | None, minimum: int = 1) -> str | None:
	"""Why ``value`` is not a usable count of days, sessions or weeks, or None."""
	if value is None or int(value) != value or value < minimum:
		return _("{0} is {1}. Enter a whole number of {2} or more.").format(label, value, minimum)
	return None


def compact_identifier(value: str | None) -> str:
	"""A school identifier without spaces, slashes or dashes ("801/2000" -> "8012000")."""
	return re.sub(r"[\s/-]", "", value or "")


def urn_error(value: str) -> str | None:
	"""Why ``value`` is not a Unique Reference Number (6 digits), or None."""
	if not re.fullmatch(r"\d{6}", compact_identifier(value)):
		return _(
			"The URN {0} is not valid: a Unique Reference Number has 6 digits. "
			"Copy it from Get Information about Schools."
		).format(value)
	return None


def laestab_error(value: str) -> str | None:
	"""Why ``value`` is not a LAESTAB (7 digits: LA number then establishment number), or None."""
	if not re.fullmatch(r"\d{7}", compact_identifier(value)):
		return _(
			"The LAESTAB {0} is not valid: it has 7 digits, the 3-digit local authority number "
			"followed by the 4-digit establishment number (for example 8012000)."
		).format(value)
	return None
