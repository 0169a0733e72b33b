"""The Attendance Code fixture equals the rules core's code table.

The desk and the core can never disagree: the fixture is generated from engine/codes.py
(attendance_officer/setup/code_fixture.py) and checked here row by row. The code sets are
checked against the domain reference, ../shared/domain/uk-attendance-rules.md section 1,
"Code sets for app logic".
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from attendance_officer.engine.codes import CATEGORIES, CODES, MIRROR_STATUSES, code_error
from attendance_officer.setup.code_fixture import FIXTURE_PATH, code_fixture_rows, fixture_text

ROOT = Path(__file__).resolve().parent.parent
DOCTYPE_JSON = ROOT / "attendance_officer/attendance_officer/doctype/attendance_code/attendance_code.json"

ROWS = {row["code"]: row for row in json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))}


def codes_where(**flags) -> set[str]:
	return {code for code, row in ROWS.items() if all(row[k] == v for k, v in flags.items())}


def test_fixture_file_is_generated_from_the_engine():
	assert FIXTURE_PATH.read_text(encoding="utf-8") == fixture_text(), (
		"fixtures/attendance_code.json is stale: run `python -m attendance_officer.setup.code_fixture`"
	)


def test_fixture_holds_every_code_in_force_and_no_other():
	assert list(ROWS) == list(CODES)


@pytest.mark.parametrize("code", list(CODES))
def test_row_matches_the_engine(code):
	row, engine = ROWS[code], CODES[code]
	assert row["name"] == row["code"] == code
	assert row["description"] == engine.description
	assert row["category"] == engine.category
	assert row["counts_in_possible"] == int(engine.possible)
	assert row["counts_as_attending"] == int(engine.attending)
	assert row["counts_toward_penalty"] == int(engine.penalty)
	assert row["is_late"] == int(engine.late)
	assert row["note_required"] == int(engine.note_required)
	assert row["pupil_on_site"] == int(engine.on_site)
	assert row["mirror_status"] == engine.mirror_status


def test_generated_rows_are_documents_frappe_can_import():
	for row in code_fixture_rows():
		assert row["doctype"] == "Attendance Code"
		assert row["docstatus"] == 0


# ---------------------------------------------------------------- code sets (domain doc section 1)


def test_attending_codes():
	assert codes_where(counts_as_attending=1) == {"/", "\\", "L", "K", "V", "P", "W", "B"}


def test_authorised_absence_codes():
	assert set(codes_where(category="Authorised Absence")) == {
		"C",
		"C1",
		"C2",
		"M",
		"J1",
		"S",
		"T",
		"R",
		"I",
		"E",
	}


def test_unauthorised_absence_codes():
	assert codes_where(category="Unauthorised Absence") == {"G", "N", "O", "U"}


def test_not_a_possible_session_codes():
	assert codes_where(category="Not A Possible Session") == {
		"D",
		"X",
		"Q",
		"Y1",
		"Y2",
		"Y3",
		"Y4",
		"Y5",
		"Y6",
		"Y7",
	}


def test_administrative_codes():
	assert codes_where(category="Administrative") == {"Z", "#"}


def test_possible_sessions_are_attending_and_absence_codes():
	attending_or_absent = (
		codes_where(counts_as_attending=1)
		| codes_where(category="Authorised Absence")
		| codes_where(category="Unauthorised Absence")
	)
	assert codes_where(counts_in_possible=1) == attending_or_absent


def test_penalty_codes_are_exactly_g_n_o_u():
	assert codes_where(counts_toward_penalty=1) == {"G", "N", "O", "U"}


def test_u_is_a_late_arrival_counted_as_unauthorised_absence():
	row = ROWS["U"]
	assert (row["is_late"], row["counts_toward_penalty"], row["counts_as_attending"]) == (1, 1, 0)


def test_late_codes():
	assert codes_where(is_late=1) == {"L", "U"}


def test_mirror_statuses_follow_the_category():
	assert codes_where(mirror_status="Present") == codes_where(counts_as_attending=1)
	assert codes_where(mirror_status="Absent") == {"G", "N", "O", "U"}
	assert codes_where(mirror_status="") == {"Z", "#"}


# ---------------------------------------------------------------- withdrawn codes


@pytest.mark.parametrize(
	("code", "replacement"),
	[
		("H", "C (leave of absence in exceptional circumstances)"),
		("J", "J1 (leave of absence for an interview)"),
		("Y", "one of Y1 to Y7"),
	],
)
def test_withdrawn_code_is_refused_naming_its_replacement(code, replacement):
	assert code not in ROWS
	message = code_error(code)
	assert message is not None
	assert "withdrawn on 19 August 2024" in message
	assert replacement in message


def test_unknown_code_is_refused():
	assert code_error("Q9") is not None


# ---------------------------------------------------------------- DocType and hooks agree


def doctype_field(fieldname: str) -> dict:
	doc = json.loads(DOCTYPE_JSON.read_text(encoding="utf-8"))
	return next(f for f in doc["fields"] if f["fieldname"] == fieldname)


def test_category_options_are_the_engine_categories():
	assert tuple(doctype_field("category")["options"].split("\n")) == CATEGORIES


def test_mirror_status_options_are_the_engine_statuses():
	assert set(doctype_field("mirror_status")["options"].split("\n")) == set(MIRROR_STATUSES)


def test_hooks_fixture_filter_names_every_code():
	tree = ast.parse((ROOT / "attendance_officer/hooks.py").read_text(encoding="utf-8"))
	fixtures = next(
		ast.literal_eval(node.value)
		for node in tree.body
		if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "fixtures" for t in node.targets)
	)
	entry = next(e for e in fixtures if e["dt"] == "Attendance Code")
	assert entry["filters"] == [["name", "in", list(CODES)]]
