"""Bench: one Absence Notice per pupil per day, never to a do-not-contact guardian; it is sent."""

from datetime import datetime, time, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.absence.calling import calling_list
from attendance_officer.absence.notices import send_absence_notices
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.absence_factories import add_guardian, make_guardian
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
FRIDAY = TODAY - timedelta(days=TODAY.weekday() + 3)  # last week's Friday
THURSDAY = FRIDAY - timedelta(days=1)
SATURDAY = FRIDAY + timedelta(days=1)


class TestAbsenceNotices(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Notices 11N", 4)
		make_holiday_list()
		frappe.db.sql(
			"UPDATE `tabStudent` SET `admission_date` = %s WHERE `name` IN %s",
			(FRIDAY - timedelta(days=60), cls.pupils),
		)
		cls.barred = make_guardian(
			"AO Notices Barred", email_address="barred@example.com", mobile_number="07700900900"
		)
		cls.mum = make_guardian(
			"AO Notices Mum", email_address="mum@example.com", mobile_number="07700900901"
		)
		cls.dad = make_guardian("AO Notices Dad", email_address="dad@example.com")
		add_guardian(cls.pupils[0], cls.barred, contact_priority=1, do_not_contact=1)
		add_guardian(cls.pupils[0], cls.mum, contact_priority=2, preferred_channel="Email")
		add_guardian(cls.pupils[1], cls.barred, contact_priority=1, do_not_contact=1)
		add_guardian(cls.pupils[2], cls.dad, contact_priority=1)
		frappe.db.commit()

	def setUp(self):
		p = self.pupils
		write_marks(
			[
				{"student": p[0], "date": FRIDAY, "session": "AM", "code": "N"},
				{"student": p[1], "date": FRIDAY, "session": "AM", "code": "N"},
				{"student": p[2], "date": FRIDAY, "session": "AM", "code": "N"},
				{"student": p[3], "date": FRIDAY, "session": "AM", "code": "/"},
			],
			source="Register",
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def notices(self):
		return frappe.get_all(
			"Absence Notice",
			filters={"student": ("in", self.pupils)},
			fields=["student", "guardian", "guardian_email", "guardian_mobile"],
			order_by="student",
		)

	def test_once_per_pupil_per_day_never_to_do_not_contact(self):
		send_absence_notices(FRIDAY)
		send_absence_notices(FRIDAY)
		notices = self.notices()
		self.assertEqual([n.student for n in notices], [self.pupils[0], self.pupils[2]])
		mum = notices[0]
		self.assertEqual(
			(mum.guardian, mum.guardian_email, mum.guardian_mobile), (self.mum, "mum@example.com", None)
		)
		self.assertNotIn(self.barred, [n.guardian for n in notices])  # pupil 2 has only a barred guardian

	def test_no_notice_when_a_reason_is_already_known(self):
		frappe.get_doc(
			{
				"doctype": "Attendance Contact",
				"student": self.pupils[2],
				"contact_on": f"{FRIDAY} 08:40:00",
				"guardian": self.dad,
				"contact_type": "Call",
				"outcome": "Reason given",
				"reason_given": "Illness",
			}
		).insert()
		send_absence_notices(FRIDAY)
		self.assertEqual([n.student for n in self.notices()], [self.pupils[0]])

	def test_no_notices_on_a_weekend(self):
		self.assertEqual(send_absence_notices(SATURDAY), [])

	def test_the_standard_notifications_send_it(self):
		names = frappe.get_all(
			"Notification",
			filters={"document_type": "Absence Notice", "is_standard": 1, "enabled": 1},
			pluck="channel",
		)
		self.assertEqual(sorted(names), ["Email", "SMS"])
		send_absence_notices(FRIDAY)
		# The test site has no outgoing mail account, so the check stops at the rendered
		# message: the Notification records it as a Communication linked to the notice.
		notice = frappe.db.get_value("Absence Notice", {"student": self.pupils[0]}, "name")
		sent = frappe.get_all(
			"Communication",
			filters={"reference_doctype": "Absence Notice", "reference_name": notice},
			fields=["recipients", "subject", "content"],
		)
		self.assertEqual(len(sent), 1)
		self.assertIn("mum@example.com", sent[0].recipients)
		self.assertIn("is absent from school today", sent[0].subject)
		self.assertIn("we have not been told why", sent[0].content)

	def test_marks_written_in_advance_do_not_count_as_the_register_taken(self):
		"""Leave approved for one pupil; the tutor has not taken Thursday's register: no notices."""
		write_marks(
			[
				{
					"student": self.pupils[3],
					"date": THURSDAY,
					"session": "AM",
					"code": "C",
					"note": "Leave approved",
				}
			],
			source="Leave of Absence",
			source_doctype="Leave of Absence Request",
			source_name="LOA-TEST",
		)
		self.assertEqual(send_absence_notices(THURSDAY), [])
		self.assertEqual(calling_list(THURSDAY, group=self.group), [])
		# once the tutor takes the register, the unmarked pupils are on the list again
		write_marks([{"student": self.pupils[2], "date": THURSDAY, "session": "AM", "code": "/"}])
		self.assertEqual(
			sorted(c.entry.student for c in calling_list(THURSDAY, group=self.group)),
			[self.pupils[0], self.pupils[1]],
		)

	def test_a_guardian_with_a_bad_number_is_skipped_and_logged(self):
		"""Guardian fields are free text: a bad one must not stop the other pupils' notices."""
		p = self.pupils
		bad = make_guardian(
			"AO Notices Bad", email_address="not an email", mobile_number="07700 900123 (mum)"
		)
		gran = make_guardian("AO Notices Gran", mobile_number="07700 900124")
		add_guardian(p[1], bad, contact_priority=2, preferred_channel="SMS")
		add_guardian(p[1], gran, contact_priority=3)  # the next guardian with a good number
		add_guardian(p[3], bad, contact_priority=1)  # no usable guardian at all
		write_marks(
			[{"student": p[3], "date": FRIDAY, "session": "AM", "code": "N", "reason": "Left at break"}]
		)
		frappe.db.delete("Error Log", {"reference_name": p[3]})
		send_absence_notices(FRIDAY)
		notices = {n.student: n for n in self.notices()}
		self.assertEqual(sorted(notices), [p[0], p[1], p[2]])
		self.assertEqual((notices[p[1]].guardian, notices[p[1]].guardian_mobile), (gran, "07700 900124"))
		logged = frappe.get_all(
			"Error Log", filters={"reference_doctype": "Student", "reference_name": p[3]}, pluck="error"
		)
		self.assertEqual(len(logged), 1)
		self.assertIn("07700 900123 (mum)", logged[0])

	def test_nothing_goes_before_the_first_day_calling_cutoff(self):
		"""The job runs every 15 minutes; it acts only after Attendance Settings' cut-off."""
		frappe.db.set_single_value("Attendance Settings", "first_day_calling_cutoff", "09:30:00")
		early = datetime.combine(FRIDAY, time(9, 15))
		self.assertEqual(send_absence_notices(now=early), [])
		self.assertEqual(self.notices(), [])
		made = send_absence_notices(now=datetime.combine(FRIDAY, time(9, 45)))
		self.assertEqual(len(made), 2)
		self.assertEqual(send_absence_notices(now=datetime.combine(FRIDAY, time(10, 0))), [])  # once
