# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench-only tests: `bench --site test_site run-tests --app attendance_officer`."""

import frappe
from frappe.tests.utils import FrappeTestCase

from attendance_officer.attendance_officer.doctype.attendance_code.attendance_code import (
	CategoryFlagsError,
	CodeTableMismatchError,
	InvalidCodeError,
)
from attendance_officer.engine.codes import AUTHORISED_ABSENCE, NOT_A_POSSIBLE_SESSION
from attendance_officer.setup.code_fixture import code_fixture_rows


def code_doc(code: str, /, **changes):
	"""An unsaved Attendance Code built from the shipped fixture row, with ``changes`` applied."""
	row = next(r for r in code_fixture_rows() if r["code"] == code)
	row = {key: value for key, value in row.items() if key not in ("name", "docstatus")}
	return frappe.get_doc({**row, **changes})


class TestAttendanceCode(FrappeTestCase):
	def tearDown(self):
		frappe.db.rollback()

	def test_every_shipped_code_passes_its_own_checks(self):
		for row in code_fixture_rows():
			with self.subTest(code=row["code"]):
				code_doc(row["code"]).run_method("validate")

	def test_withdrawn_h_is_refused_naming_c(self):
		doc = frappe.get_doc(
			{
				"doctype": "Attendance Code",
				"code": "H",
				"description": "Agreed family holiday",
				"category": AUTHORISED_ABSENCE,
				"counts_in_possible": 1,
				"mirror_status": "Leave",
			}
		)
		with self.assertRaisesRegex(InvalidCodeError, r"use C \(leave of absence"):
			doc.insert()
		self.assertFalse(frappe.db.exists("Attendance Code", "H"))

	def test_withdrawn_y_is_refused_naming_y1_to_y7(self):
		doc = code_doc("Y1", code="Y", category=NOT_A_POSSIBLE_SESSION)
		with self.assertRaisesRegex(InvalidCodeError, "Y1 to Y7"):
			doc.run_method("validate")

	def test_unknown_code_is_refused(self):
		with self.assertRaises(InvalidCodeError):
			code_doc("O", code="Q9").run_method("validate")

	def test_flag_differing_from_the_code_table_is_refused(self):
		# G (holiday not granted) is not a late code in the DfE table.
		with self.assertRaisesRegex(CodeTableMismatchError, "Is Late Code"):
			code_doc("G", is_late=1).run_method("validate")

	def test_category_differing_from_the_code_table_is_refused(self):
		with self.assertRaises(CodeTableMismatchError):
			code_doc("I", category="Unauthorised Absence").run_method("validate")

	def test_penalty_flag_off_for_an_unauthorised_code_is_refused(self):
		with self.assertRaisesRegex(CategoryFlagsError, "Penalty"):
			code_doc("N", counts_toward_penalty=0).run_method("validate")

	def test_attending_flag_on_an_absence_code_is_refused(self):
		with self.assertRaises(CategoryFlagsError):
			code_doc("M", counts_as_attending=1).run_method("validate")
