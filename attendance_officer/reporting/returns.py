"""Returns leave the school checked and logged: the export guard on Frappe's report export.

Frappe's report export (frappe.desk.query_report.export_query, the report's Menu > Export)
runs the report again and writes the file. For a return in ``GUARDED`` we run its check
first: while pupils still have something to resolve (engine.census.census_problems for the
census) the export is refused with what to do, unless the user gave a reason to export them
flagged (the report's "Export Flagged Because" filter). Every export of a return is written
to the Attendance Report Log: who, when, the period, how many pupils, how many flagged, why.
Wired in hooks.py (override_whitelisted_methods); any other report's export is Frappe's own.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from attendance_officer.reporting.log import record

CENSUS = "Census Attendance Return"


def census_check(filters: dict) -> tuple[int, int, str, object, object]:
	from attendance_officer.attendance_officer.report.census_attendance_return.census_attendance_return import (
		parts_of,
		problems_of,
	)

	pupils, flagged = problems_of(filters)
	parts = parts_of(frappe._dict(filters))
	what = _("{0} census {1}").format(_(filters.get("census") or "").capitalize(), filters.get("year"))
	return pupils, flagged, what, parts[0].start, parts[-1].end


GUARDED = {CENSUS: census_check}


def check_permission(report_name: str | None) -> None:
	"""The report is one the user may open, and its data one they may export (as Frappe checks)."""
	if not report_name or not frappe.db.exists("Report", report_name):
		frappe.throw(
			_("There is no report {0}.").format(frappe.bold(report_name or "")), frappe.DoesNotExistError
		)
	if not frappe.get_cached_doc("Report", report_name).is_permitted():
		frappe.throw(
			_("You may not open the report {0}.").format(frappe.bold(report_name)), frappe.PermissionError
		)
	frappe.permissions.can_export(
		frappe.get_cached_value("Report", report_name, "ref_doctype"), raise_exception=True
	)


@frappe.whitelist()
def export_query():
	"""frappe.desk.query_report.export_query, with a return's checks first and its export logged."""
	check_permission(frappe.form_dict.get("report_name"))
	report_name = frappe.form_dict.get("report_name")
	if report_name in GUARDED:
		filters = frappe.form_dict.get("filters") or {}
		if isinstance(filters, str):
			filters = json.loads(filters)
		guard(report_name, filters, frappe.form_dict.get("file_format_type"))
	from frappe.desk.query_report import export_query as standard_export

	return standard_export()


@frappe.whitelist(methods=["POST"])
def check_export(report_name: str, filters: str | dict | None = None) -> dict:
	"""The report page's check before it exports: refuses as the export would, logs nothing."""
	check_permission(report_name)
	if report_name not in GUARDED:
		return {"pupils": 0, "flagged": 0}
	filters = json.loads(filters) if isinstance(filters, str) else (filters or {})
	pupils, flagged, *_rest = GUARDED[report_name](filters)
	refuse_unless_reason(flagged, filters)
	return {"pupils": pupils, "flagged": flagged}


def guard(report_name: str, filters: dict, file_format: str | None = None) -> None:
	pupils, flagged, what, start, end = GUARDED[report_name](filters)
	refuse_unless_reason(flagged, filters)
	record(
		report_name,
		"Export",
		period_from=start,
		period_to=end,
		pupils=pupils,
		flagged=flagged,
		reason=(filters.get("flag_reason") or "").strip() if flagged else None,
		description=_("{0}, exported as {1}").format(what, file_format or _("a file")),
	)


def refuse_unless_reason(flagged: int, filters: dict) -> None:
	if flagged and not (filters.get("flag_reason") or "").strip():
		frappe.throw(
			_(
				"{0} row(s) of this return still have something to resolve (listed first in the report, "
				"in the To Resolve column): N codes, missing marks or withdrawn codes. Resolve them and "
				"run the report again, or fill in Export Flagged Because to export them flagged."
			).format(flagged),
			title=_("Return not ready to export"),
		)
