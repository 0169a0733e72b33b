"""Checking a batch of register marks, and planning its write, before anything is stored.

Every writer of marks (the register page, bulk marks, the marks import, later absence
records and leave) hands its whole batch here first; the Frappe shell writes only a batch
with no errors, so nothing is ever half-written (issue contract, "the write path").

Sources:
- ../shared/domain/uk-attendance-rules.md section 1 (codes in force; / is the morning and
  \\ the afternoon present mark; L and U are the late codes; B, C and Y7 need a note
  explaining them, as engine.codes records);
- section 5 ("Every pupil, every time": one code per pupil per session; "Amendments": the
  original entry, the amended entry, the reason, the date and who amended it are kept);
- Attendance Settings' amendment lock window (a register older than it may be changed only
  by the attendance officer or the headteacher; 0 leaves registers open).
- review finding 3: a mark decided elsewhere (a bulk mark, an absence record, leave) is
  changed from the register only by someone who may override it (``editable_sources``);
- review finding 8: a change of minutes late or of the note is kept in the trail as well;
- review finding 4: a register is taken only for today or a past school day
  (register_date_error).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from attendance_officer.engine.codes import CODES, LATE, code_error
from attendance_officer.engine.i18n import _
from attendance_officer.engine.marks import MAX_MINUTES_LATE
from attendance_officer.engine.sessions import AM, PM, session_error

MORNING_PRESENT = "/"
AFTERNOON_PRESENT = "\\"

# (student, date, session): one mark each (a database unique index holds it too).
Key = tuple[str, date, str]


@dataclass(frozen=True)
class MarkInput:
	"""A mark someone wants to record. ``reason`` explains a change of an existing code."""

	student: str
	date: date
	session: str
	code: str
	minutes_late: int = 0
	note: str = ""
	reason: str = ""

	@property
	def key(self) -> Key:
		return (self.student, self.date, self.session)


@dataclass(frozen=True)
class StoredMark:
	"""The mark already recorded for a session."""

	code: str
	minutes_late: int = 0
	note: str = ""
	source: str = ""


@dataclass(frozen=True)
class Amendment:
	"""An existing mark changed: kept for the register's audit trail (section 5).

	A change of minutes late or of the note alone is an amendment too (same code before and
	after); ``describe_amendment`` puts the old and new values into the trail's reason.
	"""

	key: Key
	previous_code: str
	new_code: str
	reason: str
	previous_minutes_late: int = 0
	new_minutes_late: int = 0
	previous_note: str = ""
	new_note: str = ""


def describe_amendment(amendment: Amendment) -> str:
	"""The trail's reason text: the given reason plus any change of minutes late or note."""
	parts = []
	if int(amendment.previous_minutes_late or 0) != int(amendment.new_minutes_late or 0):
		parts.append(
			_("Minutes late changed from {0} to {1}.").format(
				int(amendment.previous_minutes_late or 0), int(amendment.new_minutes_late or 0)
			)
		)
	if (amendment.previous_note or "") != (amendment.new_note or ""):
		parts.append(
			_('Note changed from "{0}" to "{1}".').format(
				amendment.previous_note or "", amendment.new_note or ""
			)
		)
	if amendment.reason:
		parts.append(amendment.reason)
	return " ".join(parts) or _("Mark changed.")


def register_date_error(day: date, today: date, is_school_day: bool) -> str | None:
	"""Why a register may not be taken for ``day``, or None (review finding 4).

	A register records what happened: never a date after today, and only a day the school
	calendar counts as a school day (no weekend, holiday or INSET day).
	"""
	if day > today:
		return _("{0} is in the future; a register is taken on the day or afterwards.").format(
			day.isoformat()
		)
	if not is_school_day:
		return _(
			"{0} is not a school day (a weekend or a holiday in the school's holiday list); "
			"check the date, or the holiday list if the school was open."
		).format(day.isoformat())
	return None


def source_error(label: str, stored: StoredMark, source_name: str = "") -> str:
	return _(
		"{0}: the mark {1} was recorded by {2}{3}; only an Attendance Officer or the Headteacher can "
		"change it from the register. Ask one of them, or change that record."
	).format(label, stored.code, stored.source, f" {source_name}" if source_name else "")


@dataclass(frozen=True)
class BatchPlan:
	inserts: tuple[MarkInput, ...] = ()
	updates: tuple[MarkInput, ...] = ()
	unchanged: tuple[MarkInput, ...] = ()
	amendments: tuple[Amendment, ...] = ()
	errors: tuple[str, ...] = field(default=())

	@property
	def ok(self) -> bool:
		return not self.errors

	@property
	def writes(self) -> tuple[MarkInput, ...]:
		return self.inserts + self.updates


def default_present_code(session: str) -> str:
	"""/ for the morning register, \\ for the afternoon (section 1)."""
	return MORNING_PRESENT if session == AM else AFTERNOON_PRESENT


