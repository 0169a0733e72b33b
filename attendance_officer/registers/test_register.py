"""Bench-only tests of the register write path, save_register, the mirror and the leave guard.

`bench --site ao.localhost run-tests --module attendance_officer.registers.test_register`
"""

from unittest.mock import patch

import frappe
from education.education.api import make_attendance_records
from frappe.utils import add_days, getdate

from attendance_officer.registers import write as write_module
from attendance_officer.registers.api import (
	RegisterDateError,
	RegisterGroupError,
	RegisterPermissionError,
	RegisterTimesError,
	get_register,
	save_register,
)
from attendance_officer.registers.mirror import mirror_status
from attendance_officer.registers.write import ConcurrentSaveError, MarkBatchError, write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import (
	education_ready,
	make_holiday_list,
	make_instructor,
	make_program,
	make_register,
	make_staff_user,
)


def weekday(days_back: int):
	day = getdate(add_days(getdate(), -days_back))
	while day.weekday() > 4:
		day = getdate(add_days(day, -1))
	return day


DAY = weekday(1)


def present(pupils, session="AM"):
	return [{"student": p, "code": "/" if session == "AM" else "\\"} for p in pupils]


def count_marks(pupils, day=DAY):
	return frappe.db.count("Attendance Mark", {"student": ("in", pupils), "date": day})


def day_records(student, day=DAY):
	return frappe.get_all(
		"Student Attendance",
		filters={"student": student, "date": day, "docstatus": ("<", 2)},
		fields=["name", "status", "docstatus", "leave_application"],
	)


