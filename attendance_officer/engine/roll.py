"""The admission register's rules: deletion from roll, the LA's new-pupil return, dual registration.

Source: ../shared/domain/uk-attendance-rules.md section 4 ("Deletion grounds, compulsory-
school-age pupils (reg 9(1)(a)-(o))", the deletion and new-pupil returns of reg 13, EHE)
and section 1 (code D; the G/N/O run that ground (i) needs, 20 school days). Pure: plain
values in, answers out; the desk's Roll Deletion and the returns call these.

Decisions where the reference is silent (each named in the function):
- Ground (i)'s run counts school days (weekends and holidays neither extend nor break it)
  on which *every* session the register holds is G, N or O; any other code, and a school
  day with a session left unmarked, breaks it; a session closed for the pupil (#) is no
  session. A deletion needs the run to reach 20 days
  and still be running on the deletion date.
- "Within 5 days of entry" (reg 13) is read as 5 calendar days after the admission date.
- "The youngest year group at the start of the year" is a pupil of that year group
  admitted on or before the first school day of the academic year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from attendance_officer.engine.i18n import _
from attendance_officer.engine.school_age import leaving_date

GNO = frozenset({"G", "N", "O"})
CLOSED = frozenset({"#"})  # a planned closure of a session: no session, neither extends nor breaks
GROUND_I_DAYS = 20
NEW_PUPIL_RETURN_DAYS = 5

# Reg 9(1): the ground and its summary, as the domain reference gives it.
GROUNDS: dict[str, str] = {
	"a": _(
		"Registered at another school (not where a school attendance order names this school, a mobile child whose main school this is, or agreed dual registration)"
	),
	"b": _("Admitted for nursery education and not continuing into reception"),
	"c": _("Dual registered; the other school or schools consent; no school attendance order"),
	"d": _("School attendance order amended to name another school"),
	"e": _("School attendance order revoked (suitable education arranged elsewhere)"),
	"f": _(
		"Parent notified in writing that the pupil will be educated otherwise than at school (elective home education)"
	),
	"g": _("No longer normally lives within reasonable distance of the school"),
	"h": _("Not returned after a leave of absence"),
	"i": _(
		"Continuously absent for 20 school days or more, every session G, N or O; no reasonable grounds to think sickness or an unavoidable cause; school and LA have failed, after reasonable enquiries, to locate the pupil"
	),
	"j": _("Detained under a sentence of detention"),
	"k": _("Died"),
	"l": _("Will be over compulsory school age and is not continuing into the sixth form"),
	"m": _("Boarding fees unpaid (maintained or academy boarder)"),
	"n": _("Ceased to be a pupil at an independent or non-maintained special school"),
	"o": _("Permanently excluded"),
}


class GroundError(ValueError):
	"""A deletion ground the regulations do not have."""


@dataclass(frozen=True)
class Run:
	"""Consecutive school days ``start`` to ``end`` (inclusive), ``school_days`` of them."""

	start: date
	end: date
	school_days: int


def gno_run_on(day_codes: Mapping[date, Iterable[str]], school_days: Iterable[date], on: date) -> Run | None:
	"""The run of school days, all of whose sessions are G, N or O, that is still going on ``on``.

	``day_codes[d]``: every code the pupil's register holds on ``d`` (AM and PM; an empty
	string or "-" for a session left unmarked); a school day with no entry at all is a day
	left unmarked. The run is counted backwards from the last school day on or before ``on``;
	None when that day is not itself G/N/O only.
	"""
	days = sorted(d for d in set(school_days) if d <= on)
	length, first = 0, None
	for day in reversed(days):
		if day in day_codes and all(code in CLOSED for code in day_codes[day]):
			continue  # the school was closed that day for this pupil
		codes = [c for c in day_codes.get(day, ()) if c not in CLOSED]
		if not codes or any(code not in GNO for code in codes):
			break
		length += 1
		first = day
	return Run(first, days[-1], length) if length else None


def gno_runs(
	day_codes: Mapping[date, Iterable[str]], school_days: Iterable[date], days: int = GROUND_I_DAYS
) -> list[Run]:
	"""Each run of school days, all sessions G, N or O, on the day it reaches ``days`` days.

	For the children-missing-education alert: one Run per run (``end`` = the day the
	``days``-th was reached), a run going on past that gives no second one; a broken run
	starts again from 0.
	"""
	if days < 1:
		raise ValueError(_("A run needs 1 school day or more, not {0}.").format(days))
	found: list[Run] = []
	length, first = 0, None
	for day in sorted(set(school_days)):
		if day in day_codes and day_codes[day] and all(code in CLOSED for code in day_codes[day]):
			continue  # closed: neither extends nor breaks the run
		codes = [c for c in day_codes.get(day, ()) if c not in CLOSED]
		if codes and all(code in GNO for code in codes):
			if length == 0:
				first = day
			length += 1
			if length == days:
				found.append(Run(first, day, days))
		else:
			length = 0
	return found


@dataclass(frozen=True)
class DeletionFacts:
	"""What the school holds about a proposed deletion (the desk fills it from the record)."""

	ground: str
	deletion_date: date
	last_present: date | None = None  # the last session the pupil was marked present or attending
	date_of_birth: date | None = None
	ehe_notice_date: date | None = None  # (f) the parent's written notice
	ehe_notice_attached: bool = False
	special_school: bool = False  # (f) then needs the LA's consent
	la_consent: bool = False
	gno_days: int = 0  # (i) the G/N/O run still going on the deletion date (gno_run_on)
	joint_enquiries: int = 0  # (i) enquiries recorded with the LA
	leave_not_returned: bool = False  # (h) a leave of absence the pupil did not return from
	dual_registered: bool = False  # (c) a main or subsidiary dual registration here
	other_school_consent: bool = False  # (c) the other school's consent, dated


def deletion_problems(facts: DeletionFacts) -> list[str]:
	"""What stops this deletion, each as a message saying what is missing; [] when none."""
	if facts.ground not in GROUNDS:
		raise GroundError(
			_("There is no deletion ground ({0}). Choose one of (a) to (o) in regulation 9.").format(
				facts.ground
			)
		)
	problems = []
	if facts.last_present and facts.deletion_date < facts.last_present:
		problems.append(
			_(
				"The deletion date {0} is before the pupil was last marked present ({1}): a pupil in school is on roll."
			).format(facts.deletion_date.isoformat(), facts.last_present.isoformat())
		)
	if facts.ground == "f":
		if not facts.ehe_notice_date:
			problems.append(_("Elective home education needs the date of the parent's written notice."))
		if not facts.ehe_notice_attached:
			problems.append(_("Attach the parent's written notice of elective home education."))
		if facts.ehe_notice_date and facts.deletion_date < facts.ehe_notice_date:
			problems.append(_("The deletion date is before the parent's written notice."))
		if facts.special_school and not facts.la_consent:
			problems.append(
				_(
					"A pupil at a special school needs the local authority's consent before deletion for home education."
				)
			)
	if facts.ground == "i":
		if facts.gno_days < GROUND_I_DAYS:
			problems.append(
				_(
					"Ground (i) needs {0} continuous school days with every session G, N or O up to the deletion date; the register shows {1}."
				).format(GROUND_I_DAYS, facts.gno_days)
			)
		if not facts.joint_enquiries:
			problems.append(
				_(
					"Record the reasonable enquiries made jointly with the local authority to locate the pupil."
				)
			)
	if facts.ground == "c":
		if not facts.dual_registered:
			problems.append(
				_(
					"Ground (c) is for a dual-registered pupil: set the Enrolment Status on the Student record, "
					"or choose the ground that applies."
				)
			)
		if not facts.other_school_consent:
			problems.append(_("Record the other school's consent to the deletion, with its date."))
	if facts.ground == "h" and not facts.leave_not_returned:
		problems.append(_("Link the leave of absence the pupil has not returned from."))
	if facts.ground == "l":
		if not facts.date_of_birth:
			problems.append(_("Ground (l) needs the pupil's date of birth."))
		elif facts.deletion_date < leaving_date(facts.date_of_birth):
			problems.append(
				_(
					"The pupil is of compulsory school age until {0}: ground (l) applies only after it."
				).format(leaving_date(facts.date_of_birth).isoformat())
			)
	return problems


def new_pupil_return_due(admitted: date) -> date:
	"""The day the new-pupil return is due: 5 days after entry on the admission register."""
	return admitted + timedelta(days=NEW_PUPIL_RETURN_DAYS)


def in_new_pupil_return(
	admitted: date,
	year_group: str | None,
	*,
	youngest_year: str,
	year_first_day: date,
	la_wants_youngest: bool = False,
) -> bool:
	"""Whether the pupil goes in the new-pupil return: not the youngest year group admitted at
	the start of the year (on or before its first school day), unless the LA asks for them."""
	if la_wants_youngest:
		return True
	return not (str(year_group) == str(youngest_year) and admitted <= year_first_day)


# The admission register's particulars (reg 5 of the 2024 Regulations, as the issue lists
# them; the domain reference names the register, not each particular).
@dataclass(frozen=True)
class AdmissionParticulars:
	"""What the school holds for a pupil's admission register entry (plain values)."""

	first_name: str = ""
	last_name: str = ""
	sex: str = ""
	date_of_birth: date | None = None
	address: str = ""
	parents: int = 0  # parents or carers on record
	parents_with_contact: int = 0  # of them, with a telephone number or email (or marked do not contact)
	admission_date: date | None = None
	previous_school: str = ""
	upn: str = ""
	upn_problem: str | None = None  # engine.upn.upn_error's answer for the UPN
	enrolment_status: str | None = None
	dual_school: str = ""
	left_on: date | None = None
	ground: str = ""  # the reg 9 ground letter of the deletion, when left
	reason_for_leaving: str = ""  # the reason recorded without a deletion (an imported leaver)
	destination: str = ""


