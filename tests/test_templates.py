"""Every Jinja template under attendance_officer/templates renders with StrictUndefined.

The templates are shared by the desk's print formats and the standalone runner (style
guide section 4), so each must use only its own context (no frappe object), translate its
text through ``_()``, escape every value (Frappe renders without autoescape), and never
show staff-only data in a letter to a parent. A new template needs a sample context here.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest

from attendance_officer.cli.letters import TEMPLATES_DIR, environment, template_names
from attendance_officer.engine.letters import concern_letter_context

PUPIL = {
	"name": "Amy Smith",
	"year_group": "9",
	"reg_group": "9B",
	# staff-only: none of these may reach a letter
	"upn": "B801200005001",
	"sen": "EHC-PLAN-MARKER",
	"fsm": "FSM-MARKER",
	"pupil_premium": "PP-MARKER",
	"cla": "CLA-MARKER",
	"cin": "CIN-MARKER",
	"cp": "CP-MARKER",
	"gender": "GENDER-MARKER",
}
STAFF_ONLY_VALUES = [v for k, v in PUPIL.items() if k not in ("name", "year_group", "reg_group")]
SCHOOL = {
	"name": "Northfield Academy",
	"address": ["Northfield Lane", "Northfield", "NF1 2AB"],
	"phone": "01632 960000",
	"email": "attendance@northfield.example",
}
SIGNATORY = {"name": "Ms R. Okafor", "role": "Attendance Officer"}
FIGURES = {
	"severe": {"possible": 200, "attending": 90, "authorised": 60, "unauthorised": 50},
	"persistent": {"possible": 200, "attending": 170, "authorised": 20, "unauthorised": 10},
	"at_risk": {"possible": 200, "attending": 182, "authorised": 12, "unauthorised": 6},
	"concern": {"possible": 200, "attending": 188, "authorised": 10, "unauthorised": 2},
	"expected": {"possible": 200, "attending": 196, "authorised": 4, "unauthorised": 0},
}


def letter_context(band: str = "persistent", pupil: dict | None = None) -> dict:
	context = concern_letter_context(
		pupil or PUPIL,
		FIGURES[band],
		SCHOOL,
		SIGNATORY,
		period_start=date(2024, 9, 2),
		period_end=date(2025, 7, 21),
		letter_date=date(2025, 7, 22),
	)
	assert context["band"] == band
	return context


def leave_letter_sample(decision: str = "Declined", pupil: dict | None = None) -> dict:
	from attendance_officer.engine.leave_decision import leave_letter_context

	requested = ((date(2025, 3, 3), "AM"), (date(2025, 3, 3), "PM"), (date(2025, 3, 4), "AM"))
	return leave_letter_context(
		pupil=pupil or PUPIL,
		guardian_name="Jo Smith",
		request={
			"ground": "Exceptional Circumstances",
			"from_date": date(2025, 3, 3),
			"from_session": "AM",
			"to_date": date(2025, 3, 4),
			"to_session": "AM",
		},
		decision=decision,
		decision_reason="A family wedding abroad is not exceptional.",
		approved=requested[:2]
		if decision == "Partly approved"
		else (requested if decision == "Approved" else ()),
		requested=requested,
		school=SCHOOL,
		signatory=SIGNATORY,
		letter_date=date(2025, 2, 20),
		reference="LOA-2025-00042",
		recipient_address="14 Mill Lane\nHebden Bridge\nHX7 8AB",
	)


def portal_sample(pupil_name: str = "Amy Smith") -> dict:
	"""The parent portal's context (leave.api.portal_context) for one child."""
	label = {"label": "In school", "tone": "present"}
	return {
		"today": "23 November 2026",
		"children": [
			{
				"id": "EDU-STU-2026-00001",
				"name": pupil_name,
				"year_group": "9",
				"attendance": {"percent": "96.5", "possible": 120, "attended": 116},
				"calendar": [
					{
						"date": "20 November 2026",
						"am": label,
						"pm": {"label": "Absent: illness", "tone": "authorised"},
					}
				],
				"requests": [
					{
						"id": "LOA-2026-00001",
						"ground": "Medical or Dental Appointment",
						"start": "1 December 2026",
						"end": "1 December 2026",
						"status": "Sent to the school",
						"can_withdraw": True,
					}
				],
				"reports": [{"date": "19 November 2026", "reason": "Illness", "status": "Received"}],
				"may_request_leave": True,
			},
			{
				"id": "EDU-STU-2026-00002",
				"name": "Ben Smith",
				"year_group": "",
				"attendance": {"percent": "", "possible": 0, "attended": 0},
				"calendar": [],
				"requests": [],
				"reports": [],
				"may_request_leave": False,
			},
		],
		"grounds": [{"value": "Interview", "label": "Interview"}],
		"absence_reasons": [{"value": "Illness", "label": "Illness"}],
		"sessions": [{"value": "AM", "label": "Morning"}, {"value": "PM", "label": "Afternoon"}],
	}


