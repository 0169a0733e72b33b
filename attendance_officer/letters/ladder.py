"""The letter run: each pupil's next letter on the escalation ladder, proposed, chosen, sent.

The ladder is the rules core's (engine.ladder.propose): this module reads, for every pupil in
the user's scope at once, the code counts this academic year and this term (two grouped
queries), the ladder letters already sent and the support meetings held (one query each),
the school days (one), and who each letter goes to (letters.recipients: five), then calls
the core per pupil. The query count does not grow with the number of pupils.

Sending validates the whole selection first (each letter is the one proposed today, or an
override with a reason; the pupil is in the user's scope), then writes: one Attendance
Letter per letter, with the snapshot the print format "Attendance Stage Letter" reprints
it from; one e-mail per guardian who prefers e-mail, with their children's letters
attached; and one merged PDF of the letters to post. A run of more than RUN_IN_BACKGROUND
letters goes to a background job; progress is published either way.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, getdate, now_datetime, today
from frappe.utils.pdf import get_pdf

from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.ladder import LETTERS, LadderError, SentLetter, propose
from attendance_officer.engine.letters import stage_letter_context
from attendance_officer.engine.roll import on_main_register
from attendance_officer.engine.school_age import of_compulsory_school_age
from attendance_officer.engine.statistics import BAND_LABELS, summarise
from attendance_officer.letters.log import PAGE, email_ready, letter_html, record_letter, unsubscribed_of
from attendance_officer.letters.penalty import refuse, school, signatory
from attendance_officer.letters.recipients import letter_recipients
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.figures import code_counts, school_bands

LETTER = "Attendance Letter"
PRINT_FORMAT = "Attendance Stage Letter"
ILLNESS = "I"
RUN_IN_BACKGROUND = 200
PAGE_BREAK = '<div style="page-break-after: always;"></div>'


class LetterRunError(frappe.ValidationError):
	"""A selection the letter run cannot send; nothing was written."""


# ---------------------------------------------------------------- proposals


def proposals(
	*,
	on: date | str | None = None,
	from_date: date | str | None = None,
	year_groups: list[str] | None = None,
	bands: list[str] | None = None,
	students: list[str] | None = None,
) -> list[dict]:
	"""Each pupil in the user's scope with the letter the ladder proposes on ``on`` and why.

	The figures run from ``from_date`` (default: the start of the academic year) to ``on``;
	the letters sent and meetings held are the whole academic year's, whatever the period."""
	day = getdate(on or today())
	if day > getdate(today()):
		# A later date would count school days not yet taught toward the interval (review finding 3).
		frappe.throw(
			_("The letters are dated {0}, after today: choose today or an earlier date.").format(day),
			exc=LetterRunError,
		)
	start = academic_year_start(day)
	period_start = max(getdate(from_date), start) if from_date else start
	if period_start > day:
		frappe.throw(
			_("The period starts after {0}: choose an earlier From date.").format(day), exc=LetterRunError
		)
	filters: dict = {"enabled": 1}
	if year_groups:
		filters["nc_year"] = ("in", year_groups)
	if students is not None:
		filters["name"] = ("in", students or [""])
	pupils = frappe.get_list(  # the Student permission hooks: a Head of Year sees their years
		"Student",
		filters=filters,
		fields=[
			"name",
			"student_name",
			"nc_year",
			"registration_group",
			"date_of_birth",
			"date_of_leaving",
			"enrolment_status",
		],
		order_by="nc_year, student_name",
		limit_page_length=0,
	)
	# No letter to the family of a pupil off roll (Roll Deletion) by the run's date.
	pupils = [p for p in pupils if not p.date_of_leaving or getdate(p.date_of_leaving) >= day]
	names = [p.name for p in pupils]
	settings = frappe.get_cached_doc("Attendance Settings")
	year_counts = code_counts(names, period_start, day)
	term_counts = code_counts(names, term_start(day) or start, day)
	sent: dict[str, list[SentLetter]] = defaultdict(list)
	for row in frappe.get_all(
		LETTER,
		filters={"student": ("in", names or [""]), "letter_type": ("in", LETTERS), "sent_on": (">=", start)},
		fields=["student", "letter_type", "sent_on"],
	):
		sent[row.student].append(SentLetter(row.letter_type, getdate(row.sent_on)))
	meetings: dict[str, list[date]] = defaultdict(list)
	for student, held_on in meetings_held(names, start, day):
		meetings[student].append(getdate(held_on))
	days = school_calendar(start, day).days
	recipients = letter_recipients(names)
	lines = school_bands()
	rows = []
	for pupil in pupils:
		summary = summarise(year_counts[pupil.name])
		born = getdate(pupil.date_of_birth) if pupil.date_of_birth else None
		compulsory = of_compulsory_school_age(born, day)
		proposal = propose(
			summary,
			compulsory_age=compulsory,
			main_register=on_main_register(pupil.enrolment_status),
			sent=sent[pupil.name],
			meetings=meetings[pupil.name],
			today=day,
			school_days=days,
			illness_days=term_counts[pupil.name].get(ILLNESS, 0) // 2,
			medical_after=cint(settings.medical_evidence_after_days) or 5,
			interval=cint(settings.letter_interval_days) or 20,
			bands=lines,
		)
		if bands and proposal.band not in bands:
			continue
		to = recipients.get(pupil.name) or {}
		rows.append(
			{
				"student": pupil.name,
				"student_name": pupil.student_name,
				"year_group": pupil.nc_year,
				"registration_group": pupil.registration_group,
				"attendance": float(summary.attendance) if summary.possible else None,
				"possible": summary.possible,
				"band": proposal.band,
				"band_label": _(BAND_LABELS[proposal.band]) if proposal.band else "",
				"letter": proposal.letter,
				"reason": proposal.reason,
				"guardian": to.get("guardian"),
				"recipient": to.get("name"),
				"send_by": ("Email" if to.get("email") else "Post") if to.get("guardian") else "",
				"skip": to.get("skip"),
				"_summary": summary,
				"_illness": term_counts[pupil.name].get(ILLNESS, 0) // 2,
				"_to": to,
				"_period": (period_start, day),
				"_meetings": meetings[pupil.name],
				"_compulsory": compulsory,
				"_main_register": on_main_register(pupil.enrolment_status),
			}
		)
	return rows


