# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: the certificate run (issue 14 item 5) finds 100% and most improved per
registration group, logs each certificate once and keeps one PDF per group."""

from datetime import timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.letters.certificates import certificate_awards, make_certificates
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user

test_ignore = ["Student", "Student Group"]

TODAY = getdate()
BEFORE = TODAY - timedelta(days=TODAY.weekday() + 14)  # the Monday two weeks ago
NOW = BEFORE + timedelta(days=7)


def week(student, monday, absent_days: int):
	return [
		{
			"student": student,
			"date": monday + timedelta(days=d),
			"session": part,
			"code": "O" if d < absent_days else present,
		}
		for d in range(5)
		for part, present in (("AM", "/"), ("PM", "\\"))
	]


class TestCertificateRun(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO Certificates 9C", 3)
		cls.officer = make_staff_user("Attendance Officer", "-certificates")
		frappe.db.commit()

	def setUp(self):
		frappe.db.set_single_value("Attendance Settings", "certificate_min_sessions", 10)
		full, improved, steady = self.pupils
		write_marks(
			week(full, BEFORE, 0)
			+ week(full, NOW, 0)  # 100% both weeks
			+ week(improved, BEFORE, 2)
			+ week(improved, NOW, 0)  # 60% -> 100%: most improved
			+ week(steady, BEFORE, 1)
			+ week(steady, NOW, 1),  # 80% -> 80%
			source="Register",
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def args(self):
		return {
			"from_date": str(NOW),
			"to_date": str(NOW + timedelta(days=4)),
			"previous_from": str(BEFORE),
			"previous_to": str(BEFORE + timedelta(days=4)),
		}

	def test_the_run_finds_each_certificate_logs_it_once_and_makes_one_pdf_per_group(self):
		frappe.set_user(self.officer)
		rows = [r for r in certificate_awards(**self.args()) if r["student"] in self.pupils]
		full, improved, _steady = self.pupils
		self.assertEqual(
			sorted((r["student"], r["kind"]) for r in rows),
			sorted([(full, "full"), (improved, "full"), (improved, "improved")]),
		)
		made = make_certificates(**self.args())
		mine = frappe.get_all(
			"Attendance Letter",
			filters={"letter_type": "Certificate", "student": ("in", self.pupils)},
			pluck="name",
		)
		self.assertEqual(len(mine), 3)
		(group_file,) = [f for f in made["files"] if f["group"] == self.group]
		self.assertEqual(group_file["count"], 3)
		pdf = frappe.get_doc("File", {"file_url": group_file["file_url"]}).get_content()
		self.assertTrue(pdf.startswith(b"%PDF"))
		html = frappe.get_print("Attendance Letter", mine[0], print_format="Attendance Certificate")
		self.assertIn("This certificate is awarded to", html)

		again = make_certificates(**self.args())
		self.assertEqual(again["made"], 0)
		self.assertGreaterEqual(again["already_made"], 3)

	def test_a_period_that_ends_before_it_starts_is_refused(self):
		from attendance_officer.letters.certificates import CertificateError

		frappe.set_user(self.officer)
		with self.assertRaisesRegex(CertificateError, "starts after it ends"):
			make_certificates(from_date=str(TODAY), to_date=str(TODAY - timedelta(days=1)))

	def test_a_head_of_year_sees_the_certificates_but_does_not_make_them(self):
		hoy = make_staff_user("Head of Year", "-certificates")
		frappe.set_user(hoy)
		with self.assertRaises(frappe.PermissionError):
			make_certificates(**self.args())
