"""Bench-only: what installing the app leaves on a site."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_time

from attendance_officer.install import seed_settings


class TestSeedSettings(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")

	def test_first_install_stores_the_declared_register_times(self):
		frappe.db.delete("Singles", {"doctype": "Attendance Settings"})
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")
		seed_settings()
		stored = frappe.db.get_singles_dict("Attendance Settings")
		self.assertEqual(get_time(stored.am_register_opens), get_time("08:30:00"))
		self.assertEqual(get_time(stored.am_register_closes), get_time("09:00:00"))
		self.assertEqual(get_time(stored.pm_register_opens), get_time("13:15:00"))
		self.assertEqual(get_time(stored.pm_register_closes), get_time("13:45:00"))
		self.assertEqual(get_time(stored.first_day_calling_cutoff), get_time("10:00:00"))
		self.assertEqual(float(stored.concern_below), 95)

	def test_a_setting_added_by_an_upgrade_gets_its_default_on_migrate(self):
		from attendance_officer.install import store_new_setting_defaults

		frappe.db.delete("Singles", {"doctype": "Attendance Settings", "field": "continuous_days"})
		frappe.db.set_single_value("Attendance Settings", "sickness_days", 20)
		self.assertEqual(store_new_setting_defaults(), ["continuous_days"])
		stored = frappe.db.get_singles_dict("Attendance Settings")
		self.assertEqual((int(stored.continuous_days), int(stored.sickness_days)), (10, 20))
		frappe.get_doc("Attendance Settings").save()  # saves again: no count left at 0

	def test_saved_settings_are_never_overwritten(self):
		frappe.db.set_single_value("Attendance Settings", "am_register_opens", "08:40:00")
		seed_settings()
		self.assertEqual(
			get_time(frappe.db.get_single_value("Attendance Settings", "am_register_opens")),
			get_time("08:40:00"),
		)


class TestTestDataLeavesEducationSettingsAsFound(FrappeTestCase):
	"""Our test pupils must not switch off Education's student users for the rest of the site."""

	def tearDown(self):
		frappe.db.rollback()

	def test_making_a_pupil_puts_skip_user_creation_back(self):
		from attendance_officer.tests.factories import make_pupil

		frappe.db.set_single_value("Education Settings", "user_creation_skip", 0)
		pupil = make_pupil("Settings", "Unchanged")
		self.assertFalse(frappe.db.get_value("Student", pupil, "user"), "no website user for a test pupil")
		self.assertEqual(frappe.db.get_single_value("Education Settings", "user_creation_skip"), 0)
