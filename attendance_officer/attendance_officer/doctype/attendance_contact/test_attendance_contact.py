# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: contacts name one of the pupil's guardians; a reason given becomes a draft Absence Record."""

from datetime import timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.absence.api import guardian_query, make_absence_record
from attendance_officer.absence.guardians import NotPupilsGuardianError
from attendance_officer.tests.absence_factories import add_guardian, make_guardian
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)


class TestAttendanceContact(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Contact 8C", 2)
		make_holiday_list()
		cls.dad = make_guardian("AO Contact Dad", mobile_number="07700900001")
		add_guardian(cls.pupils[0], cls.dad, contact_priority=1)
		frappe.db.sql(
			"UPDATE `tabStudent` SET `admission_date` = %s WHERE `name` IN %s",
			(MONDAY - timedelta(days=28), cls.pupils),
		)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def contact(self, **fields):
		return frappe.get_doc(
			{
				"doctype": "Attendance Contact",
				"student": self.pupils[0],
				"contact_on": f"{MONDAY} 09:20:00",
				"contact_type": "Call",
				"guardian": self.dad,
				"outcome": "Reason given",
				"reason_given": "Illness",
				"details": "Temperature since Sunday night",
				**fields,
			}
		).insert()

	def test_guardian_must_be_the_pupils(self):
		with self.assertRaises(NotPupilsGuardianError):
			self.contact(student=self.pupils[1])

	def test_reason_given_needs_the_reason(self):
		with self.assertRaises(frappe.ValidationError):
			self.contact(reason_given=None)
		self.assertIsNone(self.contact(outcome="No answer").reason_given)

	def test_one_click_makes_a_prefilled_draft_record_once(self):
		contact = self.contact()
		name = make_absence_record(contact.name)
		record = frappe.get_doc("Absence Record", name)
		self.assertEqual(record.docstatus, 0)
		self.assertEqual(
			(
				record.student,
				str(record.from_date),
				record.from_session,
				str(record.to_date),
				record.to_session,
			),
			(self.pupils[0], str(MONDAY), "AM", str(MONDAY), "PM"),
		)
		self.assertEqual((record.reason, record.attendance_code), ("Illness", "I"))
		self.assertEqual((record.reported_by, record.reported_via), (self.dad, "Phone"))
		self.assertEqual(frappe.db.get_value("Attendance Contact", contact.name, "absence_record"), name)
		self.assertEqual(make_absence_record(contact.name), name)  # a second click opens it
		self.assertEqual(frappe.db.count("Absence Record", {"student": self.pupils[0]}), 1)

	def test_no_record_without_a_reason(self):
		contact = self.contact(outcome="Message left")
		with self.assertRaises(frappe.ValidationError):
			make_absence_record(contact.name)

	def test_a_user_who_may_not_create_records_is_refused(self):
		contact = self.contact()
		frappe.set_user(make_staff_user("Designated Safeguarding Lead", "contact"))
		with self.assertRaises(frappe.PermissionError):
			make_absence_record(contact.name)

	def test_guardian_picker_offers_only_the_pupils_guardians(self):
		found = guardian_query("Guardian", "", "name", 0, 20, {"student": self.pupils[0]})
		self.assertEqual([row[0] for row in found], [self.dad])
		self.assertEqual(guardian_query("Guardian", "", "name", 0, 20, {"student": self.pupils[1]}), ())
