"""Helpers for the runner's tests: valid UPNs, small CSV files in tmp_path, and running the
command line in-process (``main([...])``) with its exit status, stdout and stderr."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from stdnum.gb.upn import calc_check_digit

from attendance_officer.cli import main

MARKS_HEADER = "upn,date,session,code"


def upn(n: int) -> str:
	"""A valid UPN (LA 801, establishment 2000, allocated in 2015), distinct for each n < 1000."""
	body = f"801200015{n:03d}"
	return calc_check_digit(body) + body


def weekdays(start: date, count: int) -> list[date]:
	"""``count`` Monday-to-Friday dates from ``start``."""
	days = []
	day = start
	while len(days) < count:
		if day.weekday() < 5:
			days.append(day)
		day += timedelta(days=1)
	return days


def register_rows(pupil: str, days: Iterable[date], am: str = "/", pm: str = "\\") -> list[str]:
	"""CSV lines giving ``pupil`` code ``am`` and ``pm`` on each day."""
	rows = []
	for d in days:
		rows.append(f"{pupil},{d.isoformat()},AM,{am}")
		rows.append(f"{pupil},{d.isoformat()},PM,{pm}")
	return rows


@dataclass
class Result:
	code: int
	out: str
	err: str

	def json(self) -> object:
		return json.loads(self.out)


@pytest.fixture
def write(tmp_path: Path):
	"""write(name, lines, header=MARKS_HEADER) -> path of a CSV file in tmp_path."""

	def _write(name: str, lines: Sequence[str], header: str | None = MARKS_HEADER) -> str:
		path = tmp_path / name
		text = "\n".join(([header] if header is not None else []) + list(lines)) + "\n"
		path.write_text(text, encoding="utf-8")
		return str(path)

	return _write


@pytest.fixture
def run(capsys):
	"""run(*argv) -> Result: the command line run in-process."""

	def _run(*argv: str) -> Result:
		code = main(list(argv))
		captured = capsys.readouterr()
		return Result(code, captured.out, captured.err)

	return _run


def files_in(folder: Path) -> dict[str, bytes]:
	"""Every file under ``folder`` with its bytes (to prove a failed run wrote nothing)."""
	return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
