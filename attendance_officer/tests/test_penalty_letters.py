# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: the legal route's letters (issue 13 item 5) render to PDF with wkhtmltopdf, go out
only at their stage, are logged as Attendance Letters with the PDF attached, and are refused
to whoever may not send them."""

from datetime import timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate

from attendance_officer.letters.penalty import LetterNotReady, send_referral_letter
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.leave_factories import give_head_of_year, link_guardian, make_guardian_user

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 14)
FRIDAY = MONDAY + timedelta(days=4)
REFERRAL = "Penalty Notice Referral"
LETTER = "Attendance Letter"
UPN = "H801200001001"


class TestPenaltyLetters(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.group, (cls.pupil,) = make_register("AO Letters 9L", 1)
		cls.mum, cls.mum_user = make_guardian_user("Letters Mum")
		cls.officer = make_staff_user("Attendance Officer", "-letters")
		cls.head = make_staff_user("Headteacher", "-letters")
		cls.hoy = make_staff_user("Head of Year", "-letters")
		frappe.db.commit()

	def setUp(self):
		link_guardian(self.pupil, self.mum, 1, 1)
		frappe.db.set_value(
			"Student",
			self.pupil,
			{
				"nc_year": "9",
				"date_of_birth": getdate(f"{TODAY.year - 14}-01-15"),
				"upn": UPN,
				"address_line_1": "3 Penalty Lane",
				"pincode": "LS2 2BB",
			},
		)
		frappe.db.set_value(
			"Student Guardian",
			{"parent": self.pupil, "guardian": self.mum},
			"preferred_channel",
			"Letter",
		)
		settings = frappe.get_single("Attendance Settings")
		settings.update(
			{
				"school_name": "Letters Test Academy",
				"signatory_name": "Pat Officer",
				"signatory_role": "Attendance Officer",
				"local_authority": "Testshire",
			}
		)
		settings.save(ignore_permissions=True)
		write_marks(
			[
				{"student": self.pupil, "date": MONDAY + timedelta(days=d), "session": part, "code": "G"}
				for d in range(5)
				for part in ("AM", "PM")
			],
			source="Register",
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def referral(self, action: str, **fields):
		"""A referral raised by the officer and moved by the Headteacher with ``action``."""
		frappe.set_user(self.officer)
		doc = frappe.get_doc(
			{
				"doctype": REFERRAL,
				"student": self.pupil,
				"guardian": self.mum,
				"basis": "Threshold of unauthorised absence",
				"sessions_from": MONDAY,
				"sessions_to": FRIDAY,
				**fields,
			}
		).insert()
		apply_workflow(doc, "Ask for Authorisation")
		frappe.set_user(self.head)
		apply_workflow(frappe.get_doc(REFERRAL, doc.name), action)
		frappe.set_user(self.officer)
		return frappe.get_doc(REFERRAL, doc.name)

	def with_notice_to_improve(self):
		return self.referral(
			"Authorise Notice to Improve",
			notice_to_improve_issued_on=TODAY,
			improvement_period_ends=TODAY + timedelta(days=27),
			improvement_criteria="No unauthorised absence and arrive before registration closes.",
		)

	def letters(self, name: str) -> list[dict]:
		return frappe.get_all(
			LETTER,
			filters={"reference_doctype": REFERRAL, "reference_name": name},
			fields=["name", "letter_type", "sent_via", "guardian", "recipient", "figures"],
		)

	def attached_pdf(self, letter: str) -> bytes:
		file = frappe.get_doc("File", {"attached_to_doctype": LETTER, "attached_to_name": letter})
		self.assertTrue(file.is_private)
		return file.get_content()

	def test_no_letter_goes_out_before_the_headteacher_authorises(self):
		frappe.set_user(self.officer)
		draft = frappe.get_doc(
			{
				"doctype": REFERRAL,
				"student": self.pupil,
				"guardian": self.mum,
				"basis": "Threshold of unauthorised absence",
				"sessions_from": MONDAY,
				"sessions_to": FRIDAY,
				"notice_to_improve_issued_on": TODAY,
				"improvement_period_ends": TODAY + timedelta(days=27),
			}
		).insert()
		for kind in ("Notice to Improve", "LA Evidence Pack", "Witness Statement"):
			with self.assertRaisesRegex(LetterNotReady, "can be sent when the referral is at"):
				send_referral_letter(draft.name, kind)
		self.assertEqual(self.letters(draft.name), [])

	def test_the_notice_to_improve_is_sent_once_authorised_logged_with_its_pdf(self):
		doc = self.with_notice_to_improve()
		sent = send_referral_letter(doc.name, "Notice to Improve")
		(letter,) = self.letters(doc.name)
		self.assertEqual(letter.name, sent["letter"])
		self.assertEqual(
			(letter.letter_type, letter.guardian, letter.sent_via), ("Notice to Improve", self.mum, "Post")
		)
		self.assertFalse(sent["emailed"])  # the parent prefers letters
		self.assertEqual(frappe.parse_json(letter.figures)["sessions"], 10)
		self.assertTrue(self.attached_pdf(letter.name).startswith(b"%PDF"))
		html = frappe.get_print(REFERRAL, doc.name, print_format="Notice to Improve")
		self.assertIn("arrive before registration closes", html)
		self.assertIn("Letters Test Academy", html)
		self.assertNotIn(UPN, html)  # the parent's letter carries no UPN

	def test_a_do_not_contact_parent_is_sent_nothing(self):
		doc = self.with_notice_to_improve()
		frappe.db.set_value(
			"Student Guardian", {"parent": self.pupil, "guardian": self.mum}, "do_not_contact", 1
		)
		with self.assertRaisesRegex(LetterNotReady, "Do Not Contact"):
			send_referral_letter(doc.name, "Notice to Improve")
		self.assertEqual(self.letters(doc.name), [])

	def test_the_evidence_pack_goes_to_the_la_with_the_upn_and_the_sessions(self):
		frappe.db.set_single_value(
			"Attendance Settings", "local_authority_email", "attendance@testshire.example"
		)
		doc = self.referral("Authorise Referral")
		with self.assertRaisesRegex(LetterNotReady, "Notice to Improve"):
			send_referral_letter(doc.name, "Notice to Improve")  # not at that stage
		send_referral_letter(doc.name, "LA Evidence Pack")
		(letter,) = self.letters(doc.name)
		self.assertEqual((letter.letter_type, letter.guardian), ("LA Evidence Pack", None))
		self.assertIn(letter.recipient, ("attendance@testshire.example", "Testshire"))
		self.assertTrue(self.attached_pdf(letter.name).startswith(b"%PDF"))
		html = frappe.get_print(REFERRAL, doc.name, print_format="LA Evidence Pack")
		self.assertIn(UPN, html)
		self.assertIn(MONDAY.strftime("%-d %B %Y"), html)

	def test_the_witness_statement_is_for_an_unpaid_notice_and_never_emailed(self):
		doc = self.referral("Authorise Referral")
		with self.assertRaisesRegex(LetterNotReady, "Unpaid"):
			send_referral_letter(doc.name, "Witness Statement")
		doc.issued_on = MONDAY + timedelta(days=7)
		doc.save()
		doc = apply_workflow(doc, "Record Issue")
		doc = apply_workflow(doc, "Record Non-payment")
		sent = send_referral_letter(doc.name, "Witness Statement")
		(letter,) = self.letters(doc.name)
		self.assertEqual(
			(letter.letter_type, letter.sent_via, sent["emailed"]), ("Witness Statement", "By hand", False)
		)
		self.assertEqual(letter.recipient, "Pat Officer")
		self.assertTrue(self.attached_pdf(letter.name).startswith(b"%PDF"))
		self.assertFalse(frappe.db.exists("Email Queue", {"reference_name": doc.name}))

	def test_a_head_of_year_reads_but_does_not_send_and_a_parent_cannot_print(self):
		doc = self.with_notice_to_improve()
		give_head_of_year(self.hoy, "9", [self.pupil])
		frappe.set_user(self.hoy)
		with self.assertRaises(frappe.PermissionError):
			send_referral_letter(doc.name, "Notice to Improve")
		frappe.set_user(self.mum_user)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_print(REFERRAL, doc.name, print_format="Notice to Improve")
		frappe.set_user("Administrator")
		self.assertEqual(self.letters(doc.name), [])

	def test_only_the_safeguarding_roles_produce_or_read_the_evidence_pack(self):
		"""It lists home visits and safe-and-well checks, which a Head of Year may not read."""
		frappe.db.set_single_value(
			"Attendance Settings", "local_authority_email", "attendance@testshire.example"
		)
		doc = self.referral("Authorise Referral")
		send_referral_letter(doc.name, "LA Evidence Pack")
		(letter,) = self.letters(doc.name)
		give_head_of_year(self.hoy, "9", [self.pupil])
		frappe.set_user(self.hoy)
		self.assertTrue(frappe.has_permission(REFERRAL, "print", doc=doc.name))  # the referral: yes
		# the print view (and so its PDF and the e-mail dialog) renders nothing of it
		with self.assertRaisesRegex(
			(frappe.PermissionError, frappe.PrintFormatError), "only the Attendance Officer"
		):
			frappe.get_print(REFERRAL, doc.name, print_format="LA Evidence Pack")
		self.assertNotIn(letter.name, frappe.get_list("Attendance Letter", pluck="name"))
		with self.assertRaises(frappe.DoesNotExistError):  # answered as for a letter that is not there
			frappe.has_permission("Attendance Letter", "read", doc=letter.name)

	def test_sending_a_letter_commits_nothing_on_its_own(self):
		"""frappe.get_print commits (its Access Log) outside tests; the letter path must not."""
		from unittest.mock import patch

		doc = self.with_notice_to_improve()
		with (
			patch.object(frappe.db, "commit", side_effect=AssertionError("committed mid-request")),
			patch.dict(frappe.flags, {"in_test": False}),
		):
			send_referral_letter(doc.name, "Notice to Improve")
		self.assertEqual(len(self.letters(doc.name)), 1)

	def test_the_support_meetings_held_are_in_the_letters_and_only_the_pupils_own(self):
		frappe.set_user(self.officer)
		meeting = frappe.get_doc(
			{
				"doctype": "Attendance Support Meeting",
				"student": self.pupil,
				"meeting_type": "Attendance pastoral support meeting",
				"meeting_date": MONDAY + timedelta(days=5),
				"attendees": [{"guardian": self.mum, "role": "Mum"}],
			}
		).insert()
		draft = frappe.get_doc("Attendance Support Meeting", meeting.name)
		with self.assertRaisesRegex(frappe.ValidationError, "has no submitted minutes"):
			self.referral("Authorise Referral", support_meetings=[{"meeting": meeting.name}])
		frappe.set_user(self.officer)
		draft.submit()
		doc = self.referral("Authorise Referral", support_meetings=[{"meeting": meeting.name}])
		html = frappe.get_print(REFERRAL, doc.name, print_format="LA Evidence Pack")
		self.assertIn("Attendance pastoral support meeting", html)
		self.assertIn("Parent Letters Mum (Mum)", html)
