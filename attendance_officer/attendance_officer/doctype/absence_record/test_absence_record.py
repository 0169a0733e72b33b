# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: an Absence Record writes its code on submit and takes exactly that back on cancel."""

from datetime import timedelta

import frappe
from frappe.utils import add_days, getdate

from attendance_officer.absence.guardians import NotPupilsGuardianError
from attendance_officer.attendance_officer.doctype.absence_record.absence_record import (
	AbsenceCodeError,
	AbsenceRangeError,
	AttendingMarksError,
)
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.absence_factories import add_guardian, make_guardian
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)  # last week's Monday
TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
SATURDAY, SUNDAY = MONDAY + timedelta(days=5), MONDAY + timedelta(days=6)
ADMITTED = MONDAY - timedelta(days=28)


def marks(student):
	"""(date, session) -> (code, source, source_name) for the pupil's marks Monday to Wednesday."""
	return {
		(str(r[0]), r[1]): (r[2], r[3], r[4] or "")
		for r in frappe.db.sql(
			"""SELECT `date`, `session`, `attendance_code`, `source`, `source_name`
			FROM `tabAttendance Mark` WHERE `student` = %s AND `date` BETWEEN %s AND %s""",
			(student, MONDAY, WEDNESDAY),
		)
	}


def trail(student, day, session):
	return frappe.get_all(
		"Attendance Mark Amendment",
		filters={"parent": f"{student}-{day}-{session}"},
		fields=["previous_code", "new_code", "reason"],
		order_by="idx",
	)


