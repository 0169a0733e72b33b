# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: a support meeting checks what it records, keeps the figures of the day, makes one
reminder per date (never two), and shows its overdue actions to the staff who may see them
(issue 14 item 1)."""

from datetime import timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.absence.guardians import NotPupilsGuardianError
from attendance_officer.attendance_officer.doctype.attendance_support_meeting.attendance_support_meeting import (
	SupportMeetingError,
)
from attendance_officer.registers.write import write_marks
from attendance_officer.support.actions import overdue_actions, overdue_for_student
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.leave_factories import give_head_of_year, link_guardian, make_guardian_user

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 14)
MEETING = "Attendance Support Meeting"


class TestAttendanceSupportMeeting(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO Support 8S", 3)
		cls.mum, _ = make_guardian_user("Support Mum")
		cls.stranger, _ = make_guardian_user("Support Stranger")
		cls.officer = make_staff_user("Attendance Officer", "-support")
		cls.hoy = make_staff_user("Head of Year", "-support")
		cls.tutor = make_staff_user("Instructor", "-support")
		frappe.db.commit()

	def setUp(self):
		link_guardian(self.pupils[0], self.mum, 1, 1)
		frappe.db.sql(
			"""UPDATE `tabStudent` SET `nc_year` = '8', `address_line_1` = '4 Support Street', `pincode` = 'LS3 3CC'
			WHERE `name` IN %s""",
			(tuple(self.pupils),),
		)
		# 8 sessions present, 2 unauthorised: 80.0%, persistent absence
		write_marks(
			[
				{"student": self.pupils[0], "date": MONDAY + timedelta(days=d), "session": part, "code": code}
				for d in range(5)
				for part, code in (("AM", "/"), ("PM", "O" if d < 2 else "\\"))
			],
			source="Register",
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def meeting(self, student=None, **fields):
		frappe.set_user(self.officer)
		return frappe.get_doc(
			{
				"doctype": MEETING,
				"student": student or self.pupils[0],
				"meeting_type": "Attendance pastoral support meeting",
				"meeting_date": MONDAY + timedelta(days=7),
				**fields,
			}
		).insert()

	def todos(self, name: str, status: str | None = None) -> list[str]:
		filters = {"reference_type": MEETING, "reference_name": name}
		if status:
			filters["status"] = status
		return frappe.get_all("ToDo", filters=filters, pluck="name")

	def refused(self, error, pattern, **fields):
		before = frappe.db.count(MEETING)
		with self.assertRaisesRegex(error, pattern):
			self.meeting(**fields)
		self.assertEqual(frappe.db.count(MEETING), before)

	def test_a_review_before_the_meeting_is_refused(self):
		self.refused(SupportMeetingError, "review date is before the meeting", review_date=MONDAY)

	def test_an_attendee_who_is_not_the_pupils_guardian_is_refused(self):
		self.refused(NotPupilsGuardianError, "Attendees row 1", attendees=[{"guardian": self.stranger}])

	def test_an_action_due_before_the_meeting_or_done_in_the_future_is_refused(self):
		self.refused(
			SupportMeetingError,
			"Actions row 1: the due date is before",
			actions=[{"action": "Call", "due_date": MONDAY}],
		)
		self.refused(
			SupportMeetingError,
			"Done On is in the future",
			actions=[
				{"action": "Call", "due_date": TODAY, "status": "Done", "done_on": TODAY + timedelta(days=1)}
			],
		)

	def test_the_figures_of_the_day_come_from_the_register(self):
		doc = self.meeting(
			attendees=[{"guardian": self.mum, "role": "Mum"}, {"attendee_name": "Pupil", "role": "Pupil"}]
		)
		self.assertEqual((doc.possible_sessions, doc.attended_sessions), (10, 8))
		self.assertEqual((doc.attendance_percent, doc.band), (80.0, "Persistent absence"))
		self.assertEqual(getdate(doc.figures_to), MONDAY + timedelta(days=7))
		self.assertEqual(doc.attendees[0].attendee_name, "Parent Support Mum")

	def test_one_reminder_per_date_created_once_closed_when_done_cancelled_with_the_meeting(self):
		doc = self.meeting(
			review_date=TODAY + timedelta(days=20),
			actions=[
				{
					"action": "Morning check-in with the Head of Year",
					"assigned_to": self.hoy,
					"due_date": TODAY + timedelta(days=5),
				},
				{"action": "Refer to the school nurse", "due_date": TODAY + timedelta(days=3)},
			],
		)
		self.assertEqual(len(self.todos(doc.name)), 3)
		doc.save()
		doc.submit()
		self.assertEqual(len(self.todos(doc.name)), 3)  # a second save and the submit add none
		self.assertEqual(frappe.db.get_value("ToDo", doc.actions[0].todo, "allocated_to"), self.hoy)
		self.assertEqual(frappe.db.get_value("ToDo", doc.actions[1].todo, "allocated_to"), self.officer)

		doc.reload()
		doc.actions[1].status = "Done"
		doc.actions[1].done_on = TODAY
		doc.save()  # after submit: actions stay editable
		self.assertEqual(frappe.db.get_value("ToDo", doc.actions[1].todo, "status"), "Closed")
		self.assertEqual(len(self.todos(doc.name, "Open")), 2)

		doc.cancel()
		self.assertEqual(len(self.todos(doc.name, "Open")), 0)
		self.assertEqual(len(self.todos(doc.name, "Cancelled")), 2)
		self.assertEqual(len(self.todos(doc.name)), 3)  # nothing deleted

	def test_a_removed_action_takes_its_reminder_with_it(self):
		doc = self.meeting(actions=[{"action": "Call home", "due_date": TODAY + timedelta(days=3)}])
		(todo,) = self.todos(doc.name, "Open")
		doc.actions = []
		doc.save()
		self.assertEqual(frappe.db.get_value("ToDo", todo, "status"), "Cancelled")
		self.assertEqual(self.todos(doc.name, "Open"), [])

	def test_a_todo_about_another_record_is_never_taken_over(self):
		frappe.set_user("Administrator")
		theirs = frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": "Administrator",
				"description": "Penalty notice deadline",
				"reference_type": "Student",
				"reference_name": self.pupils[1],
			}
		).insert(ignore_permissions=True)
		doc = self.meeting(review_date=TODAY + timedelta(days=9), review_todo=theirs.name)
		self.assertNotEqual(doc.review_todo, theirs.name)
		theirs.reload()
		self.assertEqual(
			(theirs.description, theirs.allocated_to, theirs.status),
			("Penalty notice deadline", "Administrator", "Open"),
		)

	def test_a_letter_to_post_with_no_address_is_refused_and_nothing_logged(self):
		from attendance_officer.letters.support import MINUTES, send_meeting_letter

		frappe.db.set_value(
			"Student Guardian",
			{"parent": self.pupils[0], "guardian": self.mum},
			"preferred_channel",
			"Letter",
		)
		frappe.db.set_value("Student", self.pupils[0], "address_line_1", "")
		frappe.db.set_value("Student", self.pupils[0], "pincode", "")
		doc = self.meeting(attendees=[{"guardian": self.mum, "attended": 1}])
		doc.submit()
		with self.assertRaisesRegex(frappe.ValidationError, "no postal address"):
			send_meeting_letter(doc.name, MINUTES)
		self.assertFalse(frappe.db.exists("Attendance Letter", {"reference_name": doc.name}))

	def test_the_lead_must_be_an_enabled_member_of_staff(self):
		_guardian, parent_user = make_guardian_user("Support Mum")
		self.refused(SupportMeetingError, "Led By: .* is not a member of staff", led_by=parent_user)

	def test_overdue_actions_show_in_scope_with_a_query_count_that_does_not_grow(self):
		due = TODAY - timedelta(days=3)
		for pupil in self.pupils[:1]:
			self.meeting(
				student=pupil,
				meeting_date=due - timedelta(days=2),
				actions=[{"action": "Call home", "due_date": due}],
			)
		frappe.set_user(self.officer)
		with self.assertQueryCount(5):
			one = overdue_actions()
		frappe.set_user("Administrator")
		for pupil in self.pupils[1:]:
			self.meeting(
				student=pupil,
				meeting_date=due - timedelta(days=2),
				actions=[{"action": "Call home", "due_date": due}],
			)
		frappe.set_user(self.officer)
		with self.assertQueryCount(5):
			three = overdue_actions()
		mine = [r for r in three if r["student"] in self.pupils]
		self.assertEqual(len(mine), 3)
		self.assertEqual({r["days_overdue"] for r in mine}, {3})
		self.assertEqual(len([r for r in one if r["student"] in self.pupils]), 1)
		self.assertEqual(overdue_for_student(self.pupils[0])["count"], 1)

		give_head_of_year(self.hoy, "7", [self.pupils[2]])  # the Head of Year of Year 7 sees only pupil 3
		frappe.set_user(self.hoy)
		self.assertEqual(
			{r["student"] for r in overdue_actions() if r["student"] in self.pupils}, {self.pupils[2]}
		)

	def test_a_tutor_cannot_read_support_meetings(self):
		doc = self.meeting()
		frappe.set_user(self.tutor)
		with self.assertRaises(frappe.PermissionError):
			overdue_actions()
		with self.assertRaises(frappe.DoesNotExistError):  # out of scope reads as missing
			frappe.get_doc(MEETING, doc.name).check_permission("read")

	def test_the_student_dashboard_keeps_educations_links_and_adds_the_casework(self):
		data = frappe.get_meta("Student").get_dashboard_data()
		items = {item for group in data.transactions for item in group["items"]}
		self.assertTrue({"Program Enrollment", "Student Attendance", "Fees"} <= items)  # Education's own
		self.assertTrue({"Attendance Mark", MEETING, "Attendance Letter", "Penalty Notice Referral"} <= items)

	def test_the_minutes_and_the_contract_go_to_the_parent_who_came_as_pdfs_and_are_logged(self):
		from attendance_officer.letters.penalty import LetterNotReady
		from attendance_officer.letters.support import send_meeting_letter

		frappe.db.set_value(
			"Student Guardian",
			{"parent": self.pupils[0], "guardian": self.mum},
			"preferred_channel",
			"Letter",
		)
		doc = self.meeting(
			meeting_type="Attendance contract",
			attendees=[{"guardian": self.mum, "role": "Mum"}],
			attendance_target=95,
			review_date=TODAY + timedelta(days=30),
			actions=[
				{
					"action": "Walk to school together",
					"owner_name": "Mum",
					"due_date": TODAY + timedelta(days=7),
				},
				{
					"action": "Bus pass application",
					"assigned_to": self.officer,
					"due_date": TODAY + timedelta(days=7),
				},
			],
		)
		with self.assertRaisesRegex(LetterNotReady, "Submit the minutes first"):
			send_meeting_letter(doc.name, "Support Meeting Minutes")
		doc.submit()
		for kind, letter_type in (
			("Support Meeting Minutes", "Meeting Minutes"),
			("Attendance Contract", "Attendance Contract"),
		):
			sent = send_meeting_letter(doc.name, kind)
			log = frappe.get_doc("Attendance Letter", sent["letter"])
			self.assertEqual((log.letter_type, log.guardian, log.sent_via), (letter_type, self.mum, "Post"))
			pdf = frappe.get_doc(
				"File", {"attached_to_doctype": "Attendance Letter", "attached_to_name": log.name}
			)
			self.assertTrue(pdf.get_content().startswith(b"%PDF"))
		html = frappe.get_print(MEETING, doc.name, print_format="Attendance Contract")
		self.assertLess(html.index("Walk to school together"), html.index("The school will"))
		self.assertGreater(html.index("Bus pass application"), html.index("The school will"))

		frappe.db.set_value(
			"Student Guardian", {"parent": self.pupils[0], "guardian": self.mum}, "do_not_contact", 1
		)
		with self.assertRaisesRegex(LetterNotReady, "Do Not Contact"):
			send_meeting_letter(doc.name, "Support Meeting Minutes")

	def test_a_parents_website_account_is_never_a_staff_member_on_the_meeting(self):
		_guardian, parent_user = make_guardian_user("Support Mum")
		self.refused(
			SupportMeetingError,
			"Attendees row 1: .* is not a member of staff",
			attendees=[{"user": parent_user}],
		)
		self.refused(
			SupportMeetingError,
			"Actions row 1: .* is not a member of staff",
			actions=[{"action": "Call", "assigned_to": parent_user, "due_date": TODAY}],
		)
