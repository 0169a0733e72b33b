"""Bench-only: unmarked-register reminders (once per group per session), reports, backup."""

from datetime import datetime, time, timedelta
from unittest.mock import patch

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.report.fire_register.fire_register import execute as fire_register
from attendance_officer.attendance_officer.report.register_amendments.register_amendments import (
	execute as amendments_report,
)
from attendance_officer.attendance_officer.report.unmarked_registers.unmarked_registers import (
	execute as unmarked_report,
)
from attendance_officer.registers.backup import file_names, monthly_register_backup
from attendance_officer.registers.unmarked import remind_unmarked_registers
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import (
	make_holiday_list,
	make_instructor,
	make_register,
	make_staff_user,
)

TODAY = getdate()
DAY = TODAY - timedelta(days=TODAY.weekday() + 7)  # last week's Monday: a school day


def at(hour: int, minute: int = 0) -> datetime:
	return datetime.combine(DAY, time(hour, minute))


class TestRegisterJobs(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.instructor, cls.tutor = make_instructor("-12u")
		cls.group, cls.pupils = make_register("AO Unmarked 12U", 3, instructors=[cls.instructor])
		cls.officer = make_staff_user("Attendance Officer")
		make_holiday_list()
		frappe.db.commit()

	def setUp(self):
		settings = frappe.get_single("Attendance Settings")
		settings.update(
			{
				"am_register_opens": "08:30:00",
				"am_register_closes": "09:00:00",
				"pm_register_opens": "13:15:00",
				"pm_register_closes": "13:45:00",
				"first_day_calling_cutoff": "10:00:00",
			}
		)
		settings.save()
		# Other registration groups on the site are marked, so only ours is unmarked.
		frappe.db.sql(
			"UPDATE `tabStudent Group` SET `disabled` = 1 WHERE `group_based_on` = 'Batch' AND `name` != %s",
			(self.group,),
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def mark(self, pupils, session="AM", code="/", day=DAY):
		write_marks([{"student": p, "date": day, "session": session, "code": code} for p in pupils])

	def test_report_lists_groups_with_a_missing_mark(self):
		self.mark(self.pupils[:2])
		_columns, data, _message, _chart, summary = unmarked_report({"date": str(DAY), "session": "AM"})
		self.assertEqual(
			[(r["student_group"], r["unmarked"], r["pupils"]) for r in data], [(self.group, 1, 3)]
		)
		self.assertEqual(summary[1]["value"], 1)
		self.mark(self.pupils[2:])
		self.assertEqual(unmarked_report({"date": str(DAY), "session": "AM"})[1], [])

	def test_report_is_one_query(self):
		with self.assertQueryCount(3):
			unmarked_report({"date": str(DAY)})

	def test_no_reminder_before_the_register_closes(self):
		self.assertEqual(remind_unmarked_registers(at(8, 45)), [])

	@patch("attendance_officer.registers.unmarked.send_reminder")
	def test_reminder_goes_to_tutor_and_officers_once(self, send):
		self.mark(self.pupils[:1])
		written = remind_unmarked_registers(at(9, 15))
		self.assertEqual(len(written), 1)
		log = frappe.get_doc("Register Reminder Log", written[0])
		self.assertEqual((log.student_group, log.session, log.unmarked), (self.group, "AM", 2))
		self.assertIn(self.tutor, log.recipients)
		self.assertIn(self.officer, log.recipients)
		send.assert_called_once()
		self.assertIn(self.tutor, send.call_args.args[2])
		self.assertEqual(remind_unmarked_registers(at(9, 30)), [])  # never twice
		self.assertEqual(remind_unmarked_registers(at(9, 45)), [])
		send.assert_called_once()

	def test_without_outgoing_email_nothing_is_marked_sent(self):
		with patch(
			"attendance_officer.registers.unmarked.send_reminder", side_effect=frappe.OutgoingEmailError
		):
			self.assertEqual(remind_unmarked_registers(at(9, 15)), [])
		self.assertFalse(frappe.db.exists("Register Reminder Log", {"student_group": self.group}))

	@patch("attendance_officer.registers.unmarked.send_reminder")
	def test_no_recipients_writes_no_sent_row_and_says_why(self, send):
		frappe.db.sql(
			"DELETE FROM `tabStudent Group Instructor` WHERE `parent` = %s AND `parenttype` = 'Student Group'",
			(self.group,),
		)
		with patch("attendance_officer.registers.unmarked.officer_users", return_value=[]):
			self.assertEqual(remind_unmarked_registers(at(9, 15)), [])
			self.assertEqual(remind_unmarked_registers(at(9, 30)), [])
		send.assert_not_called()
		self.assertFalse(frappe.db.exists("Register Reminder Log", {"student_group": self.group}))
		logs = frappe.get_all(
			"Error Log",
			filters={"reference_doctype": "Student Group", "reference_name": self.group},
			fields=["method", "error"],
		)
		self.assertEqual(len(logs), 1)  # said once, not every 15 minutes
		self.assertIn("Register reminder not sent", logs[0].method)
		self.assertIn("no tutor with a user", logs[0].error)
		# An attendance officer is set up: the next run sends it and records it as sent.
		written = remind_unmarked_registers(at(9, 45))
		self.assertEqual(len(written), 1)
		send.assert_called_once()

	@patch("attendance_officer.registers.unmarked.send_reminder")
	def test_afternoon_reminder_is_separate(self, send):
		self.mark(self.pupils)  # AM complete
		self.assertEqual(remind_unmarked_registers(at(9, 15)), [])
		written = remind_unmarked_registers(at(14, 0))
		self.assertEqual(
			[frappe.db.get_value("Register Reminder Log", n, "session") for n in written], ["PM"]
		)

	def test_no_reminder_at_the_weekend(self):
		saturday = datetime.combine(DAY + timedelta(days=5), time(10, 0))
		self.assertEqual(remind_unmarked_registers(saturday), [])

	def test_fire_register_lists_pupils_on_site(self):
		self.mark(self.pupils[:1], code="/")
		self.mark(self.pupils[1:2], code="N")
		self.mark(self.pupils[2:], code="L")
		_columns, data, message, _chart, summary = fire_register(
			{"date": str(DAY), "session": "AM", "student_group": self.group}
		)
		pupils = [r.get("student") for r in data if r.get("student")]
		self.assertEqual(sorted(pupils), sorted([self.pupils[0], self.pupils[2]]))
		self.assertEqual(data[0]["registration_group"], self.group)
		self.assertEqual(summary[0]["value"], 2)
		self.assertIn("2 pupils on site", message)

	def test_fire_register_lists_pupils_not_yet_marked_separately(self):
		self.mark(self.pupils[:1], code="/")
		self.mark(self.pupils[1:2], code="N")
		for session in ("AM", "PM"):  # PM: nobody's afternoon mark yet, the morning mark decides
			with self.subTest(session=session):
				_columns, data, message, _chart, summary = fire_register(
					{"date": str(DAY), "session": session, "student_group": self.group}
				)
				on_site = [r["student"] for r in data if r.get("student") and r["section"] == "on_site"]
				unmarked = [r["student"] for r in data if r.get("student") and r["section"] == "unmarked"]
				self.assertEqual(on_site, [self.pupils[0]])
				self.assertEqual(unmarked, [self.pupils[2]])  # N (absent) is on neither list
				headings = [r["registration_group"] for r in data if r.get("bold")]
				self.assertEqual(headings, [self.group, "Not yet marked: check these pupils too", self.group])
				self.assertEqual([s["value"] for s in summary], [1, 1])
				self.assertIn("1 not yet marked", message)

	def test_fire_register_afternoon_falls_back_to_the_morning_mark(self):
		self.mark(self.pupils, code="/")
		self.mark(self.pupils[:1], session="PM", code="M")
		data = fire_register({"date": str(DAY), "session": "PM", "student_group": self.group})[1]
		pupils = [r.get("student") for r in data if r.get("student")]
		self.assertEqual(sorted(pupils), sorted(self.pupils[1:]))

	def test_amendment_report_shows_the_trail(self):
		self.mark(self.pupils[:1], code="N")
		write_marks(
			[
				{
					"student": self.pupils[0],
					"date": DAY,
					"session": "AM",
					"code": "I",
					"reason": "Doctor's note",
				}
			]
		)
		data = amendments_report({"student": self.pupils[0]})[1]
		self.assertEqual(
			[(r.previous_code, r.new_code, r.reason) for r in data], [("N", "I", "Doctor's note")]
		)

	def test_monthly_backup_is_filed_once(self):
		first_of_month = DAY.replace(day=1)
		next_month = (first_of_month + timedelta(days=32)).replace(day=1)
		self.mark(self.pupils, code="/")
		written = monthly_register_backup(next_month)
		self.assertEqual(len(written), 4)  # marks CSV and XLSX, admission register CSV and PDF
		csv_name, _xlsx = file_names(first_of_month)
		file = frappe.get_doc("File", {"file_name": csv_name, "attached_to_doctype": "Register Backup"})
		self.assertTrue(file.is_private)
		self.assertEqual(file.attached_to_name, first_of_month.strftime("%Y-%m"))
		lines = (
			file.get_content().decode().splitlines()
			if isinstance(file.get_content(), bytes)
			else file.get_content().splitlines()
		)
		self.assertIn(f"{DAY.isoformat()} AM", lines[0])
		self.assertTrue(any(line.startswith(self.pupils[0]) for line in lines[1:]))
		stem = f"admission-register-{first_of_month.strftime('%Y-%m')}"
		admission = frappe.get_doc(
			"File", {"file_name": f"{stem}.csv", "attached_to_doctype": "Register Backup"}
		)
		content = admission.get_content()
		text = content.decode() if isinstance(content, bytes) else content
		self.assertTrue(text.startswith("Surname,Forenames,Sex,Date of birth"))
		surname = frappe.db.get_value("Student", self.pupils[0], "last_name")
		self.assertIn(surname, text)
		pdf = frappe.get_doc("File", {"file_name": f"{stem}.pdf", "attached_to_doctype": "Register Backup"})
		self.assertTrue(pdf.is_private and pdf.get_content().startswith(b"%PDF"))
		self.assertEqual(monthly_register_backup(next_month), [])  # idempotent

	def test_monthly_backup_is_readable_only_by_officer_headteacher_and_system_manager(self):
		first_of_month = DAY.replace(day=1)
		next_month = (first_of_month + timedelta(days=32)).replace(day=1)
		self.mark(self.pupils, code="/")
		written = monthly_register_backup(next_month)
		self.assertEqual(len(written), 4)
		for name in written:
			file = frappe.get_doc("File", name)
			self.assertTrue(file.is_private)
			for role in ("Head of Year", "Instructor", "Academics User"):
				user = make_staff_user(role)
				self.assertFalse(frappe.has_permission("File", doc=file, user=user), f"{role} reads {name}")
			for role in ("Attendance Officer", "Headteacher", "System Manager"):
				user = make_staff_user(role)
				self.assertTrue(frappe.has_permission("File", doc=file, user=user), f"{role} cannot read")
		self.assertEqual(frappe.db.count("Register Backup", {"month": first_of_month.strftime("%Y-%m")}), 1)
