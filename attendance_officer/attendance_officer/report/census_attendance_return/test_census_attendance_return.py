# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: Census Attendance Return (issue 15 item 4): figures per census part, problems first,
the export refused until resolved or flagged with a reason, and each export logged."""

from datetime import date

import frappe
from dateutil.easter import easter
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.census_attendance_return.census_attendance_return import (
	execute,
)
from attendance_officer.reporting.returns import (
	CENSUS,
	census_check,
	check_export,
	export_query,
	guarded_as,
	log_export,
	refuse_unless_reason,
)
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_staff_user
from attendance_officer.tests.school_factories import seed_marks, seed_pupils, weekdays_up_to

TODAY = getdate()
GROUP = "AO Census 10C"


def census_now(day: date) -> tuple[str, int]:
	"""The census whose period holds ``day``."""
	if day.month >= 8:
		return "spring", day.year + 1
	if day <= easter(day.year):
		return "summer", day.year
	return "autumn", day.year


class TestCensusAttendanceReturn(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.officer = make_staff_user("Attendance Officer", "-census")
		cls.head = make_staff_user("Head of Year", "-census")
		frappe.db.commit()

	def setUp(self):
		self.census, self.year = census_now(TODAY)
		self.days = weekdays_up_to(TODAY, 10)
		# The census part may start inside the last ten school days (e.g. 1 August, Easter Monday).
		from attendance_officer.attendance_officer.report.census_attendance_return.census_attendance_return import (
			parts_of,
		)

		start = parts_of(frappe._dict(census=self.census, year=self.year))[-1].start
		self.days = [d for d in self.days if d >= start] or [TODAY]
		self.clean, self.with_n, self.with_gap, self.with_h = seed_pupils(
			"AOC-Y10", 4, nc_year="10", registration_group=GROUP, admission_date=self.days[0]
		)

		def code(i, day, session):
			first = (day, session) == (self.days[0], "AM")
			return {0: "I", 1: "N", 3: "H"}.get(i, "/") if first else "/"

		seed_marks(
			[self.clean, self.with_n, self.with_h], self.days, lambda i, d, s: code([0, 1, 3][i], d, s), GROUP
		)
		# The fourth pupil misses one session: no mark at all on the first PM.
		seed_marks([self.with_gap], self.days, lambda _i, d, s: "/", GROUP)
		frappe.db.delete("Attendance Mark", {"student": self.with_gap, "date": self.days[0], "session": "PM"})

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def filters(self, **extra):
		return {"census": self.census, "year": self.year, "registration_group": GROUP, **extra}

	def test_problems_come_first_and_each_says_what_to_do(self):
		frappe.set_user(self.officer)
		columns, data, message, _chart, summary = execute(self.filters())
		students = [r["student"] for r in data]
		self.assertEqual(set(students[:3]), {self.with_n, self.with_gap, self.with_h})
		self.assertEqual(students[3], self.clean)
		problems = {r["student"]: r["problems"] for r in data}
		self.assertIn("coded N", problems[self.with_n])
		self.assertIn("1 session(s) with no mark", problems[self.with_gap])
		self.assertIn("withdrawn on 19 August 2024", problems[self.with_h])
		self.assertEqual(problems[self.clean], "")
		clean = next(r for r in data if r["student"] == self.clean)
		self.assertEqual((clean["possible"], clean["I"]), (2 * len(self.days), 1))
		self.assertNotIn("/", {c["fieldname"] for c in columns})  # absence codes only
		self.assertIn("need resolving first", message)
		self.assertEqual(summary[1]["value"], 3)

	def test_a_subsidiary_dual_or_guest_pupil_is_left_to_their_main_schools_return(self):
		frappe.set_user(self.officer)
		frappe.db.set_value("Student", self.with_n, "enrolment_status", "Subsidiary dual")
		frappe.db.set_value("Student", self.with_h, "enrolment_status", "Guest")
		frappe.db.set_value("Student", self.clean, "enrolment_status", "Main dual")
		_columns, data, message, _chart, _summary = execute(self.filters())
		self.assertEqual({r["student"] for r in data}, {self.clean, self.with_gap})
		self.assertIn("their main school returns them", message)

	def test_export_is_refused_until_resolved_or_flagged_with_a_reason(self):
		frappe.set_user(self.officer)
		with self.assertRaises(frappe.ValidationError) as refused:
			check_export(CENSUS, self.filters())
		self.assertIn("Export Flagged Because", str(refused.exception))
		for thin in ("   ", " x "):
			with self.assertRaises(frappe.ValidationError):
				check_export(CENSUS, self.filters(flag_reason=thin))
		self.assertFalse(
			frappe.db.exists("Attendance Report Log", {"report": CENSUS, "done_by": self.officer})
		)
		self.export(self.filters(flag_reason="LA deadline today; N codes chased"), "Excel")
		log = frappe.get_last_doc("Attendance Report Log", filters={"report": CENSUS})
		self.assertEqual((log.kind, log.pupils, log.flagged, log.done_by), ("Export", 4, 3, self.officer))
		self.assertEqual(log.reason, "LA deadline today; N codes chased")
		self.assertIn("Registration group: AO Census 10C", log.description)

	def export(self, filters, file_format="CSV"):
		"""What the export override does around Frappe's export: the check, then the log."""
		pupils, flagged, what, start, end = census_check(filters)
		refuse_unless_reason(flagged, filters)
		log_export(CENSUS, filters, pupils, flagged, what, start, end, file_format)

	def test_frappes_export_is_refused_through_the_override_and_a_saved_copy_is_guarded_too(self):
		frappe.set_user(self.officer)
		frappe.local.form_dict = frappe._dict(
			report_name=CENSUS,
			file_format_type="CSV",
			filters=frappe.as_json(self.filters()),
			visible_idx="[]",
		)
		with self.assertRaises(frappe.ValidationError):
			export_query()
		self.assertFalse(frappe.local.response.get("filecontent"))
		frappe.set_user("Administrator")
		copy = frappe.get_doc(
			{
				"doctype": "Report",
				"report_name": "AO Census Copy",
				"ref_doctype": "Attendance Mark",
				"report_type": "Custom Report",
				"reference_report": CENSUS,
				"is_standard": "No",
				"module": "Attendance Officer",
			}
		).insert(ignore_permissions=True)
		self.assertEqual(guarded_as(copy.name), CENSUS)
		self.assertIsNone(guarded_as("Attendance Thresholds"))

	def test_a_clean_return_exports_and_is_logged_without_a_reason(self):
		frappe.set_user(self.officer)
		self.assertEqual(check_export(CENSUS, self.filters(student=self.clean)), {"pupils": 1, "flagged": 0})
		self.export(self.filters(student=self.clean))
		log = frappe.get_last_doc("Attendance Report Log", filters={"report": CENSUS})
		self.assertEqual((log.flagged, log.reason), (0, None))

	def test_a_head_of_year_cannot_export_the_return(self):
		frappe.set_user(self.head)
		with self.assertRaises(frappe.PermissionError):
			check_export(CENSUS, self.filters())

	def test_a_spring_bank_holiday_for_another_census_is_refused(self):
		frappe.set_user(self.officer)
		with self.assertRaises(frappe.ValidationError):
			execute({"census": "spring", "year": 2027, "spring_bank_holiday": "2026-05-25"})

	def test_a_closure_day_is_no_school_day_and_its_hash_marks_hide_no_missing_session(self):
		if len(self.days) < 3:
			self.skipTest("the census part began too recently for a closure day inside it")
		closed = self.days[1]
		pupils = [self.clean, self.with_n, self.with_gap, self.with_h]
		frappe.db.sql(
			"UPDATE `tabAttendance Mark` SET `attendance_code` = '#' WHERE `date` = %s AND `student` IN %s",
			(closed, pupils),
		)
		if frappe.db.exists("Attendance Mark", {"date": closed, "attendance_code": ("not in", ["#", "Z"])}):
			self.skipTest("other marks on the site make that day a school day")
		frappe.set_user(self.officer)
		_columns, data, *_ = execute(self.filters())
		problems = {r["student"]: r["problems"] for r in data}
		self.assertIn("1 session(s) with no mark", problems[self.with_gap])  # not cancelled by two #
		self.assertEqual(problems[self.clean], "")
		clean = next(r for r in data if r["student"] == self.clean)
		self.assertEqual(clean["possible"], 2 * (len(self.days) - 1))
