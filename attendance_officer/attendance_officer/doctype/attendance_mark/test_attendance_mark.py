# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench-only: `bench --site ao.localhost run-tests --module ...attendance_mark.test_attendance_mark`."""

from datetime import timedelta

import frappe
import pymysql
from frappe.utils import add_days, getdate

from attendance_officer.attendance_officer.doctype.attendance_mark.attendance_mark import (
	AmendmentReasonError,
	InvalidMarkError,
	LockedRegisterError,
)
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_register, make_staff_user

# Education's own test records (Academic Year 2014-2015 etc.) are not valid on this site;
# our factories make the records these tests need (style.md section 6: no _test_records).
test_ignore = ["Student", "Student Group", "Student Attendance"]

TODAY = getdate()


def school_day(days_back: int = 0):
	"""A weekday ``days_back`` or more days before today."""
	day = add_days(TODAY, -days_back)
	while getdate(day).weekday() > 4:
		day = add_days(day, -1)
	return getdate(day)


def new_mark(student, day=None, session="AM", code="/", **fields):
	return frappe.get_doc(
		{
			"doctype": "Attendance Mark",
			"student": student,
			"date": day or school_day(),
			"session": session,
			"attendance_code": code,
			**fields,
		}
	)


class TestAttendanceMark(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Mark 7A", 3)
		frappe.db.commit()  # get-or-create test data, shared by every test below

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_second_mark_for_the_same_session_is_refused(self):
		new_mark(self.pupils[0]).insert()
		with self.assertRaises(frappe.DuplicateEntryError):
			new_mark(self.pupils[0], code="N").insert()

	def test_direct_duplicate_insert_hits_the_unique_index(self):
		mark = new_mark(self.pupils[0]).insert()
		with self.assertRaises(pymysql.err.IntegrityError) as caught:
			frappe.db.sql(
				"""INSERT INTO `tabAttendance Mark` (`name`, `student`, `date`, `session`, `attendance_code`)
				VALUES ('another-name', %s, %s, %s, 'N')""",
				(mark.student, mark.date, mark.session),
			)
		self.assertIn("unique_student_session", str(caught.exception))

	def test_am_and_pm_are_separate_marks(self):
		new_mark(self.pupils[1], session="AM", code="/").insert()
		new_mark(self.pupils[1], session="PM", code="\\").insert()
		self.assertEqual(
			frappe.db.count("Attendance Mark", {"student": self.pupils[1], "date": school_day()}), 2
		)

	def test_withdrawn_code_is_refused(self):
		with self.assertRaisesRegex(InvalidMarkError, "withdrawn"):
			mark = new_mark(self.pupils[0], code="N")
			mark.attendance_code = "H"
			mark.run_method("validate")

	def test_note_required_by_the_code(self):
		with self.assertRaisesRegex(InvalidMarkError, "needs a note"):
			new_mark(self.pupils[0], code="B").insert()
		new_mark(self.pupils[0], code="B", note="Regional chess final").insert()

	def test_minutes_only_with_a_late_code(self):
		with self.assertRaisesRegex(InvalidMarkError, "late code"):
			new_mark(self.pupils[0], code="/", minutes_late=5).insert()
		new_mark(self.pupils[0], code="L", minutes_late=5).insert()

	def test_afternoon_present_mark_in_the_morning_is_refused(self):
		with self.assertRaisesRegex(InvalidMarkError, "use /"):
			new_mark(self.pupils[0], session="AM", code="\\").insert()

	def test_code_change_needs_a_reason(self):
		mark = new_mark(self.pupils[2], code="N").insert()
		mark.attendance_code = "I"
		with self.assertRaises(AmendmentReasonError):
			mark.save()

	def test_code_change_keeps_the_amendment_trail(self):
		mark = new_mark(self.pupils[2], code="N").insert()
		mark.attendance_code = "I"
		mark.amendment_reason = "Father phoned: flu"
		mark.save()
		mark.reload()
		self.assertEqual(len(mark.amendments), 1)
		row = mark.amendments[0]
		self.assertEqual((row.previous_code, row.new_code, row.reason), ("N", "I", "Father phoned: flu"))
		self.assertEqual(row.amended_by, "Administrator")
		self.assertTrue(row.amended_at)
		self.assertFalse(mark.amendment_reason)
		mark.attendance_code = "M"
		mark.amendment_reason = "Appointment letter seen"
		mark.save()
		mark.reload()
		self.assertEqual([(r.previous_code, r.new_code) for r in mark.amendments], [("N", "I"), ("I", "M")])

	def test_locked_register_refused_for_head_of_year(self):
		frappe.db.set_single_value("Attendance Settings", "amendment_lock_days", 7)
		old = school_day(10)
		mark = new_mark(self.pupils[0], day=old, code="N").insert()
		frappe.set_user(make_staff_user("Head of Year"))
		mark = frappe.get_doc("Attendance Mark", mark.name)
		mark.attendance_code = "I"
		mark.amendment_reason = "Late note from home"
		with self.assertRaises(LockedRegisterError):
			mark.save()

	def test_locked_register_open_to_attendance_officer(self):
		frappe.db.set_single_value("Attendance Settings", "amendment_lock_days", 7)
		old = school_day(10)
		mark = new_mark(self.pupils[0], day=old, code="N").insert()
		frappe.set_user(make_staff_user("Attendance Officer"))
		mark = frappe.get_doc("Attendance Mark", mark.name)
		mark.attendance_code = "I"
		mark.amendment_reason = "Late note from home"
		mark.save()
		self.assertEqual(frappe.db.get_value("Attendance Mark", mark.name, "attendance_code"), "I")

	def test_recent_register_open_to_head_of_year(self):
		frappe.db.set_single_value("Attendance Settings", "amendment_lock_days", 7)
		mark = new_mark(self.pupils[0], day=school_day(0), code="N").insert()
		frappe.set_user(make_staff_user("Head of Year"))
		mark = frappe.get_doc("Attendance Mark", mark.name)
		mark.attendance_code = "I"
		mark.amendment_reason = "Mother rang"
		mark.save()

	def test_student_name_is_fetched(self):
		mark = new_mark(self.pupils[0]).insert()
		self.assertEqual(mark.student_name, frappe.db.get_value("Student", self.pupils[0], "student_name"))
		self.assertEqual(mark.registration_group, self.group)

	def test_school_day_helper(self):
		self.assertLess(school_day(3).weekday(), 5)
		self.assertLessEqual(school_day(3), TODAY - timedelta(days=3))
