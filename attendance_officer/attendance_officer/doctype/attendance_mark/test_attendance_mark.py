# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench-only: `bench --site ao.localhost run-tests --module ...attendance_mark.test_attendance_mark`."""

from datetime import timedelta

import frappe
import pymysql
from frappe.utils import add_days, getdate

from attendance_officer.attendance_officer.doctype.attendance_mark.attendance_mark import (
	AmendmentReasonError,
	AmendmentTrailError,
	InvalidMarkError,
	LockedRegisterError,
	MarkDeletionError,
)
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_register, make_staff_user
from attendance_officer.tests.leave_factories import give_head_of_year

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

	def setUp(self):
		give_head_of_year(make_staff_user("Head of Year"), "7", self.pupils)  # their own year's pupils

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


class TestAmendmentTrailCannotBeForged(FrappeTestCase):
	"""Review finding 2: a PUT / frappe.client.save cannot rewrite the trail or who marked."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Mark 7A", 3)
		frappe.db.commit()

	def setUp(self):
		give_head_of_year(make_staff_user("Head of Year"), "7", self.pupils)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def amended_mark(self):
		mark = new_mark(self.pupils[1], code="N").insert()
		mark.attendance_code = "I"
		mark.amendment_reason = "Father phoned: flu"
		mark.save()
		return frappe.get_doc("Attendance Mark", mark.name)

	def client_save(self, data):
		from frappe.client import save

		return save(frappe.as_json(data))

	def test_emptying_the_trail_is_refused(self):
		mark = self.amended_mark()
		data = mark.as_dict(convert_dates_to_str=True)
		data["amendments"] = []
		frappe.set_user(make_staff_user("Attendance Officer"))
		with self.assertRaises(AmendmentTrailError):
			self.client_save(data)
		self.assertEqual(len(frappe.get_doc("Attendance Mark", mark.name).amendments), 1)

	def test_rewriting_a_trail_row_is_refused(self):
		mark = self.amended_mark()
		data = mark.as_dict(convert_dates_to_str=True)
		data["amendments"][0]["reason"] = "Nothing happened"
		data["amendments"][0]["previous_code"] = "/"
		with self.assertRaises(AmendmentTrailError):
			self.client_save(data)

	def test_inventing_a_trail_row_is_refused(self):
		mark = self.amended_mark()
		data = mark.as_dict(convert_dates_to_str=True)
		data["amendments"].append(
			{"previous_code": "/", "new_code": "N", "reason": "Invented", "amended_by": "Administrator"}
		)
		with self.assertRaises(AmendmentTrailError):
			self.client_save(data)
		with self.assertRaises(AmendmentTrailError):
			new_mark(
				self.pupils[2], code="N", amendments=[{"previous_code": "/", "new_code": "N", "reason": "x"}]
			).insert()

	def test_saving_the_trail_unchanged_is_allowed(self):
		mark = self.amended_mark()
		data = mark.as_dict(convert_dates_to_str=True)
		data["note"] = "Rang again at 10"
		self.client_save(data)
		trail = frappe.get_doc("Attendance Mark", mark.name).amendments
		self.assertEqual(len(trail), 2)
		self.assertEqual(trail[1].reason, 'Note changed from "" to "Rang again at 10".')

	def test_who_marked_and_the_source_come_from_the_saved_mark(self):
		write_marks(
			[{"student": self.pupils[0], "date": school_day(), "session": "AM", "code": "V"}],
			source="Bulk",
			source_doctype="Attendance Bulk Mark",
			source_name="ABM-2026-00001",
		)
		mark = frappe.get_doc("Attendance Mark", {"student": self.pupils[0], "date": school_day()})
		saved = {
			f: mark.get(f) for f in ("marked_by", "marked_at", "source", "source_doctype", "source_name")
		}
		data = mark.as_dict(convert_dates_to_str=True)
		data.update(
			marked_by="Guest",
			marked_at="2020-01-01 09:00:00",
			source="Register",
			source_doctype="Student Group",
			source_name=self.group,
			note="Museum trip",
		)
		self.client_save(data)
		mark.reload()
		self.assertEqual(mark.note, "Museum trip")
		self.assertEqual({f: mark.get(f) for f in saved}, saved, "provenance rewritten through the API")

	def test_head_of_year_cannot_change_a_bulk_mark_in_the_form(self):
		write_marks(
			[{"student": self.pupils[2], "date": school_day(), "session": "AM", "code": "V"}],
			source="Bulk",
		)
		name = frappe.db.get_value("Attendance Mark", {"student": self.pupils[2], "date": school_day()})
		frappe.set_user(make_staff_user("Head of Year"))
		mark = frappe.get_doc("Attendance Mark", name)
		mark.attendance_code = "/"
		mark.amendment_reason = "Did not go on the trip"
		with self.assertRaisesRegex(LockedRegisterError, "recorded by Bulk"):
			mark.save()
		frappe.set_user(make_staff_user("Attendance Officer"))
		mark = frappe.get_doc("Attendance Mark", name)
		mark.attendance_code = "/"
		mark.amendment_reason = "Did not go on the trip"
		mark.save()

	def test_minutes_change_in_the_form_is_kept_in_the_trail(self):
		mark = new_mark(self.pupils[0], code="L", minutes_late=5).insert()
		mark.minutes_late = 20
		mark.save()
		mark.reload()
		self.assertEqual(
			[(r.previous_code, r.new_code, r.reason) for r in mark.amendments],
			[("L", "L", "Minutes late changed from 5 to 20.")],
		)


class TestDeletingAMark(FrappeTestCase):
	"""Review finding 6: deleting a mark in the desk keeps to the lock and the mirror."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Mark 7A", 3)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_system_manager_without_an_unlock_role_cannot_delete(self):
		mark = new_mark(self.pupils[0], code="N").insert()
		frappe.set_user(make_staff_user("System Manager"))
		with self.assertRaises(MarkDeletionError):
			frappe.delete_doc("Attendance Mark", mark.name)
		self.assertTrue(frappe.db.exists("Attendance Mark", mark.name))

	def test_a_bulk_mark_is_not_deleted_from_the_desk(self):
		write_marks(
			[{"student": self.pupils[1], "date": school_day(), "session": "AM", "code": "V"}],
			source="Bulk",
			source_doctype="Attendance Bulk Mark",
			source_name="ABM-2026-00001",
		)
		name = frappe.db.get_value("Attendance Mark", {"student": self.pupils[1], "date": school_day()})
		frappe.set_user(make_staff_user("Attendance Officer"))
		with self.assertRaisesRegex(MarkDeletionError, "ABM-2026-00001"):
			frappe.delete_doc("Attendance Mark", name)

	def test_officer_deletes_a_register_mark_and_its_mirror_is_cancelled(self):
		mark = new_mark(self.pupils[2], code="/").insert()
		mirror = frappe.db.get_value("Attendance Mark", mark.name, "student_attendance")
		self.assertEqual(frappe.db.get_value("Student Attendance", mirror, "docstatus"), 1)
		frappe.set_user(make_staff_user("Attendance Officer"))
		frappe.delete_doc("Attendance Mark", mark.name)
		self.assertFalse(frappe.db.exists("Attendance Mark", mark.name))
		self.assertEqual(frappe.db.get_value("Student Attendance", mirror, "docstatus"), 2)
