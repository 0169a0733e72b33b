"""Bench: Friday's N summary reaches the group's tutor and the head of year, once a week."""

from datetime import timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.absence.weekly import send_weekly_n_summary, weekly_n_summaries
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import (
	make_holiday_list,
	make_instructor,
	make_register,
	make_staff_user,
)

test_ignore = ["Student", "Student Group", "Instructor", "Employee"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
WEDNESDAY, FRIDAY = MONDAY + timedelta(days=2), MONDAY + timedelta(days=4)


class TestWeeklyNSummary(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.instructor, cls.tutor = make_instructor("weekly")
		cls.group, cls.pupils = make_register("AO Weekly 9W", 2, instructors=[cls.instructor])
		make_holiday_list()
		frappe.db.sql("UPDATE `tabStudent` SET `nc_year` = '9' WHERE `name` IN %s", (cls.pupils,))
		cls.head = make_staff_user("Head of Year", "weekly")
		frappe.db.commit()

	def setUp(self):
		p = self.pupils
		write_marks(
			[
				{"student": p[0], "date": MONDAY, "session": "AM", "code": "N"},
				{"student": p[0], "date": MONDAY, "session": "PM", "code": "\\"},
				{"student": p[0], "date": WEDNESDAY, "session": "PM", "code": "N"},
				{"student": p[1], "date": MONDAY, "session": "AM", "code": "/"},
			],
			source="Register",
		)
		frappe.get_doc(
			{
				"doctype": "Attendance Head of Year",
				"parent": "Attendance Settings",
				"parenttype": "Attendance Settings",
				"parentfield": "heads_of_year",
				"year_group": "9",
				"user": self.head,
			}
		).db_insert()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_tutor_and_head_of_year_get_their_pupils_with_the_pattern(self):
		summaries = weekly_n_summaries(FRIDAY)
		for user in (self.tutor, self.head):
			rows = [r for r in summaries[user] if r["group"] == self.group]
			self.assertEqual([r["student"] for r in rows], [self.pupils[0]])
			self.assertEqual(rows[0]["sessions"], ["Mon AM", "Wed PM"])
			self.assertIn("Highest on Wednesday (100.0%)", rows[0]["pattern"])

	def test_sent_once_a_week(self):
		first = send_weekly_n_summary(FRIDAY)
		self.assertIn(self.tutor, first)
		self.assertIn(self.head, first)
		self.assertEqual(send_weekly_n_summary(FRIDAY), [])
		log = frappe.get_all(
			"Notification Log", filters={"for_user": self.tutor}, fields=["subject", "email_content"]
		)
		self.assertEqual(len(log), 1)
		self.assertIn(str(MONDAY), log[0].subject)
		self.assertIn("Mon AM, Wed PM", log[0].email_content)
