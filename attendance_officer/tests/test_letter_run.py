# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: the letter run (issue 14 items 3 and 4) proposes each pupil's next ladder letter in
a fixed number of queries, sends the ticked ones as one merged PDF for post, logs each,
proposes none of them again the same day, and refuses an override without a reason."""

import io
from datetime import timedelta
from unittest.mock import patch

import frappe
from frappe.utils import getdate

from attendance_officer.letters.ladder import LetterRunError, proposals, send_letter_run
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.leave_factories import link_guardian

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
LETTER = "Attendance Letter"
SIZE = 30


class TestLetterRun(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO Ladder 10L", SIZE)
		cls.officer = make_staff_user("Attendance Officer", "-ladder")
		cls.guardians = []
		for n, pupil in enumerate(cls.pupils, start=1):
			guardian = frappe.db.get_value("Guardian", {"guardian_name": f"Ladder Parent {n:02d}"}, "name")
			if not guardian:
				guardian = (
					frappe.get_doc({"doctype": "Guardian", "guardian_name": f"Ladder Parent {n:02d}"})
					.insert(ignore_permissions=True)
					.name
				)
			link_guardian(pupil, guardian, 1, 1)
			cls.guardians.append(guardian)
		frappe.db.commit()

	def setUp(self):
		frappe.db.sql(
			"""UPDATE `tabStudent` SET `nc_year` = '10', `address_line_1` = '2 Ladder Row', `pincode` = 'LS1 1AA'
			WHERE `name` IN %s""",
			(tuple(self.pupils),),
		)
		frappe.db.sql(
			"""UPDATE `tabStudent Guardian` SET `preferred_channel` = 'Letter', `do_not_contact` = 0
			WHERE `parent` IN %s""",
			(tuple(self.pupils),),
		)
		# 8 of 10 sessions: 80.0% (persistent absence); no letter yet, so Stage 1 first
		write_marks(
			[
				{"student": s, "date": MONDAY + timedelta(days=d), "session": part, "code": code}
				for s in self.pupils
				for d in range(5)
				for part, code in (("AM", "/"), ("PM", "O" if d < 2 else "\\"))
			],
			source="Register",
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def mine(self, rows):
		return {r["student"]: r for r in rows if r["student"] in self.pupils}

	def queries(self, students) -> int:
		real = frappe.db.sql
		with patch.object(frappe.db, "sql", wraps=real) as sql:
			proposals(students=students)
		return sql.call_count

	def test_the_proposals_cost_the_same_queries_for_3_pupils_as_for_30(self):
		frappe.set_user(self.officer)
		self.queries(self.pupils[:1])  # warm the caches (settings, meta)
		self.assertEqual(self.queries(self.pupils[:3]), self.queries(self.pupils))

	def test_a_run_of_30_letters_is_one_merged_pdf_every_letter_logged_and_none_proposed_twice(self):
		from pypdf import PdfReader

		frappe.set_user(self.officer)
		rows = self.mine(proposals(students=self.pupils))
		self.assertEqual({r["letter"] for r in rows.values()}, {"Stage 1"})
		self.assertIn("Stage 1 comes first", rows[self.pupils[0]]["reason"])
		result = send_letter_run([{"student": s, "letter": "Stage 1"} for s in self.pupils])
		self.assertEqual((len(result["sent"]), result["skipped"]), (SIZE, []))
		logs = frappe.get_all(
			LETTER,
			filters={"student": ("in", self.pupils)},
			fields=["letter_type", "sent_via", "guardian", "reason"],
		)
		self.assertEqual(len(logs), SIZE)
		self.assertEqual({(log.letter_type, log.sent_via) for log in logs}, {("Stage 1", "Post")})
		self.assertTrue(all(log.reason for log in logs))
		merged = frappe.get_doc("File", {"file_url": result["merged_pdf"]})
		self.assertTrue(merged.is_private)
		pdf = PdfReader(io.BytesIO(merged.get_content()))
		self.assertGreaterEqual(len(pdf.pages), SIZE)
		first_page = " ".join(pdf.pages[0].extract_text().split())
		self.assertIn("Dear Ladder Parent 01,", first_page)
		self.assertIn("2 Ladder Row", first_page)

		again = self.mine(proposals(students=self.pupils))
		self.assertEqual({r["letter"] for r in again.values()}, {None})  # the same day: nothing twice
		self.assertIn("school days ago", again[self.pupils[0]]["reason"])

	def test_a_letter_out_of_turn_needs_a_reason_and_nothing_is_written_without_one(self):
		frappe.set_user(self.officer)
		selection = [
			{"student": self.pupils[0], "letter": "Stage 1"},
			{"student": self.pupils[1], "letter": "Stage 2"},  # the ladder proposes Stage 1
		]
		with self.assertRaisesRegex(LetterRunError, "Row 2: the ladder proposes Stage 1"):
			send_letter_run(selection)
		self.assertEqual(frappe.db.count(LETTER, {"student": ("in", self.pupils)}), 0)
		selection[1]["override_reason"] = "Agreed at the pastoral panel"
		send_letter_run(selection)
		override = frappe.db.get_value(
			LETTER, {"student": self.pupils[1]}, ["letter_type", "override_reason"]
		)
		self.assertEqual(override, ("Stage 2", "Agreed at the pastoral panel"))

	def test_stage_3_only_after_a_meeting_the_family_came_to_and_never_dated_ahead(self):
		from attendance_officer.letters.ladder import meetings_held

		pupil, guardian = self.pupils[0], self.guardians[0]
		day = MONDAY + timedelta(days=4)

		def meeting(meeting_date, attended, meeting_type="Attendance pastoral support meeting"):
			doc = frappe.get_doc(
				{
					"doctype": "Attendance Support Meeting",
					"student": pupil,
					"meeting_type": meeting_type,
					"meeting_date": meeting_date,
					"attendees": [{"guardian": guardian, "attended": attended}],
				}
			).insert(ignore_permissions=True)
			doc.submit()
			return doc

		meeting(day, attended=0)  # the parent did not come
		meeting(day, attended=1, meeting_type="Head of Year review")  # internal
		meeting(getdate() + timedelta(days=7), attended=1)  # planned ahead
		self.assertEqual(meetings_held([pupil], MONDAY, getdate()), ())
		meeting(day, attended=1)
		self.assertEqual([str(d) for _s, d in meetings_held([pupil], MONDAY, getdate())], [str(day)])
		with self.assertRaisesRegex(LetterRunError, "after today"):
			proposals(on=str(getdate() + timedelta(days=1)), students=[pupil])

	def test_a_do_not_contact_parent_is_skipped_and_listed_with_the_reason(self):
		frappe.db.set_value("Student Guardian", {"parent": self.pupils[0]}, "do_not_contact", 1)
		frappe.set_user(self.officer)
		result = send_letter_run([{"student": self.pupils[0], "letter": "Stage 1"}])
		self.assertEqual(result["sent"], [])
		self.assertIn("Do Not Contact", result["skipped"][0]["reason"])
		self.assertFalse(frappe.db.exists(LETTER, {"student": self.pupils[0]}))

	def test_a_pupil_outside_the_users_scope_is_refused(self):
		hoy = make_staff_user("Head of Year", "-ladder")
		frappe.db.set_value("User", hoy, "enabled", 1)
		frappe.set_user(hoy)
		with self.assertRaises(frappe.PermissionError):  # a Head of Year does not send letters
			send_letter_run([{"student": self.pupils[0], "letter": "Stage 1"}])

	def test_the_stage_letter_reprints_from_its_log(self):
		frappe.set_user(self.officer)
		sent = send_letter_run([{"student": self.pupils[2], "letter": "Stage 1"}])
		html = frappe.get_print(LETTER, sent["sent"][0]["letter"], print_format="Attendance Stage Letter")
		self.assertIn("Ladder Parent 03", html)
		self.assertIn("2 Ladder Row", html)
		self.assertIn("80.0%", html)

	def test_a_parent_who_prefers_email_gets_one_email_with_each_childs_letter(self):
		shared, first, second = self.guardians[3], self.pupils[3], self.pupils[4]
		frappe.db.set_value("Guardian", shared, "email_address", "ladder-parent-04@attendance-officer.test")
		link_guardian(second, shared, 1, 1)  # the same parent for both children
		frappe.db.set_value(
			"Student Guardian", {"parent": second, "guardian": self.guardians[4]}, "do_not_contact", 1
		)
		frappe.db.sql(
			"UPDATE `tabStudent Guardian` SET `preferred_channel` = 'Email' WHERE `guardian` = %s", shared
		)
		frappe.set_user(self.officer)
		selection = [{"student": s, "letter": "Stage 1"} for s in (first, second)]
		frappe.set_user("Administrator")
		frappe.get_doc(  # rolled back with the test; Frappe sends nothing while testing
			{
				"doctype": "Email Account",
				"email_account_name": "AO Ladder Outgoing",
				"email_id": "ao-ladder@attendance-officer.test",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
		frappe.local.outgoing_email_account = {}  # Frappe caches the account for the process:
		self.addCleanup(setattr, frappe.local, "outgoing_email_account", {})  # forget it after the test
		frappe.set_user(self.officer)
		result = send_letter_run(selection)
		self.assertEqual({s["via"] for s in result["sent"]}, {"Email"})
		self.assertIsNone(result["merged_pdf"])  # nothing to post
		queued = frappe.get_all(
			"Email Queue Recipient",
			filters={"recipient": "ladder-parent-04@attendance-officer.test"},
			pluck="parent",
		)
		self.assertEqual(len(queued), 1)
		message = frappe.db.get_value("Email Queue", queued[0], "message")  # the MIME message, PDFs inside
		self.assertEqual(message.count('filename="stage_1-AL-'), 2)

	def test_with_no_email_set_up_the_letters_are_posted_and_logged_as_posted(self):
		frappe.db.set_value(
			"Guardian", self.guardians[5], "email_address", "ladder-parent-06@attendance-officer.test"
		)
		frappe.db.set_value("Student Guardian", {"parent": self.pupils[5]}, "preferred_channel", "Email")
		frappe.set_user(self.officer)
		with patch("attendance_officer.letters.ladder.email_ready", return_value=False):
			result = send_letter_run([{"student": self.pupils[5], "letter": "Stage 1"}])
		self.assertEqual(result["sent"][0]["via"], "Post")
		self.assertTrue(result["merged_pdf"])
		self.assertEqual(frappe.db.get_value(LETTER, result["sent"][0]["letter"], "sent_via"), "Post")

	def test_the_period_chosen_sets_the_figures_and_one_after_the_day_is_refused(self):
		frappe.set_user(self.officer)
		later = self.mine(proposals(students=self.pupils[:1], from_date=MONDAY + timedelta(days=2)))
		self.assertEqual(later[self.pupils[0]]["possible"], 6)  # Wednesday to Friday only
		self.assertEqual(later[self.pupils[0]]["attendance"], 100.0)  # the two absences were before
		self.assertIsNone(later[self.pupils[0]]["letter"])
		with self.assertRaisesRegex(LetterRunError, "starts after"):
			proposals(students=self.pupils[:1], from_date=TODAY + timedelta(days=1))

	def test_a_long_run_goes_to_a_background_job_that_sends_what_was_chosen(self):
		from attendance_officer.letters import ladder

		frappe.set_user(self.officer)
		selection = [{"student": s, "letter": "Stage 1"} for s in self.pupils[:3]]
		with patch.object(ladder, "RUN_IN_BACKGROUND", 2), patch.object(frappe, "enqueue") as enqueue:
			queued = send_letter_run(selection)
		self.assertEqual(queued, {"queued": True, "count": 3})
		self.assertEqual(frappe.db.count(LETTER, {"student": ("in", self.pupils)}), 0)  # nothing yet
		job = enqueue.call_args.kwargs
		self.assertEqual(job["user"], self.officer)
		with patch.object(frappe, "publish_realtime") as told:
			ladder.run_in_background(job["selection"], job["on"], job["from_date"], job["user"])
		self.assertEqual(frappe.db.count(LETTER, {"student": ("in", self.pupils)}), 3)
		self.assertEqual(len(told.call_args.args[1]["sent"]), 3)
