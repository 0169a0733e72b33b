"""Bench-only tests for the Student hooks: `bench --site test_site run-tests --app attendance_officer`."""

import frappe
from frappe.tests.utils import FrappeTestCase

from attendance_officer.integrations.student import DuplicateUPNError, InvalidUPNError, validate
from attendance_officer.tests.factories import student_users_skipped
from attendance_officer.tests.leave_factories import set_head_of_year

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
		with student_users_skipped(), self.assertRaises(InvalidUPNError):
			unsaved_student(upn=WRONG_CHECK_LETTER).insert()

	def test_valid_upn_is_stored_compact(self):
		student = unsaved_student(upn=" b801 2000 05001 ")
		validate(student)
		self.assertEqual(student.upn, VALID_UPN)

	def test_no_upn_is_allowed(self):
		validate(unsaved_student())

	def test_upn_of_another_pupil_is_refused(self):
		with student_users_skipped():
			unsaved_student(upn=VALID_UPN).insert()
		with self.assertRaises(DuplicateUPNError):
			validate(unsaved_student(first_name="Other", upn=VALID_UPN))


def staff_user(role: str) -> str:
	"""A desk user holding only ``role`` (get-or-create, so reruns are harmless)."""
	email = f"{frappe.scrub(role)}@attendance-officer.test"
	if not frappe.db.exists("User", email):
		from attendance_officer.tests.factories import insert_test_user

		insert_test_user({"email": email, "first_name": role, "send_welcome_email": 0})
	user = frappe.get_doc("User", email)
	user.add_roles(role)
	return email


class TestSafeguardingFieldsArePermlevelled(FrappeTestCase):
	"""SEN and CP/CIN/CLA flags are readable only by Attendance Officer, Headteacher and DSL."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		with student_users_skipped():
			cls.pupil = (
				unsaved_student(
					first_name="Flagged",
					upn=VALID_UPN,
					nc_year="9",
					child_protection_plan=1,
					child_in_need=1,
					sen_status="EHC plan",
				)
				.insert(ignore_permissions=True)
				.name
			)
		set_head_of_year("9", staff_user("Head of Year"))  # the Head of Year of this pupil's year

	def tearDown(self):
		frappe.set_user("Administrator")

	def read_as(self, role: str) -> dict:
		frappe.set_user("Administrator")
		frappe.set_user(staff_user(role))
		from frappe.client import get

		return get("Student", self.pupil)

	def test_head_of_year_reads_the_pupil_but_not_the_flags(self):
		pupil = self.read_as("Head of Year")
		self.assertEqual(pupil["upn"], VALID_UPN)
		for field in ("child_protection_plan", "child_in_need", "sen_status"):
			self.assertFalse(pupil.get(field), field)

	def test_safeguarding_lead_headteacher_and_attendance_officer_read_the_flags(self):
		for role in ("Designated Safeguarding Lead", "Headteacher", "Attendance Officer"):
			pupil = self.read_as(role)
			self.assertEqual(pupil["child_protection_plan"], 1, role)
			self.assertEqual(pupil["sen_status"], "EHC plan", role)

	def test_head_of_year_cannot_set_a_flag(self):
		frappe.set_user(staff_user("Head of Year"))
		doc = frappe.get_doc("Student", self.pupil)
		self.assertFalse(doc.has_permlevel_access_to("child_protection_plan", permission_type="write"))
		with student_users_skipped(), self.assertRaises(frappe.PermissionError):
			doc.child_protection_plan = 0
			doc.save()
