# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: who met the penalty-notice threshold, sixth-formers apart, heads of year scoped."""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.penalty_notice_threshold.penalty_notice_threshold import (
	execute,
)
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.leave_factories import give_head_of_year

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
WEEK = [MONDAY + timedelta(days=n) for n in range(5)]


class TestPenaltyNoticeThreshold(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO Penalty 9P", 4)
		cls.hoy = make_staff_user("Head of Year", "-penalty")
		frappe.db.commit()

	def setUp(self):
		p = self.pupils
		frappe.db.sql(
			"UPDATE `tabStudent` SET `nc_year` = '9', `date_of_birth` = %s WHERE `name` IN %s",
			(date(TODAY.year - 14, 3, 1), p[:3]),
		)
		frappe.db.sql(  # a sixth-former, 17: outside penalty notices
			"UPDATE `tabStudent` SET `nc_year` = '12', `date_of_birth` = %s WHERE `name` = %s",
			(date(TODAY.year - 17, 3, 1), p[3]),
		)
		rows = []
		for day in WEEK:  # 10 sessions: pupil 0 with N, pupil 3 (sixth form) with G
			rows += [{"student": p[0], "date": day, "session": s, "code": "N"} for s in ("AM", "PM")]
			rows += [{"student": p[3], "date": day, "session": s, "code": "G"} for s in ("AM", "PM")]
		for day in WEEK[:4]:  # 9 sessions (8 O and one U): one short
			rows += [{"student": p[1], "date": day, "session": s, "code": "O"} for s in ("AM", "PM")]
		rows.append({"student": p[1], "date": WEEK[4], "session": "AM", "code": "U"})
		write_marks(rows, source="Register")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def run_report(self, **filters):
		_columns, data, _message, _chart, summary = execute(
			{"from_date": str(MONDAY - timedelta(days=7)), "to_date": str(TODAY), **filters}
		)
		return [r for r in data if r.get("student")], {c["label"]: c["value"] for c in summary}

	def test_exactly_10_sessions_meets_the_threshold_and_9_does_not(self):
		rows, cards = self.run_report()
		by_pupil = {r["student"]: r for r in rows}
		met = by_pupil[self.pupils[0]]
		self.assertEqual((met["met_on"], met["sessions"], met["n"]), (WEEK[4], 10, 10))
		self.assertEqual(met["section"], "candidate")
		self.assertNotIn(self.pupils[1], by_pupil)  # 9 sessions: not yet
		self.assertGreaterEqual(cards["Met the threshold"], 1)

	def test_a_sixth_former_is_listed_apart_and_never_a_candidate(self):
		rows, _cards = self.run_report()
		sixth = next(r for r in rows if r["student"] == self.pupils[3])
		self.assertEqual(
			(sixth["section"], sixth["g"], sixth["compulsory_school_age"]), ("past_age", 10, "No")
		)

	def test_a_head_of_year_sees_only_their_years(self):
		give_head_of_year(self.hoy, "12", [self.pupils[3]])
		frappe.set_user(self.hoy)
		rows, _cards = self.run_report()
		self.assertEqual({r["student"] for r in rows}, {self.pupils[3]})

	def test_query_count_does_not_grow_with_the_roll(self):
		self.run_report()
		with self.assertQueryCount(6):
			self.run_report()

	def test_a_window_across_the_start_of_the_period_is_found(self):
		"""The 10 weeks may span school years: sessions before From Date count toward it."""
		rows, _cards = self.run_report(from_date=str(WEEK[4]))  # the period starts on the 10th session
		self.assertIn(self.pupils[0], {r["student"] for r in rows})

	def test_open_referrals_and_notices_show_and_only_candidates_are_offered_one(self):
		from attendance_officer.tests.leave_factories import link_guardian, make_guardian_user

		mum, _user = make_guardian_user("Threshold Mum")
		link_guardian(self.pupils[0], mum, 1, 1)
		frappe.db.set_value("Guardian", mum, "guardian_name", "Threshold Mum")
		frappe.get_doc(
			{
				"doctype": "Penalty Notice Referral",
				"student": self.pupils[0],
				"guardian": mum,
				"basis": "Threshold of unauthorised absence",
				"sessions_from": WEEK[0],
				"sessions_to": WEEK[4],
				"issued_on": WEEK[4],
			}
		).insert()
		rows, _cards = self.run_report()
		by_pupil = {r["student"]: r for r in rows}
		self.assertEqual(by_pupil[self.pupils[0]]["open_casework"], "Draft")
		self.assertEqual(by_pupil[self.pupils[0]]["notices_issued"], "Threshold Mum: 1")
		self.assertEqual(by_pupil[self.pupils[0]]["start_referral"], self.pupils[0])
		self.assertEqual(by_pupil[self.pupils[3]]["start_referral"], "")  # sixth form: never offered