def missing_particulars(p: AdmissionParticulars) -> list[str]:
	"""The particulars an admission register entry lacks, each named as the register shows it.

	Decisions: a parent counts as reachable with a telephone number or email, or when the
	school has marked them do-not-contact (the register then records that, not a number); the
	previous school may be "none" (typed) for a pupil with none; a UPN with a wrong check
	letter is as good as missing (census error 1510); a leaver imported with a reason but no
	deletion has that reason as their ground; a leaver's destination is needed for the grounds
	whose deletion return names one ((a), (c), (d)).
	"""
	missing = []
	if not p.first_name.strip() or not p.last_name.strip():
		missing.append(_("full name"))
	if not p.sex:
		missing.append(_("sex"))
	if not p.date_of_birth:
		missing.append(_("date of birth"))
	if not p.address.strip():
		missing.append(_("address"))
	if not p.parents:
		missing.append(_("parents"))
	elif not p.parents_with_contact:
		missing.append(_("a parent's telephone number"))
	if not p.admission_date:
		missing.append(_("admission date"))
	if not p.previous_school.strip():
		missing.append(_("previous school"))
	if not p.upn.strip():
		missing.append(_("UPN"))
	elif p.upn_problem:
		missing.append(_("a valid UPN"))
	if (
		check_enrolment_status(p.enrolment_status) in (MAIN_DUAL, SUBSIDIARY_DUAL)
		and not p.dual_school.strip()
	):
		missing.append(_("the other school (dual registration)"))
	if p.left_on and not (p.ground or p.reason_for_leaving):
		missing.append(_("ground of deletion"))
	if p.left_on and p.ground in ("a", "c", "d") and not p.destination.strip():
		missing.append(_("destination"))
	return missing


