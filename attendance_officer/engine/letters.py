"""The plain values an attendance-concern letter shows, and nothing else.

One context builder for the letter template shared by the desk's print formats and the
standalone runner (templates/letters/attendance_concern.html): the template uses only this
dict, so both render the same letter. The builder copies only what a parent may read (the
pupil's name, year group and registration group; the attendance figures; the school; the
signatory). Staff-only data (SEN, FSM, pupil premium, looked-after, child-in-need and
child-protection flags, the UPN) is never copied, whatever the caller passes in.

Figures: ../shared/domain/uk-attendance-rules.md section 2 (attendance % = attending x 100
/ possible, 1 dp half-up; a session is half a day; persistent absence at 10% or more,
severe at 50% or more; the 95% and 92% lines are LOCAL PRACTICE) via engine.statistics.
Stage letters themselves are LOCAL PRACTICE (section 6).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from attendance_officer.engine.i18n import _
from attendance_officer.engine.statistics import DEFAULT_BANDS, Bands, Summary, band, percent

# What the letter may say about a pupil (everything else a pupil record holds stays out).
PUPIL_FIELDS = ("name", "year_group", "reg_group")
# Never in a letter to a parent.
STAFF_ONLY_FIELDS = ("upn", "sen", "fsm", "pupil_premium", "cla", "cin", "cp", "gender", "admission_date")

_MONTHS = (
	_("January"),
	_("February"),
	_("March"),
	_("April"),
	_("May"),
	_("June"),
	_("July"),
	_("August"),
	_("September"),
	_("October"),
	_("November"),
	_("December"),
)


def long_date(day: date) -> str:
	"""3 September 2025: a date as a letter writes it."""
	return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _number(value: Decimal) -> str:
	"""95, 92.5: a percentage line as a person writes it."""
	return format(Decimal(value).normalize(), "f")


def _days(sessions: int) -> str:
	"""Sessions as school days: 19 sessions is 9.5 days."""
	return str(sessions // 2) if sessions % 2 == 0 else f"{sessions // 2}.5"


def _text(value: object) -> str:
	return "" if value is None else str(value).strip()


def _lines(value: object) -> list[str]:
	"""An address given as one string (lines split on newlines or commas) or as lines."""
	if value is None:
		return []
	if isinstance(value, str):
		parts = value.splitlines() if "\n" in value else value.split(",")
	elif isinstance(value, Sequence):
		parts = [str(v) for v in value]
	else:
		parts = [str(value)]
	return [p.strip() for p in parts if p and p.strip()]


def concern_letter_context(
	pupil: Mapping[str, object],
	figures: Mapping[str, object],
	school: Mapping[str, object],
	signatory: Mapping[str, object],
	*,
	period_start: date,
	period_end: date,
	letter_date: date,
	bands: Bands = DEFAULT_BANDS,
) -> dict[str, object]:
	"""The context of templates/letters/attendance_concern.html, as plain values.

	``pupil``: a mapping with at least ``name`` (``year_group``, ``reg_group`` optional;
	any other key is ignored). ``figures``: ``possible``, ``attending``, ``authorised``,
	``unauthorised`` (session counts over the period). ``school``: ``name``, ``address``
	(a string or lines), ``phone``, ``email``. ``signatory``: ``name``, ``role``. The band
	is worked out again from the counts on the exact fraction (engine.statistics.band).
	"""
	possible = int(figures["possible"])  # type: ignore[call-overload]
	attending = int(figures["attending"])  # type: ignore[call-overload]
	authorised = int(figures["authorised"])  # type: ignore[call-overload]
	unauthorised = int(figures["unauthorised"])  # type: ignore[call-overload]
	if possible <= 0:
		raise ValueError(_("A letter needs at least one possible session in the period."))
	summary = Summary(
		possible=possible,
		attending=attending,
		authorised=authorised,
		unauthorised=unauthorised,
		not_possible=0,
	)
	pupil_band = band(summary, bands)
	absent = authorised + unauthorised
	return {
		"letter_date": long_date(letter_date),
		"period": {"start": long_date(period_start), "end": long_date(period_end)},
		"pupil": {field: _text(pupil.get(field)) for field in PUPIL_FIELDS},
		"figures": {
			"possible": possible,
			"attending": attending,
			"authorised": authorised,
			"unauthorised": unauthorised,
			"absent": absent,
			"attendance": str(percent(attending, possible)),
			"absence": str(percent(absent, possible)),
			"days_missed": _days(absent),
		},
		"band": pupil_band,
		"lines": {
			"concern_below": _number(Decimal(str(bands.concern_below))),
			"persistent_at": _number(Decimal(100) - Decimal(str(bands.persistent_from))),
			"severe_at": _number(Decimal(100) - Decimal(str(bands.severe_from))),
		},
		"school": {
			"name": _text(school.get("name")),
			"address_lines": _lines(school.get("address")),
			"phone": _text(school.get("phone")),
			"email": _text(school.get("email")),
		},
		"signatory": {"name": _text(signatory.get("name")), "role": _text(signatory.get("role"))},
	}


def stage_letter_context(
	stage: str,
	pupil: Mapping[str, object],
	figures: Mapping[str, object],
	school: Mapping[str, object],
	signatory: Mapping[str, object],
	*,
	period_start: date,
	period_end: date,
	letter_date: date,
	recipient_name: str = "",
	recipient_address: object = "",
	reference: str = "",
	illness_days: int = 0,
	bands: Bands = DEFAULT_BANDS,
) -> dict[str, object]:
	"""The context of templates/letters/attendance_stage.html: a letter of the escalation
	ladder (engine.ladder.LETTERS: Stage 1, 2, 3, the medical evidence request, the
	improvement letter), the concern letter's values plus the stage, the recipient and, for
	the medical request, the school days of illness this term."""
	from attendance_officer.engine.ladder import LETTERS

	if stage not in LETTERS:
		raise ValueError(_("{0} is not a letter of the attendance ladder.").format(stage))
	context = concern_letter_context(
		pupil,
		figures,
		school,
		signatory,
		period_start=period_start,
		period_end=period_end,
		letter_date=letter_date,
		bands=bands,
	)
	context.update(
		{
			"stage": stage,
			"recipient": {"name": _text(recipient_name), "address_lines": _lines(recipient_address)},
			"reference": _text(reference),
			"illness_days": int(illness_days),
		}
	)
	return context
