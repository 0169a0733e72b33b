# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Code: the DfE codes in force, as desk records.

The rows come from the rules core (engine/codes.py) through the fixture
attendance_officer/fixtures/attendance_code.json. This controller makes sure the desk can
never disagree with the core: a withdrawn or unknown code is refused, a code's flags must
follow its statistical category, and every flag must match the core's table.
Source: ../shared/domain/uk-attendance-rules.md section 1.
"""

import frappe
from frappe import _
from frappe.model.document import Document

from attendance_officer.engine.codes import CODES, RETIRED, code_error
from attendance_officer.engine.codes import AttendanceCode as EngineCode


class InvalidCodeError(frappe.ValidationError):
	"""A code that is not in force (withdrawn in 2024, or never a DfE code)."""


class CategoryFlagsError(frappe.ValidationError):
	"""A counting flag that contradicts the code's statistical category."""


class CodeTableMismatchError(frappe.ValidationError):
	"""A field that differs from the rules core's code table."""


# Fields the rules core derives from the statistical category alone.
CATEGORY_FLAGS = {
	"counts_in_possible": "possible",
	"counts_as_attending": "attending",
	"counts_toward_penalty": "penalty",
	"mirror_status": "mirror_status",
}

# Fields the rules core's table sets per code.
TABLE_FIELDS = {
	"category": "category",
	"is_late": "late",
	"note_required": "note_required",
	"pupil_on_site": "on_site",
}


class AttendanceCode(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Literal[
			"Present",
			"Approved Educational Activity",
			"Authorised Absence",
			"Unauthorised Absence",
			"Not A Possible Session",
			"Administrative",
		]
		code: DF.Data
		counts_as_attending: DF.Check
		counts_in_possible: DF.Check
		counts_toward_penalty: DF.Check
		description: DF.Data
		is_late: DF.Check
		mirror_status: DF.Literal["", "Present", "Absent", "Leave"]
		note_required: DF.Check
		pupil_on_site: DF.Check
	# end: auto-generated types

	def validate(self):
		if not self.code:
			return  # Frappe's mandatory check names the missing code
		self.check_code_in_force()
		self.check_matches_code_table()
		self.check_flags_follow_category()

	def check_code_in_force(self):
		"""H, J and Y were withdrawn on 19 August 2024; the message names the replacement."""
		if error := code_error(self.code):
			message = _sentence(_(error))
			if self.code not in RETIRED:
				message = _("{0}. Only the DfE codes in force can be recorded: {1}.").format(
					message, " ".join(CODES)
				)
			frappe.throw(message, title=_("Code not in force"), exc=InvalidCodeError)

	def check_matches_code_table(self):
		"""Category, late, note and on-site flags equal the rules core's table."""
		engine_code = CODES[self.code]
		differences = [
			_("{0} is {1}, the table says {2}").format(
				_(self.meta.get_label(fieldname)),
				_show(self.get(fieldname)),
				_show(getattr(engine_code, attribute)),
			)
			for fieldname, attribute in TABLE_FIELDS.items()
			if _value(self.get(fieldname)) != _value(getattr(engine_code, attribute))
		]
		if differences:
			frappe.throw(
				_(
					"Attendance code {0} must match the DfE code table: {1}. "
					"Set these back to the table's values; registers and reports read the table."
				).format(self.code, "; ".join(differences)),
				title=_("Code differs from the DfE table"),
				exc=CodeTableMismatchError,
			)

	def check_flags_follow_category(self):
		"""Possible, attending, penalty and mirror status follow from the category alone."""
		expected = EngineCode(self.code, self.description or "", self.category)
		fixes = [
			_("{0}: {1}").format(_(self.meta.get_label(fieldname)), _show(getattr(expected, attribute)))
			for fieldname, attribute in CATEGORY_FLAGS.items()
			if _value(self.get(fieldname)) != _value(getattr(expected, attribute))
		]
		if fixes:
			frappe.throw(
				_("A code in category {0} must have {1}. Correct these fields or the category.").format(
					_(self.category), ", ".join(fixes)
				),
				title=_("Flags do not match the category"),
				exc=CategoryFlagsError,
			)


def _value(value) -> object:
	"""Compare checks as 0/1 and selects as text, whatever type the form sent."""
	if isinstance(value, bool | int):
		return int(value)
	if isinstance(value, str) and value in ("0", "1"):
		return int(value)
	return value or ""


def _show(value) -> str:
	if isinstance(value, bool | int):
		return _("Yes") if value else _("No")
	return _(value) if value else _("(blank)")


def _sentence(text: str) -> str:
	return text[:1].upper() + text[1:]
