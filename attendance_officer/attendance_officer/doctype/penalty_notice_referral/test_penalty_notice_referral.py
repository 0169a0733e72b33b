# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: a referral counts its sessions once, follows the framework's arithmetic and refuses
what the framework does not allow (issue 13 item 3), nothing written on a refusal."""

from datetime import date, timedelta

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
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


def quiet_thursday() -> date:
	"""A recent Thursday with no bank holiday on the Friday or the Monday after it."""
	import holidays

	day = MONDAY + timedelta(days=3)
	bank = holidays.country_holidays("GB", subdiv="ENG", years=[day.year - 1, day.year, day.year + 1])
	while {day + timedelta(days=1), day + timedelta(days=4)} & set(bank):
		day -= timedelta(days=7)
	return day


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
		cls.officer = make_staff_user("Attendance Officer", "-referral")
		cls.head = make_staff_user("Headteacher", "-referral")
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

	def authorised(self, **fields):
		"""A referral raised by the attendance officer and authorised by the Headteacher."""
		frappe.set_user(self.officer)
		doc = self.referral(**fields)
		doc = apply_workflow(doc, "Ask for Authorisation")
		frappe.set_user(self.head)
		doc = apply_workflow(frappe.get_doc(REFERRAL, doc.name), "Authorise Referral")
		frappe.set_user("Administrator")
		return frappe.get_doc(REFERRAL, doc.name)

	def refused(self, pattern, **fields):
		before = frappe.db.count(REFERRAL)
		with self.assertRaisesRegex(PenaltyNoticeError, pattern):
			self.referral(**fields)
		self.assertEqual(frappe.db.count(REFERRAL), before)  # nothing written

	def test_sessions_are_captured_and_the_first_notice_has_both_rates(self):
		thursday = quiet_thursday()
		doc = self.referral(issued_on=thursday)  # posted on a Thursday: received the Monday after
		monday = thursday + timedelta(days=4)
		self.assertEqual(len(doc.sessions), 10)
		self.assertEqual({r.code for r in doc.sessions}, {"N"})
		self.assertEqual((getdate(doc.received_on), doc.receipt_deemed), (monday, 1))
		self.assertEqual((doc.notice_number, doc.lower_amount, doc.full_amount), (1, 80, 160))
		self.assertEqual(getdate(doc.lower_amount_due_by), monday + timedelta(days=20))
		self.assertEqual(getdate(doc.full_amount_due_by), monday + timedelta(days=27))
		self.assertEqual(doc.status, "Draft")  # the workflow moves the stage

	def test_a_sixth_former_is_refused(self):
		self.refused("not of compulsory school age", student=self.pupils[1])

	def test_a_guardian_without_parental_responsibility_is_refused(self):
		self.refused("parental responsibility", guardian=self.aunt)

	def test_a_session_counts_once_per_parent_and_child_but_each_parent_has_their_own(self):
		first = self.referral()
		self.refused("already counted in another referral")
		other_parent = self.referral(guardian=self.dad)
		self.assertEqual(len(other_parent.sessions), 10)
		with self.assertRaisesRegex(PenaltyNoticeError, "Reason Withdrawn"):
			apply_workflow(frappe.get_doc(REFERRAL, first.name), "Withdraw")
		first.reload()
		first.withdrawn_reason = "Sessions recoded after a medical note"
		first.save()
		first = apply_workflow(first, "Withdraw")
		self.assertEqual((first.status, first.outcome), ("Withdrawn", "Withdrawn"))
		self.assertEqual(len(self.referral().sessions), 10)  # a withdrawn referral frees its sessions

	def test_a_third_notice_within_3_years_is_refused(self):
		holiday = "Unauthorised holiday in term time"
		for issued in (TODAY - timedelta(days=600), TODAY - timedelta(days=400)):
			self.referral(sessions_from=None, sessions_to=None, issued_on=issued, basis=holiday)
		self.refused("a 3rd must not be issued", issued_on=TODAY - timedelta(days=2))
		self.refused("cannot be dated before it", issued_on=TODAY - timedelta(days=500))  # backdated

	def test_an_improvement_period_outside_3_to_6_school_weeks_is_refused(self):
		self.refused(
			"is 10 school days",
			notice_to_improve_issued_on=MONDAY,
			improvement_period_ends=MONDAY + timedelta(days=14),
		)

	def test_paid_before_issued_is_refused(self):
		self.refused(
			"before the notice was issued",
			issued_on=TODAY - timedelta(days=3),
			paid_on=TODAY - timedelta(days=4),
		)

	def test_issue_and_payment_after_submit_are_checked_and_computed(self):
		doc = self.authorised()
		doc.issued_on = quiet_thursday()
		doc.save()  # before_update_after_submit
		doc = apply_workflow(doc, "Record Issue")
		self.assertEqual((doc.notice_number, doc.lower_amount, doc.status), (1, 80, "Issued"))
		doc.paid_on = getdate(doc.issued_on) - timedelta(days=1)
		with self.assertRaisesRegex(PenaltyNoticeError, "before the notice was issued"):
			doc.save()

	def test_rows_added_by_hand_are_never_kept(self):
		doc = frappe.get_doc(
			{
				"doctype": REFERRAL,
				"student": self.pupils[0],
				"guardian": self.mum,
				"basis": "Unauthorised holiday in term time",
				"sessions": [{"date": MONDAY, "session": "AM", "code": "N"}],
			}
		).insert()
		self.assertEqual(doc.sessions, [])  # sessions come only from the register, for a range
		doc.update({"sessions_from": MONDAY, "sessions_to": FRIDAY})
		doc.save()
		self.assertEqual(len(doc.sessions), 10)

	def test_a_served_notice_keeps_its_number_when_an_earlier_one_is_withdrawn(self):
		holiday = "Unauthorised holiday in term time"
		first = self.referral(
			sessions_from=None, sessions_to=None, issued_on=TODAY - timedelta(days=300), basis=holiday
		)
		second = self.referral(issued_on=TODAY - timedelta(days=3))
		self.assertEqual((second.notice_number, second.lower_amount), (2, None))
		first.withdrawn_reason = "Issued in error"
		first.save()
		apply_workflow(first, "Withdraw")
		second.reload()
		second.save()
		self.assertEqual((second.notice_number, second.full_amount), (2, 160))

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

	def test_court_outcomes_do_not_show_in_the_form_history_of_a_head_of_year(self):
		from attendance_officer import security

		doc = self.authorised()
		doc.update({"court_outcome": "Convicted", "fine_amount": 120})
		doc.save(ignore_version=False)  # Frappe keeps no versions in tests unless asked
		give_head_of_year(self.hoy, "9", [self.pupils[0]])
		for user, shows in ((self.hoy, False), (self.dsl, True)):
			frappe.set_user(user)
			frappe.response.pop("docinfo", None)
			security.getdoc(REFERRAL, doc.name)
			history = " ".join(v["data"] for v in frappe.response["docinfo"]["versions"])
			self.assertEqual("Convicted" in history, shows, user)
			frappe.set_user("Administrator")

	def test_correcting_the_receipt_date_moves_the_due_dates_not_the_notice(self):
		holiday = "Unauthorised holiday in term time"
		first = self.referral(
			sessions_from=None, sessions_to=None, issued_on=TODAY - timedelta(days=300), basis=holiday
		)
		second = self.referral(issued_on=TODAY - timedelta(days=10))
		received = TODAY - timedelta(days=5)
		first.received_on = TODAY - timedelta(days=295)  # the 1st's real receipt, entered later
		first.save()
		self.assertEqual((first.notice_number, first.lower_amount, first.receipt_deemed), (1, 80, 0))
		second.received_on = received
		second.save()
		self.assertEqual((second.notice_number, second.lower_amount), (2, None))
		self.assertEqual(getdate(second.full_amount_due_by), received + timedelta(days=27))
		second.issued_on = TODAY - timedelta(days=9)  # a typed receipt date survives an issue-date fix
		second.save()
		self.assertEqual(getdate(second.received_on), received)

	def test_a_withdrawn_referral_stays_withdrawn(self):
		doc = self.authorised()
		doc.withdrawn_reason = "Attendance improved"
		doc.save()
		doc = apply_workflow(doc, "Withdraw")
		doc.outcome = ""
		with self.assertRaisesRegex(PenaltyNoticeError, "was withdrawn"):
			doc.save()

	def test_rows_sent_with_an_unchanged_range_are_replaced_by_the_captured_ones(self):
		doc = self.referral()
		doc.append("sessions", {"date": MONDAY, "session": "AM", "code": "U", "mark": doc.sessions[0].mark})
		doc.save()
		self.assertEqual(len(doc.sessions), 10)

	def test_the_workflow_end_to_end_with_reminders_created_once(self):
		from attendance_officer.attendance_officer.doctype.penalty_notice_referral.penalty_notice_referral import (
			create_reminders,
		)

		doc = self.authorised()
		self.assertEqual((doc.status, doc.docstatus, doc.authorised_by), ("Referred to LA", 1, self.head))
		self.assertEqual(getdate(doc.referred_to_la_on), TODAY)
		with self.assertRaisesRegex(PenaltyNoticeError, "Notice Issued On"):
			apply_workflow(frappe.get_doc(REFERRAL, doc.name), "Record Issue")
		doc = frappe.get_doc(REFERRAL, doc.name)
		doc.issued_on = quiet_thursday()
		doc.save()
		doc = apply_workflow(doc, "Record Issue")
		made = create_reminders()
		self.assertEqual(
			len([t for t in made if frappe.db.get_value("ToDo", t, "reference_name") == doc.name]), 2
		)  # lower-rate and full due dates
		self.assertEqual(
			[t for t in create_reminders() if frappe.db.get_value("ToDo", t, "reference_name") == doc.name],
			[],
		)  # run again: nothing new
		doc.update({"paid_on": getdate(doc.issued_on) + timedelta(days=6), "amount_paid": 80})
		doc.save()
		doc = apply_workflow(doc, "Record Payment")
		self.assertEqual((doc.status, doc.outcome), ("Paid", "Paid at lower rate"))
		doc = apply_workflow(doc, "Close")
		self.assertEqual(doc.status, "Closed")

	def test_nobody_authorises_a_referral_they_raised(self):
		frappe.set_user(self.head)
		name = self.referral().name  # raised by the Headteacher
		frappe.set_user(self.officer)
		apply_workflow(frappe.get_doc(REFERRAL, name), "Ask for Authorisation")
		with self.assertRaises(WorkflowTransitionError):  # an officer never authorises
			apply_workflow(frappe.get_doc(REFERRAL, name), "Authorise Referral")
		frappe.set_user(self.head)
		with self.assertRaises((frappe.PermissionError, frappe.ValidationError)):  # nor the one who raised it
			apply_workflow(frappe.get_doc(REFERRAL, name), "Authorise Referral")
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value(REFERRAL, name, ["status", "authorised_by"]), ("Awaiting Authorisation", None)
		)

	def test_the_headteachers_named_deputy_authorises_and_no_other_officer_does(self):
		deputy = make_staff_user("Attendance Officer", "-deputy")
		frappe.db.set_single_value("Attendance Settings", "penalty_notice_authoriser", deputy)
		frappe.set_user(self.officer)
		name = self.referral().name
		apply_workflow(frappe.get_doc(REFERRAL, name), "Ask for Authorisation")
		other = make_staff_user("Attendance Officer", "-not-named")
		frappe.set_user(other)
		with self.assertRaises(WorkflowTransitionError):
			apply_workflow(frappe.get_doc(REFERRAL, name), "Authorise Referral")
		frappe.set_user(deputy)
		doc = apply_workflow(frappe.get_doc(REFERRAL, name), "Authorise Referral")
		self.assertEqual((doc.status, doc.docstatus, doc.authorised_by), ("Referred to LA", 1, deputy))

	def test_the_named_deputy_never_authorises_a_referral_they_raised(self):
		deputy = make_staff_user("Attendance Officer", "-deputy")
		frappe.db.set_single_value("Attendance Settings", "penalty_notice_authoriser", deputy)
		frappe.set_user(deputy)
		name = self.referral().name
		apply_workflow(frappe.get_doc(REFERRAL, name), "Ask for Authorisation")
		with self.assertRaises((frappe.PermissionError, frappe.ValidationError)):
			apply_workflow(frappe.get_doc(REFERRAL, name), "Authorise Referral")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(REFERRAL, name, "status"), "Awaiting Authorisation")

	def test_a_save_that_moves_the_stage_without_the_workflow_is_refused_for_an_officer(self):
		frappe.set_user(self.officer)
		doc = self.referral()
		doc = apply_workflow(doc, "Ask for Authorisation")
		doc.status = "Referred to LA"
		with self.assertRaises(frappe.ValidationError):  # the workflow or check_stage refuses
			doc.submit()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(REFERRAL, doc.name, "status"), "Awaiting Authorisation")
