"""Read a marks CSV (and an optional pupils CSV) into a compact register, or say exactly
which line is wrong.

Input format (issue contract): header ``upn,date,session,code`` with an optional
``minutes_late`` column (any order, extra columns ignored), ISO dates, session AM or PM.
Each row is checked by engine.marks, the same checks the desk import uses. The first bad
line stops the read with ``FILE:LINE: what is wrong`` (LINE is the physical line, the header
being line 1; a header problem is reported against line 1).

The read loop is the runner's hot path (a school year is ~600,000 rows), so:

- rows come from ``csv.reader``; columns are indexed once (``operator.itemgetter``);
- every distinct UPN, date, code and minutes_late value is validated once, on its first
  appearance, through a ``KeyError`` from the cache (the fast path is four dict subscripts,
  no method call);
- the register is stored as two dicts per pupil (AM and PM), date index -> code index: a
  duplicate is a key already present, and every command (thresholds, penalty, continuous,
  census) is answered from it afterwards with C-speed counting. A duplicate's first line
  is found by a second pass over the file, on the error path only.
"""

from __future__ import annotations

import csv
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from attendance_officer.engine import marks
from attendance_officer.engine.codes import CODES
from attendance_officer.engine.i18n import _
from attendance_officer.engine.sessions import AM, PM, session_error
from attendance_officer.engine.upn import upn_error, validate_upn

# Code index 0 is never used, so a packed value is never confused with "no mark".
CODE_LIST: tuple[str, ...] = ("", *CODES)
CODE_INDEX: dict[str, int] = {code: i for i, code in enumerate(CODE_LIST) if code}
SESSION_INDEX: dict[str, int] = {AM: 0, PM: 1}

# A progress bar is shown only on a terminal, for files at least this big, and only once
# the run has taken PROGRESS_DELAY seconds (short runs never flash one).
PROGRESS_MIN_BYTES = 8 * 1024 * 1024
PROGRESS_DELAY = 1.0


class InputError(Exception):
	"""A file the runner cannot use: ``FILE:LINE: message`` (or ``FILE: message``)."""

	def __init__(self, path: str, line: int | None, message: str) -> None:
		super().__init__(message)
		self.path = path
		self.line = line
		self.message = message

	def __str__(self) -> str:
		if self.line is None:
			return f"{self.path}: {self.message}"
		return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Register:
	"""A whole marks file, compactly: per pupil, per session, date index -> code index.

	``upns[p]`` is pupil p's compact UPN; ``cells[p]`` is ``(am, pm)``, two dicts from a
	date index (``dates[i]``) to a code index (``CODE_LIST[c]``).
	"""

	path: str
	upns: list[str] = field(default_factory=list)
	cells: list[tuple[dict[int, int], dict[int, int]]] = field(default_factory=list)
	dates: list[date] = field(default_factory=list)
	rows: int = 0

	def pupils(self) -> Iterator[tuple[str, dict[int, int], dict[int, int]]]:
		"""(upn, am, pm) for every pupil, sorted by UPN."""
		for p in sorted(range(len(self.upns)), key=self.upns.__getitem__):
			am, pm = self.cells[p]
			yield self.upns[p], am, pm

	def date_indexes(self, start: date | None = None, end: date | None = None) -> list[int]:
		"""Indexes of the dates from ``start`` to ``end`` (inclusive; None: unbounded)."""
		return [
			i for i, d in enumerate(self.dates) if (start is None or d >= start) and (end is None or d <= end)
		]

	def code_counts(
		self, am: dict[int, int], pm: dict[int, int], indexes: list[int] | None = None
	) -> dict[str, int]:
		"""One pupil's sessions per code (table order), over ``indexes`` (None: every date)."""
		if indexes is None:
			counts = Counter(am.values())
			counts.update(pm.values())
		else:
			# A pupil need not have a mark on every date (joined or left mid-range).
			counts = Counter(c for c in map(am.get, indexes) if c)
			counts.update(c for c in map(pm.get, indexes) if c)
		return {CODE_LIST[c]: counts[c] for c in sorted(counts) if c}

	def codes_by_date(self) -> dict[date, set[str]]:
		"""Every code any pupil has on each date (for SchoolCalendar.from_codes_by_date)."""
		pairs: set[tuple[int, int]] = set()
		for am, pm in self.cells:
			pairs.update(am.items())
			pairs.update(pm.items())
		by_date: dict[date, set[str]] = defaultdict(set)
		for d, c in pairs:
			by_date[self.dates[d]].add(CODE_LIST[c])
		return dict(by_date)