SESSIONS = [(date(2025, 3, 3), "AM", "G"), (date(2025, 3, 3), "PM", "G"), (date(2025, 3, 10), "AM", "O")]
LA_PUPIL = {**PUPIL, "date_of_birth": date(2011, 5, 4), "address": "14 Mill Lane\nHebden Bridge\nHX7 8AB"}
# What the LA may see and a parent may not; the safeguarding, SEN and disadvantage flags
# reach neither.
LA_ONLY_VALUES = ["B801200005001"]
NEVER_VALUES = [v for v in STAFF_ONLY_VALUES if v not in LA_ONLY_VALUES]


def notice_to_improve_sample(pupil: dict | None = None) -> dict:
	from attendance_officer.engine.penalty_letters import notice_to_improve_context

	return notice_to_improve_context(
		pupil=pupil or PUPIL,
		recipient_name="Jo Smith",
		recipient_address="14 Mill Lane\nHebden Bridge\nHX7 8AB",
		reference="PNR-2025-00007",
		letter_date=date(2025, 3, 20),
		issued_on=date(2025, 3, 20),
		period_ends=date(2025, 4, 30),
		sessions=SESSIONS,
		figures={"possible": 240, "attending": 200, "authorised": 20, "unauthorised": 20},
		period=(date(2024, 9, 2), date(2025, 3, 19)),
		support=["Attendance pastoral support meeting on 3 March 2025", "Referral to the school nurse"],
		criteria="",
		threshold=(10, 10),
		school=SCHOOL,
		signatory=SIGNATORY,
	)


def evidence_pack_sample(pupil: dict | None = None) -> dict:
	from attendance_officer.engine.penalty_letters import evidence_pack_context

	return evidence_pack_context(
		pupil=pupil or LA_PUPIL,
		parents=[
			{
				"name": "Jo Smith",
				"relation": "Mother",
				"parental_responsibility": 1,
				"lives_with_pupil": 1,
				"address": "14 Mill Lane, Hebden Bridge, HX7 8AB",
				"phone": "07700 900123",
				"email": "jo@example.org",
			}
		],
		liable_parent="Jo Smith",
		basis="Threshold of unauthorised absence",
		reference="PNR-2025-00007",
		la_reference="LA/PN/123",
		letter_date=date(2025, 5, 2),
		period=(date(2024, 9, 2), date(2025, 5, 1)),
		figures={"possible": 300, "attending": 250, "authorised": 25, "unauthorised": 25},
		sessions=SESSIONS,
		letters=[{"date": date(2025, 3, 20), "letter_type": "Notice to Improve", "sent_via": "Post"}],
		contacts=[
			{"date": date(2025, 3, 3), "contact_type": "Call", "with": "Jo Smith", "outcome": "No answer"}
		],
		meetings=[
			{
				"date": date(2025, 3, 3),
				"meeting_type": "Attendance pastoral support meeting",
				"attended": "Jo Smith",
			}
		],
		support=["Referral to the school nurse"],
		notice_to_improve={"issued_on": date(2025, 3, 20), "ends": date(2025, 4, 30)},
		school=SCHOOL,
		signatory=SIGNATORY,
	)


def witness_statement_sample(pupil: dict | None = None) -> dict:
	from attendance_officer.engine.penalty_letters import witness_statement_context

	return witness_statement_context(
		witness=SIGNATORY,
		pupil=pupil or LA_PUPIL,
		parent_name="Jo Smith",
		period=(date(2024, 9, 2), date(2025, 5, 1)),
		figures={"possible": 300, "attending": 250, "authorised": 25, "unauthorised": 25},
		sessions=SESSIONS,
		notice={
			"number": 1,
			"issued_on": date(2025, 5, 6),
			"received_on": date(2025, 5, 8),
			"full_amount": 160,
			"full_due_by": date(2025, 6, 4),
		},
		letter_date=date(2025, 6, 10),
		school=SCHOOL,
	)


