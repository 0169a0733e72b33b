"""The plain values of the legal-route documents: notice to improve, LA evidence pack, witness statement.

One context builder per template in templates/letters/ (notice_to_improve.html,
la_evidence_pack.html, witness_statement.html), shared by the desk's print formats on
Penalty Notice Referral and by the framework-free template tests. Each builder copies only
the fields its document may show:

- The notice to improve goes to a parent: the pupil's name and year group, the sessions,
  the figures, the support offered, the improvement period and what follows. Nothing
  staff-only (engine.letters.STAFF_ONLY_FIELDS).
- The evidence pack and the witness statement go to the local authority: they add the
  pupil's date of birth, UPN and address and each parent's contact details (what the LA
  needs to issue a notice or prosecute), never the safeguarding or SEN flags.

Rules: ../shared/domain/uk-attendance-rules.md section 3 (National Framework 2024: the
threshold, the notice to improve's 3-6 week improvement period "with clear criteria for
success and a warning", the amounts, prosecution under Education Act 1996 s444). The
witness statement follows the Criminal Justice Act 1967 s9 form (the declaration a written
statement needs to be admitted in evidence in a magistrates' court).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from attendance_officer.engine.codes import CodeError, lookup
from attendance_officer.engine.i18n import _
from attendance_officer.engine.letters import _days, _lines, _text, long_date
from attendance_officer.engine.penalty_notices import FIRST_LOWER, FIRST_LOWER_DAYS, FULL, FULL_DAYS
from attendance_officer.engine.statistics import percent


def session_rows(sessions: Iterable[Sequence[object]]) -> list[dict[str, str]]:
	"""(date, "AM"/"PM", code) -> a table row a parent can read: the date, morning or
	afternoon, the code and what it means."""
	rows = []
	for day, session, code in sessions:
		try:
			meaning = _(lookup(str(code)).description)
		except CodeError:
			meaning = ""
		rows.append(
			{
				"date": long_date(day),  # type: ignore[arg-type]
				"session": _("Morning") if session == "AM" else _("Afternoon"),
				"code": _text(code),
				"meaning": meaning,
			}
		)
	return rows


def figure_values(figures: Mapping[str, object]) -> dict[str, object]:
	"""possible, attending, authorised, unauthorised -> the same with the % and days missed."""
	possible = int(figures.get("possible") or 0)  # type: ignore[call-overload]
	attending = int(figures.get("attending") or 0)  # type: ignore[call-overload]
	authorised = int(figures.get("authorised") or 0)  # type: ignore[call-overload]
	unauthorised = int(figures.get("unauthorised") or 0)  # type: ignore[call-overload]
	return {
		"possible": possible,
		"attending": attending,
		"authorised": authorised,
		"unauthorised": unauthorised,
		"attendance": str(percent(attending, possible)) if possible else "",
		"days_missed": _days(authorised + unauthorised),
	}


def school_values(school: Mapping[str, object]) -> dict[str, object]:
	return {
		"name": _text(school.get("name")),
		"address_lines": _lines(school.get("address")),
		"phone": _text(school.get("phone")),
		"email": _text(school.get("email")),
	}


def person(values: Mapping[str, object] | None) -> dict[str, str]:
	values = values or {}
	return {"name": _text(values.get("name")), "role": _text(values.get("role"))}


def penalty_terms() -> dict[str, int]:
	return {
		"lower": FIRST_LOWER,
		"lower_days": FIRST_LOWER_DAYS,
		"full": FULL,
		"full_days": FULL_DAYS,
	}


def notice_to_improve_context(
	*,
	pupil: Mapping[str, object],
	recipient_name: str,
	recipient_address: object,
	reference: str,
	letter_date: date,
	issued_on: date,
	period_ends: date,
	sessions: Iterable[Sequence[object]],
	figures: Mapping[str, object],
	period: tuple[date, date],
	support: Sequence[str],
	criteria: str,
	threshold: tuple[int, int],
	school: Mapping[str, object],
	signatory: Mapping[str, object],
) -> dict[str, object]:
	"""templates/letters/notice_to_improve.html, to one liable parent.

	``pupil``: name, year_group (nothing else is copied). ``sessions``: the referral's
	(date, session, code). ``figures``: the pupil's counts over ``period``. ``support``: one
	line per support offered (meetings held, plans, referrals). ``criteria``: what counts as
	improvement (blank: the template's own, every session attended unless authorised). ``threshold``: (sessions,
	school weeks) of the school's penalty threshold.
	"""
	name = _text(pupil.get("name"))
	rows = session_rows(sessions)
	return {
		"letter_date": long_date(letter_date),
		"reference": _text(reference),
		"recipient": {"name": _text(recipient_name), "address_lines": _lines(recipient_address)},
		"pupil": {"name": name, "year_group": _text(pupil.get("year_group"))},
		"sessions": rows,
		"session_count": len(rows),
		"first_session": rows[0]["date"] if rows else "",
		"last_session": rows[-1]["date"] if rows else "",
		"figures": figure_values(figures),
		"period": {"start": long_date(period[0]), "end": long_date(period[1])},
		"support": [_text(line) for line in support if _text(line)],
		"improvement": {
			"issued_on": long_date(issued_on),
			"ends": long_date(period_ends),
			"criteria": _text(criteria),
		},
		"threshold": {"sessions": threshold[0], "weeks": threshold[1]},
		"penalty": penalty_terms(),
		"school": school_values(school),
		"signatory": person(signatory),
	}


def evidence_pack_context(
	*,
	pupil: Mapping[str, object],
	parents: Sequence[Mapping[str, object]],
	liable_parent: str,
	basis: str,
	reference: str,
	la_reference: str,
	letter_date: date,
	period: tuple[date, date],
	figures: Mapping[str, object],
	sessions: Iterable[Sequence[object]],
	letters: Sequence[Mapping[str, object]],
	contacts: Sequence[Mapping[str, object]],
	meetings: Sequence[Mapping[str, object]],
	support: Sequence[str],
	notice_to_improve: Mapping[str, object] | None,
	school: Mapping[str, object],
	signatory: Mapping[str, object],
) -> dict[str, object]:
	"""templates/letters/la_evidence_pack.html, for the local authority.

	``pupil``: name, date_of_birth (date), year_group, reg_group, upn, address (nothing else
	is copied: no SEN, CP, CIN, CLA, FSM or pupil premium flag). ``parents``: name, relation,
	parental_responsibility, lives_with_pupil, address, phone, email. ``letters``: date (date),
	letter_type, sent_via. ``contacts``: date (date), contact_type, with, outcome.
	``meetings``: date (date), meeting_type, attended (names). ``notice_to_improve``:
	issued_on, ends (dates) or None when the officer went straight to a referral.
	"""
	born = pupil.get("date_of_birth")
	return {
		"letter_date": long_date(letter_date),
		"reference": _text(reference),
		"la_reference": _text(la_reference),
		"basis": _text(basis),
		"pupil": {
			"name": _text(pupil.get("name")),
			"date_of_birth": long_date(born) if isinstance(born, date) else "",
			"year_group": _text(pupil.get("year_group")),
			"reg_group": _text(pupil.get("reg_group")),
			"upn": _text(pupil.get("upn")),
			"address_lines": _lines(pupil.get("address")),
		},
		"liable_parent": _text(liable_parent),
		"parents": [
			{
				"name": _text(p.get("name")),
				"relation": _text(p.get("relation")),
				"parental_responsibility": bool(p.get("parental_responsibility")),
				"lives_with_pupil": bool(p.get("lives_with_pupil")),
				"address_lines": _lines(p.get("address")),
				"phone": _text(p.get("phone")),
				"email": _text(p.get("email")),
			}
			for p in parents
		],
		"period": {"start": long_date(period[0]), "end": long_date(period[1])},
		"figures": figure_values(figures),
		"sessions": session_rows(sessions),
		"letters": [
			{
				"date": long_date(item["date"]),  # type: ignore[arg-type]
				"letter_type": _text(item.get("letter_type")),
				"sent_via": _text(item.get("sent_via")),
			}
			for item in letters
		],
		"contacts": [
			{
				"date": long_date(item["date"]),  # type: ignore[arg-type]
				"contact_type": _text(item.get("contact_type")),
				"with": _text(item.get("with")),
				"outcome": _text(item.get("outcome")),
			}
			for item in contacts
		],
		"meetings": [
			{
				"date": long_date(item["date"]),  # type: ignore[arg-type]
				"meeting_type": _text(item.get("meeting_type")),
				"attended": _text(item.get("attended")),
			}
			for item in meetings
		],
		"support": [_text(line) for line in support if _text(line)],
		"notice_to_improve": (
			{
				"issued_on": long_date(notice_to_improve["issued_on"]),  # type: ignore[arg-type]
				"ends": long_date(notice_to_improve["ends"]),  # type: ignore[arg-type]
			}
			if notice_to_improve
			else None
		),
		"school": school_values(school),
		"signatory": person(signatory),
	}


def witness_statement_context(
	*,
	witness: Mapping[str, object],
	pupil: Mapping[str, object],
	parent_name: str,
	period: tuple[date, date],
	figures: Mapping[str, object],
	sessions: Iterable[Sequence[object]],
	notice: Mapping[str, object],
	letter_date: date,
	school: Mapping[str, object],
) -> dict[str, object]:
	"""templates/letters/witness_statement.html: a draft s9 statement for an unpaid notice.

	``witness``: name, role (the person who keeps the register). ``pupil``: name,
	date_of_birth (date). ``notice``: number, issued_on, received_on, full_amount,
	full_due_by (dates as date). A draft: the witness checks, numbers the pages and signs it.
	"""
	born = pupil.get("date_of_birth")
	rows = session_rows(sessions)
	return {
		"letter_date": long_date(letter_date),
		"witness": person(witness),
		"pupil": {
			"name": _text(pupil.get("name")),
			"date_of_birth": long_date(born) if isinstance(born, date) else "",
		},
		"parent_name": _text(parent_name),
		"period": {"start": long_date(period[0]), "end": long_date(period[1])},
		"figures": figure_values(figures),
		"sessions": rows,
		"session_count": len(rows),
		"notice": {
			"number": int(notice.get("number") or 0),  # type: ignore[call-overload]
			"issued_on": long_date(notice["issued_on"]),  # type: ignore[arg-type]
			"received_on": long_date(notice["received_on"]) if notice.get("received_on") else "",  # type: ignore[arg-type]
			"full_amount": _text(notice.get("full_amount")),
			"full_due_by": long_date(notice["full_due_by"]) if notice.get("full_due_by") else "",  # type: ignore[arg-type]
		},
		"school": school_values(school),
	}