def _open(path: str):
	try:
		return open(path, encoding="utf-8-sig", newline="")
	except FileNotFoundError:
		raise InputError(path, None, _("no such file; check the path and try again")) from None
	except IsADirectoryError:
		raise InputError(
			path, None, _("this is a folder, not a CSV file; give the path of the file")
		) from None
	except OSError as exc:
		raise InputError(
			path,
			None,
			_("cannot open the file ({0}); check that it exists and you may read it").format(exc.strerror),
		) from None


def _not_utf8(path: str) -> InputError:
	"""The error for a file that is not UTF-8, on the physical line of the first bad byte.

	Text is decoded in blocks, so the line being read when decoding failed may be earlier
	than the bad one; the file is read again as bytes to find it (error path only).
	"""
	line = 1
	with open(path, "rb") as f:
		for line, raw in enumerate(f, start=1):
			try:
				raw.decode("utf-8-sig" if line == 1 else "utf-8")
			except UnicodeDecodeError as exc:
				return InputError(
					path,
					line,
					_("byte {0} of this line is not UTF-8 text; save the file again as CSV UTF-8").format(
						exc.start + 1
					),
				)
	return InputError(path, line, _("the file is not UTF-8 text; save it again as CSV UTF-8"))


def _with_progress(lines: Iterable[str], path: str, size: int) -> Iterator[str]:
	"""The file's lines, moving a tqdm bar on stderr (imported only when it is shown)."""
	from tqdm import tqdm

	with tqdm(
		total=size, unit="B", unit_scale=True, desc=os.path.basename(path), file=sys.stderr, leave=False
	) as bar:
		done = 0
		for line in lines:
			done += len(line)
			if done >= 1 << 20:
				bar.update(done)
				done = 0
			yield line
		bar.update(done)


def _show_progress(path: str, progress: bool | None) -> int:
	"""The file size when a progress bar should be shown, else 0."""
	if progress is False:
		return 0
	try:
		size = os.path.getsize(path)
	except OSError:
		return 0
	if progress is None and (size < PROGRESS_MIN_BYTES or not sys.stderr.isatty()):
		return 0
	return size


