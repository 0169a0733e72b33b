# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench-only tests: `bench --site test_site run-tests --app attendance_officer`."""

from datetime import time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_time

from attendance_officer.attendance_officer.doctype.attendance_settings.attendance_settings import (
	CountSettingError,
	RegisterTimesError,
	SchoolIdentifierError,
	ThresholdBandsError,
)


class TestAttendanceSettings(FrappeTestCase):
	def setUp(self):
		self.settings = frappe.get_single("Attendance Settings")
		self.settings.update(
			{
				"am_register_opens": "08:30:00",
				"am_register_closes": "09:00:00",
				"pm_register_opens": "13:15:00",
				"pm_register_closes": "13:45:00",
				"first_day_calling_cutoff": "10:00:00",
				"concern_below": 95,
				"at_risk_below": 92,
				"persistent_from": 10,
				"severe_from": 50,
			}
		)

	def tearDown(self):
		frappe.db.rollback()

	def test_defaults_are_valid(self):
		from attendance_officer.install import declared_times

		# frappe.new_doc fills every Time field with the current time; install stores the
		# declared times instead (install.seed_settings), and those must pass validation.
		settings = frappe.new_doc("Attendance Settings")
		settings.update(declared_times())
		settings.run_method("validate")

	def test_register_open_for_30_minutes_is_accepted(self):
		self.settings.am_register_closes = "09:00:00"
		self.settings.save()
		saved = frappe.db.get_single_value("Attendance Settings", "am_register_closes")
		self.assertEqual(get_time(saved), time(9, 0))

	def test_register_open_for_31_minutes_is_refused(self):
		self.settings.am_register_closes = "09:01:00"
		with self.assertRaisesRegex(RegisterTimesError, "09:00 or earlier"):
			self.settings.save()

	def test_afternoon_register_closing_before_it_opens_is_refused(self):
		self.settings.pm_register_closes = "13:00:00"
		with self.assertRaisesRegex(RegisterTimesError, "Afternoon register"):
			self.settings.save()

	def test_afternoon_register_opening_inside_the_morning_register_is_refused(self):
		self.settings.pm_register_opens = "08:45:00"
		self.settings.pm_register_closes = "09:10:00"
		with self.assertRaises(RegisterTimesError):
			self.settings.save()

	def test_at_risk_line_above_concern_line_is_refused(self):
		self.settings.at_risk_below = 96
		with self.assertRaisesRegex(ThresholdBandsError, "at-risk line"):
			self.settings.save()

	def test_persistent_line_above_severe_line_is_refused(self):
		self.settings.persistent_from = 60
		with self.assertRaises(ThresholdBandsError):
			self.settings.save()

	def test_zero_day_resolution_window_is_refused(self):
		self.settings.n_resolution_days = 0
		with self.assertRaises(CountSettingError):
			self.settings.save()

	def test_laestab_with_separator_is_stored_as_digits(self):
		self.settings.laestab = "801/2000"
		self.settings.urn = "100000"
		self.settings.save()
		self.assertEqual(frappe.db.get_single_value("Attendance Settings", "laestab"), "8012000")

	def test_six_digit_laestab_is_refused(self):
		self.settings.laestab = "801200"
		with self.assertRaises(SchoolIdentifierError):
			self.settings.save()


class TestPenaltyNoticeAuthoriser(FrappeTestCase):
	"""The Headteacher names a deputy authoriser (issue 13 item 4); nobody else can."""

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_only_a_user_who_can_act_on_referrals_can_be_named(self):
		from attendance_officer.attendance_officer.doctype.attendance_settings.attendance_settings import (
			AuthoriserError,
		)
		from attendance_officer.tests.factories import make_staff_user

		tutor = make_staff_user("Instructor", "-authoriser")
		settings = frappe.get_single("Attendance Settings")
		settings.penalty_notice_authoriser = tutor
		with self.assertRaisesRegex(AuthoriserError, "give them the Attendance Officer role"):
			settings.save()
		self.assertFalse(frappe.db.get_single_value("Attendance Settings", "penalty_notice_authoriser"))

	def test_the_headteacher_names_the_deputy_and_an_officer_cannot(self):
		from attendance_officer.tests.factories import make_staff_user

		head = make_staff_user("Headteacher", "-authoriser")
		officer = make_staff_user("Attendance Officer", "-authoriser")
		frappe.set_user(officer)
		settings = frappe.get_single("Attendance Settings")
		settings.penalty_notice_authoriser = officer  # naming themselves
		settings.save()  # level 0 saves; the level 1 field keeps its stored value
		self.assertFalse(
			frappe.db.get_single_value("Attendance Settings", "penalty_notice_authoriser", cache=False)
		)
		frappe.set_user(head)
		settings = frappe.get_single("Attendance Settings")
		settings.penalty_notice_authoriser = officer
		settings.save()
		self.assertEqual(
			frappe.db.get_single_value("Attendance Settings", "penalty_notice_authoriser", cache=False),
			officer,
		)
