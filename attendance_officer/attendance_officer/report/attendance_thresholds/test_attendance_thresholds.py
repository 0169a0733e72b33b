# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: Attendance Thresholds (issue 15 items 1, 7, 8): each pupil's band on the exact
fraction, totals split by compulsory school age, change, projection, scope, query count."""

from datetime import date, timedelta
from decimal import Decimal

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.attendance_thresholds.attendance_thresholds import (
	execute,
	sessions_left,
)
from attendance_officer.registers.explain import pupil_outlook, pupil_sessions
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_staff_user
from attendance_officer.tests.leave_factories import set_head_of_year
from attendance_officer.tests.school_factories import counted_queries, school_days, seed_marks, seed_pupils

TODAY = getdate()
FIRST = TODAY - timedelta(days=TODAY.weekday() + 21)  # the Monday three weeks ago
DAYS = school_days(FIRST, 2)  # 10 school days, 20 sessions
GROUP = "AO Thresholds 9T"
BORN_Y9 = date(TODAY.year - 14, 1, 15)  # in the national figures
BORN_Y13 = date(TODAY.year - 18, 1, 15)  # sixth form


class TestAttendanceThresholds(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.officer = make_staff_user("Attendance Officer", "-thresholds")
		cls.head = make_staff_user("Head of Year", "-thresholds")
		frappe.db.commit()

	def setUp(self):
		# exactly 90.0% (2 O in week one), severe (10 O), a sixth former at 100%, a Y8 at 95%
		self.pa, self.severe = seed_pupils(
			"AOT-Y9", 2, nc_year="9", date_of_birth=BORN_Y9, registration_group=GROUP
		)
		(self.sixth,) = seed_pupils(
			"AOT-Y13", 1, nc_year="13", date_of_birth=BORN_Y13, registration_group=GROUP
		)
		(self.y8,) = seed_pupils("AOT-Y8", 1, nc_year="8", date_of_birth=BORN_Y9, registration_group=GROUP)
		first_week, second_week = DAYS[:5], DAYS[5:]

		def code(pupil, day, session):
			if pupil == self.pa:
				return "O" if day == first_week[0] else "/"
			if pupil == self.severe:
				return "O" if day in second_week else "/"
			if pupil == self.y8:
				return "I" if (day, session) == (second_week[4], "PM") else "/"
			return "/"

		for pupil in (self.pa, self.severe, self.sixth, self.y8):
			seed_marks([pupil], DAYS, lambda _i, day, session, pupil=pupil: code(pupil, day, session), GROUP)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def run_report(self, **filters):
		base = {
			"from_date": str(DAYS[0]),
			"to_date": str(DAYS[-1]),
			"compare_to": str(DAYS[4]),
			"registration_group": GROUP,
		}
		_columns, data, _message, chart, summary = execute({**base, **filters})
		pupils = {row["student"]: row for row in data if row.get("student")}
		totals = [row for row in data if row.get("is_total")]
		return pupils, totals, chart, summary

	def test_bands_on_the_exact_fraction_and_totals_split_by_age(self):
		frappe.set_user(self.officer)
		pupils, totals, chart, summary = self.run_report()
		self.assertEqual(set(pupils), {self.pa, self.severe, self.sixth, self.y8})
		self.assertEqual(pupils[self.pa]["attendance"], Decimal("90.0"))
		self.assertEqual(pupils[self.pa]["band_key"], "persistent")  # exactly 90.0% is PA
		self.assertEqual(pupils[self.severe]["band_key"], "severe")
		self.assertEqual(pupils[self.y8]["attendance"], Decimal("95.0"))
		self.assertEqual(pupils[self.y8]["band_key"], "expected")  # 95.0% is not below 95
		self.assertEqual((pupils[self.pa]["possible"], pupils[self.pa]["unauthorised"]), (20, 2))
		self.assertEqual(pupils[self.y8]["authorised"], 1)
		# worst first
		self.assertEqual([r["student"] for r in pupils.values()][:2], [self.severe, self.pa])
		national, sixth = totals
		self.assertIn("compulsory school age", national["student_name"])
		self.assertIn("3 pupils; PA 66.7% (2); SA 33.3% (1)", national["band"])
		self.assertIn("sixth form", sixth["student_name"])
		self.assertIn("1 pupils; PA 0.0% (0)", sixth["band"])
		by_label = {card["label"]: card["value"] for card in summary}
		self.assertEqual(
			(by_label["PA Rate (Age 5-15)"], by_label["PA Pupils (Age 5-15)"]), (Decimal("66.7"), 2)
		)
		self.assertEqual(
			(by_label["SA Rate (Age 5-15)"], by_label["SA Pupils (Age 5-15)"]), (Decimal("33.3"), 1)
		)
		self.assertEqual(by_label["PA Rate (Sixth Form)"], Decimal("0.0"))
		self.assertEqual(by_label["Attendance %"], Decimal("83.8"))  # 67 of 80 sessions
		self.assertEqual(chart["data"]["datasets"][0]["values"], [1, 1, 0, 0, 2])

	def test_change_since_the_comparison_date_and_the_projection(self):
		frappe.set_user(self.officer)
		pupils, *_ = self.run_report()
		pa, severe = pupils[self.pa], pupils[self.severe]
		self.assertEqual(pa["change"], Decimal("10.0"))  # 80.0% after week one, 90.0% now
		self.assertEqual(severe["change"], Decimal("-50.0"))  # 100% -> 50%
		self.assertEqual(pa["to_leave_pa"], 1)  # one more attended session: 2 of 21 < 10%
		self.assertEqual(severe["to_leave_pa"], 81)  # 10 of 101 sessions < 10%
		left = sessions_left(DAYS[-1])
		self.assertGreater(left, 0)
		expected = Decimal((18 + left) * 1000 // (20 + left)) / 10  # (18 + left) / (20 + left), 1 dp
		self.assertAlmostEqual(float(pa["best_possible"]), float(expected), delta=0.1)
		self.assertEqual(severe["pa_reachable"], "Yes" if left >= 81 else "Not this year")

	def test_band_filter_lists_only_that_band(self):
		frappe.set_user(self.officer)
		pupils, totals, *_ = self.run_report(band="persistent")
		self.assertEqual(set(pupils), {self.pa})
		self.assertTrue(totals)  # the totals still cover the whole group
		with self.assertRaises(frappe.ValidationError):
			self.run_report(band="dreadful")

	def test_head_of_year_sees_only_their_years_and_no_sensitive_cohort(self):
		set_head_of_year("9", self.head)
		frappe.set_user(self.head)
		pupils, *_ = self.run_report()
		self.assertEqual(set(pupils), {self.pa, self.severe})
		with self.assertRaises(frappe.PermissionError):
			self.run_report(cohort="Child protection plan")
		self.run_report(cohort="FSM")  # not sensitive: allowed

	def test_the_pupils_dashboard_shows_this_years_band_and_projection(self):
		set_head_of_year("9", self.head)
		frappe.set_user(self.head)
		outlook = pupil_outlook(self.pa)
		self.assertEqual((outlook["attendance"], outlook["band_key"]), (Decimal("90.0"), "persistent"))
		self.assertEqual(outlook["to_leave_persistent"], 1)
		self.assertTrue(outlook["can_leave_persistent"] or outlook["remaining"] == 0)
		self.assertGreaterEqual(outlook["best_possible"], outlook["attendance"])
		with self.assertRaises(frappe.DoesNotExistError):
			pupil_outlook(self.y8)  # year 8: not theirs

	def test_drill_down_lists_the_sessions_counted_and_refuses_outside_scope(self):
		set_head_of_year("9", self.head)
		frappe.set_user(self.head)
		shown = pupil_sessions(self.pa, str(DAYS[0]), str(DAYS[-1]), "band")
		self.assertEqual(len(shown["marks"]), 20)
		self.assertEqual(shown["figures"]["possible"], 20)
		self.assertEqual(shown["figures"]["attendance"], Decimal("90.0"))
		self.assertIn("10% or more", shown["rule"]["text"])
		self.assertEqual(shown["rule"]["function"], "engine.statistics.band")
		with self.assertRaises(frappe.DoesNotExistError):
			pupil_sessions(self.y8, str(DAYS[0]), str(DAYS[-1]))  # year 8: not theirs

	def test_query_count_does_not_grow_with_the_number_of_pupils(self):
		frappe.set_user(self.officer)

		def count(prefix, size):
			group = f"AO Thresholds {prefix}"
			pupils = seed_pupils(prefix, size, nc_year="10", date_of_birth=BORN_Y9, registration_group=group)
			seed_marks(pupils, DAYS, lambda i, day, _s: "O" if (i + day.day) % 7 == 0 else "/", group)
			execute({"registration_group": group, "from_date": str(DAYS[0]), "to_date": str(DAYS[-1])})
			with counted_queries() as queries:
				_columns, data, *_ = execute(
					{"registration_group": group, "from_date": str(DAYS[0]), "to_date": str(DAYS[-1])}
				)
			self.assertEqual(len([r for r in data if r.get("student")]), size)
			return len(queries)

		self.assertEqual(count("AOT-Q20", 20), count("AOT-Q200", 200))

	def test_the_whole_school_read_counts_each_pupil_from_admission(self):
		# No filter and an officer: the whole-school read (marks alone, then the sessions before
		# a mid-period admission taken off), which must agree with the filtered read.
		(late,) = seed_pupils(
			"AOT-ADM", 1, nc_year="9", date_of_birth=BORN_Y9, admission_date=DAYS[5], registration_group=GROUP
		)
		seed_marks([late], DAYS, lambda _i, day, _s: "O" if day < DAYS[5] else "/", GROUP)
		frappe.set_user(self.officer)
		base = {"from_date": str(DAYS[0]), "to_date": str(DAYS[-1]), "compare_to": str(DAYS[7])}
		_columns, data, *_ = execute(base)
		whole = next(r for r in data if r.get("student") == late)
		_columns, data, *_ = execute({**base, "registration_group": GROUP})
		grouped = next(r for r in data if r.get("student") == late)
		self.assertEqual(
			(whole["possible"], whole["attendance"]), (10, Decimal("100.0"))
		)  # 5 days from admission
		self.assertEqual(
			{k: whole[k] for k in ("possible", "attending", "unauthorised", "change")},
			{k: grouped[k] for k in ("possible", "attending", "unauthorised", "change")},
		)
		pa = next(r for r in execute(base)[1] if r.get("student") == self.pa)
		self.assertEqual(pa["attendance"], Decimal("90.0"))

	def test_the_whole_school_read_takes_the_same_queries_for_20_or_200_more_pupils(self):
		frappe.set_user(self.officer)
		base = {"from_date": str(DAYS[0]), "to_date": str(DAYS[-1])}

		def count(prefix, size):
			pupils = seed_pupils(prefix, size, nc_year="10", date_of_birth=BORN_Y9, admission_date=DAYS[1])
			seed_marks(pupils, DAYS, lambda i, day, _s: "O" if (i + day.day) % 7 == 0 else "/", GROUP)
			execute(base)
			with counted_queries() as queries:
				execute(base)
			return len(queries)

		self.assertEqual(count("AOT-W20", 20), count("AOT-W200", 200))