class _MarksReader:
	"""The state of one read: the caches of values already checked, and the register."""

	def __init__(self, path: str) -> None:
		self.path = path
		self.register = Register(path)
		# raw UPN text -> {"AM": am dict, "PM": pm dict}; compact UPN -> the same
		self.by_raw: dict[str, dict[str, dict[int, int]]] = {}
		self.by_compact: dict[str, dict[str, dict[int, int]]] = {}
		self.date_index: dict[str, int] = {}
		self.code_index: dict[str, int] = dict(CODE_INDEX)
		self.minutes_ok: set[tuple[str, str]] = set()
		self.reader = None

	def fail(self, message: str, line: int | None = None) -> InputError:
		return InputError(self.path, self.reader.line_num if line is None else line, message)

	# The slow path: a value seen for the first time, or a bad row.
	def resolve(self, row: list[str], get, width: int) -> tuple[dict[int, int], int, int]:
		if len(row) != width:
			raise self.fail(marks.width_error(len(row), width))
		upn, day, session, code = get(row)[:4]
		pupil = self.by_raw.get(upn)
		if pupil is None:
			message = upn_error(upn)
			if message:
				raise self.fail(message)
			compact = validate_upn(upn)
			pupil = self.by_compact.get(compact)
			if pupil is None:
				pupil = {AM: {}, PM: {}}
				self.by_compact[compact] = pupil
				self.register.upns.append(compact)
				self.register.cells.append((pupil[AM], pupil[PM]))
			self.by_raw[upn] = pupil
		index = self.date_index.get(day)
		if index is None:
			message = marks.date_error(day)
			if message:
				raise self.fail(message)
			index = self.date_index[day] = len(self.register.dates)
			self.register.dates.append(date.fromisoformat(day))
		cells = pupil.get(session)
		if cells is None:
			raise self.fail(session_error(session) or "")
		number = self.code_index.get(code)
		if number is None:
			raise self.fail(marks.mark_code_error(code) or "")
		return cells, index, number

	def check_minutes(self, value: str, code: str) -> None:
		message = marks.minutes_late_error(value, code)
		if message:
			raise self.fail(message)
		self.minutes_ok.add((value, code))

	def duplicate(self, row: list[str], get) -> InputError:
		"""The error for a second mark for one pupil and session, naming the first line."""
		line = self.reader.line_num
		upn, day, session, _code = get(row)[:4]
		compact = validate_upn(upn)
		same_pupil = {raw for raw, pupil in self.by_raw.items() if pupil is self.by_compact[compact]}
		first = None
		with _open(self.path) as f:
			reader = csv.reader(f)
			next(reader, None)
			for other in reader:
				if reader.line_num >= line:
					break
				if len(other) == len(row):
					o_upn, o_day, o_session, _o = get(other)[:4]
					if o_day == day and o_session == session and o_upn in same_pupil:
						first = reader.line_num
						break
		return self.fail(marks.duplicate_error(compact, day, session, first), line)

	def read(self, progress: bool | None = None) -> Register:
		with _open(self.path) as f:
			size = _show_progress(self.path, progress)
			lines = _with_progress(f, self.path, size) if size else f
			self.reader = reader = csv.reader(lines)
			try:
				header = next(reader, None)
				message = marks.header_error(header)
				if message:
					raise InputError(self.path, 1, message)
				columns = marks.column_indexes(header)
				self._scan(reader, columns, len(header))
			except UnicodeDecodeError:
				raise _not_utf8(self.path) from None
			except csv.Error as exc:
				raise self.fail(_("this line is not valid CSV ({0})").format(exc)) from None
		return self.register

	def _scan(self, reader, columns: dict[str, int], width: int) -> None:
		names = (marks.UPN, marks.DATE, marks.SESSION, marks.CODE)
		minutes_column = columns.get(marks.MINUTES_LATE)
		if minutes_column is None:
			get = itemgetter(*(columns[n] for n in names))
		else:
			get = itemgetter(*(columns[n] for n in names), minutes_column)
		by_raw = self.by_raw
		date_index = self.date_index
		code_index = self.code_index
		minutes_ok = self.minutes_ok
		resolve = self.resolve
		rows = 0
		# Two copies of the loop, so the common file without minutes_late pays nothing for it.
		if minutes_column is None:
			for row in reader:
				try:
					if len(row) != width:
						raise KeyError
					upn, day, session, code = get(row)
					cells = by_raw[upn][session]
					index = date_index[day]
					number = code_index[code]
				except KeyError:
					if not row:
						continue  # a blank line
					cells, index, number = resolve(row, get, width)
				if index in cells:
					raise self.duplicate(row, get)
				cells[index] = number
				rows += 1
		else:
			for row in reader:
				try:
					if len(row) != width:
						raise KeyError
					upn, day, session, code, minutes = get(row)
					cells = by_raw[upn][session]
					index = date_index[day]
					number = code_index[code]
				except KeyError:
					if not row:
						continue
					cells, index, number = resolve(row, get, width)
					code, minutes = row[columns[marks.CODE]], row[minutes_column]
				if minutes and (minutes, code) not in minutes_ok:
					self.check_minutes(minutes, code)
				if index in cells:
					raise self.duplicate(row, get)
				cells[index] = number
				rows += 1
		self.register.rows = rows


def read_marks(path: str, *, progress: bool | None = None) -> Register:
	"""The register in ``path``; InputError (``FILE:LINE: what is wrong``) at the first bad line.

	``progress``: None shows a bar on stderr for big files when stderr is a terminal.
	"""
	return _MarksReader(path).read(progress)


# Pupils -------------------------------------------------------------------------------