MEETING_ACTIONS = [
	{
		"action": "Walk to school with Jo each morning",
		"by": "Jo Smith",
		"due_date": date(2025, 3, 31),
		"status": "Open",
		"side": "family",
	},
	{
		"action": "Morning check-in with the Head of Year",
		"by": "Mr T. Ahmed",
		"due_date": date(2025, 3, 24),
		"status": "Open",
		"side": "school",
	},
]
MEETING_BARRIERS = [{"category": "Transport", "detail": "The bus does not run before 8:40"}]


def minutes_sample(pupil: dict | None = None) -> dict:
	from attendance_officer.engine.support_letters import minutes_context

	return minutes_context(
		pupil=pupil or PUPIL,
		meeting_type="Attendance pastoral support meeting",
		meeting_date=date(2025, 3, 17),
		reference="ASM-2025-00003",
		attendees=[
			{"name": "Jo Smith", "role": "Mum", "attended": 1},
			{"name": "Mr T. Ahmed", "role": "Head of Year", "attended": 1},
			{"name": "Sam Smith", "role": "Dad", "attended": 0},
		],
		barriers=MEETING_BARRIERS,
		actions=MEETING_ACTIONS,
		figures={"possible": 240, "attending": 200, "authorised": 20, "unauthorised": 20},
		figures_period=(date(2024, 8, 1), date(2025, 3, 17)),
		target=95.0,
		review_date=date(2025, 4, 28),
		outcome="Jo will call the office by 8:30 on any day Amy is ill.\nThe school will look at a bus pass.",
		next_step="Review meeting",
		school=SCHOOL,
		signatory=SIGNATORY,
	)


def contract_sample(pupil: dict | None = None) -> dict:
	from attendance_officer.engine.support_letters import contract_context

	return contract_context(
		pupil=pupil or PUPIL,
		parent_name="Jo Smith",
		meeting_date=date(2025, 3, 17),
		reference="ASM-2025-00004",
		barriers=MEETING_BARRIERS,
		actions=MEETING_ACTIONS,
		figures={"possible": 240, "attending": 200, "authorised": 20, "unauthorised": 20},
		figures_period=(date(2024, 8, 1), date(2025, 3, 17)),
		target=92.5,
		review_date=date(2025, 4, 28),
		school=SCHOOL,
		signatory=SIGNATORY,
	)


def stage_sample(stage: str = "Stage 2", pupil: dict | None = None, band: str = "persistent") -> dict:
	from attendance_officer.engine.letters import stage_letter_context

	return stage_letter_context(
		stage,
		pupil or PUPIL,
		FIGURES[band],
		SCHOOL,
		SIGNATORY,
		period_start=date(2024, 9, 2),
		period_end=date(2025, 3, 14),
		letter_date=date(2025, 3, 17),
		recipient_name="Jo Smith",
		recipient_address="14 Mill Lane\nHebden Bridge\nHX7 8AB",
		reference="AL-2025-00012",
		illness_days=6,
	)


def certificate_sample(kind: str = "improved") -> dict:
	from decimal import Decimal

	from attendance_officer.engine.certificates import Award, certificate_context

	award = Award("UPN-IGNORED", kind, "9B", Decimal("96.5"), Decimal("7.5") if kind == "improved" else None)
	return certificate_context(
		award,
		pupil_name="Amy Smith",
		period=(date(2025, 2, 24), date(2025, 4, 4)),
		school=SCHOOL,
		signatory=SIGNATORY,
		awarded_on=date(2025, 4, 4),
	)


def daily_list_sample(safeguarding: bool = True) -> dict:
	row = {
		"student": "EDU-STU-1",
		"name": "Amy Smith",
		"group": "9B",
		"today": "AM N: Reason for absence not yet established",
		"known": False,
	}
	if safeguarding:
		row["flags"] = "CP"
	else:
		row.update(attendance="88.2%", band="Persistent absence")
	return {
		"title": "Safeguarding absence list",
		"day": "Friday 4 December 2026",
		"rows": [row],
		"safeguarding": safeguarding,
		"scoped": False,
		"site": "https://school.example",
	}


