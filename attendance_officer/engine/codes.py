"""The DfE attendance and absence codes in force from 19 August 2024.

One table, read by everything: the rules core, the standalone runner, the desk's
Attendance Code fixtures (a test fails if they differ) and the register page.

Source: ../shared/domain/uk-attendance-rules.md section 1 (School Attendance (Pupil
Registration) (England) Regulations 2024, SI 2024/208, reg 10; WTISA August 2024).
Q's statistical treatment ("not a possible session") is the domain reference's
stated assumption (section 7, item 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from attendance_officer.engine.i18n import _

# Statistical categories, exactly as the desk's Select options spell them.
PRESENT = "Present"
APPROVED_EDUCATIONAL_ACTIVITY = "Approved Educational Activity"
AUTHORISED_ABSENCE = "Authorised Absence"
UNAUTHORISED_ABSENCE = "Unauthorised Absence"
NOT_A_POSSIBLE_SESSION = "Not A Possible Session"
ADMINISTRATIVE = "Administrative"

CATEGORIES = (
	PRESENT,
	APPROVED_EDUCATIONAL_ACTIVITY,
	AUTHORISED_ABSENCE,
	UNAUTHORISED_ABSENCE,
	NOT_A_POSSIBLE_SESSION,
	ADMINISTRATIVE,
)

# Education's Student Attendance status a code mirrors into ("" = not mirrored).
MIRROR_STATUSES = ("Present", "Absent", "Leave", "")


class CodeError(ValueError):
	"""An attendance code that may not be recorded (unknown or retired)."""


@dataclass(frozen=True)
class AttendanceCode:
	code: str
	description: str
	category: str
	late: bool = False
	note_required: bool = False
	on_site: bool = False

	@property
	def possible(self) -> bool:
		"""Counts in possible sessions (the attendance denominator)."""
		return self.category not in (NOT_A_POSSIBLE_SESSION, ADMINISTRATIVE)

	@property
	def attending(self) -> bool:
		"""Counts as attending (present or an approved educational activity)."""
		return self.category in (PRESENT, APPROVED_EDUCATIONAL_ACTIVITY)

	@property
	def penalty(self) -> bool:
		"""Counts toward the penalty-notice threshold (National Framework 2024: G, N, O, U)."""
		return self.category == UNAUTHORISED_ABSENCE

	@property
	def mirror_status(self) -> str:
		"""The status this code mirrors into Education's Student Attendance."""
		if self.attending:
			return "Present"
		if self.category == UNAUTHORISED_ABSENCE:
			return "Absent"
		if self.category in (AUTHORISED_ABSENCE, NOT_A_POSSIBLE_SESSION):
			return "Leave"
		return ""


def _code(code: str, description: str, category: str, **flags: bool) -> AttendanceCode:
	return AttendanceCode(code, description, category, **flags)