PUPIL_COLUMNS = (
	"upn",
	"name",
	"year_group",
	"reg_group",
	"admission_date",
	"gender",
	"sen",
	"fsm",
	"pupil_premium",
	"cla",
	"cin",
	"cp",
)
PUPIL_REQUIRED = ("upn", "name")
FLAG_COLUMNS = ("fsm", "pupil_premium", "cla", "cin", "cp")
_TRUE = frozenset({"y", "yes", "true", "1"})
_FALSE = frozenset({"", "n", "no", "false", "0"})
# DfE SEN provision: N no special provision, K SEN support, E education, health and care plan.
SEN_VALUES = ("N", "K", "E")


@dataclass(frozen=True)
class Pupil:
	"""A row of pupils.csv. Only name, year_group and reg_group ever reach a letter."""

	upn: str
	name: str
	year_group: str = ""
	reg_group: str = ""
	admission_date: date | None = None
	gender: str = ""
	sen: str = ""
	fsm: bool = False
	pupil_premium: bool = False
	cla: bool = False
	cin: bool = False
	cp: bool = False


def read_pupils(path: str) -> dict[str, Pupil]:
	"""compact UPN -> Pupil; InputError (``FILE:LINE: what is wrong``) at the first bad line."""
	pupils: dict[str, Pupil] = {}
	first_line: dict[str, int] = {}
	with _open(path) as f:
		reader = csv.reader(f)
		try:
			header = next(reader, None)
			names = [marks.column_name(n) for n in header or ()]
			if not any(names):
				raise InputError(
					path,
					1,
					_("the file is empty: the first line must be the header {0}").format(
						",".join(PUPIL_COLUMNS)
					),
				)
			missing = [n for n in PUPIL_REQUIRED if n not in names]
			if missing:
				raise InputError(
					path,
					1,
					_("missing column(s) {0}: the header must name at least {1}").format(
						", ".join(missing), ",".join(PUPIL_REQUIRED)
					),
				)
			index = {n: names.index(n) for n in PUPIL_COLUMNS if n in names}
			for row in reader:
				if not row:
					continue
				line = reader.line_num
				if len(row) != len(names):
					raise InputError(path, line, marks.width_error(len(row), len(names)))
				values = {n: row[i].strip() for n, i in index.items()}
				pupil = _pupil(values)
				if isinstance(pupil, str):
					raise InputError(path, line, pupil)
				if pupil.upn in pupils:
					raise InputError(
						path,
						line,
						_("pupil {0} is already listed on line {1}; keep one of the two rows").format(
							pupil.upn, first_line[pupil.upn]
						),
					)
				pupils[pupil.upn] = pupil
				first_line[pupil.upn] = line
		except UnicodeDecodeError:
			raise _not_utf8(path) from None
		except csv.Error as exc:
			raise InputError(
				path, reader.line_num, _("this line is not valid CSV ({0})").format(exc)
			) from None
	return pupils


def _flag(name: str, value: str) -> bool | str:
	lowered = value.lower()
	if lowered in _TRUE:
		return True
	if lowered in _FALSE:
		return False
	return _("{0} is {1!r}; write Y or N (or leave it blank for N)").format(name, value)


def _pupil(values: dict[str, str]) -> Pupil | str:
	"""A Pupil, or the message saying what is wrong with the row."""
	message = upn_error(values["upn"])
	if message:
		return message
	if not values["name"]:
		return _("the name is blank; give the pupil's name as it should appear in reports and letters")
	admitted = values.get("admission_date", "")
	if admitted:
		message = marks.date_error(admitted)
		if message:
			return _("admission_date: {0}").format(message)
	sen = values.get("sen", "").upper()
	if sen not in ("", *SEN_VALUES):
		return _("sen is {0!r}; write N (none), K (SEN support) or E (EHC plan), or leave it blank").format(
			values["sen"]
		)
	flags = {}
	for name in FLAG_COLUMNS:
		flag = _flag(name, values.get(name, ""))
		if isinstance(flag, str):
			return flag
		flags[name] = flag
	return Pupil(
		upn=validate_upn(values["upn"]),
		name=values["name"],
		year_group=values.get("year_group", ""),
		reg_group=values.get("reg_group", ""),
		admission_date=date.fromisoformat(admitted) if admitted else None,
		gender=values.get("gender", ""),
		sen=sen,
		**flags,
	)
