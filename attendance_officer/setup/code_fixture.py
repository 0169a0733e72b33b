"""The Attendance Code fixture, generated from the rules core's code table.

``attendance_officer/fixtures/attendance_code.json`` is written by this module and never
by hand, so the desk's codes and engine.codes cannot drift apart (tests/test_code_fixture.py
fails if they do). After changing engine/codes.py, rewrite the fixture:

    python -m attendance_officer.setup.code_fixture

Frappe imports the file on every ``bench migrate`` (frappe/utils/fixtures.py sync_fixtures),
running the Attendance Code controller's checks on each row.
"""

from __future__ import annotations

import json
from pathlib import Path

from attendance_officer.engine.codes import CODES, AttendanceCode

FIXTURE_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "attendance_code.json"


def code_row(code: AttendanceCode) -> dict:
	"""One Attendance Code document as Frappe's fixture import expects it."""
	return {
		"category": code.category,
		"code": code.code,
		"counts_as_attending": int(code.attending),
		"counts_in_possible": int(code.possible),
		"counts_toward_penalty": int(code.penalty),
		"description": code.description,
		"docstatus": 0,
		"doctype": "Attendance Code",
		"is_late": int(code.late),
		"mirror_status": code.mirror_status,
		"name": code.code,
		"note_required": int(code.note_required),
		"pupil_on_site": int(code.on_site),
	}


def code_fixture_rows() -> list[dict]:
	"""Every code in force, in the order of the DfE table (engine.codes)."""
	return [code_row(code) for code in CODES.values()]


def fixture_text() -> str:
	"""The fixture file's exact content (Frappe's export layout: one-space indent, sorted keys)."""
	return json.dumps(code_fixture_rows(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_fixture(path: Path = FIXTURE_PATH) -> Path:
	path.write_text(fixture_text(), encoding="utf-8")
	return path


if __name__ == "__main__":
	print(f"wrote {write_fixture()}")
