# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: Attendance by Cohort (issue 15 item 2): cohorts summed, national comparison,
sensitive cohorts only for level-1 readers, small cohorts withheld below the officer and in export."""

from datetime import date, timedelta
from decimal import Decimal

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.attendance_by_cohort.attendance_by_cohort import (
	ON_SCREEN,
	execute,
)
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_staff_user
from attendance_officer.tests.leave_factories import set_head_of_year
from attendance_officer.tests.school_factories import school_days, seed_marks, seed_pupils

TODAY = getdate()
DAYS = school_days(TODAY - timedelta(days=TODAY.weekday() + 21), 2)  # 20 sessions
BORN = date(TODAY.year - 14, 1, 15)
BORN_SIXTH = date(TODAY.year - 18, 1, 15)
YEARS = ("9", "10")
GROUP = "AO Cohort 9C"  # the report is filtered to this group: other tests' pupils stay out


class TestAttendanceByCohort(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.officer = make_staff_user("Attendance Officer", "-cohort")
		cls.head = make_staff_user("Head of Year", "-cohort")
		frappe.db.commit()

	def setUp(self):
		# Year 9: 6 pupils, one on a CP plan at 50% (severe), one at exactly 90%; year 10: 3 pupils.
		self.big = seed_pupils(
			"AOC-A", 6, nc_year=YEARS[0], date_of_birth=BORN, gender="Female", registration_group=GROUP
		)
		self.small = seed_pupils(
			"AOC-B", 3, nc_year=YEARS[1], date_of_birth=BORN, gender="Female", registration_group=GROUP
		)
		self.sixth = seed_pupils(
			"AOC-S", 1, nc_year=YEARS[0], date_of_birth=BORN_SIXTH, gender="Female", registration_group=GROUP
		)
		frappe.db.set_value("Student", self.big[0], "child_protection_plan", 1)
		codes = {
			self.big[0]: lambda i, day, s: "O" if day in DAYS[5:] else "/",
			self.big[1]: lambda i, day, s: "O" if day == DAYS[0] else "/",
		}
		for pupil in self.big + self.small + self.sixth:
			seed_marks([pupil], DAYS, codes.get(pupil, lambda i, day, s: "/"))
		settings = frappe.get_single("Attendance Settings")
		self.saved = [(r.academic_year, r.phase, r.measure, r.value) for r in settings.national_figures]
		settings.school_phase = "Secondary"
		settings.set("national_figures", [])
		settings.append(
			"national_figures",
			{
				"academic_year": "2023/24",
				"phase": "Secondary",
				"measure": "Persistent absence %",
				"value": 30,
			},
		)
		settings.append(
			"national_figures",
			{
				"academic_year": "2024/25",
				"phase": "Secondary",
				"measure": "Persistent absence %",
				"value": 25.5,
			},
		)
		settings.append(
			"national_figures",
			{"academic_year": "2024/25", "phase": "Primary", "measure": "Persistent absence %", "value": 15},
		)
		settings.save(ignore_permissions=True)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.form_dict.pop("cmd", None)
		frappe.db.rollback()
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")

	def run_report(self, on_screen=False, **filters):
		frappe.local.form_dict["cmd"] = ON_SCREEN if on_screen else "frappe.desk.query_report.export_query"
		_columns, rows, *_ = execute(
			{"from_date": str(DAYS[0]), "to_date": str(DAYS[-1]), "registration_group": GROUP, **filters}
		)
		return {(r["dimension"], r["cohort"]): r for r in rows}

	def test_cohorts_are_summed_and_compared_with_the_school_and_the_national_figure(self):
		frappe.set_user(self.officer)
		rows = self.run_report(on_screen=True)
		year = rows[("Year group", YEARS[0])]
		self.assertEqual(year["pupils"], 6)  # the sixth former is not in the national scope
		self.assertEqual(year["attendance"], Decimal("90.0"))  # (120 - 12) / 120: 10 + 2 sessions missed
		self.assertEqual(year["pa_rate"], Decimal("33.3"))  # 2 of 6: the severe one and the 90.0% one
		self.assertEqual(year["sa_rate"], Decimal("16.7"))
		self.assertEqual(
			year["pa_vs_national"], Decimal("33.3") - Decimal("25.5")
		)  # the latest Secondary year
		national = rows[("National", "Secondary, 2024/25")]
		self.assertEqual(national["pa_rate"], 25.5)
		cp = rows[("Child protection plan", "Yes")]
		self.assertEqual(cp["pupils"], 1)  # the officer sees a cohort of one on screen
		self.assertEqual(rows[("Year group", YEARS[1])]["pupils"], 3)

	def test_small_cohorts_are_withheld_in_export_even_for_the_officer(self):
		frappe.set_user(self.officer)
		rows = self.run_report(on_screen=False)
		self.assertTrue(rows[("Year group", YEARS[1])]["suppressed"])
		self.assertNotIn("attendance", rows[("Year group", YEARS[1])])
		self.assertTrue(rows[("Child protection plan", "Yes")]["suppressed"])
		# 6 pupils would be shown, but with the total (9) it gives the 3 away: withheld too.
		self.assertTrue(rows[("Year group", YEARS[0])]["suppressed"])
		self.assertEqual(rows[("Year group", YEARS[0])]["pupils_text"], "withheld")
		self.assertEqual(rows[("Whole school", "All pupils")]["pupils"], 9)

	def test_head_of_year_sees_no_sensitive_cohort_and_small_cohorts_withheld_on_screen(self):
		set_head_of_year(YEARS[0], self.head)
		set_head_of_year(YEARS[1], self.head)
		frappe.set_user(self.head)
		rows = self.run_report(on_screen=True)
		dimensions = {d for d, _c in rows}
		for sensitive in ("SEN status", "Child looked after", "Child in need", "Child protection plan"):
			self.assertNotIn(sensitive, dimensions)
		self.assertTrue(rows[("Year group", YEARS[1])]["suppressed"])
		self.assertEqual(rows[("Whole school", "All pupils")]["pupils"], 9)  # their two years only

	def test_sixth_form_apart(self):
		frappe.set_user(self.officer)
		rows = self.run_report(on_screen=True, age_group="sixth_form", year_group=YEARS[0])
		self.assertEqual(rows[("Whole school", "All pupils")]["pupils"], 1)
