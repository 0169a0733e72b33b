# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: the LA returns of the roll (issue 16 item 4): the new-pupil return (due 5 days after
admission, overdue first, the intake left out unless the LA wants it) and the deletion return
(each Roll Deletion with the particulars regulation 13 asks), scoped and logged on export."""

from datetime import timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.deletion_return.deletion_return import (
	execute as deletion_return,
)
from attendance_officer.attendance_officer.report.new_pupil_return.new_pupil_return import (
	execute as new_pupil_return,
)
from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.reporting.returns import GUARDED, check_export
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.leave_factories import set_head_of_year
from attendance_officer.tests.school_factories import seed_pupils

test_ignore = ["Student", "Student Group", "Guardian", "Leave of Absence Request"]

TODAY = getdate()
YEAR_START = academic_year_start(TODAY)


class TestLAReturns(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.officer = make_staff_user("Attendance Officer", "-returns")
		cls.head = make_staff_user("Head of Year", "-returns")
		cls.group, cls.pupils = make_register("AO Returns 10R", 2)
		frappe.db.commit()

	def setUp(self):
		self.first_day = school_calendar(YEAR_START, YEAR_START.replace(month=9, day=30)).days[0]
		(self.late,) = seed_pupils("AOR-Y8", 1, nc_year="8", admission_date=TODAY - timedelta(days=10))
		(self.new,) = seed_pupils("AOR-Y9", 1, nc_year="9", admission_date=TODAY)
		(self.intake,) = seed_pupils("AOR-Y7", 1, nc_year="7", admission_date=self.first_day)
		frappe.set_user(self.officer)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")

	def new_pupils(self):
		_columns, rows, _note = new_pupil_return({"from_date": str(YEAR_START), "to_date": str(TODAY)})
		return [r for r in rows if r["student"] in (self.late, self.new, self.intake)]

	def test_the_new_pupil_return_is_due_five_days_after_admission_overdue_first(self):
		rows = self.new_pupils()
		self.assertEqual([r["student"] for r in rows], [self.late, self.new])  # the intake left out
		self.assertEqual(rows[0]["due"], TODAY - timedelta(days=5))
		self.assertEqual(rows[0]["overdue"], 1)
		self.assertEqual((rows[1]["due"], rows[1]["overdue"]), (TODAY + timedelta(days=5), 0))

	def test_a_pupil_enrolled_by_education_with_only_a_joining_date_is_in_the_return(self):
		(joined,) = seed_pupils("AOR-J9", 1, nc_year="9", joining_date=TODAY - timedelta(days=2))
		_columns, rows, _note = new_pupil_return({"from_date": str(YEAR_START), "to_date": str(TODAY)})
		(row,) = [r for r in rows if r["student"] == joined]
		self.assertEqual(row["due"], TODAY + timedelta(days=3))

	def test_the_intake_goes_in_when_the_la_asks_for_it(self):
		frappe.db.set_single_value("Attendance Settings", "la_wants_youngest_year", 1)
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")
		self.assertIn(self.intake, [r["student"] for r in self.new_pupils()])

	def test_a_head_of_year_sees_only_their_years_new_pupils(self):
		set_head_of_year("9", self.head)
		frappe.set_user(self.head)
		self.assertEqual([r["student"] for r in self.new_pupils()], [self.new])

	def test_the_deletion_return_lists_each_deletion_with_its_particulars(self):
		pupil = self.pupils[0]
		frappe.db.set_value(
			"Student", pupil, {"address_line_1": "1 Mill Lane", "city": "Northfield", "date_of_leaving": None}
		)
		deletion = frappe.get_doc(
			{
				"doctype": "Roll Deletion",
				"student": pupil,
				"ground": "(a) Registered at another school",
				"deletion_date": TODAY,
				"destination": "Southfield Academy",
			}
		).insert()
		deletion.submit()
		_columns, rows, _note = deletion_return(
			{"from_date": str(TODAY - timedelta(days=1)), "to_date": str(TODAY)}
		)
		(row,) = [r for r in rows if r["student"] == pupil]
		self.assertEqual(
			(row["destination"], row["ground"]), ("Southfield Academy", "(a) Registered at another school")
		)
		self.assertIn("1 Mill Lane, Northfield", row["address"])
		self.assertEqual(
			check_export("Deletion Return", {"from_date": str(TODAY), "to_date": str(TODAY)})["flagged"], 0
		)
		pupils, _flagged, *_ = GUARDED["Deletion Return"]({"from_date": str(TODAY), "to_date": str(TODAY)})
		self.assertGreaterEqual(pupils, 1)
		frappe.set_user(self.head)  # no years of theirs
		_columns, rows, _note = deletion_return({"from_date": str(TODAY), "to_date": str(TODAY)})
		self.assertNotIn(pupil, [r["student"] for r in rows])
