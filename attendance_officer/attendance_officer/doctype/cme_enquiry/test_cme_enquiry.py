# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: CME Enquiry (issue 16 item 3): opened once by the escalation job, offered on First
Day Calling, its record checked, read only by the safeguarding roles, and its joint enquiries
counted by a ground (i) Roll Deletion."""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.absence.tasks import MISSING_20, daily_escalation
from attendance_officer.attendance_officer.report.first_day_calling.first_day_calling import (
	execute as first_day_calling,
)
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.leave_factories import give_head_of_year
from attendance_officer.tests.school_factories import weekdays_up_to

test_ignore = ["Student", "Student Group", "Guardian", "Leave of Absence Request", "Attendance Alert"]

TODAY = getdate()
FRIDAY = TODAY - timedelta(days=TODAY.weekday() + 3)  # last week's Friday
DAYS = weekdays_up_to(FRIDAY, 20)  # four school weeks to last Friday
CME = "CME Enquiry"


class TestCMEEnquiry(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO CME 9M", 2)
		frappe.db.sql(
			"UPDATE `tabStudent` SET `admission_date` = %s, `date_of_leaving` = NULL, `date_of_birth` = %s "
			"WHERE `name` IN %s",
			(DAYS[0] - timedelta(days=60), date(TODAY.year - 14, 3, 1), cls.pupils),
		)
		cls.officer = make_staff_user("Attendance Officer", "-cme")
		cls.dsl = make_staff_user("Designated Safeguarding Lead", "-cme")
		cls.hoy = make_staff_user("Head of Year", "-cme")
		frappe.db.commit()

	def setUp(self):
		self.pupil, self.other = self.pupils
		frappe.db.set_single_value("Attendance Settings", "cme_enquiry_days", 10)
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")

	def absent(self, days, code="N", student=None):
		write_marks(
			[
				{"student": student or self.pupil, "date": d, "session": s, "code": code}
				for d in days
				for s in ("AM", "PM")
			],
			source="Register",
		)

	def enquiries(self, student=None):
		return frappe.get_all(
			CME,
			filters={"student": student or self.pupil},
			fields=["name", "absent_since", "opened_from", "status", "attendance_alert"],
		)

	def enquiry(self, **fields):
		return frappe.get_doc(
			{"doctype": CME, "student": self.pupil, "absent_since": DAYS[0], "opened_on": DAYS[10], **fields}
		)

	def test_the_escalation_job_opens_one_enquiry_at_the_days_set(self):
		self.absent(DAYS[-10:])  # exactly 10 school days of N
		daily_escalation(DAYS[-2])  # 9 days: not yet
		self.assertEqual(self.enquiries(), [])
		daily_escalation(FRIDAY)
		daily_escalation(FRIDAY)
		(opened,) = self.enquiries()
		self.assertEqual((getdate(opened.absent_since), opened.opened_from), (DAYS[-10], "Escalation"))
		self.assertEqual(opened.status, "Open")
		assigned = frappe.get_all(
			"ToDo", filters={"reference_type": CME, "reference_name": opened.name}, pluck="allocated_to"
		)
		self.assertIn(self.officer, assigned)
		self.assertIn(self.dsl, assigned)
		# Closed: the same absence never opens another.
		doc = frappe.get_doc(CME, opened.name)
		doc.update({"outcome": "Returned to school", "outcome_date": FRIDAY})
		doc.save()
		self.assertEqual(doc.status, "Closed")
		daily_escalation(FRIDAY)
		self.assertEqual(len(self.enquiries()), 1)

	def test_an_n_turned_into_o_still_counts_and_a_closed_enquiry_covers_its_absence(self):
		self.absent(DAYS[-10:-5], "O")  # Ns left unresolved become O (Attendance Settings)
		self.absent(DAYS[-5:])
		# The officer opened one from First Day Calling a day earlier, then closed it.
		self.enquiry(
			absent_since=DAYS[-9],
			opened_on=DAYS[-2],
			outcome="Other",
			outcome_date=DAYS[-1],
		).insert()
		daily_escalation(FRIDAY)
		self.assertEqual(len(self.enquiries()), 1)  # the same absence: not a second enquiry
		frappe.db.delete(CME, {"student": self.pupil})
		daily_escalation(FRIDAY)
		(opened,) = self.enquiries()
		self.assertEqual(getdate(opened.absent_since), DAYS[-10])  # the run counts N and O

	def test_zero_days_opens_none_but_a_20_day_g_n_o_run_still_does(self):
		frappe.db.set_single_value("Attendance Settings", "cme_enquiry_days", 0)
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")
		self.absent(DAYS[:10], "G")
		self.absent(DAYS[10:], "O")
		daily_escalation(FRIDAY)
		(opened,) = self.enquiries()
		alert = frappe.db.get_value("Attendance Alert", opened.attendance_alert, ["alert_type", "student"])
		self.assertEqual(alert, (MISSING_20, self.pupil))
		self.assertEqual(getdate(opened.absent_since), DAYS[0])

	def test_the_record_says_what_is_missing_before_not_located(self):
		doc = self.enquiry(outcome="Not located (deletion ground (i))", outcome_date=DAYS[-1])
		with self.assertRaisesRegex(frappe.ValidationError, "LA Referred On") as refused:
			doc.insert()
		self.assertIn("jointly with the local authority", str(refused.exception))
		doc.la_referred_on = DAYS[12]
		doc.append(
			"enquiries",
			{
				"enquiry_date": DAYS[13],
				"enquiry_type": "Local authority CME officer",
				"made_by": "AO",
				"with_local_authority": 1,
			},
		)
		doc.insert()
		self.assertEqual(doc.status, "Closed")
		late = self.enquiry(opened_on=DAYS[10], absent_since=DAYS[5])
		late.append(
			"enquiries",
			{"enquiry_date": DAYS[2], "enquiry_type": "Home visit", "made_by": "AO"},
		)
		with self.assertRaisesRegex(frappe.ValidationError, "before the absence began"):
			late.insert()

	def test_one_open_enquiry_per_pupil_and_the_status_follows_the_record(self):
		first = self.enquiry().insert()
		self.assertEqual(first.status, "Open")
		with self.assertRaisesRegex(frappe.ValidationError, "already has an open CME enquiry"):
			self.enquiry().insert()
		first.la_referred_on = DAYS[12]
		first.status = "Closed"  # typed in by hand: not what the record holds
		first.save()
		self.assertEqual(first.status, "Referred to LA")

	def test_only_the_safeguarding_roles_read_an_enquiry(self):
		from attendance_officer.permissions import pupil_has_permission, pupil_query
		from attendance_officer.security import get_open_count

		doc = self.enquiry().insert()
		# Whatever role permissions a school sets, our hooks hide every enquiry from other roles.
		give_head_of_year(self.hoy, "9", [self.pupil])  # their own pupil, whose Student form they open
		self.assertFalse(pupil_has_permission(doc, "read", self.hoy))
		condition = pupil_query(self.hoy, CME)
		self.assertEqual(frappe.db.sql(f"SELECT COUNT(*) FROM `tabCME Enquiry` WHERE {condition}")[0][0], 0)
		frappe.set_user(self.hoy)
		counts = get_open_count("Student", self.pupil, ["CME Enquiry"])["count"]["external_links_found"]
		self.assertEqual([c["count"] for c in counts if c["doctype"] == CME], [0])  # not an error
		frappe.set_user("Administrator")
		self.assertTrue(frappe.has_permission(CME, "read", doc, user=self.dsl))
		self.assertTrue(frappe.has_permission(CME, "write", doc, user=self.officer))
		self.assertFalse(frappe.has_permission(CME, "read", doc, user=self.hoy))
		frappe.set_user(self.hoy)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list(CME, fields=["name"])

	def test_first_day_calling_offers_the_enquiry_to_the_officer_only(self):
		self.absent(DAYS[-10:])
		self.absent(DAYS[-1:], student=self.other)
		filters = {"date": str(FRIDAY), "session": "AM", "student_group": self.group}
		frappe.set_user(self.officer)
		columns, data, *_ = first_day_calling(filters)
		self.assertIn("cme_enquiry", [c["fieldname"] for c in columns])
		rows = {r["student"]: r for r in data}
		self.assertEqual(rows[self.pupil]["cme_absent_since"], DAYS[-10])
		self.assertEqual(rows[self.other]["cme_absent_since"], "")  # one day: not yet
		frappe.set_user("Administrator")
		opened = self.enquiry(absent_since=DAYS[-10], opened_on=FRIDAY).insert()
		frappe.set_user(self.officer)
		rows = {r["student"]: r for r in first_day_calling(filters)[1]}
		self.assertEqual(rows[self.pupil]["cme_enquiry"], opened.name)
		frappe.set_user(self.hoy)
		columns, *_ = first_day_calling(filters)
		self.assertNotIn("cme_enquiry", [c["fieldname"] for c in columns])

	def test_a_ground_i_deletion_counts_the_enquirys_joint_enquiries(self):
		self.absent(DAYS)

		def deletion():
			return frappe.get_doc(
				{
					"doctype": "Roll Deletion",
					"student": self.pupil,
					"ground": "(i) 20 school days G/N/O, not located",
					"deletion_date": FRIDAY,
				}
			)

		with self.assertRaisesRegex(frappe.ValidationError, "jointly with the local authority"):
			deletion().insert()  # no enquiry recorded anywhere
		enquiry = self.enquiry(absent_since=DAYS[0], opened_on=DAYS[10], la_referred_on=DAYS[11])
		enquiry.append(
			"enquiries",
			{
				"enquiry_date": DAYS[12],
				"enquiry_type": "Local authority CME officer",
				"made_by": "AO",
				"with_local_authority": 1,
			},
		)
		enquiry.insert()
		doc = deletion().insert()  # none on the deletion itself: the CME Enquiry's joint one counts
		self.assertEqual(doc.cme_enquiry, enquiry.name)
		self.assertEqual(doc.gno_days, 20)
		other = self.enquiry(student=self.other, absent_since=DAYS[0]).insert()
		doc.cme_enquiry = other.name
		with self.assertRaisesRegex(frappe.ValidationError, "is not"):
			doc.save()
