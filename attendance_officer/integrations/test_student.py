"""Bench-only tests for the Student hooks: `bench --site test_site run-tests --app attendance_officer`."""

import frappe
from frappe.tests.utils import FrappeTestCase

from attendance_officer.integrations.student import DuplicateUPNError, InvalidUPNError, validate

VALID_UPN = "B801200005001"  # python-stdnum's documented example (stdnum.gb.upn)
WRONG_CHECK_LETTER = "A801200005001"  # the same number with the wrong check letter


def unsaved_student(**fields):
	return frappe.get_doc({"doctype": "Student", "first_name": "Upn", "last_name": "Test", **fields})


class TestStudentUPN(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_wrong_check_letter_is_refused(self):
		with self.assertRaisesRegex(InvalidUPNError, "A801200005001"):
			validate(unsaved_student(upn=WRONG_CHECK_LETTER))

	def test_wrong_check_letter_stops_the_save(self):
		frappe.db.set_single_value("Education Settings", "user_creation_skip", 1)
		with self.assertRaises(InvalidUPNError):
			unsaved_student(upn=WRONG_CHECK_LETTER).insert()

	def test_valid_upn_is_stored_compact(self):
		student = unsaved_student(upn=" b801 2000 05001 ")
		validate(student)
		self.assertEqual(student.upn, VALID_UPN)

	def test_no_upn_is_allowed(self):
		validate(unsaved_student())

	def test_upn_of_another_pupil_is_refused(self):
		frappe.db.set_single_value("Education Settings", "user_creation_skip", 1)
		unsaved_student(upn=VALID_UPN).insert()
		with self.assertRaises(DuplicateUPNError):
			validate(unsaved_student(first_name="Other", upn=VALID_UPN))
