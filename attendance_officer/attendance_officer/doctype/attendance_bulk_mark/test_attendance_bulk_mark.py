# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench-only: bulk apply writes one code over a range; cancel restores exactly what was there."""

import json
from datetime import timedelta

import frappe
from education.education.api import make_attendance_records
from frappe.utils import getdate

from attendance_officer.attendance_officer.doctype.attendance_bulk_mark.attendance_bulk_mark import (
	AttendingMarksError,
	BulkCodeError,
)
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register

# Education's own test records (Academic Year 2014-2015 etc.) are not valid on this site;
# our factories make the records these tests need (style.md section 6: no _test_records).
test_ignore = ["Student", "Student Group"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)  # last week's Monday
TUESDAY = MONDAY + timedelta(days=1)


def full_snapshot(students):
	"""Marks with who marked them and when, and the live Student Attendance day records."""
	marks = frappe.db.sql(
		"""SELECT `student`, `date`, `session`, `attendance_code`, `minutes_late`, IFNULL(`note`, ''),
			`source`, IFNULL(`source_name`, ''), `marked_by`, `marked_at`, IFNULL(`student_attendance`, '')
		FROM `tabAttendance Mark` WHERE `student` IN %s AND `date` BETWEEN %s AND %s""",
		(students, MONDAY, TUESDAY),
	)
	records = frappe.db.sql(
		"""SELECT `name`, `student`, `date`, `status`, `docstatus` FROM `tabStudent Attendance`
		WHERE `student` IN %s AND `date` BETWEEN %s AND %s AND `docstatus` < 2""",
		(students, MONDAY, TUESDAY),
	)
	return sorted(marks), sorted(records)


def snapshot(students):
	return sorted(
		frappe.db.sql(
			"""SELECT `student`, `date`, `session`, `attendance_code`, `minutes_late`, IFNULL(`note`, ''),
				`source`, IFNULL(`source_name`, '')
			FROM `tabAttendance Mark` WHERE `student` IN %s AND `date` BETWEEN %s AND %s""",
			(students, MONDAY, TUESDAY),
		)
	)


