"""Bench: dual-registered and guest pupils (issue 16 item 5).

A main dual pupil's weekly sessions at the other school are offered as D on the register; a
subsidiary dual pupil is not on this register (nor counted unmarked) in the sessions spent at
their main school, and cannot be marked in them; a subsidiary dual or guest pupil's figures
stay out of the national PA/SA totals and out of penalty-notice work.
"""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.attendance_thresholds.attendance_thresholds import (
	execute as thresholds,
)
from attendance_officer.attendance_officer.report.fire_register.fire_register import execute as fire_register
from attendance_officer.attendance_officer.report.first_day_calling.first_day_calling import (
	execute as first_day_calling,
)
from attendance_officer.attendance_officer.report.penalty_notice_threshold.penalty_notice_threshold import (
	execute as penalty_threshold,
)
from attendance_officer.engine.cohorts import NATIONAL, OTHER_MAIN_REGISTER
from attendance_officer.engine.roll import WEEKDAYS
from attendance_officer.registers.api import get_register, save_register
from attendance_officer.registers.unmarked import unmarked_groups
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.school_factories import last_weekday

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
DAY = last_weekday(TODAY - timedelta(days=1))
WEEK_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
WEEK = [WEEK_MONDAY + timedelta(days=n) for n in range(5)]
BORN_Y9 = date(TODAY.year - 14, 1, 15)


def set_dual(student: str, status: str, school: str = "", elsewhere=()) -> None:
	"""The pupil's enrolment status and weekly sessions at the other school (rolled back)."""
	frappe.db.set_value("Student", student, {"enrolment_status": status, "dual_registration_school": school})
	for idx, (weekday, session) in enumerate(elsewhere, 1):
		frappe.get_doc(
			{
				"doctype": "Dual Registration Session",
				"parent": student,
				"parenttype": "Student",
				"parentfield": "dual_sessions_elsewhere",
				"idx": idx,
				"weekday": weekday,
				"session": session,
			}
		).db_insert()