def slt_pack_sample() -> dict:
	year = {
		"year": "9",
		"pupils": 180,
		"attendance": "93.1%",
		"under_95": 61,
		"persistent": 24,
		"severe": 3,
		"change": "-0.4",
	}
	return {
		"title": "SLT attendance pack: 04-12-2026",
		"school": SCHOOL["name"],
		"period": "01-08-2026 to 04-12-2026",
		"change_since": "20-11-2026",
		"years": [year],
		"whole": {**year, "year": "Whole school"},
		"in_pa": [
			{
				"name": "Amy Smith",
				"year": "9",
				"group": "9B",
				"attendance": "81.0%",
				"severe": False,
				"reasons": "I Illness: 12",
			}
		],
		"trend": [{"week": "30-11-2026", "attendance": "92.4%", "value": 92.4}],
	}


def admission_register_sample() -> dict:
	entry = {
		"surname": "O'Brien <script>",
		"forenames": "Aoife Mary",
		"gender": "Female",
		"date_of_birth": "14-03-2012",
		"address": "1 High Street, Leeds, LS1 1AA",
		"parents": "Siobhan O'Brien (Mother): 07700 900123",
		"admission_date": "01-09-2023",
		"previous_school": "St Mary's Primary",
		"upn": "A820200012301",
		"enrolment_status": "Main dual",
		"dual_school": "Riverside PRU",
		"date_of_leaving": "",
		"ground": "",
		"destination": "",
		"missing": "",
	}
	return {
		"title": "Admission register on 30-11-2026",
		"school": SCHOOL["name"],
		"missing": 1,
		"entries": [entry, {**entry, "surname": "Smith", "missing": "sex, UPN", "dual_school": ""}],
	}


def governors_pack_sample() -> dict:
	return {
		"title": "Governors' attendance summary: 23-10-2026",
		"school": SCHOOL["name"],
		"period": "01-08-2026 to 23-10-2026",
		"whole": {"pupils": "912", "attendance": "93.4%", "pa_rate": "17.9%", "sa_rate": "1.2%"},
		"national": {
			"label": "Secondary, 2024/25",
			"attendance": "91.1%",
			"pa_rate": "24.2%",
			"sa_rate": "3.5%",
		},
		"cohorts": [
			{
				"dimension": "Year group",
				"cohort": "7",
				"pupils": "180",
				"attendance": "95.0%",
				"pa_rate": "10.6%",
				"sa_rate": "0.6%",
				"suppressed": False,
			},
			{
				"dimension": "Child looked after",
				"cohort": "Yes",
				"pupils": "fewer than 5",
				"attendance": "",
				"pa_rate": "",
				"sa_rate": "",
				"suppressed": True,
			},
		],
	}


# Template path prefix -> sample context; the first matching prefix wins, so specific
# templates come before their folder. A template elsewhere needs an entry here.
SAMPLE_CONTEXTS = {
	"attendance_officer/templates/letters/leave_decision.html": leave_letter_sample,
	"attendance_officer/templates/letters/_recipient.html": leave_letter_sample,
	"attendance_officer/templates/letters/notice_to_improve.html": notice_to_improve_sample,
	"attendance_officer/templates/letters/la_evidence_pack.html": evidence_pack_sample,
	"attendance_officer/templates/letters/witness_statement.html": witness_statement_sample,
	"attendance_officer/templates/letters/meeting_minutes.html": minutes_sample,
	"attendance_officer/templates/letters/attendance_stage.html": stage_sample,
	"attendance_officer/templates/letters/certificate.html": certificate_sample,
	"attendance_officer/templates/letters/attendance_contract.html": contract_sample,
	"attendance_officer/templates/letters/": letter_context,
	"attendance_officer/templates/portal/_child_card.html": lambda: {
		**portal_sample(),
		"child": portal_sample()["children"][0],
	},
	"attendance_officer/templates/portal/": portal_sample,
	"attendance_officer/templates/reports/daily_list.html": daily_list_sample,
	"attendance_officer/templates/reports/slt_pack.html": slt_pack_sample,
	"attendance_officer/templates/reports/governors_pack.html": governors_pack_sample,
	"attendance_officer/templates/reports/_pack_style.html": dict,
	"attendance_officer/templates/reports/admission_register.html": lambda: admission_register_sample(),
}


def sample_context(name: str) -> dict:
	for prefix, make in SAMPLE_CONTEXTS.items():
		if name.startswith(prefix):
			return make()
	pytest.fail(f"{name} has no sample context: add one to SAMPLE_CONTEXTS in tests/test_templates.py")


