"""Attendance certificates in the desk: who earns one, and one PDF per registration group.

The choice is the rules core's (engine.certificates.awards) on the pupils in the user's
scope, from two grouped reads of Attendance Mark (this period and the one before) whatever
the number of pupils. Making them logs each certificate as an Attendance Letter
("Certificate", with the award in its snapshot, so the print format "Attendance
Certificate" reprints it), skips a pupil who already has that certificate for that period,
and keeps one PDF per registration group as a private File.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import cint, getdate, today
from frappe.utils.pdf import get_pdf

from attendance_officer.engine.certificates import (
	KIND_TITLES,
	Award,
	awards,
	certificate_context,
	previous_period,
)
from attendance_officer.engine.letters import long_date
from attendance_officer.letters.ladder import as_list
from attendance_officer.letters.log import PAGE, letter_html, record_letter
from attendance_officer.letters.penalty import refuse, school, signatory
from attendance_officer.registers.figures import summaries

LETTER = "Attendance Letter"
CERTIFICATE = "Certificate"
PRINT_FORMAT = "Attendance Certificate"
PAGE_BREAK = '<div style="page-break-after: always;"></div>'


class CertificateError(frappe.ValidationError):
	"""A certificate period that cannot be used; nothing was written."""


def periods(from_date, to_date, previous_from=None, previous_to=None):
	start, end = getdate(from_date), getdate(to_date)
	if start > end:
		frappe.throw(_("The period starts after it ends: check From and To."), exc=CertificateError)
	if bool(previous_from) != bool(previous_to):
		frappe.throw(_("Give both dates of the period to compare with, or neither."), exc=CertificateError)
	before = (getdate(previous_from), getdate(previous_to)) if previous_from else previous_period(start, end)
	if before[1] >= start:
		frappe.throw(_("The period to compare with must end before this one starts."), exc=CertificateError)
	return (start, end), before


def certificate_awards(
	from_date, to_date, previous_from=None, previous_to=None, year_groups=None
) -> list[dict]:
	"""Each certificate earned in the period by a pupil in the user's scope, by group."""
	(start, end), before = periods(from_date, to_date, previous_from, previous_to)
	filters: dict = {"enabled": 1}
	if year_groups:
		filters["nc_year"] = ("in", year_groups)
	pupils = {
		p.name: p
		for p in frappe.get_list(
			"Student",
			filters=filters,
			fields=["name", "student_name", "registration_group", "date_of_leaving"],
			limit_page_length=0,
		)
		if not p.date_of_leaving or getdate(p.date_of_leaving) >= end  # on roll to the period's end
	}
	names = list(pupils)
	settings = frappe.get_cached_doc("Attendance Settings")
	got = awards(
		summaries(names, *before),
		summaries(names, start, end),
		{name: pupils[name].registration_group or "" for name in names},
		min_possible=cint(settings.certificate_min_sessions) or 20,
	)
	return [
		{
			"student": award.pupil,
			"student_name": pupils[award.pupil].student_name,
			"registration_group": group,
			"kind": award.kind,
			"certificate": _(KIND_TITLES[award.kind]),
			"attendance": float(award.attendance),
			"rise": float(award.rise) if award.rise is not None else None,
			"from": start,
			"to": end,
		}
		for group, group_awards in got.items()
		for award in group_awards
	]


def reason_of(row: dict) -> str:
	"""The certificate in words: also how a second run finds one already made."""
	return _("{0}, {1} to {2}").format(
		_(KIND_TITLES[row["kind"]]), long_date(getdate(row["from"])), long_date(getdate(row["to"]))
	)


@frappe.whitelist(methods=["POST"])
def make_certificates(
	from_date: str,
	to_date: str,
	previous_from: str | None = None,
	previous_to: str | None = None,
	year_groups: str | list | None = None,
) -> dict:
	"""Log the period's certificates and keep one PDF per registration group."""
	frappe.has_permission(LETTER, "create", throw=True)
	rows = certificate_awards(from_date, to_date, previous_from, previous_to, as_list(year_groups))
	made = {
		(r.student, r.reason)
		for r in frappe.get_all(
			LETTER,
			filters={"letter_type": CERTIFICATE, "student": ("in", [r["student"] for r in rows] or [""])},
			fields=["student", "reason"],
		)
	}
	pages: dict[str, list[str]] = defaultdict(list)
	skipped = 0
	for row in rows:
		reason = reason_of(row)
		if (row["student"], reason) in made:
			skipped += 1
			continue
		name = record_letter(
			student=row["student"],
			guardian=None,
			letter_type=CERTIFICATE,
			figures={k: row[k] for k in ("kind", "attendance", "rise", "from", "to", "registration_group")},
			sent_via="By hand",
			recipient=row["student_name"],
			reason=reason,
		)
		pages[row["registration_group"]].append(letter_html(frappe.get_doc(LETTER, name), PRINT_FORMAT))
	files = []
	for group, group_pages in sorted(pages.items()):
		bodies = [p.split("<body>", 1)[1].rsplit("</body>", 1)[0] for p in group_pages]
		html = PAGE.format(
			lang=frappe.local.lang or "en", title=_("Certificates"), body=PAGE_BREAK.join(bodies)
		)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"certificates-{frappe.scrub(group or 'no-group')}-{getdate(to_date)}.pdf",
				"is_private": 1,
				"content": get_pdf(html),
			}
		).insert(ignore_permissions=True)
		files.append({"group": group, "count": len(group_pages), "file_url": file.file_url})
	return {"files": files, "made": sum(f["count"] for f in files), "already_made": skipped}


def certificate(name: str) -> dict:
	"""Jinja method: the certificate logged as Attendance Letter ``name``, from its snapshot."""
	log = frappe.get_doc(LETTER, name)
	log.check_permission("read")
	if log.letter_type != CERTIFICATE:
		refuse(_("{0} is not an attendance certificate.").format(name))
	values = json.loads(log.figures or "{}")
	award = Award(
		log.student,
		values.get("kind"),
		values.get("registration_group") or "",
		Decimal(str(values.get("attendance") or 0)),
		Decimal(str(values["rise"])) if values.get("rise") is not None else None,
	)
	settings = frappe.get_cached_doc("Attendance Settings")
	return certificate_context(
		award,
		pupil_name=log.student_name,
		period=(getdate(values.get("from")), getdate(values.get("to"))),
		school=school(settings),
		signatory=signatory(settings),
		awarded_on=getdate(log.sent_on or today()),
	)