def meetings_held(students: list[str], start: date, day: date) -> list[tuple[str, date]]:
	"""(student, date) of the support meetings held with the family between ``start`` and ``day``.

	Held: submitted, dated on or before ``day`` (a meeting planned ahead has not happened), of a
	type that meets the family (not the Head of Year's own review), with a parent or carer
	marked as attending (review finding 4: Stage 3 says "we met"). One query.
	"""
	if not students:
		return []
	return frappe.db.sql(
		"""SELECT m.`student`, m.`meeting_date` FROM `tabAttendance Support Meeting` m
		WHERE m.`student` IN %(students)s AND m.`docstatus` = 1
			AND m.`meeting_date` BETWEEN %(start)s AND %(day)s AND m.`meeting_type` != %(internal)s
			AND EXISTS (SELECT 1 FROM `tabAttendance Support Attendee` a
				WHERE a.`parent` = m.`name` AND a.`parenttype` = 'Attendance Support Meeting'
					AND IFNULL(a.`guardian`, '') != '' AND a.`attended` = 1)""",
		{"students": students, "start": start, "day": day, "internal": "Head of Year review"},
	)


def term_start(day: date) -> date | None:
	"""The start of Education's Academic Term holding ``day``, when the school keeps terms."""
	value = frappe.db.get_value(
		"Academic Term",
		{"term_start_date": ("<=", day), "term_end_date": (">=", day)},
		"term_start_date",
		order_by="term_start_date desc",
	)
	return getdate(value) if value else None


def public(row: dict) -> dict:
	return {k: v for k, v in row.items() if not k.startswith("_")}


@frappe.whitelist()
def get_proposals(
	on: str | None = None,
	year_groups: str | list | None = None,
	bands: str | list | None = None,
	from_date: str | None = None,
):
	"""The letter run's screen: every pupil in scope with a proposed letter (or why none)."""
	frappe.has_permission(LETTER, "create", throw=True)
	rows = proposals(on=on, from_date=from_date, year_groups=as_list(year_groups), bands=as_list(bands))
	return [public(r) for r in rows]


def as_list(value) -> list[str] | None:
	if value in (None, "", []):
		return None
	if isinstance(value, str):
		value = json.loads(value) if value.startswith("[") else [v.strip() for v in value.split(",")]
	return [str(v) for v in value if str(v).strip()]


# ---------------------------------------------------------------- sending