def render(name: str, context: dict, translate=None) -> str:
	env = environment(strict=True)
	template = env.get_template(name)
	if translate is None:
		return template.render(context)
	return template.render({**context, "_": translate})


TEMPLATES = template_names()


def test_the_letter_template_is_found():
	assert "attendance_officer/templates/letters/attendance_concern.html" in TEMPLATES


@pytest.mark.parametrize("name", TEMPLATES)
def test_renders_with_strict_undefined(name):
	assert render(name, sample_context(name)).strip()


@pytest.mark.parametrize("name", TEMPLATES)
def test_uses_only_its_context(name):
	source = (TEMPLATES_DIR.parent / Path(name).relative_to("attendance_officer")).read_text(encoding="utf-8")
	assert "frappe" not in re.sub(r"\{#.*?#\}", "", source, flags=re.S)


@pytest.mark.parametrize("name", TEMPLATES)
def test_all_text_goes_through_translation(name):
	"""Rendered with a marking ``_``, no word is left outside a marked string except context values."""
	context = sample_context(name)
	out = render(name, context, translate=lambda s: f"\x02{s}\x03")
	text = re.sub(r"\x02[^\x03]*\x03", " ", out)
	text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)  # a stylesheet is not text
	text = re.sub(r"<[^>]*>", " ", text)
	text = html.unescape(text)
	values = []

	def collect(value):
		if isinstance(value, dict):
			for v in value.values():
				collect(v)
		elif isinstance(value, list | tuple):
			for v in value:
				collect(v)
		elif value is not None:
			values.append(str(value))

	collect(context)
	for value in sorted(values, key=len, reverse=True):
		text = text.replace(value, " ")
	assert not re.search(r"[A-Za-z]{2,}", text), text


@pytest.mark.parametrize("band", list(FIGURES))
def test_concern_letter_for_each_band_shows_no_staff_only_data(band):
	out = render("attendance_officer/templates/letters/attendance_concern.html", letter_context(band))
	for value in STAFF_ONLY_VALUES:
		assert value not in out
	assert "Amy Smith" in out
	assert "Northfield Academy" in out and "Ms R. Okafor" in out


def test_bands_get_different_wording():
	texts = {
		band: render("attendance_officer/templates/letters/attendance_concern.html", letter_context(band))
		for band in FIGURES
	}
	assert "severe absence" in texts["severe"]
	assert "persistent absence" in texts["persistent"]
	assert len(set(texts.values())) == len(texts)


def test_values_are_escaped():
	pupil = {**PUPIL, "name": "<script>alert(1)</script>"}
	out = render("attendance_officer/templates/letters/attendance_concern.html", letter_context(pupil=pupil))
	assert "<script>" not in out
	assert "&lt;script&gt;" in out


LEAVE_LETTER = "attendance_officer/templates/letters/leave_decision.html"
PORTAL_PAGE = "attendance_officer/templates/portal/attendance_page.html"


@pytest.mark.parametrize("decision", ["Approved", "Partly approved", "Declined"])
def test_leave_letter_shows_no_staff_only_data(decision):
	out = render(LEAVE_LETTER, leave_letter_sample(decision))
	for value in STAFF_ONLY_VALUES:
		assert value not in out
	assert "Amy Smith" in out and "Jo Smith" in out


def test_decline_letter_explains_the_penalty_notice():
	out = render(LEAVE_LETTER, leave_letter_sample("Declined"))
	assert "declined" in out
	assert "penalty notice under the National Framework" in out
	assert "80 pounds if paid within 21 days" in out and "160 pounds if paid within 28 days" in out
	assert "each parent, for each child" in out
	assert "A family wedding abroad is not exceptional." in out


@pytest.mark.parametrize("decision", ["Approved", "Partly approved", "Declined"])
def test_leave_letter_is_addressed_referenced_and_signed_by_the_decider(decision):
	"""Issue 11 item 9: school address, the parent's postal address, a reference, who decided."""
	out = render(LEAVE_LETTER, leave_letter_sample(decision))
	for line in SCHOOL["address"]:
		assert line in out
	recipient = out[out.index('class="recipient"') :]
	assert recipient.index("Jo Smith") < recipient.index("14 Mill Lane") < recipient.index("HX7 8AB")
	assert "Our reference: LOA-2025-00042" in out
	signature = out[out.index('class="signature"') :]
	assert SIGNATORY["name"] in signature and SIGNATORY["role"] in signature


