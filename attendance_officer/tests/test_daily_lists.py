# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: the daily lists (issue 15 item 5): the DSL's CP/CIN/CLA list and the pastoral
persistent-absence list, each sent once a school day, only to users who may read what it
shows, each seeing only the pupils their role gives them."""

from datetime import timedelta
from unittest.mock import patch

import frappe
from frappe.utils import getdate

from attendance_officer.reporting.daily import PERSISTENT_LIST, SAFEGUARDING_LIST, send_daily_lists
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_outgoing_email_account, make_staff_user
from attendance_officer.tests.leave_factories import set_head_of_year
from attendance_officer.tests.school_factories import last_weekday, seed_marks, seed_pupils

DAY = last_weekday(getdate())
HISTORY = [DAY - timedelta(days=n) for n in range(1, 15) if (DAY - timedelta(days=n)).weekday() < 5]
GROUP9, GROUP8 = "AO Daily 9D", "AO Daily 8D"
DSL = "Designated Safeguarding Lead"


def emails_to(user: str) -> list[frappe._dict]:
	return frappe.db.sql(
		"""SELECT q.`name`, q.`message` FROM `tabEmail Queue` q
		JOIN `tabEmail Queue Recipient` r ON r.`parent` = q.`name`
		WHERE r.`recipient` = %s ORDER BY q.`creation`""",
		user,
		as_dict=True,
	)


class TestDailyLists(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.dsl = make_staff_user(DSL, "-daily")
		cls.head9 = make_staff_user("Head of Year", "-daily9")
		cls.head8 = make_staff_user("Head of Year", "-daily8")
		frappe.db.commit()

	def setUp(self):
		make_outgoing_email_account(self)
		settings = frappe.get_single("Attendance Settings")
		settings.set("dsl_list_roles", [{"role": DSL}, {"role": "Head of Year"}])
		settings.set("pastoral_list_roles", [{"role": "Head of Year"}])
		settings.save(ignore_permissions=True)
		set_head_of_year("9", self.head9)
		set_head_of_year("8", self.head8)
		(self.cp,) = seed_pupils("AOD-CP", 1, nc_year="9", registration_group=GROUP9, child_protection_plan=1)
		(self.cin,) = seed_pupils("AOD-CIN", 1, nc_year="9", registration_group=GROUP9, child_in_need=1)
		(self.plain,) = seed_pupils("AOD-PLAIN", 1, nc_year="9", registration_group=GROUP9)
		(self.pa9,) = seed_pupils("AOD-PA9", 1, nc_year="9", registration_group=GROUP9)
		(self.pa8,) = seed_pupils("AOD-PA8", 1, nc_year="8", registration_group=GROUP8)
		(self.fine9,) = seed_pupils("AOD-FINE9", 1, nc_year="9", registration_group=GROUP9)
		today = {self.cp: "I", self.cin: "N", self.plain: "O", self.pa9: "O", self.pa8: "G", self.fine9: "M"}
		for pupil, code in today.items():
			history = "O" if pupil in (self.pa9, self.pa8) else "/"
			seed_marks(
				[pupil],
				[*HISTORY, DAY],
				lambda _i, day, session, code=code, history=history: (
					code if (day, session) == (DAY, "AM") else (history if day in HISTORY[:3] else "/")
				),
				GROUP8 if pupil == self.pa8 else GROUP9,
			)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")

	def test_the_dsl_gets_cp_cin_and_cla_pupils_absent_today_with_whether_the_reason_is_known(self):
		sent = send_daily_lists(DAY)
		self.assertGreaterEqual(sent[SAFEGUARDING_LIST], 1)
		(email,) = emails_to(self.dsl)
		body = email.message
		self.assertIn("AOD-CP 0001", body)
		self.assertIn("AOD-CIN 0001", body)
		self.assertIn("Not known: contact the family today", body)  # the CIN pupil's N
		self.assertIn("Illness", body)  # the CP pupil's I: the reason is known
		self.assertNotIn("AOD-PLAIN 0001", body)  # absent, but no plan: not the DSL's list

	def test_a_flagged_pupil_nobody_has_registered_yet_is_on_the_list_as_not_known(self):
		seed_pupils("AOD-CLA", 1, nc_year="9", registration_group="AO Daily 9Z", child_looked_after=1)
		send_daily_lists(DAY)
		(email,) = emails_to(self.dsl)
		self.assertIn("AOD-CLA 0001", email.message)
		self.assertIn("the register has not been taken", email.message)

	def test_a_role_that_may_not_read_the_flags_never_gets_the_safeguarding_list(self):
		send_daily_lists(DAY)
		for head in (self.head9, self.head8):
			for email in emails_to(head):
				self.assertNotIn("AOD-CP 0001", email.message)
				self.assertNotIn("AOD-CIN 0001", email.message)

	def test_each_head_of_year_gets_their_own_persistently_absent_pupils(self):
		sent = send_daily_lists(DAY)
		self.assertGreaterEqual(sent[PERSISTENT_LIST], 2)  # other Heads of Year on the site may get theirs
		(nine,) = emails_to(self.head9)
		(eight,) = emails_to(self.head8)
		self.assertIn("AOD-PA9 0001", nine.message)
		self.assertNotIn("AOD-PA8 0001", nine.message)
		self.assertNotIn("AOD-FINE9 0001", nine.message)  # absent today, not in persistent absence
		self.assertIn("AOD-PA8 0001", eight.message)
		self.assertNotIn("AOD-PA9 0001", eight.message)

	def test_each_list_is_sent_once_a_day(self):
		send_daily_lists(DAY)
		before = {user: len(emails_to(user)) for user in (self.dsl, self.head9, self.head8)}
		again = send_daily_lists(DAY)
		self.assertEqual(again, {SAFEGUARDING_LIST: 0, PERSISTENT_LIST: 0})
		self.assertEqual({user: len(emails_to(user)) for user in before}, before)
		self.assertEqual(
			frappe.db.count("Attendance Report Log", {"log_key": f"{SAFEGUARDING_LIST}:{DAY.isoformat()}"}), 1
		)

	def test_without_an_outgoing_email_account_nothing_is_claimed_and_the_gap_is_logged(self):
		with patch("attendance_officer.reporting.daily.email_ready", return_value=False):
			self.assertEqual(send_daily_lists(DAY), {SAFEGUARDING_LIST: 0, PERSISTENT_LIST: 0})
		self.assertFalse(
			frappe.db.exists("Attendance Report Log", {"log_key": f"{SAFEGUARDING_LIST}:{DAY.isoformat()}"})
		)
		self.assertTrue(frappe.db.exists("Error Log", {"method": ("like", "%daily lists not sent%")}))
		self.assertGreaterEqual(send_daily_lists(DAY)[SAFEGUARDING_LIST], 1)  # sent once mail is set up

	def test_nothing_is_sent_on_a_day_that_is_not_a_school_day(self):
		saturday = DAY + timedelta(days=5 - DAY.weekday())
		self.assertEqual(send_daily_lists(saturday), {})