# Children missing education (CME guidance 2024; ../shared/domain/uk-attendance-rules.md
# section 4, "Children missing education and absence returns", and ground (i)).
CME_ENQUIRY_DAYS = 10  # default: the LA is told of 10 continuous school days without permission
# The codes of an absence whose reason the school does not know: N, and O, which an N left
# unresolved becomes (Attendance Settings); decision: the reference does not say which codes.
CME_RUN_CODES = frozenset({"N", "O"})
NOT_LOCATED = "Not located (deletion ground (i))"
CME_OUTCOMES = (
	"Returned to school",
	"Registered at another school",
	"Elective home education",
	"Moved to another local authority",
	"Left England",
	NOT_LOCATED,
	"Other",
)


def cme_enquiry_due(unexplained_days: int, threshold: int = CME_ENQUIRY_DAYS) -> bool:
	"""Whether a pupil's absence without a known reason (CME_RUN_CODES, school days in a row:
	engine.absence.unexplained_run) has lasted long enough to open the children-missing-
	education enquiries: ``threshold`` school days (Attendance Settings; the default is the 10
	days after which the LA must be told; 0 opens none on this count). Decision: the reference
	sets no day for the school's own enquiries to start, so the school chooses."""
	return threshold > 0 and unexplained_days >= threshold


def enquiry_covers(absent_since: date, outcome_date: date | None, run_start: date, today: date) -> bool:
	"""Whether an enquiry (absent since ``absent_since``, closed on ``outcome_date`` or still
	open) already covers an absence running from ``run_start`` to ``today``: their dates meet.
	An absence gets one enquiry, however its first day was worked out."""
	return absent_since <= today and (outcome_date is None or outcome_date >= run_start)


@dataclass(frozen=True)
class CmeFacts:
	"""What a CME Enquiry records, for cme_problems."""

	absent_since: date
	opened_on: date
	today: date
	enquiry_dates: tuple[date, ...] = ()
	joint_enquiries: int = 0  # enquiries made jointly with the LA
	la_referred_on: date | None = None
	outcome: str = ""
	outcome_date: date | None = None