def test_leave_letter_without_a_postal_address_still_reads():
	context = leave_letter_sample("Approved")
	context["recipient"]["address_lines"] = []
	out = render(LEAVE_LETTER, context)
	assert "Jo Smith" in out and "recipient-address" not in out


def test_approval_letters_say_what_was_granted():
	assert "has been approved." in render(LEAVE_LETTER, leave_letter_sample("Approved"))
	partly = render(LEAVE_LETTER, leave_letter_sample("Partly approved"))
	assert "approved in part: 2 sessions" in partly
	assert "penalty" not in render(LEAVE_LETTER, leave_letter_sample("Approved"))


def test_portal_page_shows_words_not_codes_and_labels_every_field():
	out = render(PORTAL_PAGE, portal_sample())
	assert "96.5%" in out and "In school" in out and "Absent: illness" in out
	assert "Sent to the school" in out
	for value in STAFF_ONLY_VALUES:
		assert value not in out
	# every visible form control has a label pointing at it
	ids = set(re.findall(r'<(?:select|input|textarea)[^>]*\bid="([^"]+)"', out))
	labels = set(re.findall(r'<label for="([^"]+)"', out))
	assert ids and ids <= labels
	assert "Leave must be requested by a parent or carer the child lives with" in out  # second child


def test_portal_page_escapes_values():
	out = render(PORTAL_PAGE, portal_sample(pupil_name="<script>alert(1)</script>"))
	assert "<script>" not in out and "&lt;script&gt;" in out


def test_portal_page_with_no_children_says_what_to_do():
	out = render(PORTAL_PAGE, {**portal_sample(), "children": []})
	assert "ask the school office to link your children" in out


PRINT_FORMATS = {
	"leave_approved": ("leave_decision.html", leave_letter_sample),
	"leave_declined": ("leave_decision.html", leave_letter_sample),
	"notice_to_improve": ("notice_to_improve.html", notice_to_improve_sample),
	"la_evidence_pack": ("la_evidence_pack.html", evidence_pack_sample),
	"witness_statement": ("witness_statement.html", witness_statement_sample),
	"support_meeting_minutes": ("meeting_minutes.html", minutes_sample),
	"attendance_contract": ("attendance_contract.html", contract_sample),
	"attendance_stage_letter": ("attendance_stage.html", stage_sample),
	"attendance_certificate": ("certificate.html", certificate_sample),
}


@pytest.mark.parametrize("print_format", sorted(PRINT_FORMATS))
def test_print_formats_pass_the_letter_every_value_it_uses(print_format):
	"""Frappe renders print formats without StrictUndefined: a value not passed prints as nothing."""
	template, sample = PRINT_FORMATS[print_format]
	folder = TEMPLATES_DIR.parent / "attendance_officer" / "print_format" / print_format
	text = (folder / f"{print_format}.html").read_text(encoding="utf-8")
	passed = set(re.findall(r"(\w+)=letter\.(\w+)", text))
	assert all(name == key for name, key in passed)
	assert {name for name, _key in passed} == set(sample())
	assert f'{{% include "attendance_officer/templates/letters/{template}" %}}' in text
	meta = json.loads((folder / f"{print_format}.json").read_text(encoding="utf-8"))
	assert meta["standard"] == "Yes" and meta["print_format_type"] == "Jinja" and meta["custom_format"] == 1
	assert frappe_scrub(meta["name"]) == print_format


def frappe_scrub(name: str) -> str:
	"""Frappe finds a standard print format's files under scrub(name)."""
	return name.replace(" ", "_").replace("-", "_").lower()


NOTICE_TO_IMPROVE = "attendance_officer/templates/letters/notice_to_improve.html"
EVIDENCE_PACK = "attendance_officer/templates/letters/la_evidence_pack.html"
WITNESS_STATEMENT = "attendance_officer/templates/letters/witness_statement.html"