class TestAbsenceRecord(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Absence 10A", 2)
		make_holiday_list()
		cls.mum = make_guardian("AO Absence Mum")
		cls.stranger = make_guardian("AO Absence Stranger")
		add_guardian(cls.pupils[0], cls.mum, contact_priority=1)
		# Education defaults joining_date to the day the record is made: admit them earlier.
		frappe.db.sql(
			"UPDATE `tabStudent` SET `admission_date` = %s, `date_of_leaving` = NULL WHERE `name` IN %s",
			(ADMITTED, cls.pupils),
		)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def record(self, student=None, **fields):
		return frappe.get_doc(
			{
				"doctype": "Absence Record",
				"student": student or self.pupils[0],
				"from_date": MONDAY,
				"from_session": "AM",
				"to_date": TUESDAY,
				"to_session": "PM",
				"reason": "Illness",
				"reported_by": self.mum,
				"reported_via": "Phone",
				**fields,
			}
		).insert()

	def test_reason_suggests_the_code_and_it_can_be_changed(self):
		self.assertEqual(self.record().attendance_code, "I")
		self.assertEqual(self.record(reason="Unknown").attendance_code, "O")
		self.assertEqual(self.record(reason="Other", attendance_code="C").attendance_code, "C")

	def test_attending_and_placeholder_codes_are_refused(self):
		for code in ("/", "N", "U", "D"):
			with self.assertRaises(AbsenceCodeError):
				self.record(attendance_code=code)

	def test_reported_by_must_be_the_pupils_guardian(self):
		with self.assertRaises(NotPupilsGuardianError):
			self.record(reported_by=self.stranger)
		with self.assertRaises(NotPupilsGuardianError):
			self.record(student=self.pupils[1])  # mum is not pupil 2's guardian

	def test_bad_ranges_are_refused_and_write_nothing(self):
		with self.assertRaises(AbsenceRangeError):
			self.record(from_date=TUESDAY, to_date=MONDAY)
		with self.assertRaises(AbsenceRangeError):
			self.record(from_date=SATURDAY, to_date=SUNDAY)  # no school session
		frappe.db.set_value("Student", self.pupils[0], "admission_date", TUESDAY)
		with self.assertRaises(AbsenceRangeError) as caught:
			self.record()
		self.assertIn("admitted on", str(caught.exception))
		frappe.db.set_value(
			"Student", self.pupils[0], {"admission_date": ADMITTED, "date_of_leaving": MONDAY}
		)
		with self.assertRaises(AbsenceRangeError):
			self.record()
		self.assertEqual(marks(self.pupils[0]), {})

	def test_attending_mark_needs_confirmation(self):
		pupil = self.pupils[0]
		write_marks([{"student": pupil, "date": MONDAY, "session": "AM", "code": "/"}], source="Register")
		doc = self.record(to_date=MONDAY)
		self.assertIn("1 attending marks to confirm", doc.preview)
		with self.assertRaises(AttendingMarksError) as caught:
			doc.submit()
		self.assertIn(f"{MONDAY} AM", str(caught.exception))
		self.assertEqual(marks(pupil), {(str(MONDAY), "AM"): ("/", "Register", "")})
		# confirmed: written, and cancel puts the attending mark back
		doc.reload()
		doc.overwrite_attending = 1
		doc.save()
		doc.submit()
		self.assertEqual(marks(pupil)[(str(MONDAY), "AM")], ("I", "Absence Record", doc.name))
		doc.cancel()
		self.assertEqual(marks(pupil), {(str(MONDAY), "AM"): ("/", "Register", "")})

	def test_submit_and_cancel_restore_exactly_with_overlap_and_a_later_amendment(self):
		pupil = self.pupils[0]
		write_marks(
			[
				{"student": pupil, "date": MONDAY, "session": "AM", "code": "N"},
				{"student": pupil, "date": TUESDAY, "session": "PM", "code": "N"},
			],
			source="Register",
		)
		original = marks(pupil)
		marked = frappe.db.get_value(
			"Attendance Mark", f"{pupil}-{MONDAY}-AM", ["marked_by", "marked_at"], as_dict=True
		)
		first = self.record()  # Mon AM - Tue PM, illness
		first.submit()
		self.assertEqual(
			{key: code for key, (code, *_) in marks(pupil).items()},
			{(str(d), s): "I" for d in (MONDAY, TUESDAY) for s in ("AM", "PM")},
		)
		self.assertEqual(len(first.changes), 4)
		self.assertEqual(
			[(c.before_code or "", c.after_code) for c in first.changes],
			[("N", "I"), ("", "I"), ("", "I"), ("N", "I")],
		)
		# an overlapping record leaves the first record's marks alone and writes Wednesday
		second = self.record(from_date=TUESDAY, to_date=WEDNESDAY, reason="Medical or dental appointment")
		self.assertIn("left as I", second.preview)
		second.submit()
		self.assertEqual(len(second.changes), 2)
		# a later amendment on the register
		write_marks(
			[
				{
					"student": pupil,
					"date": MONDAY,
					"session": "PM",
					"code": "O",
					"reason": "No reason after all",
				}
			],
			source="Register",
		)
		first.reload()
		first.cancel()
		now = marks(pupil)
		self.assertEqual(now[(str(MONDAY), "AM")], ("N", "Register", ""))  # restored
		self.assertEqual(
			frappe.db.get_value(
				"Attendance Mark", f"{pupil}-{MONDAY}-AM", ["marked_by", "marked_at"], as_dict=True
			),
			marked,
		)
		self.assertEqual(now[(str(MONDAY), "PM")][0], "O")  # left as amended
		self.assertNotIn((str(TUESDAY), "AM"), now)  # was blank: blank again
		self.assertEqual(now[(str(TUESDAY), "PM")], ("N", "Register", ""))
		self.assertEqual(now[(str(WEDNESDAY), "AM")], ("M", "Absence Record", second.name))
		first.reload()
		self.assertEqual(
			[c.outcome for c in first.changes], ["Restored", "Left as amended", "Restored", "Restored"]
		)
		said = trail(pupil, MONDAY, "PM")
		self.assertIn("left as O", said[-1].reason)
		self.assertIn(first.name, said[-1].reason)
		self.assertEqual(
			[(t.previous_code, t.new_code) for t in trail(pupil, MONDAY, "AM")], [("N", "I"), ("I", "N")]
		)
		second.reload()
		second.cancel()
		expected = dict(original)
		expected[(str(MONDAY), "PM")] = ("O", "Register", "")
		self.assertEqual(marks(pupil), expected)

	def test_cancelling_an_earlier_record_leaves_a_later_explanation_alone(self):
		"""The register amended the first record's mark; a second record explained it again."""
		pupil = self.pupils[0]
		first = self.record(to_date=MONDAY, to_session="AM", reason="Unknown")  # O on Mon AM
		first.submit()
		# the officer replaces O by hand with N (pending enquiries), then a new record explains it
		write_marks(
			[{"student": pupil, "date": MONDAY, "session": "AM", "code": "N", "reason": "Enquiring again"}],
			source="Register",
		)
		second = self.record(to_date=MONDAY, to_session="AM")
		second.submit()
		first.reload()
		first.cancel()  # its mark was changed since: left alone
		self.assertEqual(marks(pupil)[(str(MONDAY), "AM")], ("I", "Absence Record", second.name))
		second.reload()
		second.cancel()
		self.assertEqual(marks(pupil)[(str(MONDAY), "AM")], ("N", "Register", ""))

	def test_exceptional_circumstances_record_submits_with_a_note_on_each_mark(self):
		"""Code C needs a note (uk-attendance-rules.md section 1): the record gives one."""
		pupil = self.pupils[0]
		doc = self.record(to_date=MONDAY, to_session="PM", reason="Exceptional circumstances")
		self.assertEqual(doc.attendance_code, "C")
		self.assertIn("needs a note", doc.preview)
		doc.submit()
		self.assertEqual(marks(pupil)[(str(MONDAY), "AM")], ("C", "Absence Record", doc.name))
		notes = frappe.get_all(
			"Attendance Mark", filters={"student": pupil, "date": MONDAY}, pluck="note", order_by="session"
		)
		self.assertEqual(notes, [f"Absence Record {doc.name}: Exceptional circumstances"] * 2)
		doc.cancel()
		self.assertEqual(marks(pupil), {})
		# the record's own notes are the note when given
		other = self.record(
			to_date=MONDAY, to_session="AM", reason="Exceptional circumstances", notes="Family funeral"
		)
		other.submit()
		self.assertEqual(
			frappe.db.get_value("Attendance Mark", f"{pupil}-{MONDAY}-AM", "note"), "Family funeral"
		)

	def test_a_note_changed_on_the_mark_form_is_left_as_amended_on_cancel(self):
		"""Code and writer unchanged, but the trail grew: the hand amendment is kept."""
		pupil = self.pupils[0]
		doc = self.record(to_date=MONDAY, to_session="AM")
		doc.submit()
		mark = frappe.get_doc("Attendance Mark", f"{pupil}-{MONDAY}-AM")
		mark.note = "Seen at the GP, letter on file"
		mark.amendment_reason = "Evidence received"
		mark.save()
		doc.reload()
		doc.cancel()
		mark.reload()
		self.assertEqual((mark.attendance_code, mark.note), ("I", "Seen at the GP, letter on file"))
		doc.reload()
		self.assertEqual([c.outcome for c in doc.changes], ["Left as amended"])
		said = trail(pupil, MONDAY, "AM")
		self.assertEqual(len(said), 2)  # the form's amendment is never deleted
		self.assertIn(doc.name, said[-1].reason)
		self.assertIn("left as I", said[-1].reason)

	def test_a_blank_session_whose_mark_has_a_trail_is_kept_not_deleted(self):
		pupil = self.pupils[0]
		doc = self.record(to_date=MONDAY, to_session="AM")
		doc.submit()
		# another record wrote over it and, cancelled, put it back: two trail rows by record writers
		key = {"student": pupil, "date": MONDAY, "session": "AM"}
		write_marks(
			[{**key, "code": "C", "note": "Leave"}],
			source="Leave of Absence",
			source_name="LOA-TEST",
			reason="Leave approved",
		)
		write_marks(
			[{**key, "code": "I"}],
			source="Absence Record",
			source_doctype="Absence Record",
			source_name=doc.name,
			reason="Leave cancelled",
		)
		doc.reload()
		doc.cancel()
		self.assertEqual(marks(pupil)[(str(MONDAY), "AM")], ("I", "Absence Record", doc.name))
		said = trail(pupil, MONDAY, "AM")
		self.assertEqual(len(said), 3)
		self.assertIn("amendment trail, so it is kept", said[-1].reason)
		doc.reload()
		self.assertEqual([c.outcome for c in doc.changes], ["Kept: mark has a trail"])

	def test_cancel_puts_educations_student_attendance_back(self):
		"""Morning marks mirror into Student Attendance; cancel restores it exactly."""
		pupil = self.pupils[0]
		write_marks([{"student": pupil, "date": TUESDAY, "session": "AM", "code": "/"}], source="Register")
		present = frappe.db.get_value(
			"Student Attendance",
			{"student": pupil, "date": TUESDAY, "docstatus": ("<", 2)},
			["name", "status", "docstatus"],
			as_dict=True,
		)
		self.assertEqual(present.status, "Present")
		doc = self.record(overwrite_attending=1)  # Mon AM (blank) to Tue PM
		doc.submit()
		created = frappe.db.get_value(
			"Student Attendance", {"student": pupil, "date": MONDAY, "docstatus": ("<", 2)}, "name"
		)
		self.assertTrue(created)
		self.assertEqual(frappe.db.get_value("Student Attendance", present.name, "status"), "Absent")
		doc.reload()
		doc.cancel()
		self.assertEqual(frappe.db.get_value("Student Attendance", created, "docstatus"), 2)
		self.assertEqual(
			frappe.db.get_value("Student Attendance", present.name, ["status", "docstatus"], as_dict=True),
			{"status": "Present", "docstatus": present.docstatus},
		)
		self.assertEqual(
			frappe.db.get_value("Attendance Mark", f"{pupil}-{TUESDAY}-AM", "student_attendance"),
			present.name,
		)

	def test_a_range_changed_in_the_same_request_is_planned_afresh(self):
		"""registers.calendar.document_sessions caches per range, not once per document."""
		doc = self.record(to_date=MONDAY)
		self.assertEqual(len(doc.sessions()), 2)
		doc.to_date = TUESDAY
		self.assertEqual(len(doc.sessions()), 4)
		doc.save()
		self.assertTrue(doc.preview.startswith("4 sessions"))
		doc.to_date, doc.to_session = MONDAY, "AM"
		self.assertEqual(doc.sessions(), ((MONDAY, "AM"),))

	def test_replace_attending_marks_confirms_only_the_marks_shown_at_save(self):
		pupil = self.pupils[0]
		write_marks([{"student": pupil, "date": MONDAY, "session": "AM", "code": "/"}], source="Register")
		doc = self.record(overwrite_attending=1)  # shown: Monday AM only
		self.assertIn("Replacing 1 attending marks", doc.preview)
		# the tutor takes Tuesday's register after the record was saved
		write_marks([{"student": pupil, "date": TUESDAY, "session": "AM", "code": "/"}], source="Register")
		with self.assertRaises(AttendingMarksError) as caught:
			doc.submit()
		self.assertIn(f"{TUESDAY} AM", str(caught.exception))
		self.assertEqual(marks(pupil)[(str(TUESDAY), "AM")], ("/", "Register", ""))
		doc.reload()
		doc.save()  # now shown: both
		doc.submit()
		self.assertEqual(marks(pupil)[(str(TUESDAY), "AM")], ("I", "Absence Record", doc.name))

	def test_writes_are_refused_for_a_pupil_off_roll_even_when_dates_are_school_days(self):
		frappe.db.set_value("Student", self.pupils[0], "date_of_leaving", add_days(MONDAY, -1))
		with self.assertRaises(AbsenceRangeError):
			self.record()