@frappe.whitelist(methods=["POST"])
def send_letter_run(selection: str | list, on: str | None = None, from_date: str | None = None) -> dict:
	"""Send the letters chosen on the letter run's screen.

	``selection``: [{student, letter, override_reason?}]. Returns {"sent": [...], "skipped":
	[{student, reason}], "merged_pdf": url or None}, or {"queued": True} for a long run."""
	frappe.has_permission(LETTER, "create", throw=True)
	chosen = check_selection(selection, on, from_date)
	if len(chosen) > RUN_IN_BACKGROUND:
		frappe.enqueue(
			"attendance_officer.letters.ladder.run_in_background",
			queue="long",
			timeout=3600,
			# a second click while the run waits is not queued again (review finding 6)
			job_id=f"attendance_letter_run::{frappe.session.user}",
			deduplicate=True,
			selection=[
				{k: v for k, v in c.items() if k in ("student", "letter", "override_reason")} for c in chosen
			],
			on=on,
			from_date=from_date,
			user=frappe.session.user,
		)
		return {"queued": True, "count": len(chosen)}
	return send_chosen(chosen)


def run_in_background(selection: list, on: str | None, from_date: str | None, user: str) -> None:
	frappe.set_user(user)
	try:
		result = send_chosen(check_selection(selection, on, from_date))
	except Exception as e:
		# The user was told they would hear when the run ends: they hear when it fails too.
		frappe.db.rollback()
		frappe.publish_realtime(
			"attendance_letter_run_failed",
			{"message": frappe.utils.strip_html(str(e)) or _("The letter run stopped with an error.")},
			user=user,
		)
		raise
	frappe.publish_realtime("attendance_letter_run_done", result, user=user)


def check_selection(selection: str | list, on: str | None, from_date: str | None = None) -> list[dict]:
	"""Every chosen letter checked against today's proposals before anything is written."""
	items = json.loads(selection) if isinstance(selection, str) else list(selection or [])
	if not items:
		frappe.throw(_("Choose at least one letter to send."), exc=LetterRunError)
	wanted = [str((item or {}).get("student") or "") for item in items]
	current = {
		r["student"]: r for r in proposals(on=on, from_date=from_date, students=[s for s in wanted if s])
	}
	errors, chosen, seen = [], [], set()
	for number, item in enumerate(items, start=1):
		student = str((item or {}).get("student") or "")
		letter = str((item or {}).get("letter") or "")
		reason = str((item or {}).get("override_reason") or "").strip()
		row = current.get(student)
		if not row:
			errors.append(
				_("Row {0}: {1} is not a pupil you can send letters about.").format(number, student or "?")
			)
			continue
		if student in seen:
			errors.append(_("Row {0}: {1} is chosen twice.").format(number, row["student_name"]))
			continue
		seen.add(student)
		if letter not in LETTERS:
			errors.append(_("Row {0}: {1} is not a letter of the ladder.").format(number, letter or "?"))
			continue
		if not row["possible"]:
			errors.append(
				_("Row {0}: {1} has no possible sessions this year: there is nothing to write about.").format(
					number, row["student_name"]
				)
			)
			continue
		if letter != row["letter"]:
			try:
				override = propose(
					row["_summary"],
					sent=[],
					meetings=row["_meetings"],
					today=getdate(on or today()),
					school_days=[],
					illness_days=row["_illness"],
					override=letter,
					override_reason=reason,
					compulsory_age=row["_compulsory"],
					main_register=row["_main_register"],
				)
			except LadderError as untrue:
				if reason:  # a reason was given, but the letter would state something untrue
					errors.append(
						_("Row {0}: {1} for {2}: {3}").format(
							number, _(letter), row["student_name"], _(str(untrue))
						)
					)
					continue
				errors.append(
					_(
						"Row {0}: the ladder proposes {1} for {2} ({3}); give a reason to send {4} instead."
					).format(
						number, _(row["letter"] or "no letter"), row["student_name"], row["reason"], _(letter)
					)
				)
				continue
			row = {**row, "letter": letter, "override_reason": override.override_reason}
		chosen.append(row)
	if errors:
		frappe.throw(
			"<br>".join(frappe.utils.escape_html(e) for e in errors),
			title=_("Letters not sent"),
			exc=LetterRunError,
		)
	return chosen