def test_notice_to_improve_shows_the_sessions_period_and_what_follows_and_no_staff_only_data():
	out = render(NOTICE_TO_IMPROVE, notice_to_improve_sample())
	for value in STAFF_ONLY_VALUES:
		assert value not in out
	assert "Jo Smith" in out and "14 Mill Lane" in out and "PNR-2025-00007" in out
	assert "3 March 2025" in out and "Holiday not granted by the school" in out
	assert "from 20 March 2025 to 30 April 2025" in out
	assert "Referral to the school nurse" in out
	# The default criteria name the pupil; the amounts are the Framework's.
	assert "Amy Smith attends every session during the improvement period" in out
	assert "80 pounds" in out and "160 pounds" in out and "section 444" in out


def test_notice_to_improve_quotes_the_schools_own_criteria_when_given():
	context = notice_to_improve_sample()
	context["improvement"]["criteria"] = "No unauthorised absence and attendance of 95% or more."
	out = render(NOTICE_TO_IMPROVE, context)
	assert "No unauthorised absence and attendance of 95% or more." in out
	assert "attends every session during the improvement period" not in out


def test_notice_to_improve_without_support_asks_the_parent_to_get_in_touch():
	context = notice_to_improve_sample()
	context["support"] = []
	out = render(NOTICE_TO_IMPROVE, context)
	assert "agree the support that will help" in out and "<ul>" not in out


def test_the_evidence_pack_gives_the_la_the_upn_and_parents_but_no_safeguarding_or_sen_flags():
	out = render(EVIDENCE_PACK, evidence_pack_sample())
	assert "B801200005001" in out and "4 May 2011" in out and "07700 900123" in out
	for value in NEVER_VALUES:
		assert value not in out
	assert "LA/PN/123" in out and "Attendance pastoral support meeting" in out
	assert "No answer" in out and "Notice to Improve" in out


def test_the_evidence_pack_says_when_nothing_is_recorded():
	context = evidence_pack_sample()
	context.update(letters=[], contacts=[], meetings=[], support=[], notice_to_improve=None)
	out = render(EVIDENCE_PACK, context)
	assert "No letters are recorded." in out and "No contacts are recorded." in out
	assert "No support is recorded" in out and "notice to improve was issued" not in out


def test_the_witness_statement_carries_the_s9_declaration_and_the_registers_figures():
	out = render(WITNESS_STATEMENT, witness_statement_sample())
	assert "Criminal Justice Act 1967, s.9" in out
	assert "liable to prosecution if I have wilfully stated" in out
	assert "could have attended 300 sessions and attended 250 of them (83.3%)" in out
	assert "6 May 2025" in out and "160 pounds" in out and "4 June 2025" in out
	for value in NEVER_VALUES:
		assert value not in out


MINUTES = "attendance_officer/templates/letters/meeting_minutes.html"
CONTRACT = "attendance_officer/templates/letters/attendance_contract.html"


@pytest.mark.parametrize(("template", "sample"), [(MINUTES, minutes_sample), (CONTRACT, contract_sample)])
def test_support_documents_carry_no_staff_only_data(template, sample):
	out = render(template, sample())
	for value in STAFF_ONLY_VALUES:
		assert value not in out
	assert "Amy Smith" in out and "The bus does not run before 8:40" in out


def test_minutes_say_who_came_what_was_agreed_and_when_it_is_reviewed():
	out = render(MINUTES, minutes_sample())
	assert "Sam Smith, Dad (invited, did not attend)" in out
	assert "Walk to school with Jo each morning" in out and "Mr T. Ahmed" in out
	assert "200 of 240 possible sessions (83.3%)" in out
	assert "aiming for together: 95%" in out and "28 April 2025" in out
	assert "The school will look at a bus pass." in out


def test_the_contract_splits_the_commitments_and_says_it_is_not_binding():
	out = render(CONTRACT, contract_sample())
	family, school = out.index("The parent or carer will"), out.index("The school will")
	assert family < out.index("Walk to school with Jo each morning") < school
	assert school < out.index("Morning check-in with the Head of Year")
	assert "not legally binding, and nobody can be made to sign it" in out
	assert "92.5% attendance" in out and "Parent or carer: Jo Smith" in out


def test_the_contract_without_commitments_states_the_basic_ones():
	out = render(CONTRACT, {**contract_sample(), "family_commitments": [], "school_commitments": []})
	assert "attends every session, on time" in out and "Keep in touch about Amy Smith" in out


STAGE = "attendance_officer/templates/letters/attendance_stage.html"
LADDER = ("Stage 1", "Stage 2", "Stage 3", "Medical Evidence Request", "Improvement")


