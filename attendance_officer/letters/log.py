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
from frappe.utils import now_datetime
from frappe.utils.pdf import get_pdf

LETTER = "Attendance Letter"


def render_pdf(doctype: str, name: str, print_format: str, doc=None) -> bytes:
	"""The document printed with ``print_format``, as PDF bytes."""
	html = frappe.get_print(doctype, name, print_format=print_format, doc=doc)
	return get_pdf(html)


def email_pdf(
	*, recipient: str, subject: str, message: str, pdf: bytes, file_name: str, doctype: str, name: str
) -> bool:
	"""Queue one e-mail with the PDF attached; False when the site cannot send e-mail yet."""
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
		}
	).insert(ignore_permissions=True)
	if pdf:
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name or f"{log.name}.pdf",
				"attached_to_doctype": LETTER,
				"attached_to_name": log.name,
				"is_private": 1,
				"content": pdf,
			}
		).insert(ignore_permissions=True)
	return log.name


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
	pdf = render_pdf(doc.doctype, doc.name, print_format, doc=doc)
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
