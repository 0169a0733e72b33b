"""Writing report rows as an aligned table (the default), CSV or JSON.

JSON (issue contract): an array of objects with exactly the report's field names, dates as
ISO strings, attendance a number (90.0). CSV: the same columns in the same order, with the
census ``codes`` object written as JSON text in one column (e.g. ``{"I": 4, "G": 2}``) so
every census CSV has the same header whatever codes occur. The table is for people: a
``name`` column after ``upn`` when a pupils file gives names, readable labels, numbers
right-aligned.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from attendance_officer.engine.i18n import _
from attendance_officer.engine.statistics import BAND_LABELS

FORMATS = ("table", "csv", "json")


def _plain(value: object) -> object:
	if isinstance(value, Decimal):
		return float(value)
	raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def write_json(rows: Sequence[Mapping[str, object]], stream: TextIO) -> None:
	"""An array of objects, one per row, one object per line."""
	if not rows:
		stream.write("[]\n")
		return
	stream.write("[\n")
	last = len(rows) - 1
	for i, row in enumerate(rows):
		stream.write("  " + json.dumps(row, default=_plain) + (",\n" if i < last else "\n"))
	stream.write("]\n")


def csv_value(value: object) -> object:
	"""How a value is written in a CSV cell: a mapping (census codes) as JSON text."""
	if isinstance(value, Mapping):
		return json.dumps(dict(value))
	if value is None:
		return ""
	return value


def write_csv(rows: Sequence[Mapping[str, object]], fields: Sequence[str], stream: TextIO) -> None:
	"""A header of ``fields`` then one line per row."""
	writer = csv.writer(stream, lineterminator="\n")
	writer.writerow(fields)
	for row in rows:
		writer.writerow([csv_value(row[f]) for f in fields])


@dataclass(frozen=True)
class Column:
	"""One table column: the row key, its heading, and how a value is shown."""

	key: str
	label: str
	numeric: bool = False
	show: Callable[[object], str] = str


def _band_label(value: object) -> str:
	return BAND_LABELS.get(str(value), str(value))


def _percent(value: object) -> str:
	return "" if value is None else f"{value}%"


def _codes(value: object) -> str:
	return " ".join(f"{code}:{count}" for code, count in dict(value).items())  # type: ignore[call-overload]


KIND_LABELS = {
	"unauthorised_10_days": _("10 days unauthorised"),
	"sickness_15_days": _("15 days sickness"),
}

TABLES: dict[str, tuple[Column, ...]] = {
	"thresholds": (
		Column("upn", _("UPN")),
		Column("possible", _("Possible"), True),
		Column("attending", _("Attending"), True),
		Column("authorised", _("Authorised"), True),
		Column("unauthorised", _("Unauthorised"), True),
		Column("attendance", _("Attendance"), True, _percent),
		Column("band", _("Band"), False, _band_label),
	),
	"penalty": (
		Column("upn", _("UPN")),
		Column("met_on", _("Threshold met on")),
		Column("window_start", _("Window from")),
		Column("sessions", _("Sessions"), True),
	),
	"continuous": (
		Column("upn", _("UPN")),
		Column("kind", _("Return"), False, lambda v: KIND_LABELS.get(str(v), str(v))),
		Column("start", _("From")),
		Column("end", _("Reached on")),
		Column("school_days", _("School days"), True),
	),
	"census": (
		Column("upn", _("UPN")),
		Column("part", _("Part"), True),
		Column("possible", _("Possible"), True),
		Column("codes", _("Absence sessions by code"), False, _codes),
	),
}

EMPTY = {
	"thresholds": _("No pupil has a possible session in this period."),
	"penalty": _("No pupil meets the penalty-notice threshold."),
	"continuous": _("No pupil has 10 school days of continuous unauthorised absence or 15 days of sickness."),
	"census": _("No pupil has a possible session in this census period."),
}


def write_table(
	report: str,
	rows: Sequence[Mapping[str, object]],
	stream: TextIO,
	names: Mapping[str, str] | None = None,
) -> None:
	"""Aligned columns with a heading line; ``names`` (UPN -> name) adds a Name column."""
	columns = list(TABLES[report])
	if names:
		columns.insert(1, Column("name", _("Name")))
	if not rows:
		stream.write(EMPTY[report] + "\n")
		return
	cells = [[c.label for c in columns]]
	for row in rows:
		line = []
		for c in columns:
			if c.key == "name":
				line.append(names.get(str(row["upn"]), "") if names else "")
			else:
				line.append(c.show(row[c.key]))
		cells.append(line)
	widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
	for n, line in enumerate(cells):
		text = "  ".join(
			value.rjust(w) if c.numeric else value.ljust(w)
			for value, w, c in zip(line, widths, columns, strict=True)
		)
		stream.write(text.rstrip() + "\n")
		if n == 0:
			stream.write("  ".join("-" * w for w in widths) + "\n")


def write_rows(
	report: str,
	rows: Sequence[Mapping[str, object]],
	fields: Sequence[str],
	fmt: str,
	stream: TextIO,
	names: Mapping[str, str] | None = None,
) -> None:
	"""``rows`` of ``report`` in format ``fmt`` (table, csv or json)."""
	if fmt == "json":
		write_json(rows, stream)
	elif fmt == "csv":
		write_csv(rows, fields, stream)
	else:
		write_table(report, rows, stream, names)