@pytest.mark.parametrize("stage", LADDER)
def test_every_ladder_letter_renders_strictly_with_no_staff_only_data(stage):
	out = render(STAGE, stage_sample(stage))
	for value in STAFF_ONLY_VALUES:
		assert value not in out
	assert "Jo Smith" in out and "14 Mill Lane" in out and "AL-2025-00012" in out
	assert "85.0%" in out  # the rules core's figure (170 of 200)


@pytest.mark.parametrize(
	("stage", "says"),
	[
		("Stage 1", "attend at least 95% of sessions"),
		("Stage 2", "We would now like to meet you"),
		("Stage 3", "This letter is a formal warning"),
		("Medical Evidence Request", "has missed 6 school days through illness this term"),
		("Improvement", "back at or above the level we expect"),
	],
)
def test_each_ladder_letter_says_what_its_stage_is_for(stage, says):
	out = render(STAGE, stage_sample(stage))
	assert says in out
	others = [
		s
		for _stage, s in [
			("Stage 1", "attend at least"),
			("Stage 2", "would now like to meet"),
			("Stage 3", "formal warning"),
			("Medical Evidence Request", "through illness this term"),
			("Improvement", "back at or above"),
		]
		if _stage != stage
	]
	assert not any(other in out for other in others)


def test_a_stage_the_ladder_does_not_know_is_refused():
	from attendance_officer.engine.letters import stage_letter_context

	with pytest.raises(ValueError, match="not a letter of the attendance ladder"):
		stage_letter_context(
			"Stage 9",
			PUPIL,
			FIGURES["persistent"],
			SCHOOL,
			SIGNATORY,
			period_start=date(2024, 9, 2),
			period_end=date(2025, 3, 14),
			letter_date=date(2025, 3, 17),
		)


CERTIFICATE = "attendance_officer/templates/letters/certificate.html"


def test_certificates_say_what_was_achieved_and_carry_only_name_and_group():
	full = render(CERTIFICATE, certificate_sample("full"))
	assert (
		"100% attendance" in full
		and "for attending every session from 24 February 2025 to 4 April 2025" in full
	)
	improved = render(CERTIFICATE, certificate_sample("improved"))
	assert "Most improved attendance" in improved and "by 7.5 percentage points, to 96.5%" in improved
	for out in (full, improved):
		assert "Amy Smith" in out and "9B" in out and "UPN-IGNORED" not in out
		for value in STAFF_ONLY_VALUES:
			assert value not in out


def test_the_daily_list_says_when_a_reason_is_not_known_and_when_no_one_is_absent():
	out = render("attendance_officer/templates/reports/daily_list.html", daily_list_sample())
	assert "Not known: contact the family today" in out and "Amy Smith" in out and "CP" in out
	empty = render(
		"attendance_officer/templates/reports/daily_list.html", {**daily_list_sample(), "rows": []}
	)
	assert "No pupil with a child protection plan" in empty
	pastoral = render(
		"attendance_officer/templates/reports/daily_list.html", daily_list_sample(safeguarding=False)
	)
	assert "88.2%" in pastoral and "Flags" not in pastoral


def test_the_governors_summary_withholds_small_cohorts_and_names_no_pupil():
	out = render("attendance_officer/templates/reports/governors_pack.html", governors_pack_sample())
	assert "withheld: fewer than 5 pupils" in out
	assert "24.2%" in out and "17.9%" in out  # the school beside the national figure
	no_national = render(
		"attendance_officer/templates/reports/governors_pack.html",
		{**governors_pack_sample(), "national": None},
	)
	assert "No national figures are entered" in no_national


def test_the_slt_pack_lists_pupils_in_persistent_absence_with_their_reasons():
	out = render("attendance_officer/templates/reports/slt_pack.html", slt_pack_sample())
	assert "Amy Smith" in out and "I Illness: 12" in out and "Under 95%" in out
	assert "No pupil is in persistent absence." in render(
		"attendance_officer/templates/reports/slt_pack.html", {**slt_pack_sample(), "in_pa": []}
	)


def test_the_admission_registers_copy_escapes_and_says_what_each_entry_lacks():
	out = render("attendance_officer/templates/reports/admission_register.html", admission_register_sample())
	assert "<script>" not in out and "O&#39;Brien &lt;script&gt;" in out
	assert "Missing: sex, UPN" in out
	assert "Main dual (Riverside PRU)" in out
	assert "2 entries; 1 with particulars missing" in out
