# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: a referral counts its sessions once, follows the framework's arithmetic and refuses
what the framework does not allow (issue 13 item 3), nothing written on a refusal."""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.doctype.penalty_notice_referral.penalty_notice_referral import (
	PenaltyNoticeError,
)
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.leave_factories import give_head_of_year, link_guardian, make_guardian_user

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
FRIDAY = MONDAY + timedelta(days=4)
REFERRAL = "Penalty Notice Referral"


class TestPenaltyNoticeReferral(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO Referral 9R", 2)
		cls.mum, _ = make_guardian_user("Referral Mum")
		cls.dad, _ = make_guardian_user("Referral Dad")
		cls.aunt, _ = make_guardian_user("Referral Aunt")
		for pupil in cls.pupils:
			link_guardian(pupil, cls.mum, 1, 1)
			link_guardian(pupil, cls.dad, 0, 1)
			link_guardian(pupil, cls.aunt, 0, 0)  # no parental responsibility
		cls.hoy = make_staff_user("Head of Year", "-referral")
		cls.dsl = make_staff_user("Designated Safeguarding Lead", "-referral")
		frappe.db.commit()

	def setUp(self):
		pupil, sixth = self.pupils
		frappe.db.set_value("Student", pupil, {"nc_year": "9", "date_of_birth": date(TODAY.year - 14, 1, 15)})
		frappe.db.set_value(
			"Student", sixth, {"nc_year": "12", "date_of_birth": date(TODAY.year - 17, 1, 15)}
		)
		write_marks(
			[
				{"student": s, "date": MONDAY + timedelta(days=d), "session": part, "code": "N"}
				for s in self.pupils
				for d in range(5)
				for part in ("AM", "PM")
			],
			source="Register",
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def referral(self, student=None, guardian=None, **fields):
		return frappe.get_doc(
			{
				"doctype": REFERRAL,
				"student": student or self.pupils[0],
				"guardian": guardian or self.mum,
				"basis": "Threshold of unauthorised absence",
				"sessions_from": MONDAY,
				"sessions_to": FRIDAY,
				**fields,
			}
		).insert()

	def refused(self, pattern, **fields):
		before = frappe.db.count(REFERRAL)
		with self.assertRaisesRegex(PenaltyNoticeError, pattern):
			self.referral(**fields)
		self.assertEqual(frappe.db.count(REFERRAL), before)  # nothing written

	def test_sessions_are_captured_and_the_first_notice_has_both_rates(self):
		doc = self.referral(issued_on=date(2026, 11, 5))  # a Thursday: received the Monday after
		self.assertEqual(len(doc.sessions), 10)
		self.assertEqual({r.code for r in doc.sessions}, {"N"})
		self.assertEqual(getdate(doc.received_on), date(2026, 11, 9))
		self.assertEqual((doc.notice_number, doc.lower_amount, doc.full_amount), (1, 80, 160))
		self.assertEqual(getdate(doc.lower_amount_due_by), date(2026, 11, 29))
		self.assertEqual(getdate(doc.full_amount_due_by), date(2026, 12, 6))

	def test_a_sixth_former_is_refused(self):
		self.refused("not of compulsory school age", student=self.pupils[1])

	def test_a_guardian_without_parental_responsibility_is_refused(self):
		self.refused("parental responsibility", guardian=self.aunt)

	def test_a_session_counts_once_per_parent_and_child_but_each_parent_has_their_own(self):
		first = self.referral()
		self.refused("already counted in another referral")
		other_parent = self.referral(guardian=self.dad)
		self.assertEqual(len(other_parent.sessions), 10)
		first.db_set("status", "Withdrawn")
		self.assertEqual(len(self.referral().sessions), 10)  # a withdrawn referral frees its sessions

	def test_a_third_notice_within_3_years_is_refused(self):
		for issued in (date(2025, 1, 6), date(2025, 6, 2)):
			self.referral(sessions_from=None, sessions_to=None, issued_on=issued)
		self.refused("a 3rd must not be issued", issued_on=date(2026, 11, 2))

	def test_an_improvement_period_outside_3_to_6_school_weeks_is_refused(self):
		self.refused(
			"2 school weeks",
			notice_to_improve_issued_on=MONDAY,
			improvement_period_ends=MONDAY + timedelta(days=14),
		)

	def test_paid_before_issued_is_refused(self):
		self.refused("before the notice was issued", issued_on=date(2026, 11, 5), paid_on=date(2026, 11, 4))

	def test_a_mark_changed_since_shows_on_the_referral(self):
		doc = self.referral()
		write_marks(
			[
				{
					"student": self.pupils[0],
					"date": MONDAY,
					"session": "AM",
					"code": "I",
					"reason": "Late medical note",
				}
			],
			source="Register",
		)
		doc.reload()
		doc.save()
		self.assertIn(f"{MONDAY.isoformat()} AM: N now I", doc.sessions_changed)
		self.assertEqual(doc.sessions[0].code, "N")  # the code counted stays as it was

	def test_court_outcomes_are_for_the_safeguarding_roles_only(self):
		from frappe.client import get

		doc = self.referral()
		frappe.db.set_value(REFERRAL, doc.name, {"court_outcome": "Convicted", "parenting_order": 1})
		give_head_of_year(self.hoy, "9", [self.pupils[0]])
		frappe.set_user(self.hoy)
		seen = get(REFERRAL, doc.name)
		self.assertFalse(seen.get("court_outcome"))
		self.assertFalse(seen.get("parenting_order"))
		frappe.set_user(self.dsl)
		self.assertEqual(get(REFERRAL, doc.name)["court_outcome"], "Convicted")
