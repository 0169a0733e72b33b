"""The admission register: every pupil's statutory particulars, from Education's records and ours.

Source: ../shared/domain/uk-attendance-rules.md sections 4 and 5 (the attendance officer is
a holder of the admission register; deletion is a status, and a pupil's entry is kept for
6 years). One entry per pupil: name, sex, date of birth, address, each parent with their
contact details, admission date, previous school, UPN, enrolment status and the other
school of a dual registration, and, for a leaver, the date and ground of deletion and the
destination (from the submitted Roll Deletion). What an entry lacks is the rules core's
(engine.roll.missing_particulars). Three queries for any roll (pupils with their deletion,
their guardians): the Admission Register report, its printable copy (PDF) and the monthly
backup beside the register of marks all read ``register_entries``.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, getdate

from attendance_officer.absence.calling import guardians_of
from attendance_officer.engine.roll import AdmissionParticulars, missing_particulars
from attendance_officer.engine.upn import upn_error
from attendance_officer.permissions import staff_condition
from attendance_officer.reporting.packs import school_name
from attendance_officer.reporting.particulars import address_of, describe_parents, reachable

TEMPLATE = "attendance_officer/templates/reports/admission_register.html"
# The legal holders of the register and its copies.
HOLDERS = ("Attendance Officer", "Headteacher", "System Manager")


def register_entries(
	as_on: date,
	*,
	include_left: bool = False,
	year_group: str | None = None,
	user: str | None = None,
) -> list[dict]:
	"""The register's entries on ``as_on``: pupils admitted by then and on roll (a leaver's
	entry too with ``include_left``: the register keeps it), in surname order."""
	scope = staff_condition("s.`name`", user)
	pupils = frappe.db.sql(
		f"""SELECT s.`name`, s.`first_name`, s.`middle_name`, s.`last_name`, s.`student_name`, s.`gender`,
			s.`date_of_birth`, s.`address_line_1`, s.`address_line_2`, s.`city`, s.`pincode`,
			IFNULL(s.`admission_date`, s.`joining_date`) AS `admitted`, s.`previous_school`, s.`upn`,
			s.`enrolment_status`, s.`dual_registration_school`, s.`nc_year`, s.`registration_group`,
			s.`date_of_leaving`, s.`reason_for_leaving`, d.`name` AS `roll_deletion`, d.`ground`, d.`destination`
		FROM `tabStudent` s
		LEFT JOIN `tabRoll Deletion` d ON d.`student` = s.`name` AND d.`docstatus` = 1
		WHERE IFNULL(IFNULL(s.`admission_date`, s.`joining_date`), '1900-01-01') <= %(as_on)s
			AND (%(include_left)s OR s.`date_of_leaving` IS NULL OR s.`date_of_leaving` >= %(as_on)s)
			AND (%(year)s = '' OR s.`nc_year` = %(year)s)
			{"AND " + scope if scope else ""}
		ORDER BY s.`last_name`, s.`first_name`, s.`name`""",
		{"as_on": as_on, "include_left": int(include_left), "year": year_group or ""},
		as_dict=True,
	)
	parents = guardians_of([p.name for p in pupils]) if pupils else {}
	return [entry(p, parents.get(p.name, []), as_on) for p in pupils]


def entry(p, guardians: list, as_on: date) -> dict:
	left = getdate(p.date_of_leaving) if p.date_of_leaving and getdate(p.date_of_leaving) < as_on else None
	ground = (p.ground or "")[1:2] if left else ""
	particulars = AdmissionParticulars(
		first_name=p.first_name or "",
		last_name=p.last_name or "",
		sex=p.gender or "",
		date_of_birth=getdate(p.date_of_birth) if p.date_of_birth else None,
		address=address_of(p),
		parents=len(guardians),
		parents_with_contact=sum(1 for g in guardians if reachable(g)),
		admission_date=getdate(p.admitted) if p.admitted else None,
		previous_school=p.previous_school or "",
		upn=p.upn or "",
		upn_problem=upn_error(p.upn) if p.upn else None,
		enrolment_status=p.enrolment_status,
		dual_school=p.dual_registration_school or "",
		left_on=left,
		ground=ground,
		reason_for_leaving=(p.reason_for_leaving or "") if left else "",
		destination=p.destination or "",
	)
	missing = missing_particulars(particulars)
	return {
		"student": p.name,
		"surname": p.last_name,
		"forenames": " ".join(x for x in (p.first_name, p.middle_name) if x),
		"gender": p.gender,
		"date_of_birth": particulars.date_of_birth,
		"address": particulars.address,
		"parents": describe_parents(guardians),
		"admission_date": particulars.admission_date,
		"previous_school": p.previous_school or "",
		"upn": p.upn or "",
		"enrolment_status": _(p.enrolment_status or "Single"),
		"dual_school": p.dual_registration_school or "",
		"year_group": p.nc_year,
		"registration_group": p.registration_group,
		"date_of_leaving": left,
		"ground": (p.ground or p.reason_for_leaving or "") if left else "",
		"destination": (p.destination or "") if left else "",
		"roll_deletion": p.roll_deletion if left else None,
		"missing": ", ".join(missing),
		"missing_count": len(missing),
	}


def check_permission() -> None:
	if not set(frappe.get_roles()) & set(HOLDERS):
		frappe.throw(
			_("Only the Attendance Officer and the Headteacher hold the admission register and its copies."),
			exc=frappe.PermissionError,
			title=_("Not permitted"),
		)


def printable(as_on: date, entries: list[dict]) -> bytes:
	"""The register on ``as_on`` as a PDF (wkhtmltopdf), landscape."""
	from frappe.utils.pdf import get_pdf

	html = frappe.render_template(TEMPLATE, context(as_on, entries))
	return get_pdf(html, {"orientation": "Landscape"})


def context(as_on: date, entries: list[dict]) -> dict:
	return {
		"title": _("Admission register on {0}").format(as_on.strftime("%d-%m-%Y")),
		"school": school_name(),
		"entries": [printed(e) for e in entries],
		"missing": sum(1 for e in entries if e["missing_count"]),
	}


def printed(entry: dict) -> dict:
	"""An entry as the copy prints it: dates as dd-mm-yyyy, nothing printed as "None"."""
	return {
		key: value.strftime("%d-%m-%Y") if isinstance(value, date) else ("" if value is None else value)
		for key, value in entry.items()
	}


@frappe.whitelist()
def download(as_on: str | None = None, include_left: int | str = 1):
	"""The printable copy of the register on ``as_on`` (default today), for its holders; leavers'
	entries are in it unless ``include_left`` is 0 (the register keeps them)."""
	check_permission()
	day = getdate(as_on) if as_on else getdate()
	if day > getdate():
		frappe.throw(
			_("The register can be copied as it stands today or on a past date, not on {0}.").format(day),
			title=_("Date not valid"),
		)
	entries = register_entries(day, include_left=bool(cint(include_left)))
	frappe.local.response.filename = f"admission-register-{day.isoformat()}.pdf"
	frappe.local.response.filecontent = printable(day, entries)
	frappe.local.response.type = "download"
