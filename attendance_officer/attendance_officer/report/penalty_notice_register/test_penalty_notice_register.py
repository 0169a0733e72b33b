# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: the register's amounts owed today, paid and outstanding, scoped to a head of year."""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.penalty_notice_register.penalty_notice_register import (
	execute,
)
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.leave_factories import give_head_of_year, link_guardian, make_guardian_user

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)


class TestPenaltyNoticeRegister(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO Register 7N", 2)
		cls.parent, _ = make_guardian_user("Register Parent")
		for pupil in cls.pupils:
			link_guardian(pupil, cls.parent, 1, 1)
		cls.hoy = make_staff_user("Head of Year", "-pnregister")
		frappe.db.commit()

	def setUp(self):
		frappe.db.sql(
			"UPDATE `tabStudent` SET `date_of_birth` = %s, `nc_year` = '7' WHERE `name` = %s",
			(date(TODAY.year - 12, 2, 1), self.pupils[0]),
		)
		frappe.db.sql(
			"UPDATE `tabStudent` SET `date_of_birth` = %s, `nc_year` = '8' WHERE `name` = %s",
			(date(TODAY.year - 13, 2, 1), self.pupils[1]),
		)
		self.referrals = [
			frappe.get_doc(
				{
					"doctype": "Penalty Notice Referral",
					"student": pupil,
					"guardian": self.parent,
					"basis": "Unauthorised holiday in term time",
					"issued_on": TODAY - timedelta(days=2),
					"received_on": TODAY - timedelta(days=1),
				}
			).insert()
			for pupil in self.pupils
		]

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def rows(self, **filters):
		_columns, data, _msg, chart, summary = execute(filters)
		mine = [r for r in data if r["referral"] in {d.name for d in self.referrals}]
		return mine, chart, {c["label"]: c["value"] for c in summary}

	def test_what_is_owed_today_follows_the_lower_rate_date(self):
		for doc in self.referrals:
			doc.db_set("status", "Issued")
		rows, chart, _cards = self.rows(from_date=str(TODAY - timedelta(days=7)))
		self.assertEqual(sorted(r["outstanding"] for r in rows), [80, 80])  # within 21 days of receipt
		self.assertTrue(chart["data"]["labels"])
		self.referrals[0].db_set("lower_amount_due_by", TODAY - timedelta(days=1))
		rows, _chart, _cards = self.rows()
		self.assertEqual(sorted(r["outstanding"] for r in rows), [80, 160])

	def test_a_head_of_year_sees_their_own_years_referrals(self):
		give_head_of_year(self.hoy, "7", [self.pupils[0]])
		frappe.set_user(self.hoy)
		rows, _chart, _cards = self.rows()
		self.assertEqual([r["referral"] for r in rows], [self.referrals[0].name])