_TABLE = (
	_code("/", _("Present in the morning session"), PRESENT, on_site=True),
	_code("\\", _("Present in the afternoon session"), PRESENT, on_site=True),
	_code("L", _("Late: arrived before the register closed"), PRESENT, late=True, on_site=True),
	_code(
		"K", _("Attending education provision arranged by the local authority"), APPROVED_EDUCATIONAL_ACTIVITY
	),
	_code("V", _("Attending an educational visit or trip"), APPROVED_EDUCATIONAL_ACTIVITY),
	_code("P", _("Taking part in a supervised sporting activity"), APPROVED_EDUCATIONAL_ACTIVITY),
	_code("W", _("Attending work experience"), APPROVED_EDUCATIONAL_ACTIVITY),
	_code(
		"B",
		_("Attending any other approved educational activity (supervised; not remote learning)"),
		APPROVED_EDUCATIONAL_ACTIVITY,
		note_required=True,
	),
	_code(
		"C",
		_("Leave of absence for exceptional circumstances"),
		AUTHORISED_ABSENCE,
		note_required=True,
	),
	_code(
		"C1",
		_("Leave of absence for a regulated performance or regulated employment abroad"),
		AUTHORISED_ABSENCE,
	),
	_code("C2", _("Leave of absence on a temporary part-time timetable"), AUTHORISED_ABSENCE),
	_code("M", _("Leave of absence for a medical or dental appointment"), AUTHORISED_ABSENCE),
	_code(
		"J1",
		_("Leave of absence for an interview for employment or another educational institution"),
		AUTHORISED_ABSENCE,
	),
	_code("S", _("Leave of absence to study for a public examination"), AUTHORISED_ABSENCE),
	_code("T", _("Parent travelling for occupational purposes (mobile child)"), AUTHORISED_ABSENCE),
	_code("R", _("Religious observance"), AUTHORISED_ABSENCE),
	_code("I", _("Illness (not medical or dental appointments)"), AUTHORISED_ABSENCE),
	_code("E", _("Suspended or permanently excluded, no alternative provision made"), AUTHORISED_ABSENCE),
	_code("G", _("Holiday not granted by the school"), UNAUTHORISED_ABSENCE),
	_code("N", _("Reason for absence not yet established"), UNAUTHORISED_ABSENCE),
	_code("O", _("Absent in other or unknown circumstances"), UNAUTHORISED_ABSENCE),
	_code(
		"U",
		_("Arrived after the register closed"),
		UNAUTHORISED_ABSENCE,
		late=True,
		on_site=True,
	),
	_code("D", _("Dual registered: attending another school"), NOT_A_POSSIBLE_SESSION),
	_code("X", _("Not of compulsory school age and not required to attend"), NOT_A_POSSIBLE_SESSION),
	_code("Q", _("Unable to attend: lack of access arrangements"), NOT_A_POSSIBLE_SESSION),
	_code("Y1", _("Unable to attend: transport normally provided not available"), NOT_A_POSSIBLE_SESSION),
	_code("Y2", _("Unable to attend: widespread disruption to travel"), NOT_A_POSSIBLE_SESSION),
	_code("Y3", _("Unable to attend: part of the school premises closed"), NOT_A_POSSIBLE_SESSION),
	_code("Y4", _("Unable to attend: whole school site unexpectedly closed"), NOT_A_POSSIBLE_SESSION),
	_code("Y5", _("Unable to attend: in criminal justice detention"), NOT_A_POSSIBLE_SESSION),
	_code("Y6", _("Unable to attend: following public health guidance or law"), NOT_A_POSSIBLE_SESSION),
	_code(
		"Y7",
		_("Unable to attend: any other unavoidable cause"),
		NOT_A_POSSIBLE_SESSION,
		note_required=True,
	),
	_code("Z", _("Prospective pupil not yet on the admission register"), ADMINISTRATIVE),
	_code("#", _("Planned whole-school closure"), ADMINISTRATIVE),
)

CODES: dict[str, AttendanceCode] = {c.code: c for c in _TABLE}

# Codes withdrawn on 19 August 2024 and what replaced them.
RETIRED: dict[str, str] = {
	"H": _("C (leave of absence in exceptional circumstances)"),
	"J": _("J1 (leave of absence for an interview)"),
	"Y": _("one of Y1 to Y7 (unable to attend due to exceptional circumstances)"),
}


def _codes_where(predicate) -> frozenset[str]:
	return frozenset(c.code for c in _TABLE if predicate(c))


ATTENDING = _codes_where(lambda c: c.attending)
AUTHORISED = _codes_where(lambda c: c.category == AUTHORISED_ABSENCE)
UNAUTHORISED = _codes_where(lambda c: c.category == UNAUTHORISED_ABSENCE)
NOT_POSSIBLE = _codes_where(lambda c: c.category == NOT_A_POSSIBLE_SESSION)
ADMIN = _codes_where(lambda c: c.category == ADMINISTRATIVE)
POSSIBLE = _codes_where(lambda c: c.possible)
ABSENCE = AUTHORISED | UNAUTHORISED
PENALTY = _codes_where(lambda c: c.penalty)
LATE = _codes_where(lambda c: c.late)
ON_SITE = _codes_where(lambda c: c.on_site)
# A school day is a date on which any pupil has a mark other than these.
CLOSURE = frozenset({"#", "Z"})


def code_error(code: str) -> str | None:
	"""Why ``code`` may not be recorded, or None when it is a code in force."""
	if code in CODES:
		return None
	if code in RETIRED:
		return _("code {0} was withdrawn on 19 August 2024; use {1} instead").format(code, RETIRED[code])
	return _("unknown attendance code {0!r}").format(code)


def lookup(code: str) -> AttendanceCode:
	"""The code's definition; CodeError (naming the replacement of a retired code) otherwise."""
	try:
		return CODES[code]
	except KeyError:
		raise CodeError(code_error(code)) from None
