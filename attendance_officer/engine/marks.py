"""One row of a marks file: parse it, or say clearly what is wrong with it.

Shared by the standalone runner (``attendance-officer``, reading a CSV export) and the desk's
marks import, so both refuse the same rows with the same words. Each check takes plain
strings and returns a message (or None); the caller adds where the row is (``FILE:LINE:`` in
the runner). The runner calls these once per *distinct* value, so they need not be fast.

Sources:
- the issue contract (runner input: header ``upn,date,session,code`` with an optional
  ``minutes_late``; ISO dates; session AM or PM; one mark per pupil, date and session);
- ../shared/domain/uk-attendance-rules.md section 1 (the codes in force from 19 August
  2024; H, J and Y withdrawn: engine.codes.code_error names the replacement), section 5
  (registers twice a day; "every pupil, every time": one code per pupil per session; the
  UPN: engine.upn.upn_error);
- engine.lateness (minutes late are counted from when the register opened; only a late
  code, L or U, has minutes late).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from attendance_officer.engine.codes import CODES, LATE, RETIRED, code_error
from attendance_officer.engine.i18n import _
from attendance_officer.engine.sessions import session_error
from attendance_officer.engine.upn import upn_error, validate_upn

UPN = "upn"
DATE = "date"
SESSION = "session"
CODE = "code"
MINUTES_LATE = "minutes_late"

REQUIRED_COLUMNS = (UPN, DATE, SESSION, CODE)
OPTIONAL_COLUMNS = (MINUTES_LATE,)

# No school session lasts five hours: a larger figure is a typing or export error.
MAX_MINUTES_LATE = 300

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE_NUMBER = re.compile(r"\d+")


class MarkError(ValueError):
	"""A marks row that cannot be used (the message says what is wrong and what to do)."""


@dataclass(frozen=True)
class Mark:
	"""One register mark: a pupil's code for one session."""

	upn: str
	date: date
	session: str
	code: str
	minutes_late: int | None = None


def column_name(value: str) -> str:
	"""A header cell as the runner matches it: surrounding spaces dropped, lower case."""
	return value.strip().lower()


def header_error(fieldnames: Sequence[str] | None) -> str | None:
	"""Why a header line cannot be read as a marks file, or None.

	A missing column is the commonest export mistake, so every missing name is listed.
	Columns beyond the known ones (a name column, say) are allowed and ignored.
	"""
	expected = ",".join(REQUIRED_COLUMNS)
	if not fieldnames or not any(name.strip() for name in fieldnames):
		return _(
			"the file is empty: the first line must be the header {0} (minutes_late is optional)"
		).format(expected)
	names = [column_name(name) for name in fieldnames]
	for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
		if names.count(name) > 1:
			return _("column {0} appears {1} times in the header; keep one of them").format(
				name, names.count(name)
			)
	missing = [name for name in REQUIRED_COLUMNS if name not in names]
	if missing:
		return _("missing column(s) {0}: the header must name {1} (minutes_late is optional)").format(
			", ".join(missing), expected
		)
	return None


def column_indexes(fieldnames: Sequence[str]) -> dict[str, int]:
	"""Where each known column is in a header that passed ``header_error``."""
	names = [column_name(name) for name in fieldnames]
	return {name: names.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in names}


def date_error(value: str) -> str | None:
	"""Why ``value`` is not an ISO date (YYYY-MM-DD), or None."""
	if _ISO_DATE.fullmatch(value):
		try:
			date.fromisoformat(value)
		except ValueError:
			return _("date {0!r} is not a real date; check the day and month (YYYY-MM-DD)").format(value)
		return None
	return _("date {0!r} is not written as YYYY-MM-DD (for example 2025-09-03)").format(value)


def parse_date(value: str) -> date:
	"""``value`` (YYYY-MM-DD) as a date; MarkError otherwise."""
	message = date_error(value)
	if message:
		raise MarkError(message)
	return date.fromisoformat(value)


def mark_code_error(code: str) -> str | None:
	"""Why ``code`` may not be recorded (naming a retired code's replacement), or None."""
	message = code_error(code)
	if message and code not in RETIRED:
		return _("{0}; use one of the codes in force: {1}").format(message, " ".join(CODES))
	return message


def minutes_late_error(value: str, code: str) -> str | None:
	"""Why ``value`` is not a usable minutes_late for a mark with ``code``, or None.

	Blank means not recorded. Otherwise a whole number of minutes from 0 to
	MAX_MINUTES_LATE; more than 0 only with a late code (L or U), since a pupil who was
	there when the register opened is not late (engine.lateness).
	"""
	value = value.strip()
	if not value:
		return None
	if not _WHOLE_NUMBER.fullmatch(value):
		return _(
			"minutes_late {0!r} is not a whole number of minutes; leave it blank or enter 0 or more"
		).format(value)
	minutes = int(value)
	if minutes > MAX_MINUTES_LATE:
		return _("minutes_late {0} is longer than a school session; enter at most {1}").format(
			minutes, MAX_MINUTES_LATE
		)
	if minutes and code not in LATE:
		return _(
			"minutes_late is {0} but code {1} is not a late code ({2}); correct the code or leave minutes_late blank"
		).format(minutes, code, " or ".join(sorted(LATE)))
	return None


def width_error(found: int, expected: int) -> str:
	"""A row with a different number of fields from the header."""
	return _("this row has {0} field(s) but the header has {1}; check for a stray or missing comma").format(
		found, expected
	)


def duplicate_error(upn: str, day: date | str, session: str, first_line: int | None = None) -> str:
	"""A second mark for the same pupil and session (a register holds one code per session)."""
	day = day.isoformat() if isinstance(day, date) else day
	if first_line is None:
		return _("pupil {0} already has a mark for {1} {2}; keep one of the two rows").format(
			upn, day, session
		)
	return _("pupil {0} already has a mark for {1} {2} on line {3}; keep one of the two rows").format(
		upn, day, session, first_line
	)


def mark_error(row: Mapping[str, str | None]) -> str | None:
	"""Why one row (column name -> text) is not a usable mark, or None. Checks in column order."""
	for column in REQUIRED_COLUMNS:
		if row.get(column) is None:
			return _("the {0} field is missing from this row").format(column)
	message = (
		upn_error(row[UPN] or "")
		or date_error(row[DATE] or "")
		or session_error(row[SESSION])
		or mark_code_error(row[CODE] or "")
	)
	if message:
		return message
	return minutes_late_error(row.get(MINUTES_LATE) or "", row[CODE] or "")


def parse_mark(row: Mapping[str, str | None]) -> Mark:
	"""One row (column name -> text) as a Mark, the UPN in its compact form; MarkError otherwise."""
	message = mark_error(row)
	if message:
		raise MarkError(message)
	minutes = (row.get(MINUTES_LATE) or "").strip()
	return Mark(
		upn=validate_upn(row[UPN] or ""),
		date=date.fromisoformat(row[DATE] or ""),
		session=row[SESSION] or "",
		code=row[CODE] or "",
		minutes_late=int(minutes) if minutes else None,
	)
