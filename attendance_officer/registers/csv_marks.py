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

# Excel's plain "CSV (Comma delimited)" is saved in the computer's code page (Windows-1252 on
# a UK PC), not UTF-8: a pound sign or an accented name in a note then cannot be read.
ENCODING_ERROR = _(
	"Line {0}: the file is not saved as UTF-8 text, so some characters cannot be read. "
	'In Excel choose File > Save As > "CSV UTF-8 (Comma delimited)", save the file as CSV UTF-8 '
	"and import again."
)


class CsvEncodingError(ValueError):
	"""The file's bytes are not UTF-8; ``line`` is the first line that cannot be read."""

	def __init__(self, line: int):
		self.line = line
		super().__init__(ENCODING_ERROR.format(line))


def decode_marks_file(content: bytes | str) -> str:
	"""The file's text: UTF-8, with or without Excel's byte order mark; CsvEncodingError otherwise."""
	if isinstance(content, str):
		return content
	try:
		return content.decode("utf-8-sig")
	except UnicodeDecodeError as e:
		raise CsvEncodingError(content[: e.start].count(b"\n") + 1) from None


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
