# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench-only: the Leave of Absence Approval workflow, deciders, codes on approval, exact restore."""

from datetime import timedelta

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import getdate

from attendance_officer.attendance_officer.doctype.leave_of_absence_request.leave_of_absence_request import (
	DeciderError,
	DecisionError,
	GuardianNotEligibleError,
	OverlappingLeaveError,
	correct_reason,
	decide,
	mark_declined_leave_taken,
)
from attendance_officer.leave.api import request_leave, withdraw_leave_request
from attendance_officer.registers.mirror import mirror_marks
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_staff_user
from attendance_officer.tests.leave_factories import (
	link_guardian,
	make_guardian_user,
	make_year_pupil,
	set_head_of_year,
)

test_ignore = ["Student", "Student Group", "Guardian"]

LOA = "Leave of Absence Request"
TODAY = getdate()
LAST_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
LAST_TUESDAY = LAST_MONDAY + timedelta(days=1)
NEXT_MONDAY = TODAY + timedelta(days=7 - TODAY.weekday())
NEXT_TUESDAY = NEXT_MONDAY + timedelta(days=1)
NEXT_WEDNESDAY = NEXT_MONDAY + timedelta(days=2)


def snapshot(student, start=LAST_MONDAY, end=LAST_TUESDAY):
	return sorted(
		frappe.db.sql(
			"""SELECT `date`, `session`, `attendance_code`, `source`, IFNULL(`source_name`, '')
			FROM `tabAttendance Mark` WHERE `student` = %s AND `date` BETWEEN %s AND %s""",
			(student, start, end),
		)
	)


def trail(student, day, session):
	return frappe.get_all(
		"Attendance Mark Amendment",
		filters={"parent": f"{student}-{day}-{session}"},
		fields=["previous_code", "new_code", "reason"],
		order_by="idx",
	)


