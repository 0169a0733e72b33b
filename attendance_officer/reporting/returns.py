"""Returns leave the school checked and logged: the export guard on Frappe's report export.

Frappe's report export (frappe.desk.query_report.export_query, the report's Menu > Export)
runs the report again and writes the file. For a return in ``GUARDED`` (or a report saved
from one: Frappe's "Save As" keeps it as the reference report) we run its check first:
while pupils still have something to resolve (engine.census.census_problems for the census)
the export is refused with what to do, unless the user says why they export them flagged
(the report's "Export Flagged Because" filter, at least a few words). Each export that
produced a file is written to the Attendance Report Log: who, when, the period and filters,
how many pupils, how many flagged and why. Wired in hooks.py (override_whitelisted_methods);
any other report's export is Frappe's own.

Not covered: printing the report on screen (Menu > Print, rendered in the browser) and an
Auto Email Report of the return; the report's own message and To Resolve column say the
same there.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from attendance_officer.reporting.log import record

CENSUS = "Census Attendance Return"
MIN_REASON = 10  # characters: a reason, not a keystroke


def census_check(filters: dict) -> tuple[int, int, str, object, object]:
	from attendance_officer.attendance_officer.report.census_attendance_return.census_attendance_return import (
		census_label,
		parts_of,
		problems_of,
	)

	pupils, flagged = problems_of(filters)
	parts = parts_of(frappe._dict(filters))
	what = _("{0} census {1}").format(census_label(filters.get("census") or ""), filters.get("year"))
	narrowed = [
		_("{0}: {1}").format(label, filters[key])
		for key, label in (
			("year_group", _("Year group")),
			("registration_group", _("Registration group")),
			("student", _("Pupil")),
		)
		if filters.get(key)
	]
	if narrowed:
		what += " (" + ", ".join(narrowed) + ")"
	return pupils, flagged, what, parts[0].start, parts[-1].end


def la_return_check(report: str):
	"""An LA return with nothing to resolve first: its export is logged with the pupils it lists,
	read by the report's own ``rows_for`` (the same rows the user sees)."""

	def check(filters: dict) -> tuple[int, int, str, object, object]:
		module = f"attendance_officer.attendance_officer.report.{frappe.scrub(report)}.{frappe.scrub(report)}"
		start, end, rows = frappe.get_attr(f"{module}.rows_for")(frappe._dict(filters))
		return len({row["student"] for row in rows}), 0, _(report), start, end

	return check


DELETIONS, NEW_PUPILS, ABSENCES = "Deletion Return", "New Pupil Return", "Absence Returns"
GUARDED = {
	CENSUS: census_check,
	DELETIONS: la_return_check(DELETIONS),
	NEW_PUPILS: la_return_check(NEW_PUPILS),
	ABSENCES: la_return_check(ABSENCES),
}


def guarded_as(report_name: str | None) -> str | None:
	"""The return ``report_name`` is, itself or through the report it was saved from."""
	if report_name in GUARDED:
		return report_name
	reference = frappe.get_cached_value("Report", report_name, "reference_report") if report_name else None
	return reference if reference in GUARDED else None


def check_permission(report_name: str | None) -> None:
	"""The report is one the user may open, and its data one they may export (as Frappe checks)."""
	if not report_name or not frappe.db.exists("Report", report_name):
		frappe.throw(
			_(
				"There is no report {0}. Open the report from the Attendance workspace and export from there."
			).format(frappe.bold(report_name or "")),
			frappe.DoesNotExistError,
		)
	if not frappe.get_cached_doc("Report", report_name).is_permitted():
		frappe.throw(
			_("You may not open the report {0}. Ask the Attendance Officer for the figures you need.").format(
				frappe.bold(report_name)
			),
			frappe.PermissionError,
		)
	frappe.permissions.can_export(
		frappe.get_cached_value("Report", report_name, "ref_doctype"), raise_exception=True
	)


def filters_of(value) -> dict:
	if isinstance(value, str):
		value = json.loads(value or "{}")
	return dict(value or {})


@frappe.whitelist()
def export_query():
	"""frappe.desk.query_report.export_query, with a return's checks first and its export logged."""
	check_permission(frappe.form_dict.get("report_name"))
	from frappe.desk.query_report import export_query as standard_export

	guarded = guarded_as(frappe.form_dict.get("report_name"))
	if not guarded:
		return standard_export()
	filters = filters_of(frappe.form_dict.get("filters"))
	pupils, flagged, what, start, end = GUARDED[guarded](filters)
	refuse_unless_reason(flagged, filters)
	result = standard_export()
	if frappe.local.response.get("filecontent"):  # a file was made (not "No data to export")
		log_export(
			guarded, filters, pupils, flagged, what, start, end, frappe.form_dict.get("file_format_type")
		)
	return result


@frappe.whitelist(methods=["POST"])
def check_export(report_name: str, filters: str | dict | None = None) -> dict:
	"""The report page's check before it exports: refuses as the export would, logs nothing."""
	check_permission(report_name)
	guarded = guarded_as(report_name)
	if not guarded:
		return {"pupils": 0, "flagged": 0}
	filters = filters_of(filters)
	pupils, flagged, *_rest = GUARDED[guarded](filters)
	refuse_unless_reason(flagged, filters)
	return {"pupils": pupils, "flagged": flagged}


def log_export(report_name, filters, pupils, flagged, what, start, end, file_format) -> None:
	record(
		report_name,
		"Export",
		period_from=start,
		period_to=end,
		pupils=pupils,
		flagged=flagged,
		reason=reason_of(filters) if flagged else None,
		description=_("{0}, exported as {1}").format(what, file_format or _("a file")),
	)


def reason_of(filters: dict) -> str:
	return " ".join(str(filters.get("flag_reason") or "").split())


def refuse_unless_reason(flagged: int, filters: dict) -> None:
	if not flagged:
		return
	reason = reason_of(filters)
	if not reason:
		frappe.throw(
			_(
				"{0} pupil(s) in this return still have something to resolve (listed first in the report, "
				"in the To Resolve column): N codes, missing marks or withdrawn codes. Resolve them and "
				"run the report again, or fill in Export Flagged Because to export them flagged."
			).format(flagged),
			title=_("Return not ready to export"),
		)
	if len(reason) < MIN_REASON:
		frappe.throw(
			_(
				"Export Flagged Because: say in a few words why the return goes with {0} pupil(s) still to "
				"resolve (it is kept in the Attendance Report Log), for example the deadline and what is being chased."
			).format(flagged),
			title=_("Reason too short"),
		)
