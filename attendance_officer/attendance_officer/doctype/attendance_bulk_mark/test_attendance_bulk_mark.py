# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench-only: bulk apply writes one code over a range; cancel restores exactly what was there."""

from datetime import timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.doctype.attendance_bulk_mark.attendance_bulk_mark import (
	AttendingMarksError,
	BulkCodeError,
)
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register

# Education's own test records (Academic Year 2014-2015 etc.) are not valid on this site;
# our factories make the records these tests need (style.md section 6: no _test_records).
test_ignore = ["Student", "Student Group"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)  # last week's Monday
TUESDAY = MONDAY + timedelta(days=1)


def snapshot(students):
	return sorted(
		frappe.db.sql(
			"""SELECT `student`, `date`, `session`, `attendance_code`, `minutes_late`, IFNULL(`note`, ''),
				`source`, IFNULL(`source_name`, '')
			FROM `tabAttendance Mark` WHERE `student` IN %s AND `date` BETWEEN %s AND %s""",
			(students, MONDAY, TUESDAY),
		)
	)


class TestAttendanceBulkMark(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Bulk 11T", 3)
		make_holiday_list()
		frappe.db.commit()

	def setUp(self):
		p = self.pupils
		write_marks(
			[
				{"student": p[0], "date": MONDAY, "session": "AM", "code": "N"},
				{"student": p[1], "date": MONDAY, "session": "AM", "code": "/"},
				{"student": p[0], "date": TUESDAY, "session": "PM", "code": "L", "minutes_late": 5},
				{"student": p[2], "date": TUESDAY, "session": "PM", "code": "M", "note": "Dentist"},
			],
			source="Register",
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def bulk(self, **fields):
		return frappe.get_doc(
			{
				"doctype": "Attendance Bulk Mark",
				"attendance_code": "V",
				"reason": "Year 11 geography field trip",
				"from_date": MONDAY,
				"from_session": "AM",
				"to_date": TUESDAY,
				"to_session": "PM",
				"student_group": self.group,
				**fields,
			}
		).insert()

	def test_preview_before_submit(self):
		doc = self.bulk()
		self.assertIn(
			"3 pupils, 4 sessions each: 9 marks to write, 2 attending marks to confirm, 1 left alone",
			doc.preview,
		)
		self.assertEqual(snapshot(self.pupils), snapshot(self.pupils))  # nothing written yet
		self.assertEqual(len(snapshot(self.pupils)), 4)

	def test_attending_marks_need_confirmation(self):
		doc = self.bulk()
		with self.assertRaises(AttendingMarksError):
			doc.submit()
		self.assertEqual(len(snapshot(self.pupils)), 4)

	def test_code_not_for_bulk_is_refused(self):
		with self.assertRaises(BulkCodeError):
			self.bulk(attendance_code="N")

	def test_apply_then_undo_restores_exactly(self):
		before = snapshot(self.pupils)
		doc = self.bulk(overwrite_attending=1)
		doc.submit()
		after = snapshot(self.pupils)
		codes = {(r[0], str(r[1]), r[2]): r[3] for r in after}
		self.assertEqual(len(after), 12)
		self.assertEqual(codes[(self.pupils[0], str(MONDAY), "AM")], "V")  # N replaced
		self.assertEqual(codes[(self.pupils[1], str(MONDAY), "AM")], "V")  # attending, confirmed
		self.assertEqual(codes[(self.pupils[2], str(TUESDAY), "PM")], "M")  # authorised: left alone
		trail = frappe.get_all(
			"Attendance Mark Amendment",
			filters={"parent": f"{self.pupils[0]}-{MONDAY}-AM"},
			fields=["previous_code", "new_code", "reason"],
		)
		self.assertEqual([(t.previous_code, t.new_code) for t in trail], [("N", "V")])
		self.assertIn(doc.name, trail[0].reason)
		doc.cancel()
		self.assertEqual(snapshot(self.pupils), before)

	def test_undo_leaves_a_later_amendment_alone(self):
		doc = self.bulk(overwrite_attending=1)
		doc.submit()
		write_marks(
			[
				{
					"student": self.pupils[2],
					"date": MONDAY,
					"session": "PM",
					"code": "I",
					"reason": "Went home ill",
				}
			],
			source="Register",
		)
		doc.cancel()
		codes = {(r[0], str(r[1]), r[2]): r[3] for r in snapshot(self.pupils)}
		self.assertEqual(codes[(self.pupils[2], str(MONDAY), "PM")], "I")
		self.assertEqual(codes[(self.pupils[0], str(MONDAY), "AM")], "N")
