"""Reading a marks CSV for the desk import, with the runner's own row checks (no frappe).

The file has the runner's layout (engine.marks: header ``upn,date,session,code`` with an
optional ``minutes_late``; a ``note`` column is also read here, for codes that need one).
Every row is checked by engine.marks.mark_error, exactly as the standalone runner checks
it, and each problem is reported with its line number; the import is all-or-nothing, so
the caller writes only a file with no problems at all (issue contract, item 6).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from attendance_officer.engine.i18n import _
from attendance_officer.engine.marks import (
	MINUTES_LATE,
	Mark,
	column_indexes,
	column_name,
	duplicate_error,
	header_error,
	mark_error,
	parse_mark,
	width_error,
)

NOTE = "note"


@dataclass(frozen=True)
class ImportRow:
	line: int
	mark: Mark
	note: str = ""


def read_marks_csv(text: str) -> tuple[list[ImportRow], list[str]]:
	"""(rows, errors): every problem as "Line n: ..."; rows are usable only when errors is empty."""
	reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
	header = next(reader, None)
	if error := header_error(header):
		return [], [_("Line 1: {0}").format(error)]
	indexes = column_indexes(header)
	names = [column_name(name) for name in header]
	note_index = names.index(NOTE) if NOTE in names else None
	rows: list[ImportRow] = []
	errors: list[str] = []
	seen: dict[tuple, int] = {}
	for fields in reader:
		line = reader.line_num
		if not any(field.strip() for field in fields):
			continue
		if len(fields) != len(header):
			errors.append(_("Line {0}: {1}").format(line, width_error(len(fields), len(header))))
			continue
		row = {name: fields[i].strip() for name, i in indexes.items()}
		row.setdefault(MINUTES_LATE, "")
		if error := mark_error(row):
			errors.append(_("Line {0}: {1}").format(line, error))
			continue
		mark = parse_mark(row)
		key = (mark.upn, mark.date, mark.session)
		if key in seen:
			errors.append(
				_("Line {0}: {1}").format(line, duplicate_error(mark.upn, mark.date, mark.session, seen[key]))
			)
			continue
		seen[key] = line
		note = fields[note_index].strip() if note_index is not None else ""
		rows.append(ImportRow(line, mark, note))
	if not rows and not errors:
		errors.append(_("The file has a header but no marks; add one line per pupil and session."))
	return rows, errors