def cme_problems(facts: CmeFacts) -> list[str]:
	"""What is wrong with a CME enquiry's record, each as a message saying what to do; [] when none.

	Dates run forwards (absence, then enquiries and the LA referral, none after today); an
	outcome has its date; "not located" (the way to ground (i)) needs the LA referral and at
	least one enquiry made jointly with the LA (reg 9(1)(i): school and LA "jointly failed,
	after reasonable enquiries, to locate the pupil").
	"""
	problems = []
	if facts.opened_on < facts.absent_since:
		problems.append(_("The enquiry opens before the absence began: check Absent Since."))
	for label, day in (
		(_("The enquiry's opening date"), facts.opened_on),
		(_("The LA referral date"), facts.la_referred_on),
		(_("The outcome date"), facts.outcome_date),
		*((_("An enquiry's date"), d) for d in facts.enquiry_dates),
	):
		if day and day > facts.today:
			problems.append(
				_("{0} ({1}) is after today: record what has been done.").format(label, day.isoformat())
			)
		elif day and day < facts.absent_since:
			problems.append(
				_("{0} ({1}) is before the absence began ({2}).").format(
					label, day.isoformat(), facts.absent_since.isoformat()
				)
			)
	if facts.outcome and facts.outcome not in CME_OUTCOMES:
		problems.append(_("There is no outcome {0}.").format(facts.outcome))
	if facts.outcome and not facts.outcome_date:
		problems.append(_("Enter the date of the outcome."))
	if facts.outcome_date and not facts.outcome:
		problems.append(_("Choose the outcome the date belongs to."))
	if facts.outcome == NOT_LOCATED:
		if not facts.la_referred_on:
			problems.append(
				_(
					"Refer the pupil to the local authority (LA Referred On) before recording them not located."
				)
			)
		if not facts.joint_enquiries:
			problems.append(
				_(
					"Record at least one enquiry made jointly with the local authority: ground (i) needs the "
					"school and the LA together to have failed to locate the pupil."
				)
			)
	return problems


# Dual registration (code D: "attending another school where the pupil is also registered").
SINGLE, MAIN_DUAL, SUBSIDIARY_DUAL, GUEST = "Single", "Main dual", "Subsidiary dual", "Guest"
ENROLMENT_STATUSES = (SINGLE, MAIN_DUAL, SUBSIDIARY_DUAL, GUEST)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")  # date.weekday() order


def check_enrolment_status(enrolment_status: str | None) -> str:
	"""The status, "Single" for none; ValueError for anything else."""
	if enrolment_status in ("", None):
		return SINGLE
	if enrolment_status not in ENROLMENT_STATUSES:
		raise ValueError(
			_("Enrolment status {0!r} is not one of Single, Main dual, Subsidiary dual or Guest.").format(
				enrolment_status
			)
		)
	return enrolment_status


def on_main_register(enrolment_status: str | None) -> bool:
	"""Whether this school's register is the pupil's main one: a single or main dual registration.

	Decision (the issue's, the reference being silent beyond code D): the persistent and
	severe absence figures compared with the national ones, and penalty-notice work, belong to
	the main school; a subsidiary dual pupil's and a guest pupil's are their main school's.
	"""
	return check_enrolment_status(enrolment_status) in (SINGLE, MAIN_DUAL)


def weekday_name(day: date) -> str:
	"""The weekday as a weekly pattern names it (WEEKDAYS); "Weekend" matches no pattern."""
	return WEEKDAYS[day.weekday()] if day.weekday() < len(WEEKDAYS) else "Weekend"


def at_this_school(day: date, session: str, elsewhere: Iterable[tuple[str, str]]) -> bool:
	"""Whether a dual-registered pupil spends ``day``'s ``session`` here, given the weekly
	sessions they spend at the other school as (weekday name, "AM"/"PM") pairs (no pattern
	covers a weekend session: it is this school's)."""
	return (weekday_name(day), session) not in elsewhere


def expected_mark(
	enrolment_status: str | None, day: date, session: str, elsewhere: Iterable[tuple[str, str]] = ()
) -> str | None:
	"""expects_mark for a session on a date, from the pupil's weekly sessions elsewhere."""
	return expects_mark(enrolment_status, at_this_school(day, session, elsewhere))


def expects_mark(enrolment_status: str | None, at_this_school: bool) -> str | None:
	"""The mark this school's register expects for a session, by the pupil's enrolment status.

	Returns "D" when the main school records a session the pupil spends at the other school,
	"code" when a code from the register is expected, None when this school records nothing
	(a subsidiary school's session the pupil spends at the main school).
	"""
	status = check_enrolment_status(enrolment_status)
	if status in (SINGLE, GUEST):
		return "code"
	if status == MAIN_DUAL:
		return "code" if at_this_school else "D"
	return "code" if at_this_school else None