class TestLeaveOfAbsenceRequest(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.pupil8 = make_year_pupil("Yeareight", "8")
		cls.pupil10 = make_year_pupil("Yearten", "10")
		cls.pupil11 = make_year_pupil("Yeareleven", "11")  # no Head of Year: the Headteacher decides
		cls.guardian, cls.parent = make_guardian_user("Leave A")
		cls.apart, cls.apart_user = make_guardian_user("Leave Apart")
		for pupil in (cls.pupil8, cls.pupil10, cls.pupil11):
			link_guardian(pupil, cls.guardian, 1)
			link_guardian(pupil, cls.apart, 0)
		cls.officer = make_staff_user("Attendance Officer", "-loa")
		cls.hoy8 = make_staff_user("Head of Year", "-loa8")
		cls.hoy10 = make_staff_user("Head of Year", "-loa10")
		cls.head = make_staff_user("Headteacher", "-loa")
		set_head_of_year("8", cls.hoy8)
		set_head_of_year("10", cls.hoy10)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	# ------------------------------------------------------------ helpers

	def ask(
		self, student=None, start=NEXT_MONDAY, end=NEXT_TUESDAY, ground="Exceptional Circumstances", **kw
	):
		"""A request made by the guardian through the portal (status Submitted)."""
		frappe.set_user(self.parent)
		name = request_leave(
			student=student or self.pupil8,
			from_date=str(start),
			from_session=kw.get("from_session", "AM"),
			to_date=str(end),
			to_session=kw.get("to_session", "PM"),
			leave_ground=ground,
			reason="Grandparent's funeral abroad",
		)["name"]
		frappe.set_user("Administrator")
		return name

	def act(self, user, name, action, **fields):
		frappe.set_user(user)
		try:
			doc = frappe.get_doc(LOA, name)
			if fields:
				doc.update(fields)
				doc.save()
			return apply_workflow(doc, action)
		finally:
			frappe.set_user("Administrator")

	def to_decision(self, name):
		self.act(self.officer, name, "Start Review")
		self.act(self.officer, name, "Send for Decision")

	# ------------------------------------------------------------ the request

	def test_portal_request_is_submitted_with_sessions_code_and_figures(self):
		name = self.ask()
		doc = frappe.get_doc(LOA, name)
		self.assertEqual(doc.status, "Submitted")
		self.assertEqual(doc.docstatus, 0)
		self.assertEqual(doc.attendance_code, "C")
		self.assertEqual(doc.sessions_requested, 4)
		self.assertEqual(doc.retrospective, 0)
		self.assertEqual(doc.guardian, self.guardian)
		self.assertEqual(doc.year_group, "8")

	def test_am_pm_aware_session_count(self):
		name = self.ask(start=NEXT_MONDAY, end=NEXT_WEDNESDAY, from_session="PM", to_session="AM")
		self.assertEqual(frappe.db.get_value(LOA, name, "sessions_requested"), 4)  # Mon PM .. Wed AM

	def test_guardian_the_pupil_does_not_live_with_is_refused(self):
		with self.assertRaises(GuardianNotEligibleError) as caught:
			frappe.get_doc(
				{
					"doctype": LOA,
					"student": self.pupil8,
					"guardian": self.apart,
					"from_date": NEXT_MONDAY,
					"to_date": NEXT_MONDAY,
					"from_session": "AM",
					"to_session": "PM",
					"leave_ground": "Interview",
					"reason": "Interview",
				}
			).insert()
		self.assertIn("normally lives with", str(caught.exception))

	def test_a_guardian_cannot_ask_in_another_parents_name(self):
		other, _ = make_guardian_user("Leave Other Parent")
		link_guardian(self.pupil8, other, 1)
		frappe.set_user(self.parent)
		values = {
			"doctype": LOA,
			"student": self.pupil8,
			"guardian": other,
			"from_date": NEXT_MONDAY,
			"to_date": NEXT_MONDAY,
			"from_session": "AM",
			"to_session": "PM",
			"leave_ground": "Interview",
			"reason": "Interview",
		}
		# Parents hold no role rule on requests: the standard API refuses them outright.
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(values).insert()
		# Even past the role check, validate refuses a request in the other parent's name.
		with self.assertRaises(GuardianNotEligibleError) as caught:
			frappe.get_doc(values).insert(ignore_permissions=True)
		self.assertIn("as yourself", str(caught.exception))

	def test_a_parent_cannot_forge_server_owned_fields(self):
		frappe.set_user(self.parent)
		doc = frappe.get_doc(
			{
				"doctype": LOA,
				"student": self.pupil8,
				"guardian": self.guardian,
				"from_date": NEXT_MONDAY,
				"to_date": NEXT_MONDAY,
				"from_session": "AM",
				"to_session": "PM",
				"leave_ground": "Interview",
				"reason": "Interview",
				"requested_on": LAST_MONDAY - timedelta(days=60),
				"status": "Approved",
				"decision": "Approved",
				"decided_by": "Administrator",
				"decision_reason": "forged",
				"sessions_approved": 2,
				"taken_anyway": 1,
				"changes": '[{"code": "/"}]',
			}
		).insert(ignore_permissions=True)
		saved = frappe.db.get_value(
			LOA,
			doc.name,
			[
				"requested_on",
				"status",
				"decision",
				"decided_by",
				"decision_reason",
				"sessions_approved",
				"taken_anyway",
				"changes",
				"retrospective",
			],
			as_dict=True,
		)
		self.assertEqual(saved.requested_on, TODAY)
		self.assertEqual(saved.status, "Draft")
		self.assertEqual((saved.decision, saved.decided_by, saved.decision_reason), (None, None, None))
		self.assertEqual((saved.sessions_approved, saved.taken_anyway, saved.retrospective), (0, 0, 0))
		self.assertIn(saved.changes, (None, ""))

	def test_overlapping_open_request_is_refused_until_withdrawn(self):
		first = self.ask()
		with self.assertRaises(OverlappingLeaveError):
			self.ask(start=NEXT_TUESDAY, end=NEXT_WEDNESDAY)
		frappe.set_user(self.parent)
		withdraw_leave_request(request=first)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(LOA, first, "status"), "Withdrawn")
		self.assertTrue(self.ask(start=NEXT_TUESDAY, end=NEXT_WEDNESDAY))

	def test_retrospective_request_is_flagged_not_refused(self):
		name = self.ask(start=LAST_MONDAY, end=LAST_TUESDAY)
		self.assertEqual(frappe.db.get_value(LOA, name, "retrospective"), 1)

	# ------------------------------------------------------------ transitions and deciders

	def test_every_transition_to_approval_then_codes_then_exact_restore(self):
		p = self.pupil8
		write_marks(
			[
				{"student": p, "date": LAST_MONDAY, "session": "AM", "code": "N"},
				{"student": p, "date": LAST_TUESDAY, "session": "PM", "code": "\\"},
			],
			source="Register",
		)
		before = snapshot(p)
		name = self.ask(start=LAST_MONDAY, end=LAST_TUESDAY)
		self.act(self.officer, name, "Start Review")
		self.assertEqual(frappe.db.get_value(LOA, name, "status"), "Under Review")
		self.act(self.officer, name, "Send for Decision")
		self.assertEqual(frappe.db.get_value(LOA, name, "status"), "Awaiting Decision")
		self.act(self.hoy8, name, "Approve")
		doc = frappe.get_doc(LOA, name)
		self.assertEqual((doc.status, doc.docstatus, doc.decision), ("Approved", 1, "Approved"))
		self.assertEqual(doc.decided_by, self.hoy8)
		self.assertTrue(doc.decided_on)
		codes = {(str(r[0]), r[1]): r[2] for r in snapshot(p)}
		self.assertEqual(codes[(str(LAST_MONDAY), "AM")], "C")  # N replaced
		self.assertEqual(codes[(str(LAST_MONDAY), "PM")], "C")
		self.assertEqual(codes[(str(LAST_TUESDAY), "AM")], "C")
		self.assertEqual(codes[(str(LAST_TUESDAY), "PM")], "\\")  # attending: left alone
		self.assertEqual(
			frappe.db.get_value(
				"Attendance Mark", {"student": p, "date": LAST_MONDAY, "session": "PM"}, "source"
			),
			"Leave of Absence",
		)
		letter = frappe.get_all(
			"Attendance Letter",
			filters={"reference_name": name},
			fields=["letter_type", "guardian", "sent_via", "recipient"],
		)
		self.assertEqual(letter[0].letter_type, "Leave Approved")
		self.assertEqual((letter[0].guardian, letter[0].recipient), (self.guardian, self.parent))
		if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
			self.assertEqual(letter[0].sent_via, "Email")
			self.assertTrue(frappe.db.exists("Email Queue", {"reference_name": name}))
		else:  # no outgoing account on this site: logged for posting, the decision stands
			self.assertEqual(letter[0].sent_via, "Post")
		frappe.set_user(self.head)
		frappe.get_doc(LOA, name).cancel()
		frappe.set_user("Administrator")
		self.assertEqual(snapshot(p), before)
		self.assertEqual(frappe.db.get_value(LOA, name, "status"), "Cancelled")

	def approve(self, start=LAST_MONDAY, end=LAST_MONDAY, **kw):
		"""A request approved by the pupil's Head of Year (the marks are written); its name."""
		name = self.ask(start=start, end=end, **kw)
		self.to_decision(name)
		self.act(self.hoy8, name, "Approve")
		return name

	def cancel(self, name):
		frappe.set_user(self.head)
		try:
			frappe.get_doc(LOA, name).cancel()
		finally:
			frappe.set_user("Administrator")

	def test_a_note_changed_on_the_mark_form_is_left_as_amended_on_cancel(self):
		"""Code and writer unchanged, but the trail grew: the hand amendment is kept."""
		pupil = self.pupil8
		name = self.approve(to_session="AM")
		mark = frappe.get_doc("Attendance Mark", f"{pupil}-{LAST_MONDAY}-AM")
		self.assertEqual((mark.attendance_code, mark.source_name), ("C", name))
		mark.note = "Funeral order of service on file"
		mark.amendment_reason = "Evidence received"
		mark.save()
		self.cancel(name)
		self.assertEqual(
			frappe.db.get_value("Attendance Mark", mark.name, ["attendance_code", "note"]),
			("C", "Funeral order of service on file"),
		)
		said = trail(pupil, LAST_MONDAY, "AM")
		self.assertEqual(len(said), 2)  # the form's amendment is never deleted
		self.assertIn(name, said[-1].reason)
		self.assertIn("left as C", said[-1].reason)
		self.assertEqual(frappe.db.get_value(LOA, name, "status"), "Cancelled")

	def test_a_blank_session_whose_mark_has_a_trail_is_kept_not_deleted(self):
		pupil = self.pupil8
		name = self.approve(to_session="AM")
		# another record wrote over it and, cancelled, put it back: two trail rows by record writers
		key = {"student": pupil, "date": LAST_MONDAY, "session": "AM"}
		write_marks(
			[{**key, "code": "I"}],
			source="Absence Record",
			source_doctype="Absence Record",
			source_name="ABR-TEST",
			reason="Illness reported",
		)
		write_marks(
			[{**key, "code": "C", "note": f"Leave of absence {name}"}],
			source="Leave of Absence",
			source_doctype=LOA,
			source_name=name,
			reason="Absence record cancelled",
		)
		self.cancel(name)
		codes = {(str(r[0]), r[1]): (r[2], r[3], r[4]) for r in snapshot(pupil)}
		self.assertEqual(codes.get((str(LAST_MONDAY), "AM")), ("C", "Leave of Absence", name))
		said = trail(pupil, LAST_MONDAY, "AM")
		self.assertEqual(len(said), 3)
		self.assertIn("amendment trail, so it is kept", said[-1].reason)

	def test_cancel_puts_educations_student_attendance_back(self):
		"""Morning marks mirror into Student Attendance; cancel restores it exactly."""
		pupil = self.pupil8
		# A day record made in Education (its Student Attendance Tool) with no register mark.
		present = mirror_marks([{"student": pupil, "date": LAST_TUESDAY, "session": "AM", "code": "/"}])[
			(pupil, LAST_TUESDAY)
		]
		self.assertEqual(frappe.db.get_value("Student Attendance", present, "status"), "Present")
		name = self.approve(end=LAST_TUESDAY, to_session="AM")  # Mon AM, Mon PM, Tue AM (all blank)
		created = frappe.db.get_value(
			"Student Attendance", {"student": pupil, "date": LAST_MONDAY, "docstatus": ("<", 2)}, "name"
		)
		self.assertTrue(created)
		self.assertEqual(frappe.db.get_value("Student Attendance", present, "status"), "Absent")
		self.assertEqual(
			frappe.db.get_value("Attendance Mark", f"{pupil}-{LAST_TUESDAY}-AM", "student_attendance"),
			present,
		)
		self.cancel(name)
		self.assertEqual(snapshot(pupil), [])
		self.assertEqual(frappe.db.get_value("Student Attendance", created, "docstatus"), 2)
		self.assertEqual(
			frappe.db.get_value("Student Attendance", present, ["status", "docstatus"], as_dict=True),
			{"status": "Present", "docstatus": 1},
		)

	def test_partly_approved_needs_an_end_and_writes_only_those_sessions(self):
		name = self.ask(start=LAST_MONDAY, end=LAST_TUESDAY)
		self.to_decision(name)
		with self.assertRaises(DecisionError):
			self.act(self.hoy8, name, "Partly Approve")
		self.act(self.hoy8, name, "Partly Approve", approved_to_date=LAST_MONDAY, approved_to_session="PM")
		doc = frappe.get_doc(LOA, name)
		self.assertEqual(
			(doc.status, doc.decision, doc.sessions_approved), ("Partly Approved", "Partly approved", 2)
		)
		codes = {(str(r[0]), r[1]): r[2] for r in snapshot(self.pupil8)}
		self.assertEqual(set(codes), {(str(LAST_MONDAY), "AM"), (str(LAST_MONDAY), "PM")})

	def test_decline_needs_a_reason_sends_the_letter_and_taken_leave_is_one_g_action(self):
		name = self.ask(start=LAST_MONDAY, end=LAST_TUESDAY)
		self.to_decision(name)
		with self.assertRaises(DecisionError) as caught:
			self.act(self.hoy8, name, "Decline")
		self.assertIn("needs a reason", str(caught.exception))
		self.act(self.hoy8, name, "Decline", decision_note="A holiday is not exceptional.")
		doc = frappe.get_doc(LOA, name)
		self.assertEqual((doc.status, doc.docstatus, doc.decision), ("Declined", 1, "Declined"))
		self.assertEqual(doc.decision_reason, "A holiday is not exceptional.")
		self.assertEqual(snapshot(self.pupil8), [])  # nothing written on decline
		self.assertEqual(
			frappe.db.get_value("Attendance Letter", {"reference_name": name}, "letter_type"),
			"Leave Declined",
		)
		html = frappe.get_print(LOA, name, print_format="Leave Declined")
		self.assertIn("penalty notice under the National Framework", html)
		self.assertIn("80 pounds if paid within 21 days", html)
		self.assertIn("A holiday is not exceptional.", html)
		frappe.set_user(self.parent)
		with self.assertRaises(frappe.PermissionError):
			mark_declined_leave_taken(name)
		frappe.set_user(self.officer)
		self.assertEqual(mark_declined_leave_taken(name)["marked"], 4)
		frappe.set_user("Administrator")
		self.assertEqual({r[2] for r in snapshot(self.pupil8)}, {"G"})
		self.assertEqual(frappe.db.get_value(LOA, name, "taken_anyway"), 1)

	def test_head_of_year_8_cannot_see_or_decide_a_year_10_request(self):
		name = self.ask(student=self.pupil10)
		self.to_decision(name)
		frappe.set_user(self.hoy8)
		self.assertNotIn(name, frappe.get_list(LOA, pluck="name"))
		self.assertFalse(frappe.has_permission(LOA, "read", doc=frappe.get_doc(LOA, name)))
		frappe.set_user("Administrator")
		with self.assertRaises((frappe.PermissionError, WorkflowTransitionError)):
			self.act(self.hoy8, name, "Approve")
		self.assertEqual(frappe.db.get_value(LOA, name, "status"), "Awaiting Decision")
		self.act(self.hoy10, name, "Approve")
		self.assertEqual(frappe.db.get_value(LOA, name, "status"), "Approved")

	def test_head_of_year_sees_their_own_year(self):
		name = self.ask()
		frappe.set_user(self.hoy8)
		self.assertIn(name, frappe.get_list(LOA, pluck="name"))
		frappe.set_user(self.hoy10)
		self.assertNotIn(name, frappe.get_list(LOA, pluck="name"))

	def test_headteacher_decides_when_no_head_of_year_is_set(self):
		name = self.ask(student=self.pupil11)
		self.to_decision(name)
		with self.assertRaises((frappe.PermissionError, WorkflowTransitionError)):
			self.act(self.hoy8, name, "Approve")
		self.act(self.head, name, "Approve")
		self.assertEqual(frappe.db.get_value(LOA, name, "decided_by"), self.head)

	def test_attendance_officer_and_guardian_cannot_decide(self):
		name = self.ask()
		self.to_decision(name)
		for user in (self.officer, self.parent):
			with self.assertRaises((frappe.PermissionError, WorkflowTransitionError, frappe.ValidationError)):
				self.act(user, name, "Approve")
		self.assertEqual(frappe.db.get_value(LOA, name, "docstatus"), 0)

	def test_officer_cannot_skip_review(self):
		name = self.ask()
		with self.assertRaises(WorkflowTransitionError):
			self.act(self.officer, name, "Send for Decision")

	def test_nobody_decides_a_request_for_their_own_child(self):
		name = self.ask()
		self.to_decision(name)
		frappe.db.set_value("Guardian", self.apart, "user", None)
		staff_parent = make_staff_user("Headteacher", "-parent")
		frappe.db.set_value("Guardian", self.apart, "user", staff_parent)
		with self.assertRaises(DeciderError) as caught:
			self.act(staff_parent, name, "Approve")
		self.assertIn("guardian of this pupil", str(caught.exception))

	def test_nobody_decides_a_request_they_raised(self):
		frappe.set_user(self.head)
		doc = frappe.get_doc(
			{
				"doctype": LOA,
				"student": self.pupil8,
				"guardian": self.guardian,
				"from_date": NEXT_MONDAY,
				"to_date": NEXT_MONDAY,
				"from_session": "AM",
				"to_session": "PM",
				"leave_ground": "Interview",
				"reason": "College interview",
			}
		).insert()
		frappe.set_user("Administrator")
		frappe.db.set_value(LOA, doc.name, "status", "Awaiting Decision")
		frappe.set_user(self.head)
		doc = frappe.get_doc(LOA, doc.name)
		doc.status = "Approved"
		with self.assertRaises(DeciderError) as caught:
			doc.submit()
		self.assertIn("You raised this request", str(caught.exception))
		# and the workflow itself refuses self-approval (allow_self_approval is 0)
		with self.assertRaises(frappe.ValidationError):
			apply_workflow(frappe.get_doc(LOA, doc.name), "Approve")

	def test_withdrawal_only_before_a_decision(self):
		name = self.ask()
		self.to_decision(name)
		self.act(self.hoy8, name, "Approve")
		frappe.set_user(self.parent)
		with self.assertRaises(frappe.ValidationError):
			withdraw_leave_request(request=name)

	def test_decide_dialog_records_the_decision_for_the_right_decider_only(self):
		name = self.ask()
		self.to_decision(name)
		frappe.set_user(self.hoy10)
		with self.assertRaises(frappe.PermissionError):
			decide(name, "Declined", decision_note="No")
		frappe.set_user(self.hoy8)
		with self.assertRaises(DecisionError):
			decide(name, "Declined")
		self.assertEqual(decide(name, "Declined", decision_note="Not exceptional")["status"], "Declined")
		frappe.set_user("Administrator")
		doc = frappe.get_doc(LOA, name)
		self.assertEqual(
			(doc.docstatus, doc.decided_by, doc.decision_reason), (1, self.hoy8, "Not exceptional")
		)

	def test_head_of_year_reviews_and_decides_alone(self):
		"""Issue 11 item 4: no attendance officer step is needed before the decision."""
		name = self.ask()
		self.act(self.hoy8, name, "Approve")
		self.assertEqual(frappe.db.get_value(LOA, name, ["status", "docstatus"]), ("Approved", 1))
		other = self.ask(start=NEXT_WEDNESDAY, end=NEXT_WEDNESDAY)
		self.act(self.hoy8, other, "Start Review")
		self.act(self.hoy8, other, "Send for Decision")
		self.assertEqual(frappe.db.get_value(LOA, other, "status"), "Awaiting Decision")
		third = self.ask(start=NEXT_MONDAY + timedelta(days=14), end=NEXT_MONDAY + timedelta(days=14))
		with self.assertRaises((WorkflowTransitionError, frappe.PermissionError)):  # not their year
			self.act(self.hoy10, third, "Approve")

	def test_attendance_at_decision_counts_todays_marks_when_none_came_before(self):
		"""Issue 11 item 5: a pupil marked only today shows today's sessions, not 0 possible."""
		write_marks(
			[{"student": self.pupil11, "date": TODAY, "session": "AM", "code": "/"}], source="Register"
		)
		doc = frappe.get_doc(LOA, self.ask(student=self.pupil11))
		if TODAY.weekday() < 5:
			self.assertEqual((doc.possible_sessions, doc.attendance_percent), (1, 100))
			self.assertIn(frappe.utils.formatdate(TODAY), doc.attendance_period)

	def test_the_decider_corrects_the_reason_and_the_parents_words_are_kept(self):
		"""Issue 11 item 9: the Head of Year corrects the reason; nobody else may."""
		name = self.ask()
		for user in (self.officer, self.hoy10, self.parent):
			frappe.set_user(user)
			with self.assertRaises((frappe.PermissionError, frappe.ValidationError)):
				correct_reason(name, "Changed by the wrong person")
			frappe.set_user("Administrator")
		frappe.set_user(self.hoy8)
		correct_reason(name, "Funeral of the pupil's grandmother in Lagos")
		correct_reason(name, "Funeral of the pupil's grandmother in Lagos, Nigeria")
		frappe.set_user("Administrator")
		doc = frappe.get_doc(LOA, name)
		self.assertEqual(doc.reason, "Funeral of the pupil's grandmother in Lagos, Nigeria")
		self.assertEqual(doc.original_reason, "Grandparent's funeral abroad")  # the parent's words
		comments = frappe.get_all(
			"Comment", filters={"reference_doctype": LOA, "reference_name": name}, pluck="content"
		)
		self.assertTrue(any("It was: Grandparent" in c for c in comments))
		# a plain save cannot change the reason once asked, whoever may edit the request
		frappe.set_user(self.officer)
		doc = frappe.get_doc(LOA, name)
		doc.reason = "Changed quietly"
		with self.assertRaisesRegex(frappe.ValidationError, "Correct Reason"):
			doc.save()
		frappe.set_user("Administrator")
		# after the decision the Headteacher may still correct it; markup is dropped
		self.act(self.hoy8, name, "Approve")
		frappe.set_user(self.head)
		correct_reason(name, '<img src=x onerror="alert(1)">Funeral in Lagos')
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(LOA, name, "reason"), "Funeral in Lagos")
		self.assertEqual(frappe.db.get_value(LOA, name, "original_reason"), "Grandparent's funeral abroad")

	def test_the_letter_is_addressed_referenced_and_signed_by_whoever_decided(self):
		"""Issue 11 item 9: school address, the parent's postal address, a reference, the decider."""
		settings = frappe.get_single("Attendance Settings")
		settings.update(
			{
				"school_name": "Calder Vale School",
				"school_address": "Calder Road\nTodmorden\nOL14 5AA",
				"school_phone": "01706 000000",
				"school_email": "attendance@calder.example",
				"signatory_name": "Ms Office Signatory",
				"signatory_role": "Attendance Officer",
			}
		)
		settings.save()
		frappe.db.set_value(
			"Student",
			self.pupil8,
			{"address_line_1": "3 Mill Lane", "city": "Hebden Bridge", "pincode": "HX7 8AB"},
		)
		decider = frappe.get_doc("User", self.hoy8)
		decider.update({"first_name": "Priya", "last_name": "Shah"})
		decider.save(ignore_permissions=True)
		name = self.ask()
		self.act(self.hoy8, name, "Approve")
		html = frappe.get_print(LOA, name, print_format="Leave Approved")
		for text in ("Calder Road", "OL14 5AA", "01706 000000", "3 Mill Lane", "HX7 8AB"):
			self.assertIn(text, html)
		self.assertIn(f"Our reference: {name}", html)
		signature = html[html.index('class="signature"') :]
		self.assertIn("Priya Shah", signature)
		self.assertIn("Head of Year 8", signature)
		self.assertNotIn("Ms Office Signatory", signature)

	def test_in_shared_care_the_letter_prints_no_home_address(self):
		"""The pupil's address may be the other parent's: never disclosed by the letter."""
		from attendance_officer.leave.letters import postal_address

		frappe.db.set_value("Student", self.pupil8, {"address_line_1": "3 Mill Lane", "pincode": "HX7 8AB"})
		self.assertEqual(postal_address(self.guardian, self.pupil8), ["3 Mill Lane", "HX7 8AB"])
		link_guardian(self.pupil8, self.apart, 1)  # both parents now recorded as living with the pupil
		self.assertEqual(postal_address(self.guardian, self.pupil8), [])