class TestSaveRegister(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Reg 10B", 30)
		cls.small_group, cls.small = make_register("AO Reg 10S", 3)
		cls.instructor, cls.tutor = make_instructor("-10b")
		make_register("AO Reg 10B", 30, instructors=[cls.instructor])
		frappe.db.commit()  # get-or-create test data, shared by every test below

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_saves_thirty_pupils_in_one_call(self):
		result = save_register(self.group, str(DAY), "AM", present(self.pupils))
		self.assertEqual(result["inserted"], 30)
		self.assertEqual(count_marks(self.pupils), 30)
		mark = frappe.get_doc("Attendance Mark", {"student": self.pupils[0], "date": DAY, "session": "AM"})
		self.assertEqual(
			(mark.attendance_code, mark.source, mark.registration_group), ("/", "Register", self.group)
		)
		self.assertEqual((mark.source_doctype, mark.source_name), ("Student Group", self.group))
		self.assertEqual(mark.marked_by, "Administrator")

	def test_resaving_never_duplicates(self):
		save_register(self.group, str(DAY), "AM", present(self.pupils))
		again = save_register(self.group, str(DAY), "AM", present(self.pupils))
		self.assertEqual((again["inserted"], again["updated"], again["unchanged"]), (0, 0, 30))
		self.assertEqual(count_marks(self.pupils), 30)

	def test_marks_accepts_json_text(self):
		result = save_register(self.small_group, str(DAY), "PM", frappe.as_json(present(self.small, "PM")))
		self.assertEqual(result["inserted"], 3)

	def test_query_count_does_not_grow_with_the_roll(self):
		with self.assertQueryCount(16):
			save_register(self.small_group, str(DAY), "AM", present(self.small))
		with self.assertQueryCount(16):
			save_register(self.group, str(DAY), "AM", present(self.pupils))
		marks = present(self.pupils)
		for row in marks[:10]:
			row.update(code="N")
		with self.assertQueryCount(16):
			with self.assertRaises(MarkBatchError):  # 10 changed codes with no reason
				save_register(self.group, str(DAY), "AM", marks)
		for row in marks[:10]:
			row.update(reason="Register was taken in the wrong room")
		with self.assertQueryCount(18):
			save_register(self.group, str(DAY), "AM", marks)

	def test_one_bad_mark_saves_nothing(self):
		marks = present(self.pupils)
		marks[5]["code"] = "H"  # withdrawn in 2024
		marks[6]["code"] = "B"  # needs a note
		with self.assertRaises(MarkBatchError) as caught:
			save_register(self.group, str(DAY), "AM", marks)
		message = str(caught.exception)
		self.assertIn("withdrawn", message)
		self.assertIn("needs a note", message)
		self.assertEqual(count_marks(self.pupils), 0)

	def test_changed_code_needs_a_reason_and_is_kept(self):
		save_register(self.small_group, str(DAY), "AM", present(self.small))
		marks = present(self.small)
		marks[0].update(code="L", minutes_late=12)
		with self.assertRaisesRegex(MarkBatchError, "needs a reason"):
			save_register(self.small_group, str(DAY), "AM", marks)
		marks[0]["reason"] = "Arrived during registration; tutor missed it"
		result = save_register(self.small_group, str(DAY), "AM", marks)
		self.assertEqual(result["updated"], 1)
		mark = frappe.get_doc("Attendance Mark", {"student": self.small[0], "date": DAY, "session": "AM"})
		self.assertEqual((mark.attendance_code, mark.minutes_late), ("L", 12))
		self.assertEqual(len(mark.amendments), 1)
		row = mark.amendments[0]
		self.assertEqual((row.previous_code, row.new_code), ("/", "L"))
		self.assertEqual(
			row.reason, "Minutes late changed from 0 to 12. Arrived during registration; tutor missed it"
		)
		self.assertEqual(row.amended_by, "Administrator")

	def test_pupil_outside_the_group_is_refused(self):
		with self.assertRaisesRegex(frappe.ValidationError, "not in registration group"):
			save_register(self.small_group, str(DAY), "AM", present(self.pupils[:1]))

	def test_instructor_of_the_group_may_save(self):
		frappe.set_user(self.tutor)
		result = save_register(self.group, str(DAY), "AM", present(self.pupils))
		self.assertEqual(result["inserted"], 30)

	def test_instructor_of_another_group_is_refused(self):
		frappe.set_user(self.tutor)
		with self.assertRaises(RegisterPermissionError):
			save_register(self.small_group, str(DAY), "AM", present(self.small))
		self.assertEqual(count_marks(self.small), 0)

	def test_head_of_year_may_save(self):
		frappe.set_user(make_staff_user("Head of Year"))
		save_register(self.small_group, str(DAY), "AM", present(self.small))

	def test_user_without_a_register_role_is_refused(self):
		frappe.set_user(make_staff_user("Academics User"))
		with self.assertRaises(RegisterPermissionError):
			save_register(self.small_group, str(DAY), "AM", present(self.small))

	def test_locked_register_refused_for_head_of_year(self):
		frappe.db.set_single_value("Attendance Settings", "amendment_lock_days", 7)
		old = weekday(12)
		head_of_year, officer = make_staff_user("Head of Year"), make_staff_user("Attendance Officer")
		frappe.set_user(head_of_year)
		with self.assertRaisesRegex(MarkBatchError, "locked"):
			save_register(self.small_group, str(old), "AM", present(self.small))
		frappe.set_user(officer)
		self.assertEqual(save_register(self.small_group, str(old), "AM", present(self.small))["inserted"], 3)


class TestRegisterReviewFindings(FrappeTestCase):
	"""Review findings 3, 4, 5, 7, 8 and 9 on the register page's save path."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Reg 11R", 3)
		cls.instructor, cls.tutor = make_instructor("-11r")
		make_register("AO Reg 11R", 3, instructors=[cls.instructor])
		make_holiday_list()
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def mark(self, pupil, day=DAY, session="AM"):
		return frappe.get_doc("Attendance Mark", {"student": pupil, "date": day, "session": session})

	def bulk_mark(self, pupil, code="V", source="Bulk", note=""):
		write_marks(
			[{"student": pupil, "date": DAY, "session": "AM", "code": code, "note": note}],
			source=source,
			source_doctype="Attendance Bulk Mark",
			source_name="ABM-2026-00009",
		)

	# finding 3: marks decided elsewhere
	def test_instructor_cannot_overwrite_a_bulk_mark(self):
		self.bulk_mark(self.pupils[0])
		frappe.set_user(self.tutor)
		marks = present(self.pupils)
		marks[0]["reason"] = "Was in class"
		with self.assertRaisesRegex(MarkBatchError, "recorded by Bulk") as caught:
			save_register(self.group, str(DAY), "AM", marks)
		self.assertIn(frappe.db.get_value("Student", self.pupils[0], "student_name"), str(caught.exception))
		frappe.set_user("Administrator")
		self.assertEqual(self.mark(self.pupils[0]).attendance_code, "V")

	def test_head_of_year_cannot_overwrite_a_leave_mark(self):
		self.bulk_mark(self.pupils[1], code="C", source="Leave of Absence", note="Family wedding")
		frappe.set_user(make_staff_user("Head of Year"))
		marks = present(self.pupils)
		marks[1]["reason"] = "Back early"
		with self.assertRaisesRegex(MarkBatchError, "recorded by Leave of Absence"):
			save_register(self.group, str(DAY), "AM", marks)

	def test_bulk_mark_is_read_only_on_the_page_except_for_unlock_roles(self):
		self.bulk_mark(self.pupils[0])
		frappe.set_user(self.tutor)
		rows = {p["student"]: p for p in get_register(self.group, str(DAY), "AM")["pupils"]}
		self.assertTrue(rows[self.pupils[0]]["read_only"])
		self.assertFalse(rows[self.pupils[1]]["read_only"])
		frappe.set_user(make_staff_user("Attendance Officer"))
		rows = {p["student"]: p for p in get_register(self.group, str(DAY), "AM")["pupils"]}
		self.assertFalse(rows[self.pupils[0]]["read_only"])

	def test_unchanged_bulk_mark_does_not_block_the_register(self):
		self.bulk_mark(self.pupils[0])
		frappe.set_user(self.tutor)
		marks = present(self.pupils)
		marks[0]["code"] = "V"
		self.assertEqual(save_register(self.group, str(DAY), "AM", marks)["unchanged"], 1)

	def test_attendance_officer_may_override_with_a_reason(self):
		self.bulk_mark(self.pupils[0])
		frappe.set_user(make_staff_user("Attendance Officer"))
		marks = present(self.pupils)
		with self.assertRaisesRegex(MarkBatchError, "needs a reason"):
			save_register(self.group, str(DAY), "AM", marks)
		marks[0]["reason"] = "Stayed behind from the trip"
		self.assertEqual(save_register(self.group, str(DAY), "AM", marks)["updated"], 1)
		mark = self.mark(self.pupils[0])
		self.assertEqual((mark.attendance_code, mark.source), ("/", "Register"))
		self.assertEqual(mark.amendments[-1].reason, "Stayed behind from the trip")

	# finding 4: dates
	def test_future_date_is_refused(self):
		tomorrow = getdate(add_days(getdate(), 1))
		with self.assertRaisesRegex(RegisterDateError, "in the future"):
			save_register(self.group, str(tomorrow), "AM", present(self.pupils))

	def test_weekend_is_refused(self):
		saturday = getdate(add_days(getdate(), -((getdate().weekday() + 2) % 7 or 7)))
		self.assertEqual(saturday.weekday(), 5)
		with self.assertRaisesRegex(RegisterDateError, "not a school day"):
			save_register(self.group, str(saturday), "AM", present(self.pupils))
		self.assertEqual(count_marks(self.pupils, saturday), 0)

	def test_holiday_is_refused(self):
		from attendance_officer.registers.calendar import holiday_list

		frappe.get_doc(
			{
				"doctype": "Holiday",
				"parent": holiday_list(),
				"parenttype": "Holiday List",
				"parentfield": "holidays",
				"holiday_date": DAY,
				"description": "INSET day",
			}
		).db_insert()
		with self.assertRaisesRegex(RegisterDateError, "not a school day"):
			save_register(self.group, str(DAY), "AM", present(self.pupils))

	# finding 5: registration groups
	def other_batch_group(self, name="AO Reg 11R Sets"):
		doc = frappe.get_doc(
			{
				"doctype": "Student Group",
				"student_group_name": name,
				"group_based_on": "Batch",
				"academic_year": education_ready(),
				"program": make_program(),
				"students": [{"student": s, "active": 1} for s in self.pupils],
			}
		)
		doc.flags.ignore_validate = True
		return doc.insert(ignore_permissions=True).name

	def test_group_not_batch_based_is_refused(self):
		frappe.db.set_value("Student Group", self.group, "group_based_on", "Activity")
		with self.assertRaisesRegex(RegisterGroupError, "not a registration group"):
			save_register(self.group, str(DAY), "AM", present(self.pupils))

	def test_disabled_group_is_refused(self):
		frappe.db.set_value("Student Group", self.group, "disabled", 1)
		with self.assertRaises(RegisterGroupError):
			get_register(self.group, str(DAY), "AM")

	def test_mark_keeps_the_pupils_own_registration_group(self):
		other = self.other_batch_group()
		save_register(other, str(DAY), "AM", present(self.pupils))
		self.assertEqual(self.mark(self.pupils[0]).registration_group, self.group)

	# finding 7: concurrent saves
	def test_mark_saved_by_someone_else_meanwhile_is_not_overwritten(self):
		real_plan = write_module.plan_batch
		pupil = self.pupils[2]

		def plan_then_race(*args, **kwargs):
			plan = real_plan(*args, **kwargs)
			frappe.db.sql(
				"""INSERT INTO `tabAttendance Mark` (`name`, `student`, `date`, `session`, `attendance_code`,
					`source`) VALUES ('ao-race-mark', %s, %s, 'AM', 'N', 'Register')""",
				(pupil, DAY),
			)
			return plan

		with patch.object(write_module, "plan_batch", plan_then_race):
			with self.assertRaisesRegex(ConcurrentSaveError, "just saved by someone else"):
				save_register(self.group, str(DAY), "AM", present(self.pupils))
		self.assertEqual(frappe.db.get_value("Attendance Mark", "ao-race-mark", "attendance_code"), "N")
		self.assertEqual(count_marks(self.pupils), 1)

	# finding 8: minutes and notes in the trail
	def test_minutes_late_change_is_kept_in_the_trail(self):
		marks = present(self.pupils)
		marks[0].update(code="L", minutes_late=5)
		save_register(self.group, str(DAY), "AM", marks)
		marks[0].update(minutes_late=15)
		save_register(self.group, str(DAY), "AM", marks)
		trail = self.mark(self.pupils[0]).amendments
		self.assertEqual(len(trail), 1)
		self.assertEqual((trail[0].previous_code, trail[0].new_code), ("L", "L"))
		self.assertIn("Minutes late changed from 5 to 15", trail[0].reason)

	# finding 9: messages
	def test_malformed_marks_give_a_clear_error(self):
		for marks in ('["/", "/"]', "[1, 2]", "{not json", '{"student": "x"}', [None]):
			with self.assertRaisesRegex(frappe.ValidationError, "Marks must be a list"):
				save_register(self.group, str(DAY), "AM", marks)

	def test_user_input_in_messages_is_escaped(self):
		marks = present(self.pupils)
		marks[0]["code"] = "<img src=x onerror=alert(1)>"
		with self.assertRaises(MarkBatchError) as caught:
			save_register(self.group, str(DAY), "AM", marks)
		self.assertNotIn("<img", str(caught.exception))
		self.assertIn("&lt;img", str(caught.exception))
		with self.assertRaises(frappe.ValidationError) as caught:
			save_register(self.group, str(DAY), "<b>XX</b>", marks)
		self.assertNotIn("<b>", str(caught.exception))

	def test_blank_register_times_give_a_clear_error(self):
		frappe.db.set_single_value("Attendance Settings", "am_register_opens", None)
		with self.assertRaisesRegex(RegisterTimesError, "register times in Attendance Settings"):
			get_register(self.group, str(DAY), "AM")


class TestStudentAttendanceMirror(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Mirror 8C", 3)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_am_mark_mirrors_status(self):
		marks = present(self.pupils)
		marks[1]["code"] = "N"
		save_register(self.group, str(DAY), "AM", marks)
		self.assertEqual([r.status for r in day_records(self.pupils[0])], ["Present"])
		self.assertEqual([r.status for r in day_records(self.pupils[1])], ["Absent"])
		record = day_records(self.pupils[0])[0]
		self.assertEqual(record.docstatus, 1)
		link = frappe.db.get_value(
			"Attendance Mark", {"student": self.pupils[0], "date": DAY, "session": "AM"}, "student_attendance"
		)
		self.assertEqual(link, record.name)

	def test_am_and_pm_make_one_day_record(self):
		save_register(self.group, str(DAY), "AM", present(self.pupils))
		save_register(self.group, str(DAY), "PM", present(self.pupils, "PM"))
		for pupil in self.pupils:
			self.assertEqual(len(day_records(pupil)), 1)

	def test_changed_am_code_updates_the_same_record(self):
		save_register(self.group, str(DAY), "AM", present(self.pupils))
		first = day_records(self.pupils[0])[0].name
		marks = present(self.pupils)
		marks[0].update(code="I", reason="Mother rang at 9:30")
		save_register(self.group, str(DAY), "AM", marks)
		records = day_records(self.pupils[0])
		self.assertEqual([(r.name, r.status) for r in records], [(first, mirror_status("I"))])

	def test_existing_education_record_is_updated_not_duplicated(self):
		doc = frappe.get_doc(
			{
				"doctype": "Student Attendance",
				"student": self.pupils[2],
				"student_group": self.group,
				"date": DAY,
				"status": "Absent",
			}
		)
		doc.flags.ignore_validate = True
		doc.insert(ignore_permissions=True)
		doc.submit()
		save_register(self.group, str(DAY), "AM", present(self.pupils))
		records = day_records(self.pupils[2])
		self.assertEqual([(r.name, r.status) for r in records], [(doc.name, "Present")])

	def test_leave_mirrors_as_absent_on_education_v15(self):
		options = frappe.get_meta("Student Attendance").get_field("status").options.split("\n")
		expected = "Leave" if "Leave" in options else "Absent"
		self.assertEqual(mirror_status("C"), expected)
		self.assertEqual(mirror_status("/"), "Present")
		self.assertEqual(mirror_status("#"), "")

	def test_closure_code_writes_no_record(self):
		write_marks(
			[{"student": self.pupils[0], "date": DAY, "session": "AM", "code": "#"}],
			source="Closure",
		)
		self.assertEqual(day_records(self.pupils[0]), [])


class TestLeaveCancelGuard(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Leave 9L", 2)
		make_holiday_list()
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def leave(self, pupil, from_date, to_date):
		doc = frappe.get_doc(
			{
				"doctype": "Student Leave Application",
				"student": pupil,
				"from_date": from_date,
				"to_date": to_date,
				"attendance_based_on": "Student Group",
				"student_group": self.group,
				"reason": "Family emergency",
			}
		)
		doc.insert(ignore_permissions=True)
		doc.submit()
		return doc

	def test_cancelling_leave_keeps_register_mirrors(self):
		pupil = self.pupils[0]
		earlier, later = weekday(8), weekday(1)
		save_register(self.group, str(earlier), "AM", present(self.pupils))
		ours = day_records(pupil, earlier)[0].name
		leave = self.leave(pupil, earlier, later)
		# Education's update_attendance overwrote our record's status and linked it to the leave.
		self.assertEqual(frappe.db.get_value("Student Attendance", ours, "leave_application"), leave.name)
		created_by_leave = [r.name for r in day_records(pupil, later)]
		self.assertEqual(len(created_by_leave), 1)
		leave.cancel()
		record = frappe.db.get_value(
			"Student Attendance", ours, ["docstatus", "status", "leave_application"], as_dict=True
		)
		self.assertEqual((record.docstatus, record.status, record.leave_application), (1, "Present", None))
		# What the leave created itself is cancelled, as Education intends.
		self.assertEqual(frappe.db.get_value("Student Attendance", created_by_leave[0], "docstatus"), 2)

	def test_cancelling_leave_leaves_other_pupils_alone(self):
		save_register(self.group, str(weekday(3)), "AM", present(self.pupils))
		other = day_records(self.pupils[1], weekday(3))[0].name
		leave = self.leave(self.pupils[0], weekday(3), weekday(3))
		leave.cancel()
		self.assertEqual(frappe.db.get_value("Student Attendance", other, "docstatus"), 1)

	def test_cancelling_leave_restores_the_status_of_a_record_made_by_educations_tool(self):
		"""Education's update_attendance overwrote the tool's status on submit; cancel puts it back."""
		pupil, day = self.pupils[0], weekday(2)
		make_attendance_records(
			pupil, frappe.db.get_value("Student", pupil, "student_name"), "Present", None, self.group, day
		)
		tools = day_records(pupil, day)[0].name
		leave = self.leave(pupil, day, day)
		self.assertEqual(frappe.db.get_value("Student Attendance", tools, "status"), "Absent")  # overwritten
		snapshot = frappe.get_doc("Leave Application Snapshot", leave.name)
		self.assertIn(tools, snapshot.records)
		leave.cancel()
		record = frappe.db.get_value(
			"Student Attendance", tools, ["docstatus", "status", "leave_application"], as_dict=True
		)
		self.assertEqual((record.docstatus, record.status, record.leave_application), (1, "Present", None))