class TestAttendanceBulkMark(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Bulk 11T", 3)
		make_holiday_list()
		frappe.db.commit()

	def setUp(self):
		p = self.pupils
		write_marks(
			[
				{"student": p[0], "date": MONDAY, "session": "AM", "code": "N"},
				{"student": p[1], "date": MONDAY, "session": "AM", "code": "/"},
				{"student": p[0], "date": TUESDAY, "session": "PM", "code": "L", "minutes_late": 5},
				{"student": p[2], "date": TUESDAY, "session": "PM", "code": "M", "note": "Dentist"},
			],
			source="Register",
		)

		# Marked by a teacher earlier in the day: cancel must put who and when back too.
		frappe.db.sql(
			"""UPDATE `tabAttendance Mark` SET `marked_by` = 'Guest', `marked_at` = %s
			WHERE `student` IN %s AND `date` BETWEEN %s AND %s""",
			(f"{MONDAY} 08:45:00", p, MONDAY, TUESDAY),
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def bulk(self, **fields):
		return frappe.get_doc(
			{
				"doctype": "Attendance Bulk Mark",
				"attendance_code": "V",
				"reason": "Year 11 geography field trip",
				"from_date": MONDAY,
				"from_session": "AM",
				"to_date": TUESDAY,
				"to_session": "PM",
				"student_group": self.group,
				**fields,
			}
		).insert()

	def test_preview_before_submit(self):
		doc = self.bulk()
		self.assertIn(
			"3 pupils, 4 sessions each: 9 marks to write, 2 attending marks to confirm, "
			"1 already recorded absent, 0 left alone",
			doc.preview,
		)
		self.assertEqual(len(snapshot(self.pupils)), 4)  # nothing written yet

	def test_preview_names_each_pupil_and_lists_recorded_absences_apart(self):
		names = dict(
			frappe.get_all(
				"Student",
				filters={"name": ("in", self.pupils)},
				fields=["name", "student_name"],
				as_list=True,
			)
		)
		preview = self.bulk().preview
		attending, absent = preview.split("Already recorded absent")
		self.assertIn(f"{names[self.pupils[1]]}, {MONDAY} AM: the pupil is marked / (attending)", attending)
		self.assertIn(f"{names[self.pupils[0]]}, {TUESDAY} PM: the pupil is marked L (attending)", attending)
		self.assertIn(f"{names[self.pupils[2]]}, {TUESDAY} PM: left as M", absent)

	def test_attending_marks_need_confirmation(self):
		doc = self.bulk()
		with self.assertRaises(AttendingMarksError) as refused:
			doc.submit()
		self.assertEqual(len(snapshot(self.pupils)), 4)
		name = frappe.db.get_value("Student", self.pupils[1], "student_name")
		self.assertIn(f"{name}, {MONDAY} AM", str(refused.exception))  # the error names the pupil

	def test_recorded_absences_are_left_unless_confirmed_then_restored_on_cancel(self):
		before = snapshot(self.pupils)
		left = self.bulk(attendance_code="#", overwrite_attending=1)
		left.submit()
		codes = {(r[0], r[1], r[2]): r[3] for r in snapshot(self.pupils)}
		self.assertEqual(codes[(self.pupils[2], TUESDAY, "PM")], "M")  # the dentist stays
		left.cancel()
		self.assertEqual(snapshot(self.pupils), before)
		closure = self.bulk(attendance_code="#", overwrite_attending=1, replace_absence_marks=1)
		self.assertIn("12 marks to write", closure.preview)
		closure.submit()
		codes = {(r[0], r[1], r[2]): r[3] for r in snapshot(self.pupils)}
		self.assertEqual(codes[(self.pupils[2], TUESDAY, "PM")], "#")  # confirmed: the school was closed
		closure.cancel()
		self.assertEqual(snapshot(self.pupils), before)

	def test_an_absence_recorded_after_the_preview_is_not_replaced_unseen(self):
		closure = self.bulk(attendance_code="#", overwrite_attending=1, replace_absence_marks=1)
		write_marks(  # the office records an illness after the closure was saved
			[{"student": self.pupils[1], "date": TUESDAY, "session": "AM", "code": "I"}], source="Register"
		)
		with self.assertRaises(AttendingMarksError) as refused:
			closure.submit()
		self.assertIn("recorded after the bulk mark was saved", str(refused.exception))
		codes = {(r[0], r[1], r[2]): r[3] for r in snapshot(self.pupils)}
		self.assertEqual(codes[(self.pupils[1], TUESDAY, "AM")], "I")
		closure = frappe.get_doc("Attendance Bulk Mark", closure.name)
		closure.save()  # seen now
		self.assertIn(f"{TUESDAY} AM: I becomes #", closure.preview)
		closure.submit()
		codes = {(r[0], r[1], r[2]): r[3] for r in snapshot(self.pupils)}
		self.assertEqual(codes[(self.pupils[1], TUESDAY, "AM")], "#")

	def test_code_not_for_bulk_is_refused(self):
		with self.assertRaises(BulkCodeError):
			self.bulk(attendance_code="N")

	def test_apply_then_undo_restores_exactly(self):
		before = snapshot(self.pupils)
		doc = self.bulk(overwrite_attending=1)
		doc.submit()
		after = snapshot(self.pupils)
		codes = {(r[0], str(r[1]), r[2]): r[3] for r in after}
		self.assertEqual(len(after), 12)
		self.assertEqual(codes[(self.pupils[0], str(MONDAY), "AM")], "V")  # N replaced
		self.assertEqual(codes[(self.pupils[1], str(MONDAY), "AM")], "V")  # attending, confirmed
		self.assertEqual(codes[(self.pupils[2], str(TUESDAY), "PM")], "M")  # authorised: left alone
		trail = frappe.get_all(
			"Attendance Mark Amendment",
			filters={"parent": f"{self.pupils[0]}-{MONDAY}-AM"},
			fields=["previous_code", "new_code", "reason"],
		)
		self.assertEqual([(t.previous_code, t.new_code) for t in trail], [("N", "V")])
		self.assertIn(doc.name, trail[0].reason)
		doc.cancel()
		self.assertEqual(snapshot(self.pupils), before)

	def test_undo_leaves_a_later_amendment_alone(self):
		doc = self.bulk(overwrite_attending=1)
		doc.submit()
		write_marks(
			[
				{
					"student": self.pupils[2],
					"date": MONDAY,
					"session": "PM",
					"code": "I",
					"reason": "Went home ill",
				}
			],
			source="Register",
		)
		doc.cancel()
		codes = {(r[0], str(r[1]), r[2]): r[3] for r in snapshot(self.pupils)}
		self.assertEqual(codes[(self.pupils[2], str(MONDAY), "PM")], "I")
		self.assertEqual(codes[(self.pupils[0], str(MONDAY), "AM")], "N")

	def education_record(self, student, day, status):
		"""A day record made by Education's own Student Attendance Tool (no mark behind it)."""
		make_attendance_records(
			student, frappe.db.get_value("Student", student, "student_name"), status, None, self.group, day
		)

	def two_overlapping(self, second_code="#"):
		"""Bulk A (V, Monday and Tuesday) and bulk B (Tuesday) over it, both submitted."""
		first = self.bulk(overwrite_attending=1)
		first.submit()
		second = self.bulk(
			attendance_code=second_code,
			from_date=TUESDAY,
			overwrite_attending=1,
			reason="Snow closure",
		)
		second.submit()
		return first, second

	def assert_cancel_order_restores_exactly(self, second_code, first_cancelled):
		"""Both cancelled, in either order: everything is as before, except a kept trail.

		A session blank before both whose code the second record changed (V -> #) has an
		amendment trail, which is never deleted: its mark is kept, as the record last holding
		it wrote it, with a trail row saying so, and its day record stays with it. With the
		same code taken over there is no trail, so every session is exactly as before.
		"""
		self.education_record(self.pupils[2], TUESDAY, "Absent")
		self.education_record(self.pupils[1], TUESDAY, "Present")
		before = full_snapshot(self.pupils)
		blank = {(p, s) for p in self.pupils for s in ("AM", "PM")} - {
			(m[0], m[2]) for m in before[0] if m[1] == TUESDAY
		}
		docs = dict(zip(("A", "B"), self.two_overlapping(second_code), strict=True))
		codes = {(r[0], str(r[1]), r[2]): r[3] for r in snapshot(self.pupils)}
		self.assertEqual(codes[(self.pupils[0], str(TUESDAY), "AM")], second_code)
		status = frappe.db.get_value(
			"Student Attendance", {"student": self.pupils[2], "date": TUESDAY, "docstatus": 1}, "status"
		)
		self.assertEqual(status, "Present")  # bulk A's V mirrored over the tool's Absent
		order = ("A", "B") if first_cancelled == "A" else ("B", "A")
		for key in order:
			docs[key].reload()
			docs[key].cancel()
		kept = blank if second_code != "V" else set()
		marks, records = full_snapshot(self.pupils)
		self.assertEqual([m for m in marks if (m[0], m[2]) not in kept or m[1] != TUESDAY], before[0])
		holder = docs["B"] if first_cancelled == "A" else docs["A"]
		self.assertEqual(
			{(m[0], m[2]): (m[3], m[7]) for m in marks if (m[0], m[2]) in kept and m[1] == TUESDAY},
			{key: (holder.attendance_code, holder.name) for key in kept},
		)
		for pupil, session in kept:
			said = frappe.get_all(
				"Attendance Mark Amendment",
				filters={"parent": f"{pupil}-{TUESDAY}-{session}"},
				fields=["reason"],
				order_by="idx",
			)
			self.assertIn("amendment trail, so it is kept", said[-1].reason)
		kept_days = {pupil for pupil, session in kept if session == "AM"}
		self.assertEqual(
			[r for r in records if r[1] not in kept_days or r[2] != TUESDAY],
			[r for r in before[1] if r[1] not in kept_days or r[2] != TUESDAY],
		)
		for pupil in kept_days:  # the kept morning mark still decides a live day record
			linked = frappe.db.get_value("Attendance Mark", f"{pupil}-{TUESDAY}-AM", "student_attendance")
			self.assertEqual(frappe.db.get_value("Student Attendance", linked, "docstatus"), 1)

	def test_cancel_first_then_second_restores_marks_and_day_records(self):
		self.assert_cancel_order_restores_exactly("#", "A")

	def test_cancel_second_then_first_restores_marks_and_day_records(self):
		self.assert_cancel_order_restores_exactly("#", "B")

	def test_same_code_taken_over_is_restored_in_either_order(self):
		for first_cancelled in ("A", "B"):
			with self.subTest(first_cancelled=first_cancelled):
				frappe.db.savepoint("same_code")
				self.assert_cancel_order_restores_exactly("V", first_cancelled)
				frappe.db.rollback(save_point="same_code")

	def test_a_mark_the_later_bulk_stands_behind_survives_the_first_cancel(self):
		first, second = self.two_overlapping("V")
		written = {(c["student"], c["date"], c["session"]) for c in json.loads(second.changes)}
		self.assertIn((self.pupils[0], str(TUESDAY), "AM"), written)  # taken over, same code
		first.reload()
		first.cancel()
		codes = {(r[0], str(r[1]), r[2]): (r[3], r[7]) for r in snapshot(self.pupils)}
		self.assertEqual(codes[(self.pupils[0], str(TUESDAY), "AM")], ("V", second.name))
		self.assertEqual(codes[(self.pupils[0], str(MONDAY), "AM")], ("N", ""))

	def test_same_code_again_takes_the_marks_over_and_gives_them_back(self):
		doc = self.bulk(overwrite_attending=1)
		doc.submit()
		after_first = snapshot(self.pupils)
		again = self.bulk(overwrite_attending=1, reason="Same trip, entered twice")
		again.submit()
		changes = json.loads(again.changes)
		self.assertEqual(len(changes), 11)  # every V of the first record, now named by the second
		self.assertEqual({c["before"]["source_name"] for c in changes}, {doc.name})
		frappe.message_log.clear()
		again.reload()
		again.cancel()
		self.assertEqual(snapshot(self.pupils), after_first)
		self.assertFalse(frappe.message_log)  # nothing reported as amended

	def trail(self, student, day, session):
		return frappe.get_all(
			"Attendance Mark Amendment",
			filters={"parent": f"{student}-{day}-{session}"},
			fields=["previous_code", "new_code", "reason"],
			order_by="idx",
		)

	def test_a_note_changed_on_the_mark_form_is_left_as_amended_on_cancel(self):
		"""Code and writer unchanged, but the trail grew: the hand amendment is kept."""
		pupil = self.pupils[0]
		doc = self.bulk(to_date=MONDAY, to_session="AM", overwrite_attending=1)  # V over the N
		doc.submit()
		mark = frappe.get_doc("Attendance Mark", f"{pupil}-{MONDAY}-AM")
		mark.note = "Trip letter signed by parent"
		mark.amendment_reason = "Consent form received"
		mark.save()
		doc.reload()
		doc.cancel()
		mark.reload()
		self.assertEqual(
			(mark.attendance_code, mark.note, mark.source_name),
			("V", "Trip letter signed by parent", doc.name),
		)
		said = self.trail(pupil, MONDAY, "AM")
		self.assertEqual(len(said), 3)  # N -> V, the form's note change, and the cancel's row
		self.assertIn(doc.name, said[-1].reason)
		self.assertIn("left as V", said[-1].reason)

	def test_a_blank_session_whose_mark_has_a_trail_is_kept_not_deleted(self):
		pupil = self.pupils[0]
		doc = self.bulk(from_session="PM", to_date=MONDAY, to_session="PM")  # Monday PM was blank
		doc.submit()
		# another record wrote over it and, cancelled, put it back: two trail rows by record writers
		key = {"student": pupil, "date": MONDAY, "session": "PM"}
		write_marks(
			[{**key, "code": "C", "note": "Leave"}],
			source="Leave of Absence",
			source_name="LOA-TEST",
			reason="Leave approved",
		)
		write_marks(
			[{**key, "code": "V"}],
			source="Bulk",
			source_doctype="Attendance Bulk Mark",
			source_name=doc.name,
			reason="Leave cancelled",
		)
		doc.reload()
		doc.cancel()
		codes = {(r[0], str(r[1]), r[2]): (r[3], r[7]) for r in snapshot(self.pupils)}
		self.assertEqual(codes.get((pupil, str(MONDAY), "PM")), ("V", doc.name))
		said = self.trail(pupil, MONDAY, "PM")
		self.assertEqual([(t.previous_code, t.new_code) for t in said], [("V", "C"), ("C", "V"), ("V", "V")])
		self.assertIn("amendment trail, so it is kept", said[-1].reason)
		self.assertNotIn((self.pupils[1], str(MONDAY), "PM"), codes)  # no trail: blank again
