"""The daily escalation job: what is overdue or worrying about absence, raised once each.

Source: ../shared/domain/uk-attendance-rules.md section 1 (N replaced within 5 school
days), section 4 (10 continuous school days of unauthorised absence and 15 school days of
sickness are reported to the local authority) and section 6 (first-day contact, then a
home visit, with safeguarding escalation; unexplained absence of a pupil with a social
worker is reported to them: WTISA para 52).

Each finding becomes one Attendance Alert with a unique ``alert_key`` (kind, pupil, first
day), and ToDos for the users of the roles it is addressed to; a second run finds the key
and raises nothing (style.md section 6: jobs take ``today`` and are idempotent).

- Unresolved N (engine.unresolved): one alert per pupil and N date, for the attendance
  officers. If Attendance Settings "Turn Unresolved N into O" is ticked, those N marks
  become O through the one write path, with the reason on their amendment trail.
- Home visit: the third school day in a row with only N marks (engine.absence
  unexplained_run): a ToDo for each attendance officer.
- 10 days unauthorised / 15 days sickness (engine.continuous): for the LA return; the
  attendance officers and the Designated Safeguarding Lead.
- Safeguarding absence: a pupil with a child protection plan or child in need, absent
  today with N or no mark (absence.calling): the Designated Safeguarding Lead only.
- Missing 20 days: 20 continuous school days with every session G, N or O (engine.roll,
  deletion ground (i); children missing education): the attendance officers and the DSL,
  to make the reasonable enquiries with the LA.
- CME Enquiry (absence.cme): opened once a pupil's absence without a known reason (N or O
  days in a row) reaches Attendance Settings' days (engine.roll.cme_enquiry_due), or with a
  Missing 20 days alert; one per absence; assigned to the attendance officers and the DSL.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, getdate

from attendance_officer.absence.calling import absent_pupils
from attendance_officer.absence.cme import EnquiryOpener
from attendance_officer.engine.absence import HOME_VISIT_DAY, unexplained_run
from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.continuous import DAY_FLAG, sickness_runs, unauthorised_runs
from attendance_officer.engine.roll import CME_RUN_CODES, GROUND_I_DAYS, gno_runs
from attendance_officer.engine.sessions import SESSIONS
from attendance_officer.engine.unresolved import unresolved_n
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.write import write_marks

ALERT = "Attendance Alert"
OFFICERS = ("Attendance Officer",)
DSL = ("Designated Safeguarding Lead",)
RETURN_ROLES = ("Attendance Officer", "Designated Safeguarding Lead")
FALLBACK = ("Headteacher",)  # when nobody holds the DSL role

UNRESOLVED_N = "Unresolved N"
HOME_VISIT = "Home visit"
UNAUTHORISED_10 = "Unauthorised 10 days"
SICKNESS_15 = "Sickness 15 days"
SAFEGUARDING = "Safeguarding absence"
MISSING_20 = "Missing 20 days"  # the G/N/O run of deletion ground (i): children missing education

COMMIT_EVERY = 200  # alerts per commit on a long first run
LONG_TIMEOUT = 3600  # seconds: a first run over a year's backlog


def enqueue_daily_escalation() -> None:
	"""The scheduled entry (hooks.py cron): run daily_escalation on the long queue, once."""
	frappe.enqueue(
		"attendance_officer.absence.tasks.daily_escalation",
		queue="long",
		timeout=LONG_TIMEOUT,
		job_id="attendance_daily_escalation",  # namespaced by site (create_job_id)
		deduplicate=True,
	)


def daily_escalation(today: date | str | None = None, *, commit: bool | None = None) -> dict[str, int]:
	"""Raise today's alerts (each once); returns how many of each kind were new.

	Runs on the long queue (hooks.py): the first run on a site with a year's backlog can
	raise many alerts. ``commit`` (default: outside tests) commits every COMMIT_EVERY
	alerts; the unique ``alert_key`` makes a re-run after a failure pick up where it stopped.
	"""
	if commit is None:
		commit = not frappe.flags.in_test
	today = getdate(today)
	settings = frappe.get_cached_doc("Attendance Settings")
	start = academic_year_start(today)
	calendar = school_calendar(start, today)
	codes = year_codes(start, today)
	raised: dict[str, int] = defaultdict(int)
	existing = set(frappe.get_all(ALERT, filters={"alert_date": (">=", start)}, pluck="alert_key"))
	recipients = Recipients()
	enquiries = EnquiryOpener(today, start, recipients, RETURN_ROLES)

	def raise_alert(kind, student, key, details, roles, from_date=None, to_date=None):
		key = f"{kind}:{student}:{key}"
		if key in existing:
			return None
		existing.add(key)
		alert = frappe.get_doc(
			{
				"doctype": ALERT,
				"alert_type": kind,
				"student": student,
				"alert_date": today,
				"from_date": from_date,
				"to_date": to_date,
				"details": details,
				"addressed_to": ", ".join(roles),
				"alert_key": key,
			}
		).insert(ignore_permissions=True)
		assign(alert, roles, details, recipients)
		raised[kind] += 1
		if commit and sum(raised.values()) % COMMIT_EVERY == 0:
			frappe.db.commit()  # nosemgrep: a long first run (backlog) commits in batches
		return alert.name

	to_o: list[dict] = []
	window = cint(settings.n_resolution_days) or 5
	# Pupils off roll before today (Roll Deletion) are not chased any more.
	off_roll = set(
		frappe.db.sql_list(
			"SELECT `name` FROM `tabStudent` WHERE `date_of_leaving` < %s AND `name` IN %s",
			(today, list(codes) or [""]),
		)
	)
	for student, days in codes.items():
		if student in off_roll:
			continue
		n_sessions = [(d, s) for d, sessions in days.items() for s, c in sessions.items() if c == "N"]
		for day in unresolved_n([d for d, _s in n_sessions], calendar, today, window=window):
			raise_alert(
				UNRESOLVED_N,
				student,
				day.isoformat(),
				_(
					"N on {0} is still unresolved after {1} school days. Find the reason and record it."
				).format(day.isoformat(), window),
				OFFICERS,
				day,
				day,
			)
			if settings.turn_unresolved_n_into_o:
				to_o += [
					{"student": student, "date": d, "session": s, "code": "O"}
					for d, s in n_sessions
					if d == day
				]
		by_date = {d: list(sessions.values()) for d, sessions in days.items()}
		count, first = unexplained_run(by_date, calendar, today)
		if count >= HOME_VISIT_DAY:
			raise_alert(
				HOME_VISIT,
				student,
				first.isoformat(),
				_(
					"Absent without a reason for {0} school days in a row since {1}. Arrange a home visit."
				).format(count, first.isoformat()),
				OFFICERS,
				first,
				today,
			)
		cme_days, cme_first = unexplained_run(by_date, calendar, today, CME_RUN_CODES)
		if enquiries.due(cme_days):
			enquiries.open_for(student, cme_first)
		flags = {d: _or(DAY_FLAG.get(c, 0) for c in cs) for d, cs in by_date.items()}
		for run in unauthorised_runs(flags, calendar, days=cint(settings.continuous_days) or 10, to=today):
			raise_alert(
				UNAUTHORISED_10,
				student,
				run.start.isoformat(),
				_(
					"Absent without permission for {0} continuous school days ({1} to {2}). "
					"Tell the local authority (absence return) and review safeguarding."
				).format(run.school_days, run.start.isoformat(), run.end.isoformat()),
				RETURN_ROLES,
				run.start,
				run.end,
			)
		# Every session of a school day must be G, N or O: a session with no mark breaks the run.
		sessions_held = {d: [sessions.get(s, "") for s in SESSIONS] for d, sessions in days.items()}
		for run in gno_runs(sessions_held, calendar.days, GROUND_I_DAYS):
			alert = raise_alert(
				MISSING_20,
				student,
				run.start.isoformat(),
				_(
					"Absent for {0} continuous school days, every session G, N or O ({1} to {2}). Make "
					"reasonable enquiries with the local authority to locate the pupil (children missing "
					"education); if together you cannot, the pupil may be deleted under ground (i): record it "
					"as a Roll Deletion."
				).format(run.school_days, run.start.isoformat(), run.end.isoformat()),
				RETURN_ROLES,
				run.start,
				run.end,
			)
			if alert:
				enquiries.open_for(student, run.start, alert)
		illness = {d: sum(1 for c in cs if c == "I") for d, cs in by_date.items()}
		for run in sickness_runs(illness, days=cint(settings.sickness_days) or 15, to=today):
			raise_alert(
				SICKNESS_15,
				student,
				run.start.isoformat(),
				_(
					"Absent through illness for {0} school days this year (from {1} to {2}). "
					"Tell the local authority (sickness return)."
				).format(run.school_days, run.start.isoformat(), run.end.isoformat()),
				RETURN_ROLES,
				run.start,
				run.end,
			)
	if calendar.is_school_day(today):
		for pupil in absent_pupils(today, "AM", None, True):
			if pupil.cp or pupil.cin:
				raise_alert(
					SAFEGUARDING,
					pupil.student,
					today.isoformat(),
					_(
						"A pupil with {0} is absent this morning with no reason ({1}). "
						"Contact the family and the social worker today."
					).format(
						_("a child protection plan") if pupil.cp else _("a child in need plan"),
						pupil.code or _("no mark"),
					),
					DSL,
					today,
					today,
				)
	if to_o:
		write_marks(
			to_o,
			source="Register",
			reason=_("No reason found within {0} school days: N changed to O (Attendance Settings).").format(
				window
			),
			today=today,
		)
	if enquiries.opened:
		raised["CME Enquiry"] = enquiries.opened
	return dict(raised)


def _or(values) -> int:
	result = 0
	for value in values:
		result |= value
	return result


def year_codes(start: date, today: date) -> dict[str, dict[date, dict[str, str]]]:
	"""student -> date -> session -> code, this academic year, for pupils with any absence (one query)."""
	rows = frappe.db.sql(
		"""SELECT m.`student`, m.`date`, m.`session`, m.`attendance_code`
		FROM `tabAttendance Mark` m
		WHERE m.`date` BETWEEN %(start)s AND %(today)s AND m.`student` IN (
			SELECT DISTINCT a.`student` FROM `tabAttendance Mark` a
			WHERE a.`date` BETWEEN %(start)s AND %(today)s AND a.`attendance_code` IN ('G', 'N', 'O', 'U', 'I'))""",
		{"start": start, "today": today},
	)
	found: dict[str, dict[date, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
	for student, day, session, code in rows:
		found[student][getdate(day)][session] = code
	return found


def role_users(roles) -> list[str]:
	"""Enabled desk users holding any of ``roles`` (Administrator left out)."""
	return frappe.db.sql_list(
		"""SELECT DISTINCT u.`name` FROM `tabUser` u JOIN `tabHas Role` r ON r.`parent` = u.`name`
		WHERE r.`parenttype` = 'User' AND r.`role` IN %s AND u.`enabled` = 1
			AND u.`user_type` = 'System User' AND u.`name` NOT IN ('Administrator', 'Guest')
		ORDER BY u.`name`""",
		(list(roles),),
	)


class Recipients:
	"""Who gets an alert's ToDo, per tuple of roles, looked up once per run (item 9: cached).

	The Designated Safeguarding Lead must never be missed silently: if no enabled desk user
	holds that role, the Headteachers get the DSL's ToDos instead and the gap is written to
	the Error Log once per run (uk-attendance-rules.md section 6, safeguarding escalation).
	"""

	def __init__(self):
		self.found: dict[tuple[str, ...], list[str]] = {}
		self.logged = False

	def users(self, roles: tuple[str, ...]) -> list[str]:
		if roles not in self.found:
			self.found[roles] = role_users(roles)
		return self.found[roles]

	def __call__(self, roles) -> list[str]:
		roles = tuple(roles)
		users = self.users(roles)
		if DSL[0] in roles and not self.users(DSL):
			users = sorted(set(users) | set(self.users(FALLBACK)))
			if not self.logged:
				self.logged = True
				frappe.log_error(
					title=_("No Designated Safeguarding Lead to alert"),
					message=_(
						"No enabled user holds the role {0}; safeguarding alerts went to the {1} instead. "
						"Give the role to the school's DSL."
					).format(DSL[0], FALLBACK[0]),
				)
		return users


def assign(alert, roles, description: str, recipients=None) -> None:
	"""Assign the alert (frappe.desk.form.assign_to.add): a ToDo, a bell notification and email."""
	users = (recipients or Recipients())(roles)
	if not users:
		return
	from frappe.desk.form.assign_to import add

	add(
		{
			"assign_to": users,
			"doctype": ALERT,
			"name": alert.name,
			"description": f"{alert.alert_type}: {alert.student_name or alert.student}. {description}",
			"date": alert.alert_date,
			"priority": "High" if alert.alert_type in (SAFEGUARDING, HOME_VISIT) else "Medium",
			"assigned_by": "Administrator",
		},
		ignore_permissions=True,
	)
