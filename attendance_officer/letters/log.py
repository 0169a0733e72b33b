"""Sending a letter and keeping it: the one path every letter the app sends goes through.

A letter is rendered from its print format (the shared template under templates/letters/),
turned into a PDF with Frappe's ``get_pdf`` (wkhtmltopdf), e-mailed through Frappe's e-mail
queue when the recipient has an address and wants e-mail, and logged as an Attendance
Letter with the figures it quoted and the PDF attached (private), so the school can show
what it sent, to whom, when and how (6-year retention: letters are never deleted).
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import escape_html, now_datetime
from frappe.utils.pdf import get_pdf

LETTER = "Attendance Letter"


MODULE = "Attendance Officer"
PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body>{body}</body></html>"""


def letter_html(doc, print_format: str) -> str:
	"""The letter ``doc`` printed with this app's ``print_format``, as one HTML page.

	Not ``frappe.get_print``: that renders the print view, which writes an Access Log and
	commits (frappe/core/doctype/access_log/access_log.py), so a letter sent from a submit or
	a workflow action would commit the half-done transaction. The app's print formats are
	self-contained (inline styles, the shared templates), so their own Jinja is rendered
	here with Frappe's Jinja environment (the hooks' jinja methods included): the same
	letter the desk's print view shows.
	"""
	fmt = frappe.db.get_value("Print Format", print_format, ["doc_type", "module"], as_dict=True)
	if not fmt or fmt.doc_type != doc.doctype or fmt.module != MODULE:
		frappe.throw(
			_("{0} is not one of the attendance letters for {1}.").format(print_format, _(doc.doctype))
		)
	folder = frappe.scrub(print_format)
	body = frappe.render_template(
		f"attendance_officer/attendance_officer/print_format/{folder}/{folder}.html",
		{"doc": doc},
		is_path=True,
	)
	return PAGE.format(lang=frappe.local.lang or "en", title=escape_html(_(print_format)), body=body)


def render_pdf(doc, print_format: str) -> bytes:
	"""The letter as PDF bytes (wkhtmltopdf, through Frappe's ``get_pdf``)."""
	return get_pdf(letter_html(doc, print_format))


def email_ready() -> bool:
	"""Whether the site can send e-mail now: an outgoing Email Account (or e-mail muted)."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_outgoing())


def email_pdf(
	*, recipient: str, subject: str, message: str, pdf: bytes, file_name: str, doctype: str, name: str
) -> bool:
	"""Queue one e-mail with the PDF attached; False when the site cannot send e-mail yet, or the
	address unsubscribed from all e-mail (Frappe would drop it unsent: review finding 7)."""
	if recipient in unsubscribed_of([recipient]):
		return False
	try:
		frappe.sendmail(
			recipients=[recipient],
			subject=subject,
			message=message,
			attachments=[{"fname": file_name, "fcontent": pdf}],
			reference_doctype=doctype,
			reference_name=name,
		)
	except frappe.OutgoingEmailError:
		# No outgoing Email Account: the letter is posted instead, and said so.
		frappe.clear_last_message()
		return False
	return True


def unsubscribed_of(emails: list[str | None]) -> set[str]:
	"""The addresses among ``emails`` that opted out of every e-mail (one query for any number)."""
	emails = sorted({e for e in emails if e})
	if not emails:
		return set()
	return set(
		frappe.get_all(
			"Email Unsubscribe", filters={"email": ("in", emails), "global_unsubscribe": 1}, pluck="email"
		)
	)


def record_letter(
	*,
	student: str,
	guardian: str | None,
	letter_type: str,
	figures: dict,
	sent_via: str,
	recipient: str = "",
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	pdf: bytes | None = None,
	file_name: str | None = None,
	reason: str = "",
	override_reason: str = "",
) -> str:
	"""Log a letter as an Attendance Letter (with its PDF attached when given); returns its name."""
	log = frappe.get_doc(
		{
			"doctype": LETTER,
			"student": student,
			"guardian": guardian,
			"letter_type": letter_type,
			"figures": json.dumps(figures, default=str, sort_keys=True),
			"sent_on": now_datetime(),
			"sent_via": sent_via,
			"recipient": recipient or "",
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"reason": reason or "",
			"override_reason": override_reason or "",
		}
	).insert(ignore_permissions=True)
	if pdf:
		attach_pdf(log.name, pdf, file_name or f"{log.name}.pdf")
	return log.name


def attach_pdf(letter: str, pdf: bytes, file_name: str) -> str:
	"""Keep the PDF as sent on its Attendance Letter (a private File); returns the file's URL."""
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"attached_to_doctype": LETTER,
				"attached_to_name": letter,
				"is_private": 1,
				"content": pdf,
			}
		)
		.insert(ignore_permissions=True)
		.file_url
	)


def refuse_without_address(guardian: str, student: str, letter_type: str) -> None:
	"""A letter to post needs a postal address: never logged as posted to nowhere (review finding 7)."""
	from attendance_officer.letters.recipients import postal_addresses

	if not postal_addresses([(guardian, student)]).get((guardian, student)):
		frappe.throw(
			_(
				"{0} cannot be e-mailed to {1} and they have no postal address: add their address "
				"(or the pupil's, if they live together) or an e-mail address, then send it again."
			).format(_(letter_type), frappe.db.get_value("Guardian", guardian, "guardian_name") or guardian),
			title=_("Letter not sent"),
		)


def send_letter(
	*,
	doc,
	print_format: str,
	student: str,
	guardian: str | None,
	letter_type: str,
	figures: dict,
	email_to: str | None,
	subject: str,
	message: str,
	post_to: str = "",
	offline_via: str = "Post",
) -> dict:
	"""Render ``doc`` with ``print_format``, e-mail it to ``email_to`` (when given) and log it.

	Returns {"letter": the Attendance Letter's name, "emailed": bool, "pdf": bytes}. When it
	is not e-mailed the letter is logged as sent by ``offline_via`` ("Post" or "By hand") to
	``post_to``, and the user is told to print it.
	"""
	pdf = render_pdf(doc, print_format)
	file_name = f"{frappe.scrub(letter_type)}-{doc.name}.pdf"
	emailed = bool(email_to) and email_pdf(
		recipient=email_to,
		subject=subject,
		message=message,
		pdf=pdf,
		file_name=file_name,
		doctype=doc.doctype,
		name=doc.name,
	)
	if not emailed and offline_via == "Post" and guardian:
		refuse_without_address(guardian, student, letter_type)
	name = record_letter(
		student=student,
		guardian=guardian,
		letter_type=letter_type,
		figures=figures,
		sent_via="Email" if emailed else offline_via,
		recipient=email_to if emailed else post_to,
		reference_doctype=doc.doctype,
		reference_name=doc.name,
		pdf=pdf,
		file_name=file_name,
	)
	if not emailed:
		frappe.msgprint(
			_("{0} was not e-mailed: print it from {1} and post it. It is logged as posted.").format(
				_(letter_type), doc.name
			)
			if offline_via == "Post"
			else _("{0} is ready to print from {1}. It is logged as handed over.").format(
				_(letter_type), doc.name
			),
			title=_("Letter to print"),
		)
	return {"letter": name, "emailed": emailed, "pdf": pdf}
