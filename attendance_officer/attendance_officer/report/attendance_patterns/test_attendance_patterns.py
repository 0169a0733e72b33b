# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: Attendance Patterns (issue 15 item 3): weekday and session, the "absent every Friday"
list, days next to breaks, punctuality; scope; query count."""

from datetime import date, timedelta
from decimal import Decimal

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.attendance_patterns.attendance_patterns import execute
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_staff_user
from attendance_officer.tests.leave_factories import set_head_of_year
from attendance_officer.tests.school_factories import counted_queries, school_days, seed_marks, seed_pupils

TODAY = getdate()
FIRST = TODAY - timedelta(days=TODAY.weekday() + 21)
DAYS = school_days(FIRST, 2)  # 10 school days, Monday to Friday twice
GROUP = "AO Patterns 9P"
BORN = date(TODAY.year - 14, 1, 15)


class TestAttendancePatterns(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.officer = make_staff_user("Attendance Officer", "-patterns")
		cls.head = make_staff_user("Head of Year", "-patterns")
		frappe.db.commit()

	def setUp(self):
		# friday: absent (O) every Friday; late: L on Mondays (12 minutes), U on Tuesday AMs; steady: all present.
		self.friday, self.late, self.steady = seed_pupils(
			"AOP-Y9", 3, nc_year="9", date_of_birth=BORN, registration_group=GROUP
		)

		def code(i, day, session):
			if i == 0 and day.weekday() == 4:
				return "O"
			if i == 1 and day.weekday() == 0 and session == "AM":
				return "L"
			if i == 1 and day.weekday() == 1 and session == "AM":
				return "U"
			return "/"

		seed_marks([self.friday, self.late, self.steady], DAYS, code, GROUP)
		frappe.db.sql(
			"""UPDATE `tabAttendance Mark` SET `minutes_late` = IF(`attendance_code` = 'L', 12, 40)
			WHERE `student` = %s AND `attendance_code` IN ('L', 'U')""",
			self.late,
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def run_view(self, view, **filters):
		base = {
			"view": view,
			"from_date": str(DAYS[0]),
			"to_date": str(DAYS[-1]),
			"registration_group": GROUP,
		}
		columns, data, message, chart = execute({**base, **filters})
		return columns, data, message, chart

	def test_weekday_and_session_shows_the_friday_absence(self):
		frappe.set_user(self.officer)
		_columns, data, _message, chart = self.run_view("Weekday and Session")
		by_day = {row.get("weekday"): row for row in data if row.get("weekday") is not None}
		# Friday: 3 pupils x 2 Fridays x 2 sessions = 12 possible, 4 of them absent (O), plus no U.
		self.assertEqual(
			(by_day[4]["possible"], by_day[4]["absent"], by_day[4]["absence"]), (12, 4, Decimal("33.3"))
		)
		# Tuesday: the late pupil's two U sessions are unauthorised absence (AM only).
		self.assertEqual(by_day[1]["am_absence"], Decimal("33.3"))
		self.assertEqual(by_day[1]["pm_absence"], Decimal("0.0"))
		self.assertEqual(by_day[2]["absence"], Decimal("0.0"))
		total = data[-1]
		self.assertEqual((total["possible"], total["absent"]), (60, 6))
		self.assertEqual(len(chart["data"]["labels"]), 5)

	def test_pupils_by_weekday_puts_the_every_friday_pupil_first(self):
		frappe.set_user(self.officer)
		_columns, data, _message, chart = self.run_view("Pupils by Weekday")
		self.assertEqual(data[0]["student"], self.friday)
		self.assertEqual((data[0]["most_missed_key"], data[0]["most_missed_absence"]), (4, Decimal("100.0")))
		self.assertEqual(data[0]["day_0"], Decimal("0.0"))
		self.assertNotIn(self.steady, [r["student"] for r in data])  # never absent: not listed
		self.assertEqual(chart["data"]["datasets"][0]["values"][4], 1)

	def test_days_next_to_weekends_against_other_days(self):
		frappe.set_user(self.officer)
		_columns, data, _message, _chart = self.run_view("Next to Holidays and Weekends")
		kinds = {row["kind"]: row for row in data}
		# Mondays and Fridays (4 days) are next to a weekend: 24 possible, the 4 Friday O + 0.
		self.assertEqual(kinds["weekend"]["days"] + kinds["holiday"]["days"], 4)
		self.assertEqual(kinds["weekend"]["absent"] + kinds["holiday"]["absent"], 4)
		self.assertEqual(kinds["other"]["days"], 6)
		self.assertEqual(kinds["other"]["absent"], 2)  # the two Tuesday U

	def test_punctuality_counts_l_u_and_minutes(self):
		frappe.set_user(self.officer)
		_columns, data, _message, chart = self.run_view("Punctuality")
		late = next(r for r in data if r.get("student") == self.late)
		self.assertEqual((late["late_l"], late["late_u"], late["minutes"]), (2, 2, 104))
		self.assertEqual(late["average_minutes"], Decimal("26.0"))
		self.assertEqual(chart["data"]["datasets"][0]["values"][0], 2)  # L on Mondays
		self.assertEqual(chart["data"]["datasets"][1]["values"][1], 2)  # U on Tuesdays

	def test_a_head_of_year_sees_only_their_years(self):
		set_head_of_year("8", self.head)
		frappe.set_user(self.head)
		_columns, data, _message, _chart = self.run_view("Pupils by Weekday")
		self.assertEqual(data, [])
		_columns, data, _message, _chart = self.run_view("Weekday and Session")
		self.assertEqual(data[-1]["possible"], 0)

	def test_an_unknown_view_is_refused(self):
		frappe.set_user(self.officer)
		with self.assertRaises(frappe.ValidationError):
			self.run_view("Every Day")

	def test_query_count_does_not_grow_with_the_number_of_pupils(self):
		frappe.set_user(self.officer)
		counts = []
		for size in (2, 20):
			group = f"{GROUP}-{size}"
			pupils = seed_pupils(
				f"AOP-N{size}", size, nc_year="9", date_of_birth=BORN, registration_group=group
			)
			seed_marks(pupils, DAYS, lambda i, day, session: "O" if i % 3 == 0 else "L", group)
			for view in (
				"Weekday and Session",
				"Pupils by Weekday",
				"Next to Holidays and Weekends",
				"Punctuality",
			):
				with counted_queries() as queries:
					self.run_view(view, registration_group=group)
				counts.append((view, size, len(queries)))
		by_view = {}
		for view, _size, n in counts:
			by_view.setdefault(view, set()).add(n)
		for view, ns in by_view.items():
			self.assertEqual(len(ns), 1, f"{view}: {counts}")
