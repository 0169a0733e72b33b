# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: Roll Deletion, the deletion from roll (issue 16 item 2): each ground's refusals, valid deletions under
(f) and (i), submit then cancel restores the pupil exactly, and a deleted pupil leaves
tomorrow's register and first-day list but stays in the past's figures."""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.absence.calling import absent_pupils
from attendance_officer.registers.api import group_pupils
from attendance_officer.registers.school import PupilFilter, grouped_counts
from attendance_officer.registers.unmarked import unmarked_groups
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.school_factories import last_weekday, next_weekday, seed_marks, weekdays_up_to

# Frappe would build test records for every linked doctype (Education's Academic Year records
# lack their dates): this test makes its own pupils and group.
test_ignore = ["Student", "Student Group", "Guardian", "Leave of Absence Request"]

GROUP = "AO Roll 9D"
TODAY = getdate()


class TestDeletionFromRoll(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.officer = make_staff_user("Attendance Officer", "-roll")
		cls.group, cls.pupils = make_register(GROUP, 3)
		frappe.db.commit()

	def setUp(self):
		self.pupil, self.other, self.third = self.pupils
		frappe.db.set_value(
			"Student",
			self.pupil,
			{
				"date_of_leaving": None,
				"reason_for_leaving": "Moved from Leeds in Year 7",
				"date_of_birth": date(TODAY.year - 14, 3, 1),
			},
		)
		self.days = weekdays_up_to(TODAY - timedelta(days=1), 22)
		frappe.set_user(self.officer)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")

	def deletion(self, ground, **fields):
		return frappe.get_doc(
			{
				"doctype": "Roll Deletion",
				"student": fields.pop("student", self.pupil),
				"ground": ground,
				"deletion_date": fields.pop("deletion_date", TODAY),
				"destination": "Home education",
				**fields,
			}
		)

	def test_ground_c_needs_the_pupil_dual_registered_and_the_other_schools_consent(self):
		ground = "(c) Dual registered, the other school consents"
		with self.assertRaisesRegex(frappe.ValidationError, "dual-registered pupil"):
			self.deletion(ground).insert()
		frappe.db.set_value(
			"Student",
			self.pupil,
			{"enrolment_status": "Subsidiary dual", "dual_registration_school": "Hill Top"},
		)
		with self.assertRaisesRegex(frappe.ValidationError, "other school's consent"):
			self.deletion(ground, other_school_consent=1).insert()  # undated
		doc = self.deletion(ground, other_school_consent=1, other_school_consent_date=TODAY).insert()
		self.assertEqual(doc.docstatus, 0)

	def test_home_education_needs_the_written_notice_and_a_special_schools_la_consent(self):
		with self.assertRaisesRegex(frappe.ValidationError, "written notice"):
			self.deletion("(f) Elective home education (written notice)").insert()
		doc = self.deletion(
			"(f) Elective home education (written notice)",
			ehe_notice_date=TODAY - timedelta(days=3),
			ehe_notice="/private/files/ehe-notice.pdf",
		)
		doc.insert()
		self.assertIn("educated otherwise than at school", doc.ground_summary)
		frappe.db.set_single_value("Attendance Settings", "special_school", 1)
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")
		doc.reload()
		with self.assertRaisesRegex(frappe.ValidationError, "special school"):
			doc.save()
		doc.reload()  # the refused save left its new timestamp on the form, as a user's would
		doc.la_consent = 1  # ticked without its date: not consent on record
		with self.assertRaisesRegex(frappe.ValidationError, "special school"):
			doc.save()
		doc.reload()
		doc.update({"la_consent": 1, "la_consent_date": TODAY - timedelta(days=1)})
		doc.save()
		with self.assertRaisesRegex(
			frappe.ValidationError, "Attach the parent's written notice to this record"
		):
			doc.submit()  # a link typed in is not the notice
		doc.reload()
		notice = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "ehe-notice.txt",
				"content": b"We will educate our child at home from Monday.",
				"attached_to_doctype": doc.doctype,
				"attached_to_name": doc.name,
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
		doc.ehe_notice = notice.file_url
		doc.save()
		doc.submit()

	def test_ground_i_needs_twenty_g_n_o_days_and_a_joint_enquiry(self):
		seed_marks([self.pupil], self.days[-19:], lambda *_: "O", GROUP)
		seed_marks([self.pupil], self.days[:-19], lambda *_: "/", GROUP)
		missing = self.deletion("(i) 20 school days G/N/O, not located", deletion_date=self.days[-1])
		with self.assertRaisesRegex(frappe.ValidationError, "the register shows 19"):
			missing.insert()
		frappe.db.sql(
			"UPDATE `tabAttendance Mark` SET `attendance_code` = 'G' WHERE `student` = %s AND `date` = %s",
			(self.pupil, self.days[-20]),
		)
		frappe.db.sql(  # the last present mark moves back a day too
			"UPDATE `tabAttendance Mark` SET `attendance_code` = 'N' WHERE `student` = %s AND `date` = %s",
			(self.pupil, self.days[-21]),
		)
		doc = self.deletion("(i) 20 school days G/N/O, not located", deletion_date=self.days[-1])
		with self.assertRaisesRegex(frappe.ValidationError, "jointly with the local authority"):
			doc.insert()
		doc.append(
			"enquiries",
			{
				"enquiry_date": self.days[-2],
				"made_by": "AO",
				"with_whom": "LA CME officer",
				"with_local_authority": 1,
			},
		)
		doc.insert()
		self.assertEqual(doc.gno_days, 21)

	def test_other_grounds_refuse_what_they_lack(self):
		with self.assertRaisesRegex(frappe.ValidationError, "leave of absence"):
			self.deletion("(h) Not returned after leave of absence").insert()
		with self.assertRaisesRegex(frappe.ValidationError, "compulsory school age until"):
			self.deletion("(l) Over compulsory school age, not staying on").insert()
		seed_marks([self.pupil], [TODAY], lambda *_: "/", GROUP)
		with self.assertRaisesRegex(frappe.ValidationError, "last marked present"):
			self.deletion("(k) Died", deletion_date=TODAY - timedelta(days=1)).insert()

	def test_dates_must_fall_while_the_pupil_is_on_roll_and_not_ahead(self):
		with self.assertRaisesRegex(frappe.ValidationError, "after today"):
			self.deletion(
				"(a) Registered at another school", deletion_date=TODAY + timedelta(days=3)
			).insert()
		frappe.db.set_value("Student", self.pupil, "admission_date", TODAY - timedelta(days=2))
		with self.assertRaisesRegex(frappe.ValidationError, "before the pupil's admission"):
			self.deletion(
				"(a) Registered at another school", deletion_date=TODAY - timedelta(days=5)
			).insert()
		with self.assertRaisesRegex(frappe.ValidationError, "destination school"):
			self.deletion("(a) Registered at another school", destination="").insert()

	def test_leaving_is_only_by_roll_deletion_and_no_mark_is_written_after_it(self):
		from attendance_officer.integrations.student import check_leaving_through_deletion
		from attendance_officer.registers.write import MarkBatchError, write_marks

		student = frappe.get_doc("Student", self.pupil)
		student.load_doc_before_save()  # as Document.save does before the validate hooks
		check_leaving_through_deletion(student)  # nothing changed: no complaint
		student.date_of_leaving = TODAY
		with self.assertRaisesRegex(frappe.ValidationError, "record a Roll Deletion"):
			check_leaving_through_deletion(student)
		frappe.set_user(make_staff_user("Headteacher", "-roll"))
		check_leaving_through_deletion(student)  # the Headteacher may correct a wrong date by hand
		frappe.set_user(self.officer)
		doc = self.deletion("(a) Registered at another school").insert()
		doc.submit()
		tomorrow = TODAY + timedelta(days=1)
		with self.assertRaisesRegex(MarkBatchError, "left the roll"):
			write_marks(
				[{"student": self.pupil, "date": tomorrow, "session": "AM", "code": "/"}], source="Register"
			)
		frappe.db.set_value("Student", self.pupil, "reason_for_leaving", "Office corrected the reason")
		with self.assertRaisesRegex(frappe.ValidationError, "changed since"):
			doc.cancel()  # it would wipe the office's correction

	def test_a_bulk_mark_for_the_group_skips_the_pupil_after_their_last_day(self):
		self.deletion("(a) Registered at another school").insert().submit()
		frappe.set_user("Administrator")
		start = last_weekday(TODAY)  # a school day on roll (today, or Friday at a weekend)
		after = next_weekday(TODAY + timedelta(days=1))  # the next school day after the pupil's last
		bulk = frappe.get_doc(
			{
				"doctype": "Attendance Bulk Mark",
				"attendance_code": "V",
				"reason": "Year 9 trip",
				"from_date": start,
				"from_session": "AM",
				"to_date": after,
				"to_session": "PM",
				"student_group": GROUP,
			}
		).insert()
		bulk.submit()  # not refused for the leaver in the group
		marks = frappe.get_all(
			"Attendance Mark", filters={"student": self.pupil, "attendance_code": "V"}, pluck="date"
		)
		self.assertTrue(marks)
		self.assertTrue(all(getdate(d) <= TODAY for d in marks))  # nothing after their last day
		others = frappe.get_all(
			"Attendance Mark", filters={"student": self.other, "attendance_code": "V"}, pluck="date"
		)
		self.assertTrue(any(getdate(d) > TODAY for d in others))

	def test_one_deletion_in_force_per_pupil(self):
		self.deletion("(a) Registered at another school").insert().submit()
		with self.assertRaisesRegex(frappe.ValidationError, "already deleted from roll"):
			self.deletion("(g) No longer lives within reasonable distance").insert()

	def test_submit_takes_the_pupil_off_tomorrows_registers_and_cancel_restores_them_exactly(self):
		seed_marks([self.pupil, self.other], self.days, lambda *_: "/", GROUP)
		tomorrow = TODAY + timedelta(days=1)
		doc = self.deletion("(a) Registered at another school")
		doc.insert()
		doc.submit()
		student = frappe.db.get_value(
			"Student", self.pupil, ["date_of_leaving", "reason_for_leaving"], as_dict=True
		)
		self.assertEqual(getdate(student.date_of_leaving), TODAY)
		self.assertIn(doc.name, student.reason_for_leaving)
		self.assertIn(self.pupil, [p.student for p in group_pupils(GROUP, TODAY)])  # still on roll today
		self.assertNotIn(self.pupil, [p.student for p in group_pupils(GROUP, tomorrow)])
		self.assertIn(self.other, [p.student for p in group_pupils(GROUP, tomorrow)])
		self.assertNotIn(self.pupil, [r.student for r in absent_pupils(tomorrow, "AM", GROUP, False)])
		(register,) = unmarked_groups(tomorrow, ("AM",), GROUP)
		self.assertEqual(register["pupils"], len(self.pupils) - 1)  # not expected on tomorrow's register
		past, _then = grouped_counts(PupilFilter(registration_group=GROUP), self.days[0], self.days[-1])
		self.assertEqual(past[self.pupil]["/"], 2 * len(self.days))  # the past keeps them
		self.assertTrue(frappe.db.exists("Student", self.pupil))
		doc.cancel()
		student = frappe.db.get_value(
			"Student", self.pupil, ["date_of_leaving", "reason_for_leaving"], as_dict=True
		)
		self.assertEqual(
			(student.date_of_leaving, student.reason_for_leaving), (None, "Moved from Leeds in Year 7")
		)
		self.assertIn(self.pupil, [p.student for p in group_pupils(GROUP, tomorrow)])

	def test_a_head_of_year_of_another_year_cannot_read_the_deletion(self):
		doc = self.deletion("(a) Registered at another school").insert()
		head = make_staff_user("Head of Year", "-roll")
		frappe.set_user(head)
		with self.assertRaises(frappe.DoesNotExistError):  # outside their years: as if it did not exist
			frappe.has_permission("Roll Deletion", "read", doc=doc.name, throw=True)
		self.assertNotIn(doc.name, frappe.get_list("Roll Deletion", pluck="name"))