def send_chosen(chosen: list[dict]) -> dict:
	"""Log, render, e-mail and merge the checked letters (see the module's docstring)."""
	sent, skipped, posted_pages = [], [], []
	by_email: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
	total = len(chosen)
	can_email = email_ready()
	opted_out = unsubscribed_of([row["_to"].get("email") for row in chosen if row.get("_to")])
	for number, row in enumerate(chosen, start=1):
		if row["skip"]:
			skipped.append(
				{"student": row["student"], "student_name": row["student_name"], "reason": row["skip"]}
			)
			continue
		to = dict(row["_to"])
		if to["email"] and (not can_email or to["email"] in opted_out):
			if not to["address"]:
				skipped.append(
					{
						"student": row["student"],
						"student_name": row["student_name"],
						"reason": _("{0} cannot be e-mailed and has no postal address.").format(to["name"]),
					}
				)
				continue
			to["email"] = None  # posted instead, and logged as posted
		start, end = row["_period"]
		summary = row["_summary"]
		snapshot = {
			"possible": summary.possible,
			"attending": summary.attending,
			"authorised": summary.authorised,
			"unauthorised": summary.unauthorised,
			"from": start,
			"to": end,
			"band": row["band"],
			"illness_days": row["_illness"],
			"year_group": row["year_group"],
			"reg_group": row["registration_group"],
			"recipient_name": to["name"],
			"address": to["address"],
		}
		name = record_letter(
			student=row["student"],
			guardian=to["guardian"],
			letter_type=row["letter"],
			figures=snapshot,
			sent_via="Email" if to["email"] else "Post",
			recipient=to["email"] or to["name"],
			reason=row["reason"],
			override_reason=row.get("override_reason") or "",
		)
		page = letter_html(frappe.get_doc(LETTER, name), PRINT_FORMAT)
		if to["email"]:
			by_email[to["email"]].append((f"{frappe.scrub(row['letter'])}-{name}.pdf", get_pdf(page)))
		else:
			posted_pages.append(page)
		sent.append(
			{
				"letter": name,
				"student": row["student"],
				"letter_type": row["letter"],
				"via": "Email" if to["email"] else "Post",
			}
		)
		frappe.publish_progress(
			number * 100 / total, title=_("Preparing letters"), description=row["student_name"]
		)
	for email, attachments in by_email.items():
		send_family_email(email, attachments)
	merged = merged_pdf(posted_pages) if posted_pages else None
	if not can_email and any((r["_to"] or {}).get("email") for r in chosen if not r["skip"]):
		frappe.msgprint(
			_(
				"E-mail is not set up on this site, so the letters to parents who prefer e-mail are in the "
				"letters to post. Set up an outgoing Email Account to e-mail them next time."
			),
			title=_("Letters posted, not e-mailed"),
		)
	return {"sent": sent, "skipped": skipped, "merged_pdf": merged}


def send_family_email(email: str, attachments: list[tuple[str, bytes]]) -> None:
	"""One e-mail per guardian, each child's letter attached."""
	try:
		frappe.sendmail(
			recipients=[email],
			subject=_("A letter about attendance"),
			message=_("Please find attached a letter from the school about attendance."),
			attachments=[{"fname": name, "fcontent": pdf} for name, pdf in attachments],
		)
	except frappe.OutgoingEmailError:
		frappe.clear_last_message()
		frappe.msgprint(
			_("E-mail is not set up: the letters to {0} are logged but were not sent.").format(email)
		)


def merged_pdf(pages: list[str]) -> str:
	"""One PDF of the letters to post (a page break between letters), kept as a private File."""
	bodies = [page.split("<body>", 1)[1].rsplit("</body>", 1)[0] for page in pages]
	html = PAGE.format(
		lang=frappe.local.lang or "en", title=_("Letters to post"), body=PAGE_BREAK.join(bodies)
	)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"attendance-letters-{now_datetime():%Y%m%d-%H%M%S}.pdf",
			"is_private": 1,
			"content": get_pdf(html),
		}
	).insert(ignore_permissions=True)
	return file.file_url


# ---------------------------------------------------------------- the print format's values


def stage_letter(name: str) -> dict:
	"""Jinja method: the letter logged as Attendance Letter ``name``, from its snapshot."""
	log = frappe.get_doc(LETTER, name)
	log.check_permission("read")
	if log.letter_type not in LETTERS:
		refuse(_("{0} is not a letter of the attendance ladder.").format(log.letter_type))
	values = json.loads(log.figures or "{}")
	settings = frappe.get_cached_doc("Attendance Settings")
	return stage_letter_context(
		log.letter_type,
		{
			"name": log.student_name,
			"year_group": values.get("year_group"),
			"reg_group": values.get("reg_group"),
		},
		values,
		school(settings),
		signatory(settings),
		period_start=getdate(values.get("from")),
		period_end=getdate(values.get("to")),
		letter_date=getdate(log.sent_on),
		recipient_name=values.get("recipient_name") or "",
		recipient_address=values.get("address") or [],
		reference=log.name,
		illness_days=cint(values.get("illness_days")),
		bands=school_bands(),
	)
