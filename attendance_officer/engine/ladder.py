"""The escalation letter ladder: which attendance letter, if any, a pupil is due next.

Source: ../shared/domain/uk-attendance-rules.md section 6 (stage letters are LOCAL PRACTICE:
Stage 1 concern, Stage 2 meeting and improvement plan, Stage 3 formal warning and the
notice-to-improve route; WTISA 2024's "support first") and section 2 (the bands, decided
on the exact fraction by engine.statistics.band). The issue contract (issue 14 item 3):

- Stage 1: attendance below the concern line.
- Stage 2: persistent absence (absence >= the persistent line), and only after a Stage 1:
  an invitation to a meeting.
- Stage 3: persistent absence continuing after a meeting held since the Stage 2 letter:
  the formal warning, pointing to the notice-to-improve route.
- Medical evidence request: N school days of illness (code I) in the term (N from
  Attendance Settings, ``medical_evidence_after``; LOCAL PRACTICE, default 5).
- Improvement: attendance back at or above the concern line after a stage letter.
- Never a stage letter within ``interval`` school days (Attendance Settings, default 20)
  of the last stage letter, whichever stage it was (the same one again, or the next); the
  medical evidence request and the improvement letter likewise not within the interval of
  their own last one. An override with a reason lifts the ordering and the interval rules,
  and the reason is kept with the letter's log.

Plain values in, plain values out: the shell reads the pupil's code counts (one grouped
query for a whole school), the letters already sent and the meetings held this academic
year, and the school days between, and calls ``propose`` per pupil.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from attendance_officer.engine.statistics import (
	CONCERN,
	DEFAULT_BANDS,
	PERSISTENT,
	SEVERE,
	Bands,
	Summary,
	band,
)

STAGE_1 = "Stage 1"
STAGE_2 = "Stage 2"
STAGE_3 = "Stage 3"
MEDICAL = "Medical Evidence Request"
IMPROVEMENT = "Improvement"
STAGES = (STAGE_1, STAGE_2, STAGE_3)
LETTERS = (*STAGES, MEDICAL, IMPROVEMENT)
DEFAULT_INTERVAL = 20  # school days between two letters of the same kind (issue 14)
MEDICAL_AFTER_DAYS = 5  # school days of illness in a term before evidence is asked for (LOCAL PRACTICE)

BELOW_CONCERN = frozenset({SEVERE, PERSISTENT, "at_risk", CONCERN})
PERSISTENTLY_ABSENT = frozenset({SEVERE, PERSISTENT})


class LadderError(ValueError):
	"""An override the ladder cannot accept (no reason, or not a letter it knows)."""


@dataclass(frozen=True)
class SentLetter:
	letter: str  # one of LETTERS
	sent_on: date


@dataclass(frozen=True)
class Proposal:
	"""The letter proposed (None: no letter) and why, in words for the letter run's screen."""

	letter: str | None
	reason: str
	band: str | None
	overridden: bool = False
	override_reason: str = ""


def school_days_since(day: date, today: date, school_days: Sequence[date]) -> int:
	"""School days after ``day`` up to and including ``today`` (``school_days`` sorted)."""
	return sum(1 for d in school_days if day < d <= today)


