# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: the First Day Calling report's order, guardians, flags and query budget."""

from datetime import timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.first_day_calling.first_day_calling import execute
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.absence_factories import add_guardian, make_guardian
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.leave_factories import give_head_of_year

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)  # last week's Monday
TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
GROUP = "AO Calling 7K"


class TestFirstDayCalling(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register(GROUP, 4)
		make_holiday_list()
		frappe.db.sql(
			"UPDATE `tabStudent` SET `admission_date` = %s, `child_protection_plan` = 0 WHERE `name` IN %s",
			(MONDAY - timedelta(days=28), cls.pupils),
		)
		frappe.db.set_value("Student", cls.pupils[2], "child_protection_plan", 1)
		cls.aunt = make_guardian("AO Calling Aunt", mobile_number="07700900102")
		cls.gran = make_guardian(
			"AO Calling Gran", mobile_number="07700900101", alternate_number="0161 496 0000"
		)
		cls.barred = make_guardian("AO Calling Barred", mobile_number="07700900666")
		add_guardian(cls.pupils[1], cls.barred, contact_priority=0, do_not_contact=1)
		add_guardian(cls.pupils[1], cls.aunt, contact_priority=2)
		add_guardian(cls.pupils[1], cls.gran, contact_priority=1)
		frappe.db.commit()

	def setUp(self):
		give_head_of_year(make_staff_user("Head of Year", "calling"), "7", self.pupils)
		p = self.pupils
		rows = [{"student": p[0], "date": WEDNESDAY, "session": "AM", "code": "/"}]
		rows += [
			{"student": p[1], "date": MONDAY, "session": s, "code": c} for s, c in (("AM", "/"), ("PM", "\\"))
		]
		rows += [
			{"student": p[1], "date": d, "session": s, "code": "N"} for d in (TUESDAY,) for s in ("AM", "PM")
		]
		rows += [{"student": p[1], "date": WEDNESDAY, "session": "AM", "code": "N"}]
		rows += [
			{"student": p[3], "date": d, "session": s, "code": "I"}
			for d in (MONDAY, TUESDAY)
			for s in ("AM", "PM")
		]
		rows += [{"student": p[3], "date": WEDNESDAY, "session": "AM", "code": "N"}]
		write_marks(rows, source="Register")  # pupil 3 (index 2) has no mark on Wednesday
		frappe.get_doc(
			{
				"doctype": "Attendance Contact",
				"student": p[1],
				"contact_on": f"{WEDNESDAY} 09:20:00",
				"contact_type": "Call",
				"guardian": self.gran,
				"outcome": "No answer",
			}
		).insert()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def run_report(self):
		columns, data, *_ = execute({"date": WEDNESDAY, "session": "AM", "student_group": GROUP})
		return [c["fieldname"] for c in columns], data

	def test_safeguarding_first_then_longest_absence(self):
		fields, data = self.run_report()
		p = self.pupils
		self.assertEqual([r["student"] for r in data], [p[2], p[3], p[1]])
		self.assertEqual([r["days_absent"] for r in data], [1, 3, 2])
		self.assertEqual(data[0]["safeguarding"], "CP")
		self.assertEqual(data[0]["code"], "no mark")
		self.assertIn("safeguarding", fields)

	def test_guardians_in_priority_order_without_do_not_contact(self):
		_, data = self.run_report()
		row = next(r for r in data if r["student"] == self.pupils[1])
		self.assertEqual(row["guardian"], self.gran)
		self.assertEqual(row["phone"], "07700900101 / 0161 496 0000")
		self.assertEqual(row["other_contacts"], "AO Calling Aunt: 07700900102")
		self.assertNotIn("Barred", str(row))
		self.assertEqual((row["contacts_today"], row["last_outcome"]), (1, "No answer"))

	def test_head_of_year_cannot_read_the_safeguarding_flags(self):
		frappe.set_user(make_staff_user("Head of Year", "calling"))
		fields, data = self.run_report()
		self.assertNotIn("safeguarding", fields)
		self.assertFalse(any("safeguarding" in r for r in data))
		# without the flags the order cannot reveal them: longest absence first
		self.assertEqual([r["student"] for r in data], [self.pupils[3], self.pupils[1], self.pupils[2]])

	def test_queries_do_not_grow_with_the_list(self):
		self.run_report()  # warm the metadata caches
		with self.assertQueryCount(9):  # 7 for the list, 2 for the CME offers (their marks and calendar)
			_, data = self.run_report()
		self.assertEqual(len(data), 3)