class TestDualRegistration(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO Dual 9D", 3)
		frappe.db.commit()

	def setUp(self):
		self.main, self.sub, self.single = self.pupils
		weekday = WEEKDAYS[DAY.weekday()]
		set_dual(self.main, "Main dual", "Riverside Pupil Referral Unit", [(weekday, "AM")])
		set_dual(self.sub, "Subsidiary dual", "Hill Top Academy", [(weekday, "AM")])

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_the_register_offers_d_for_a_main_dual_pupil_away_and_leaves_out_a_subsidiary_one(self):
		am = {p["student"]: p for p in get_register(self.group, str(DAY), "AM")["pupils"]}
		self.assertEqual(set(am), {self.main, self.single})  # the subsidiary pupil is at Hill Top
		self.assertEqual(am[self.main]["expected"], "D")
		self.assertEqual(am[self.main]["elsewhere_at"], "Riverside Pupil Referral Unit")
		self.assertIsNone(am[self.single]["expected"])
		pm = {p["student"]: p for p in get_register(self.group, str(DAY), "PM")["pupils"]}
		self.assertEqual(set(pm), set(self.pupils))  # every pupil is here in the afternoon
		self.assertIsNone(pm[self.main]["expected"])

	def test_a_subsidiary_pupils_session_at_the_main_school_is_not_recorded_nor_chased(self):
		unmarked = {r.session: r for r in unmarked_groups(DAY, ("AM", "PM"), self.group)}
		self.assertEqual(unmarked["AM"].pupils, 2)  # the subsidiary pupil is not expected
		self.assertEqual(unmarked["PM"].pupils, 3)
		with self.assertRaisesRegex(frappe.ValidationError, "main school"):
			save_register(
				self.group,
				str(DAY),
				"AM",
				[{"student": s, "code": "/"} for s in self.pupils],
			)
		self.assertFalse(frappe.db.exists("Attendance Mark", {"student": ("in", self.pupils), "date": DAY}))
		save_register(
			self.group,
			str(DAY),
			"AM",
			[{"student": self.main, "code": "D"}, {"student": self.single, "code": "/"}],
		)
		self.assertNotIn("AM", {r.session for r in unmarked_groups(DAY, ("AM", "PM"), self.group)})

	def test_a_subsidiary_pupil_away_is_never_chased_as_absent(self):
		save_register(
			self.group,
			str(DAY),
			"AM",
			[{"student": self.main, "code": "D"}, {"student": self.single, "code": "/"}],
		)
		calling = first_day_calling({"date": str(DAY), "session": "AM", "student_group": self.group})[1]
		self.assertEqual([r["student"] for r in calling], [])  # the subsidiary pupil is at Hill Top
		fire = fire_register({"date": str(DAY), "session": "AM", "student_group": self.group})[1]
		listed = {r.get("student") for r in fire if r.get("student")}
		self.assertEqual(listed, {self.single})  # on site; the others are at their other schools
		save_register(
			self.group, str(DAY), "PM", [{"student": s, "code": "\\"} for s in (self.main, self.single)]
		)
		calling = first_day_calling({"date": str(DAY), "session": "PM", "student_group": self.group})[1]
		self.assertEqual([r["student"] for r in calling], [self.sub])  # here in the afternoon: chased

	def test_d_and_the_main_schools_sessions_on_every_write_path(self):
		with self.assertRaisesRegex(frappe.ValidationError, "not dual"):
			write_marks(
				[{"student": self.single, "date": DAY, "session": "PM", "code": "D"}], source="Register"
			)
		with self.assertRaisesRegex(frappe.ValidationError, "main school"):
			write_marks([{"student": self.sub, "date": DAY, "session": "AM", "code": "/"}], source="Import")
		bulk = frappe.get_doc(
			{
				"doctype": "Attendance Bulk Mark",
				"attendance_code": "V",
				"reason": "Year 9 trip",
				"from_date": DAY,
				"from_session": "AM",
				"to_date": DAY,
				"to_session": "PM",
				"student_group": self.group,
			}
		).insert()
		bulk.submit()
		written = {
			(m.student, m.session)
			for m in frappe.get_all(
				"Attendance Mark",
				filters={"student": ("in", self.pupils), "date": DAY},
				fields=["student", "session"],
			)
		}
		# Neither the main dual pupil's D session nor the subsidiary pupil's main-school session.
		self.assertEqual(
			written, {(self.main, "PM"), (self.sub, "PM"), (self.single, "AM"), (self.single, "PM")}
		)

	def test_a_mark_already_stored_is_rewritten_whatever_todays_pattern_says(self):
		frappe.db.set_value("Student", self.main, "enrolment_status", "Single")
		frappe.db.set_value("Student", self.sub, "enrolment_status", "Single")
		write_marks([{"student": self.sub, "date": DAY, "session": "AM", "code": "N"}], source="Register")
		frappe.db.set_value("Student", self.sub, "enrolment_status", "Subsidiary dual")
		# The unresolved N becomes O (the escalation job) though the session is now the main school's.
		write_marks(
			[{"student": self.sub, "date": DAY, "session": "AM", "code": "O"}],
			source="Register",
			reason="No reason",
		)
		self.assertEqual(
			frappe.db.get_value("Attendance Mark", {"student": self.sub, "date": DAY}, "attendance_code"), "O"
		)
		# A D stored while the pupil was dual is re-sent unchanged with a register after they are not.
		frappe.db.set_value("Student", self.main, "enrolment_status", "Main dual")
		write_marks([{"student": self.main, "date": DAY, "session": "AM", "code": "D"}], source="Register")
		frappe.db.set_value("Student", self.main, "enrolment_status", "Single")
		write_marks([{"student": self.main, "date": DAY, "session": "AM", "code": "D"}], source="Register")
		with self.assertRaisesRegex(frappe.ValidationError, "not dual"):
			write_marks(
				[{"student": self.main, "date": DAY, "session": "PM", "code": "D"}], source="Register"
			)

	def test_the_mark_form_keeps_the_same_rules(self):
		mark = frappe.get_doc(
			{
				"doctype": "Attendance Mark",
				"student": self.single,
				"date": DAY,
				"session": "PM",
				"attendance_code": "D",
			}
		)
		with self.assertRaisesRegex(frappe.ValidationError, "not dual"):
			mark.insert()

	def test_a_record_explains_an_n_the_register_left_in_a_d_session(self):
		write_marks([{"student": self.main, "date": DAY, "session": "AM", "code": "N"}], source="Register")
		record = frappe.get_doc(
			{
				"doctype": "Attendance Bulk Mark",
				"attendance_code": "V",
				"reason": "Year 9 trip",
				"from_date": DAY,
				"from_session": "AM",
				"to_date": DAY,
				"to_session": "AM",
				"student_group": self.group,
			}
		).insert()
		record.submit()
		code = frappe.db.get_value(
			"Attendance Mark", {"student": self.main, "date": DAY, "session": "AM"}, "attendance_code"
		)
		self.assertEqual(code, "V")  # the register recorded N, not D: the record's session

	def test_the_weekly_pattern_is_listed_only_within_the_staff_scope(self):
		outsider = make_staff_user("Head of Year", "-dual")  # no year groups: no pupils
		frappe.set_user(outsider)
		rows = frappe.get_list(
			"Dual Registration Session", parent_doctype="Student", fields=["parent", "weekday", "session"]
		)
		self.assertEqual(rows, [])

	def test_a_subsidiary_or_guest_pupils_absence_stays_out_of_national_and_penalty_figures(self):
		frappe.db.sql(
			"UPDATE `tabStudent` SET `nc_year` = '9', `date_of_birth` = %s WHERE `name` IN %s",
			(BORN_Y9, self.pupils),
		)
		frappe.db.set_value("Student", self.single, "enrolment_status", "Guest")
		frappe.db.delete("Dual Registration Session", {"parent": ("in", self.pupils)})  # here all week
		rows = []
		for day in WEEK:  # 10 N sessions each: persistent absence and the penalty threshold
			for student in self.pupils:
				rows += [{"student": student, "date": day, "session": s, "code": "N"} for s in ("AM", "PM")]
		write_marks(rows, source="Register")

		_columns, data, _message, _chart, summary = thresholds(
			{"from_date": str(WEEK[0]), "to_date": str(WEEK[-1]), "registration_group": self.group}
		)
		groups = {r["student"]: r["age_group"] for r in data if r.get("student")}
		self.assertEqual(groups[self.main], NATIONAL)
		self.assertEqual(groups[self.sub], OTHER_MAIN_REGISTER)
		self.assertEqual(groups[self.single], OTHER_MAIN_REGISTER)  # a guest
		cards = {card["label"]: card["value"] for card in summary}
		self.assertEqual(cards["PA Pupils (Age 5-15)"], 1)  # only the main dual pupil
		totals = [r["student_name"] for r in data if r.get("is_total")]
		self.assertTrue(any("subsidiary dual and guest" in t for t in totals), totals)

		_columns, data, _message, _chart, summary = penalty_threshold(
			{"from_date": str(WEEK[0]), "to_date": str(TODAY)}
		)
		sections = {r["student"]: r["section"] for r in data if r.get("student") in self.pupils}
		self.assertEqual(
			sections, {self.main: "candidate", self.sub: "other_main", self.single: "other_main"}
		)
		self.assertEqual(
			{r["student"]: r["start_referral"] for r in data if r.get("student") in self.pupils},
			{self.main: self.main, self.sub: "", self.single: ""},
		)

	def test_a_referral_for_a_subsidiary_pupil_is_refused(self):
		referral = frappe.get_doc(
			{
				"doctype": "Penalty Notice Referral",
				"student": self.sub,
				"sessions_from": str(WEEK[0]),
				"sessions_to": str(WEEK[-1]),
			}
		)
		with self.assertRaisesRegex(frappe.ValidationError, "main school"):
			referral.insert()