def propose(
	summary: Summary,
	*,
	sent: Iterable[SentLetter],
	meetings: Iterable[date],
	today: date,
	school_days: Sequence[date],
	illness_days: int = 0,
	medical_after: int = MEDICAL_AFTER_DAYS,
	interval: int = DEFAULT_INTERVAL,
	bands: Bands = DEFAULT_BANDS,
	override: str | None = None,
	override_reason: str = "",
	compulsory_age: bool | None = True,
	main_register: bool = True,
) -> Proposal:
	"""The next letter for one pupil.

	``sent``: the attendance letters sent this academic year (any order); ``meetings``: the
	dates of support meetings held; ``school_days``: the school days of the period up to
	``today``, for the interval rule; ``illness_days``: school days coded I this term.
	``override``: a letter the user chose instead, with ``override_reason`` (required). An
	override waives the order and the interval, never the facts a letter states: an
	improvement letter needs attendance at or above the concern line, Stage 3 ("we met") a
	meeting held, a medical evidence request some illness. ``compulsory_age``: whether the pupil
	is of compulsory school age today (False: past it, a sixth former). Stage 3 warns of a
	penalty notice or prosecution, which cover only pupils of compulsory school age
	(../shared/domain/uk-attendance-rules.md section 3), so it is never proposed for them.
	``main_register``: False for a subsidiary dual or guest pupil (engine.roll.on_main_register),
	whose penalty work is their main school's: no Stage 3 from here either.
	"""
	pupil_band = band(summary, bands)
	sent = sorted(sent, key=lambda s: s.sent_on)
	if override is not None:
		if override not in LETTERS:
			raise LadderError(f"{override} is not an attendance letter.")
		if not override_reason.strip():
			raise LadderError(f"Give the reason for sending the {override} letter out of turn.")
		if untrue := _override_untrue(
			override, pupil_band, meetings, today, illness_days, compulsory_age, main_register
		):
			raise LadderError(untrue)
		return Proposal(
			override,
			"Chosen by the user.",
			pupil_band,
			overridden=True,
			override_reason=override_reason.strip(),
		)

	last = {s.letter: s.sent_on for s in sent}  # sorted: the latest of each kind wins

	def too_soon(letter: str) -> int | None:
		"""School days since the last such letter, when that is inside the interval."""
		if letter not in last:
			return None
		since = school_days_since(last[letter], today, school_days)
		return since if since < interval else None

	if illness_days >= medical_after and too_soon(MEDICAL) is None:
		medical = Proposal(
			MEDICAL,
			f"{illness_days} school days of illness this term (the school asks for evidence after {medical_after}).",
			pupil_band,
		)
	else:
		medical = None

	if pupil_band is None:
		return medical or Proposal(None, "No possible sessions in the period.", None)

	stage_letters = [s for s in sent if s.letter in STAGES]
	if pupil_band not in BELOW_CONCERN:
		if stage_letters and not any(
			s.letter == IMPROVEMENT and s.sent_on >= stage_letters[-1].sent_on for s in sent
		):
			return Proposal(
				IMPROVEMENT,
				f"Attendance is back at or above the concern line since the {stage_letters[-1].letter} letter.",
				pupil_band,
			)
		return medical or Proposal(None, "Attendance is at or above the concern line.", pupil_band)

	wanted = _stage_wanted(
		pupil_band, last, [m for m in meetings if m <= today], compulsory_age, main_register
	)
	if isinstance(wanted, Proposal):  # waiting: say why, unless a medical request is due
		return medical or Proposal(wanted.letter, wanted.reason, pupil_band)
	letter, reason = wanted
	# The interval runs from the last stage letter of any stage: a family has time to act on
	# one letter before the next (the same one again, or the next stage) goes.
	latest = stage_letters[-1] if stage_letters else None
	if latest and (since := school_days_since(latest.sent_on, today, school_days)) < interval:
		return medical or Proposal(
			None,
			f"A {latest.letter} letter was sent {since} school days ago; the next may go after {interval}.",
			pupil_band,
		)
	return Proposal(letter, reason, pupil_band)


def _override_untrue(
	letter: str,
	pupil_band,
	meetings: Iterable[date],
	today: date,
	illness_days: int,
	compulsory_age,
	main_register: bool = True,
) -> str | None:
	"""Why the letter ``letter`` would state something untrue of this pupil today, or None."""
	if letter == IMPROVEMENT and (pupil_band is None or pupil_band in BELOW_CONCERN):
		return "An improvement letter says attendance is back at the expected level; it is not."
	if letter == STAGE_3 and not any(m <= today for m in meetings):
		return "A Stage 3 letter refers to the support meeting held; no meeting has been held yet."
	if letter == STAGE_3 and compulsory_age is False:
		return "A Stage 3 letter warns of a penalty notice; the pupil is past compulsory school age."
	if letter == STAGE_3 and not main_register:
		return "A Stage 3 letter warns of a penalty notice; the pupil's main school decides those."
	if letter == MEDICAL and illness_days <= 0:
		return "A medical evidence request is about illness this term; none is recorded."
	return None


def _stage_wanted(
	pupil_band: str, last: dict[str, date], meetings: Iterable[date], compulsory_age=True, main_register=True
):
	"""(letter, reason) the band asks for, or a Proposal(None, why) while the ladder waits.

	``meetings``: the support meetings held (dated on or before today)."""
	persistent = pupil_band in PERSISTENTLY_ABSENT
	if STAGE_1 not in last:
		return STAGE_1, (
			"Persistent absence, and no Stage 1 letter yet: Stage 1 comes first."
			if persistent
			else "Attendance is below the concern line."
		)
	if not persistent:
		return STAGE_1, "Attendance is still below the concern line."
	if STAGE_2 not in last:
		return STAGE_2, "Persistent absence after a Stage 1 letter: invite the parents to a meeting."
	held = [m for m in meetings if m >= last[STAGE_2]]
	if not held:
		return Proposal(
			None,
			f"Stage 2 letter sent on {last[STAGE_2].isoformat()}: hold the meeting before Stage 3.",
			pupil_band,
		)
	if STAGE_3 in last and last[STAGE_3] >= last[STAGE_2]:
		return Proposal(
			None,
			f"Stage 3 letter sent on {last[STAGE_3].isoformat()}: the next step is a notice to improve "
			"or a referral (Penalty Notice Threshold), not another letter.",
			pupil_band,
		)
	if compulsory_age is False:
		return Proposal(
			None,
			"Past compulsory school age: no formal warning (penalty notices and prosecution do not "
			"apply); review the support plan with the pupil and family instead.",
			pupil_band,
		)
	if not main_register:
		return Proposal(
			None,
			"On another school's main register (subsidiary dual or guest): penalty notices are the main "
			"school's, so no formal warning from here; tell the main school about the absence.",
			pupil_band,
		)
	return STAGE_3, (
		f"Persistent absence continues after the meeting on {max(held).isoformat()}: formal warning."
	)
