"""Bench-only: the CSV marks import is all or nothing, with line numbers."""

from unittest.mock import patch

import frappe
from frappe.utils import add_days, getdate
from stdnum.gb import upn as stdnum_upn

from attendance_officer.registers.importer import import_marks, import_marks_text
from attendance_officer.registers.write import MarkBatchError
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_register


def weekday(days_back: int):
	day = getdate(add_days(getdate(), -days_back))
	while day.weekday() > 4:
		day = getdate(add_days(day, -1))
	return day


DAY = weekday(2)


def upn_for(n: int) -> str:
	body = f"801200026{n:03d}"
	return stdnum_upn.calc_check_digit(body) + body


class TestMarksImport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Import 9I", 3)
		cls.upns = [upn_for(500 + i) for i in range(3)]
		for pupil, upn in zip(cls.pupils, cls.upns, strict=True):
			frappe.db.set_value("Student", pupil, "upn", upn)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def csv(self, *codes, day=DAY):
		lines = ["upn,date,session,code,minutes_late"]
		lines += [f"{u},{day},AM,{c}," for u, c in zip(self.upns, codes, strict=False)]
		return "\n".join(lines) + "\n"

	def count(self):
		return frappe.db.count("Attendance Mark", {"student": ("in", self.pupils), "date": DAY})

	def test_good_file_is_imported(self):
		result = import_marks_text(self.csv("/", "N", "/"))
		self.assertEqual(len(result.inserted), 3)
		mark = frappe.get_doc("Attendance Mark", {"student": self.pupils[1], "date": DAY, "session": "AM"})
		self.assertEqual((mark.attendance_code, mark.source), ("N", "Import"))

	def test_one_bad_line_imports_nothing(self):
		with self.assertRaisesRegex(MarkBatchError, "Line 3: code H was withdrawn"):
			import_marks_text(self.csv("/", "H", "/"))
		self.assertEqual(self.count(), 0)

	def test_unknown_upn_imports_nothing(self):
		text = self.csv("/", "/", "/") + f"{upn_for(999)},{DAY},AM,/,\n"
		with self.assertRaisesRegex(MarkBatchError, "Line 5: no pupil has UPN"):
			import_marks_text(text)
		self.assertEqual(self.count(), 0)

	def test_rule_errors_carry_line_numbers(self):
		with self.assertRaisesRegex(MarkBatchError, "Line 2: code B"):
			import_marks_text(self.csv("B", "/", "/"))
		self.assertEqual(self.count(), 0)

	def test_changed_codes_need_the_import_reason(self):
		import_marks_text(self.csv("/", "N", "/"))
		with self.assertRaisesRegex(MarkBatchError, "Line 3: changing N to I"):
			import_marks_text(self.csv("/", "I", "/"))
		result = import_marks_text(self.csv("/", "I", "/"), reason="Medical notes from the MIS")
		self.assertEqual((len(result.updated), len(result.unchanged)), (1, 2))
		self.assertEqual(result.amended[0]["from"], "N")

	def test_future_and_weekend_lines_import_nothing(self):
		"""Review finding 4: the import refuses dates after today and days that are not school days."""
		tomorrow = getdate(add_days(getdate(), 1))
		with self.assertRaisesRegex(MarkBatchError, "Line 2: .*in the future"):
			import_marks_text(self.csv("/", "/", "/", day=tomorrow))
		saturday = getdate(add_days(getdate(), -((getdate().weekday() + 2) % 7 or 7)))
		with self.assertRaisesRegex(MarkBatchError, "Line 2: .*not a school day"):
			import_marks_text(self.csv("/", "/", "/", day=saturday))
		self.assertEqual(self.count(), 0)

	def test_a_file_not_saved_as_utf8_gets_a_clear_message(self):
		"""Excel's plain "CSV" (Windows-1252) is refused with what to do, not a server error."""
		text = self.csv("/", "/", "/").replace(
			"upn,date,session,code,minutes_late", "upn,date,session,code,note"
		)
		text += f"{self.upns[0]},{DAY},PM,B,Café trip £5\n"
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "marks-excel.csv",
				"is_private": 1,
				"content": text.encode("cp1252"),
			}
		).insert(ignore_permissions=True)
		with self.assertRaisesRegex(MarkBatchError, "Line 5: .*save the file as CSV UTF-8 and import again"):
			import_marks(file.file_url, reason="")
		self.assertEqual(self.count(), 0)

	def test_large_file_is_written_in_chunks_all_or_nothing(self):
		with patch("attendance_officer.registers.write.CHUNK_ROWS", 2):
			result = import_marks_text(self.csv("/", "N", "/"))
			self.assertEqual(len(result.inserted), 3)
			self.assertEqual(self.count(), 3)
			frappe.db.sql(
				"DELETE FROM `tabAttendance Mark` WHERE `student` IN %s AND `date` = %s",
				(self.pupils[:2], DAY),
			)
			# Lines 2 and 3 (first chunk) are new; line 4 (second chunk) changes a code without
			# a reason: the first chunk's marks are undone too.
			with self.assertRaisesRegex(MarkBatchError, "Line 4: changing / to N"):
				import_marks_text(self.csv("/", "/", "N"))
		codes = frappe.get_all(
			"Attendance Mark", filters={"student": ("in", self.pupils), "date": DAY}, pluck="attendance_code"
		)
		self.assertEqual(codes, ["/"])
