# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: the scheduled packs (issue 15 item 6): the SLT pack each fortnight and the
governors' summary each half-term, rendered to PDF and e-mailed once to the recipients the
school keeps in Attendance Settings; the governors' summary names no pupil."""

from datetime import date, timedelta
from unittest.mock import patch

import frappe
from frappe.utils import getdate

from attendance_officer.reporting.packs import (
	GOVERNORS,
	SLT,
	download_pack,
	governors_context,
	send_due_packs,
	slt_context,
)
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_outgoing_email_account, make_staff_user
from attendance_officer.tests.school_factories import last_weekday, seed_marks, seed_pupils

DAY = last_weekday(getdate())
DAYS = sorted(DAY - timedelta(days=n) for n in range(0, 15) if (DAY - timedelta(days=n)).weekday() < 5)
GROUP = "AO Packs 10K"
BORN = date(DAY.year - 15, 1, 10)
GOVERNOR = "chair-of-governors@attendance-officer.test"


def queued_to(address: str) -> list[frappe._dict]:
	return frappe.db.sql(
		"""SELECT q.`name`, q.`message` FROM `tabEmail Queue` q
		JOIN `tabEmail Queue Recipient` r ON r.`parent` = q.`name` WHERE r.`recipient` = %s""",
		address,
		as_dict=True,
	)


class TestPacks(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.officer = make_staff_user("Attendance Officer", "-packs")
		cls.head = make_staff_user("Head of Year", "-packs")
		frappe.db.commit()

	def setUp(self):
		make_outgoing_email_account(self)
		settings = frappe.get_single("Attendance Settings")
		settings.set("slt_pack_recipients", [{"user": self.officer}])
		settings.governors_pack_recipients = GOVERNOR
		settings.save(ignore_permissions=True)
		# Year 10: one pupil in persistent absence (illness and O), three present throughout.
		self.pupils = seed_pupils("AOK-Y10", 4, nc_year="10", date_of_birth=BORN, registration_group=GROUP)
		seed_marks(
			self.pupils,
			DAYS,
			lambda i, day, session: ("I" if session == "AM" else "O") if i == 0 and day in DAYS[:2] else "/",
			GROUP,
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")

	def test_the_slt_pack_gives_each_year_and_the_reasons_of_pupils_in_persistent_absence(self):
		context = slt_context(DAY)
		pa = next(r for r in context["in_pa"] if r["name"] == "AOK-Y10 0001")
		self.assertIn("I Illness", pa["reasons"])
		self.assertIn("O Absent in other or unknown circumstances: 2", pa["reasons"])
		self.assertNotIn("AOK-Y10 0002", [r["name"] for r in context["in_pa"]])
		ten = next(r for r in context["years"] if r["year"] == "10")
		self.assertGreaterEqual(ten["persistent"], 1)
		self.assertGreaterEqual(ten["under_95"], ten["persistent"])
		self.assertTrue(context["trend"])

	def test_the_slt_pack_is_sent_once_a_fortnight_as_a_pdf(self):
		with patch("attendance_officer.reporting.packs.ends_half_term", return_value=False):
			self.assertEqual(send_due_packs(DAY), {SLT: True})
			self.assertEqual(send_due_packs(DAY), {SLT: False})  # the same fortnight: not again
		(email,) = queued_to(self.officer)
		self.assertIn("application/pdf", email.message)
		self.assertEqual(queued_to(GOVERNOR), [])  # not the end of a half-term

	def test_the_governors_summary_goes_at_half_term_and_names_no_pupil(self):
		with patch("attendance_officer.reporting.packs.ends_half_term", return_value=True):
			sent = send_due_packs(DAY)
		self.assertTrue(sent[GOVERNORS])
		(email,) = queued_to(GOVERNOR)
		self.assertIn("application/pdf", email.message)
		context = governors_context(DAY)
		html = frappe.render_template("attendance_officer/templates/reports/governors_pack.html", context)
		self.assertNotIn("AOK-Y10", html)
		dimensions = {c["dimension"] for c in context["cohorts"]}
		for kept_in_school in (
			"SEN status",
			"Child looked after",
			"Child in need",
			"Child protection plan",
			"Registration group",
		):
			self.assertNotIn(kept_in_school, dimensions)  # never in a summary that leaves the school
		small = [c for c in context["cohorts"] if c["suppressed"]]
		self.assertTrue(all(c["attendance"] == "" for c in small))
		self.assertTrue(
			all(
				not c["suppressed"]
				for c in context["cohorts"]
				if c["pupils"].isdigit() and int(c["pupils"]) >= 5
			)
		)

	def test_recipients_are_checked_when_the_school_edits_them(self):
		settings = frappe.get_single("Attendance Settings")
		settings.governors_pack_recipients = f"{GOVERNOR}\nnot an address"
		with self.assertRaisesRegex(frappe.ValidationError, "line 2"):
			settings.save(ignore_permissions=True)
		settings.reload()
		website_user = frappe.get_doc(
			{
				"doctype": "User",
				"email": "ao-pack-parent@attendance-officer.test",
				"first_name": "Parent",
				"user_type": "Website User",
				"send_welcome_email": 0,
			}
		).insert(ignore_permissions=True)
		settings.set("slt_pack_recipients", [{"user": website_user.name}])
		with self.assertRaisesRegex(frappe.ValidationError, "staff"):
			settings.save(ignore_permissions=True)
		settings.reload()
		settings.set("slt_pack_recipients", [{"user": self.head}])  # a Head of Year sees their years only
		with self.assertRaisesRegex(frappe.ValidationError, "whole school"):
			settings.save(ignore_permissions=True)

	def test_only_the_attendance_officer_and_headteacher_may_download_a_pack(self):
		frappe.set_user(self.head)
		with self.assertRaises(frappe.PermissionError):
			download_pack(SLT)
		frappe.set_user(self.officer)
		download_pack(GOVERNORS)
		self.assertEqual(frappe.local.response.type, "pdf")
		self.assertTrue(frappe.local.response.filecontent.startswith(b"%PDF"))