def mark_error(code: str, session: str, minutes_late: int = 0, note: str = "") -> str | None:
	"""Why this mark may not be recorded, or None. Checks code, session, minutes late, note."""
	if message := code_error(code):
		return message
	if message := session_error(session):
		return message
	if code == MORNING_PRESENT and session == PM:
		return _("/ is the morning present mark; use \\ for the afternoon register.")
	if code == AFTERNOON_PRESENT and session == AM:
		return _("\\ is the afternoon present mark; use / for the morning register.")
	if minutes_late is None:
		minutes_late = 0
	if minutes_late < 0:
		return _("minutes late cannot be negative ({0}); enter 0 or more.").format(minutes_late)
	if minutes_late > MAX_MINUTES_LATE:
		return _("{0} minutes late is longer than a school session; enter at most {1}.").format(
			minutes_late, MAX_MINUTES_LATE
		)
	if minutes_late and code not in LATE:
		return _(
			"minutes late ({0}) go only with a late code ({1}); change the code or clear the minutes."
		).format(minutes_late, " or ".join(sorted(LATE)))
	if CODES[code].note_required and not (note or "").strip():
		return _("code {0} ({1}) needs a note saying what it is for; add the note.").format(
			code, CODES[code].description
		)
	return None


def is_locked(day: date, today: date, lock_days: int) -> bool:
	"""Whether the register for ``day`` is past the amendment lock window (0: never locked).

	A register is locked when it is MORE than ``lock_days`` days old: with a 7-day window,
	last week's register on the same weekday is still open, the day before it is locked.
	"""
	return bool(lock_days) and lock_days > 0 and (today - day).days > lock_days


def lock_error(day: date, today: date, lock_days: int) -> str:
	return _(
		"the register for {0} is more than {1} days old and locked; only an Attendance Officer "
		"or the Headteacher can change it. Ask one of them to make the change."
	).format(day.isoformat(), lock_days)


def _differs(row: MarkInput, stored: StoredMark) -> bool:
	return (
		row.code != stored.code
		or int(row.minutes_late or 0) != int(stored.minutes_late or 0)
		or (row.note or "") != (stored.note or "")
	)


def plan_batch(
	rows: Sequence[MarkInput],
	existing: Mapping[Key, StoredMark],
	*,
	today: date,
	lock_days: int = 0,
	may_unlock: bool = False,
	default_reason: str = "",
	labels: Sequence[str] | None = None,
	editable_sources: Collection[str] | None = None,
	may_override: bool = False,
) -> BatchPlan:
	"""Check every row and sort the batch into inserts, updates and unchanged marks.

	``existing`` holds the marks already stored for the batch's sessions. A row whose code
	differs from the stored one is an amendment and needs a reason (its own, or
	``default_reason``, e.g. the bulk record that writes it). A row that changes anything on
	a locked date is refused unless ``may_unlock``. Two rows for one session are refused.
	Every problem is reported, each prefixed by the row's label (``labels[i]``, default
	"Row n"); a plan with errors must not be written at all.

	``editable_sources``: when given, a stored mark whose source is not one of them (decided
	by a bulk mark, an absence record, leave...) may be changed only if ``may_override``.
	Every change, of code, minutes late or note, becomes an Amendment for the trail.
	"""
	inserts: list[MarkInput] = []
	updates: list[MarkInput] = []
	unchanged: list[MarkInput] = []
	amendments: list[Amendment] = []
	errors: list[str] = []
	seen: dict[Key, str] = {}
	for index, row in enumerate(rows):
		label = labels[index] if labels else _("Row {0}").format(index + 1)
		if row.key in seen:
			errors.append(
				_("{0}: a second mark for {1} {2}, already given at {3}; keep one of them.").format(
					label, row.date.isoformat(), row.session, seen[row.key]
				)
			)
			continue
		seen[row.key] = label
		if message := mark_error(row.code, row.session, row.minutes_late or 0, row.note):
			errors.append(_("{0}: {1}").format(label, message))
			continue
		stored = existing.get(row.key)
		if stored is not None and not _differs(row, stored):
			unchanged.append(row)
			continue
		if is_locked(row.date, today, lock_days) and not may_unlock:
			errors.append(_("{0}: {1}").format(label, lock_error(row.date, today, lock_days)))
			continue
		if stored is None:
			inserts.append(row)
			continue
		if editable_sources is not None and stored.source not in editable_sources and not may_override:
			errors.append(source_error(label, stored))
			continue
		if row.code != stored.code:
			reason = (row.reason or default_reason or "").strip()
			if not reason:
				errors.append(
					_(
						"{0}: changing {1} to {2} on {3} {4} needs a reason; enter why the mark changes."
					).format(label, stored.code, row.code, row.date.isoformat(), row.session)
				)
				continue
		else:
			reason = (row.reason or default_reason or "").strip()
		amendments.append(
			Amendment(
				row.key,
				stored.code,
				row.code,
				reason,
				int(stored.minutes_late or 0),
				int(row.minutes_late or 0),
				stored.note or "",
				row.note or "",
			)
		)
		updates.append(row)
	if errors:
		return BatchPlan(errors=tuple(errors))
	return BatchPlan(tuple(inserts), tuple(updates), tuple(unchanged), tuple(amendments), ())
