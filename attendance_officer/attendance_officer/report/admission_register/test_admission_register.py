# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: the Admission Register (issue 16 item 1): each entry's particulars and what it
lacks, a leaver's entry kept with the deletion, the holders only, a fixed few queries."""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.admission_register.admission_register import execute
from attendance_officer.reporting.admission import download
from attendance_officer.tests.absence_factories import add_guardian, make_guardian
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.school_factories import counted_queries, last_weekday, seed_pupils

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
LEFT_ON = last_weekday(TODAY - timedelta(days=3))
COMPLETE = {
	"gender": "Female",
	"date_of_birth": date(TODAY.year - 13, 5, 2),
	"address_line_1": "1 High Street",
	"city": "Leeds",
	"pincode": "LS1 1AA",
	"admission_date": date(TODAY.year - 2, 9, 1),
	"previous_school": "St Mary's Primary",
	"upn": "B801200005001",
	"enrolment_status": "Single",
	"nc_year": "8",
}


class TestAdmissionRegister(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO Admission 8A", 3)
		cls.mum = make_guardian("AO Admission Mum", mobile_number="07700900777")
		for pupil in cls.pupils:
			add_guardian(pupil, cls.mum, contact_priority=1)
		cls.officer = make_staff_user("Attendance Officer", "-admission")
		cls.hoy = make_staff_user("Head of Year", "-admission")
		frappe.db.commit()

	def setUp(self):
		self.complete, self.lacking, self.leaver = self.pupils
		for pupil in self.pupils:
			frappe.db.set_value(
				"Student", pupil, {**COMPLETE, "date_of_leaving": None, "reason_for_leaving": ""}
			)
		frappe.db.set_value(
			"Student", self.lacking, {"gender": "", "upn": "A801200005001", "previous_school": ""}
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def entries(self, **filters):
		_columns, data, _message, _chart, summary = execute({"as_on": str(TODAY), **filters})
		return {r["student"]: r for r in data if r["student"] in self.pupils}, data, summary

	def test_each_entry_has_its_particulars_and_says_what_it_lacks(self):
		frappe.set_user(self.officer)
		rows, data, summary = self.entries()
		complete, lacking = rows[self.complete], rows[self.lacking]
		self.assertEqual(complete["missing"], "")
		self.assertEqual(complete["address"], "1 High Street, Leeds, LS1 1AA")
		self.assertIn("AO Admission Mum (Mother): 07700900777", complete["parents"])
		self.assertEqual(
			(complete["upn"], complete["previous_school"]), ("B801200005001", "St Mary's Primary")
		)
		self.assertEqual(lacking["missing"], "sex, previous school, a valid UPN")  # wrong check letter
		self.assertLess(data.index(lacking), data.index(complete))  # entries lacking come first
		only = self.entries(missing_only=1)[0]
		self.assertNotIn(self.complete, only)
		self.assertIn(self.lacking, only)
		cards = {c["label"]: c["value"] for c in summary}
		self.assertGreaterEqual(cards["Particulars Missing"], 1)

	def test_a_deleted_pupils_entry_is_kept_with_the_deletion(self):
		frappe.get_doc(
			{
				"doctype": "Roll Deletion",
				"student": self.leaver,
				"ground": "(a) Registered at another school",
				"deletion_date": LEFT_ON,
				"destination": "Hill Top Academy",
			}
		).insert().submit()
		frappe.set_user(self.officer)
		self.assertNotIn(self.leaver, self.entries()[0])  # off roll today
		self.assertIn(self.leaver, self.entries(as_on=str(LEFT_ON))[0])  # on roll to their last day
		kept = self.entries(include_left=1)[0][self.leaver]
		self.assertEqual(kept["date_of_leaving"], LEFT_ON)
		self.assertEqual(kept["ground"], "(a) Registered at another school")
		self.assertEqual(kept["destination"], "Hill Top Academy")
		self.assertEqual(kept["missing"], "")
		self.assertTrue(frappe.db.exists("Student", self.leaver))  # a status, never a deletion

	def test_the_printable_copy_is_for_the_registers_holders_only(self):
		frappe.set_user(self.hoy)
		with self.assertRaises(frappe.PermissionError):
			download(as_on=str(TODAY))
		frappe.set_user(self.officer)
		for key in ("filecontent", "filename", "type"):  # the response outlives the test: leave none
			self.addCleanup(frappe.local.response.pop, key, None)
		download(as_on=str(TODAY))
		self.assertTrue(frappe.local.response.filecontent.startswith(b"%PDF"))
		self.assertEqual(frappe.local.response.filename, f"admission-register-{TODAY.isoformat()}.pdf")
		with self.assertRaisesRegex(frappe.ValidationError, "not on"):
			download(as_on=str(TODAY + timedelta(days=1)))

	def test_the_register_costs_the_same_queries_whatever_the_roll(self):
		frappe.set_user(self.officer)
		with counted_queries() as few:
			self.entries(year_group="8")
		seed_pupils("AOADM", 40, nc_year="8", admission_date=COMPLETE["admission_date"])
		with counted_queries() as many:
			_rows, data, _summary = self.entries(year_group="8")
		self.assertGreaterEqual(len(data), 43)
		self.assertEqual(len(many), len(few))
