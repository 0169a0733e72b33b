"""Writing a record's code over a pupil's marks, and taking it back off again.

An Absence Record, an authorised Leave of Absence Request or a bulk code writes one code
over a range of sessions; cancelling it must restore exactly what it changed and nothing
else (the Frappe lifecycle split: effects on submit, reversed on cancel; ../shared/design/
style.md section 2). Every entry and amendment stays on the audit trail
(../shared/domain/uk-attendance-rules.md section 5, "Amendments"), so a mark someone
amended after the record wrote it is left as amended and reported, never silently undone.

Pure: the caller reads the current marks, asks for a plan, shows it (attending marks need
the user's confirmation), then writes it and stores the plan's changes with the record.

Rules (decisions for the three issues this serves):
- A record writes over a blank session or an N (reason not yet established, which the
  record now explains). An attending mark (/ \\ L K V P W B) is only replaced when the user
  confirmed it (``overwrite_attending=True``); otherwise it is a refusal to show. An absence
  already recorded (I, M, C, U ...: engine.codes.ABSENCE) is left alone and listed apart
  (Plan.absent) unless the user confirmed replacing it (``overwrite_absent=True``: a closure
  or a trip the pupil did go on after all). Any other mark (a closure, a code not a possible
  session) is left alone and listed as skipped with the reason.
- Every mark names its writer (``source`` + ``source_name``), so a record's own marks are
  told apart from equal codes written by anyone else.
- Cancelling restores a session only while it still holds exactly what the record wrote.
  If a later record wrote over it, that record's stored ``before`` is handed the cancelled
  record's ``before`` (RestorePlan.handovers), so cancelling in any order leaves no trace of
  a cancelled record: with no manual amendments, cancelling every record gives back the
  original marks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from attendance_officer.engine.codes import ABSENCE, ATTENDING, CodeError, code_error
from attendance_officer.engine.i18n import _
from attendance_officer.engine.sessions import Session, session_key, show_session

# Why a session was not changed (PlanItem.reason).
ATTENDING_MARK = "attending"  # needs confirmation (a refusal)
OTHER_CODE = "other_code"  # another code stands; left alone
ALREADY_WRITTEN = "already_written"  # this record's own mark is already there
AMENDED = "amended"  # changed by someone else since the record wrote it (RestorePlan)

REPLACEABLE = frozenset({"N"})


@dataclass(frozen=True)
class Mark:
	"""One session's code and who wrote it.

	``source`` is the kind of writer (e.g. "Register", "Absence Record", "Leave of Absence
	Request", "Bulk Code", "Amendment") and ``source_name`` the writing document's name
	(or the amendment's id). Two marks are the same only when code and writer both match.
	"""

	code: str
	source: str = ""
	source_name: str = ""

	def writer(self) -> str:
		return f"{self.source} {self.source_name}".strip() or _("the register")


@dataclass(frozen=True)
class Change:
	"""The record wrote ``after`` over ``before`` (None: the session was blank)."""

	session: Session
	before: Mark | None
	after: Mark


@dataclass(frozen=True)
class PlanItem:
	"""A session the plan leaves alone: ``reason`` is one of the constants above."""

	session: Session
	mark: Mark | None
	reason: str
	message: str


@dataclass(frozen=True)
class Plan:
	changes: tuple[Change, ...]
	refusals: tuple[PlanItem, ...]  # attending marks: replace only after confirmation
	skipped: tuple[PlanItem, ...]  # other codes, left alone

	@property
	def needs_confirmation(self) -> bool:
		return bool(self.refusals)

	@property
	def absent(self) -> tuple[PlanItem, ...]:
		"""The skipped sessions where an absence is already recorded (listed apart)."""
		return tuple(item for item in self.skipped if item.mark is not None and item.mark.code in ABSENCE)


@dataclass(frozen=True)
class Restore:
	"""Put ``restore_to`` back (None: clear the session) where ``current`` stands."""

	session: Session
	current: Mark
	restore_to: Mark | None


@dataclass(frozen=True)
class Handover:
	"""The cancelled record's mark ``replaced`` was written over by a later record.

	The caller finds the stored change, of a record still in force, for ``session`` whose
	``before`` is ``replaced`` (at most one exists) and sets its ``before`` to ``before``.
	If none exists (a manual amendment wrote over it), there is nothing to do.
	"""

	session: Session
	replaced: Mark
	before: Mark | None


@dataclass(frozen=True)
class RestorePlan:
	restores: tuple[Restore, ...]
	amended: tuple[PlanItem, ...]  # left as amended, for the amendment trail
	handovers: tuple[Handover, ...]


class PlanError(ValueError):
	"""A plan that cannot be made (the message says why and what to do)."""


def plan_apply(
	existing: Mapping[Session, Mark | None],
	sessions: Iterable[Session],
	code: str,
	source: str,
	*,
	source_name: str,
	overwrite_attending: bool = False,
	overwrite_absent: bool = False,
) -> Plan:
	"""What writing ``code`` (by ``source`` ``source_name``) over ``sessions`` would change.

	``existing`` holds the pupil's current marks; a session missing from it, None, or a mark
	with an empty code is blank. The sessions are planned in time order, each once. Blank
	and N marks are replaced; attending marks are refusals unless ``overwrite_attending``;
	absences already recorded are replaced only with ``overwrite_absent``; other marks are
	skipped.
	"""
	problem = code_error(code)
	if problem:
		raise CodeError(problem)
	if not source or not source_name:
		raise PlanError(
			_(
				"Marks written by a record must name the record (its type and name), "
				"so that cancelling it can restore exactly what it changed. Save the record first."
			)
		)
	after = Mark(code, source, source_name)
	changes: list[Change] = []
	refusals: list[PlanItem] = []
	skipped: list[PlanItem] = []
	for session in sorted(set(sessions), key=session_key):
		mark = existing.get(session)
		if mark == after:
			skipped.append(
				PlanItem(
					session,
					mark,
					ALREADY_WRITTEN,
					_("{0}: {1} already recorded by this record.").format(show_session(session), code),
				)
			)
		elif mark is None or not mark.code or mark.code in REPLACEABLE:
			changes.append(Change(session, mark, after))
		elif mark.code in ATTENDING:
			if overwrite_attending:
				changes.append(Change(session, mark, after))
			else:
				refusals.append(
					PlanItem(
						session,
						mark,
						ATTENDING_MARK,
						_(
							"{0}: the pupil is marked {1} (attending) by {2}. "
							"Confirm to replace it with {3}, or shorten the range."
						).format(show_session(session), mark.code, mark.writer(), code),
					)
				)
		elif overwrite_absent and mark.code in ABSENCE:
			changes.append(Change(session, mark, after))
		else:
			skipped.append(
				PlanItem(
					session,
					mark,
					OTHER_CODE,
					_(
						"{0}: left as {1}, recorded by {2}. "
						"Amend that mark, or cancel that record, if {3} should replace it."
					).format(show_session(session), mark.code, mark.writer(), code),
				)
			)
	return Plan(tuple(changes), tuple(refusals), tuple(skipped))


def plan_restore(changes: Iterable[Change], current: Mapping[Session, Mark | None]) -> RestorePlan:
	"""How to take a record's ``changes`` back off the pupil's ``current`` marks.

	A session still holding the record's mark goes back to the stored ``before`` (None:
	blank). A session someone changed since is left as it is and reported in ``amended``;
	if the change was another record writing over this one, a handover tells the caller to
	give that record this record's ``before``, so cancelling it later restores what was
	there before both. Sessions the record did not change are never touched.
	"""
	restores: list[Restore] = []
	amended: list[PlanItem] = []
	handovers: list[Handover] = []
	for change in sorted(changes, key=lambda c: session_key(c.session)):
		now = current.get(change.session)
		if now == change.after:
			restores.append(Restore(change.session, now, change.before))
			continue
		amended.append(
			PlanItem(
				change.session,
				now,
				AMENDED,
				_(
					"{0}: left as {1}, because it was changed after this record wrote {2}. "
					"Amend it by hand if it should change."
				).format(
					show_session(change.session),
					now.code if now else _("blank"),
					change.after.code,
				),
			)
		)
		handovers.append(Handover(change.session, change.after, change.before))
	return RestorePlan(tuple(restores), tuple(amended), tuple(handovers))


def hand_over(changes: Iterable[Change], handovers: Iterable[Handover]) -> tuple[Change, ...]:
	"""A still-in-force record's ``changes`` with ``handovers`` from a cancelled record applied.

	Helper for callers that keep changes in memory (and for tests); the Frappe shell does
	the same with one update of the stored rows.
	"""
	by_session = {(h.session, h.replaced): h.before for h in handovers}
	result = []
	for change in changes:
		key = (change.session, change.before)
		if change.before is not None and key in by_session:
			change = Change(change.session, by_session[key], change.after)
		result.append(change)
	return tuple(result)
