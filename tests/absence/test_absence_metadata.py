"""The absence doctypes, report JS and notifications agree with the rules core (no bench needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from attendance_officer.engine.absence import REASON_CODES, REASONS

APP = Path(__file__).resolve().parents[2] / "attendance_officer"
MODULE = APP / "attendance_officer"


def doctype(name: str) -> dict:
	folder = name.lower().replace(" ", "_")
	return json.loads((MODULE / "doctype" / folder / f"{folder}.json").read_text())


def options(doc: dict, fieldname: str) -> list[str]:
	field = next(f for f in doc["fields"] if f["fieldname"] == fieldname)
	return [o for o in field["options"].split("\n") if o]


def test_absence_record_reasons_are_the_engines():
	assert options(doctype("Absence Record"), "reason") == list(REASONS)


def test_contact_reasons_are_the_engines():
	assert options(doctype("Attendance Contact"), "reason_given") == list(REASONS)


def test_absence_record_keeps_the_portal_field_names():
	# The parent portal creates draft records with these fields (leave/api.py report_absence).
	names = {f["fieldname"] for f in doctype("Absence Record")["fields"]}
	assert {
		"student",
		"student_name",
		"from_date",
		"from_session",
		"to_date",
		"to_session",
		"reason",
		"attendance_code",
		"reported_by",
		"reported_via",
		"reported_on",
		"medical_evidence",
		"evidence_attachment",
		"notes",
	} <= names
	assert doctype("Absence Record")["is_submittable"] == 1
	assert options(doctype("Absence Record"), "reported_via") == [
		"Phone",
		"Email",
		"Text",
		"Portal",
		"In person",
		"Letter",
	]


def test_form_script_suggests_the_same_codes_as_the_engine():
	script = (MODULE / "doctype" / "absence_record" / "absence_record.js").read_text()
	block = script[script.index("AO_REASON_CODES = {") : script.index("};")]
	pairs = dict(re.findall(r'"?([A-Za-z][A-Za-z ]*?)"?: "([A-Z0-9]+)"', block))
	assert pairs == REASON_CODES


def test_standard_notifications_ship_their_templates():
	folders = [p for p in (MODULE / "notification").iterdir() if p.is_dir() and p.name != "__pycache__"]
	assert {p.name for p in folders} == {"absence_notice_email", "absence_notice_sms"}
	extension = {"HTML": ".html", "Markdown": ".md", "Plain Text": ".txt"}
	for folder in folders:
		doc = json.loads((folder / f"{folder.name}.json").read_text())
		assert doc["is_standard"] == 1
		assert doc["module"] == "Attendance Officer"
		assert doc["document_type"] == "Absence Notice"
		assert doc["event"] == "New"
		assert (folder / f"{folder.name}{extension[doc['message_type']]}").exists()
		assert (folder / f"{folder.name}.py").exists()
		fields = {f["fieldname"] for f in doctype("Absence Notice")["fields"]}
		for recipient in doc["recipients"]:
			assert recipient["receiver_by_document_field"] in fields
		# Markdown would turn the underscores of doc.field_names into <em>: templates are not Markdown.
		assert doc["message_type"] != "Markdown"
