"""The scheduled packs: the SLT pack each fortnight and the governors' summary each half-term.

Each is rendered to PDF (wkhtmltopdf, frappe.utils.pdf.get_pdf) from the same reads the
reports make (registers.school; the governors' summary is Attendance by Cohort's own
figures) and e-mailed through Frappe's queue to the recipients the school keeps in
Attendance Settings, once (reporting.log.claim, keyed by the fortnight or the day):

- SLT pack (staff named in "SLT Pack To"; names pupils): by year group, pupils under 95%
  and in persistent absence (90% or below: 10% or more of sessions missed, the DfE's
  measure), the reasons (codes) for each pupil in persistent absence, the change over two
  weeks and the school's weekly attendance for eight weeks.
- Governors' summary (the addresses in "Governors' Summary To"; names no pupil): the
  whole school's attendance, PA and SA rates for pupils of compulsory school age against
  the national figures entered, and by cohort, each cohort of fewer than 5 pupils withheld
  (engine.cohorts.suppressed).

When: engine.schedule (fortnight; ends_half_term). The job takes ``today`` and is
idempotent. ``download_pack`` lets the Attendance Officer or Headteacher see a pack now.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import formatdate, getdate

from attendance_officer.attendance_officer.doctype.attendance_settings.attendance_settings import (
	may_receive_slt_pack,
)
from attendance_officer.engine.calendar import academic_year_start
from attendance_officer.engine.codes import ABSENCE, CODES
from attendance_officer.engine.cohorts import GroupFigures, pupil_figures
from attendance_officer.engine.schedule import ends_half_term, fortnight
from attendance_officer.engine.statistics import PERSISTENT, SEVERE, band, summarise
from attendance_officer.letters.log import email_ready
from attendance_officer.registers.calendar import school_calendar
from attendance_officer.registers.figures import school_bands
from attendance_officer.registers.school import (
	DETAILS,
	PupilFilter,
	grouped_counts,
	natural,
	pupil_details,
	weekly_attendance,
)
from attendance_officer.reporting.log import already_sent, claim

SLT, GOVERNORS = "slt", "governors"
PACKS = {SLT: "SLT attendance pack", GOVERNORS: "Governors' attendance summary"}
TEMPLATES = {
	SLT: "attendance_officer/templates/reports/slt_pack.html",
	GOVERNORS: "attendance_officer/templates/reports/governors_pack.html",
}
UNDER = 95  # the SLT pack's first line: pupils under 95%
CHANGE_DAYS = 14
TREND_WEEKS = 8
LOOK_AHEAD_DAYS = 75  # past the longest break (the summer) to find the next school day
PACK_ROLES = frozenset({"Attendance Officer", "Headteacher", "System Manager"})


def send_due_packs(today: date | str | None = None) -> dict[str, bool]:
	"""Scheduled (school mornings): each pack that is due, to its recipients, once. {pack: sent}."""
	day = getdate(today)
	calendar = school_calendar(day, day + timedelta(days=LOOK_AHEAD_DAYS))
	if day not in calendar.days:
		return {}
	if not email_ready():
		frappe.log_error(
			title=_("Attendance packs not sent: no outgoing email account"),
			message=_(
				"Set up an outgoing Email Account so that the SLT pack and the governors' summary can be sent."
			),
		)
		return {}
	year_start, number = fortnight(day)
	due = {SLT: f"{PACKS[SLT]}:{year_start.isoformat()}:{number}"}
	if ends_half_term(day, calendar.days):
		due[GOVERNORS] = f"{PACKS[GOVERNORS]}:{day.isoformat()}"
	return {pack: send_pack(pack, day, key) for pack, key in due.items()}


def recipients(pack: str) -> list[str]:
	"""The pack's addresses: for the SLT pack, the staff listed who may still see the whole
	school (a recipient since disabled or moved to a narrower role is skipped)."""
	settings = frappe.get_cached_doc("Attendance Settings")
	if pack == SLT:
		users = [
			row.user for row in settings.get("slt_pack_recipients") or [] if may_receive_slt_pack(row.user)
		]
		if not users:
			return []
		return [
			email for email in frappe.get_all("User", filters={"name": ("in", users)}, pluck="email") if email
		]
	return [
		line.strip()
		for line in (settings.get("governors_pack_recipients") or "").splitlines()
		if line.strip()
	]


def send_pack(pack: str, day: date, key: str) -> bool:
	to = recipients(pack)
	if not to or already_sent(key):
		return False  # nobody to send to, or sent already this fortnight (or day): read nothing
	context = pack_context(pack, day)
	if not claim(
		PACKS[pack],
		"Pack",
		key,
		period_from=getdate(context["from_date"]),
		period_to=day,
		pupils=context["pupils"],
		recipients=to,
		description=context["title"],
	):
		return False
	frappe.sendmail(
		recipients=to,
		subject=context["title"],
		message=_("{0} is attached (PDF).").format(context["title"]),
		attachments=[
			{
				"fname": f"{frappe.scrub(PACKS[pack])}-{day.isoformat()}.pdf",
				"fcontent": render_pdf(pack, context),
			}
		],
		delayed=True,
	)
	return True


def render_pdf(pack: str, context: dict) -> bytes:
	from frappe.utils.pdf import get_pdf

	return get_pdf(frappe.render_template(TEMPLATES[pack], context))


def check_permission() -> None:
	"""Only the Attendance Officer and the Headteacher (frappe.only_for is skipped while testing)."""
	if frappe.session.user != "Administrator" and not set(PACK_ROLES) & set(frappe.get_roles()):
		frappe.throw(
			_("Only the Attendance Officer or the Headteacher can see the packs before they are sent."),
			frappe.PermissionError,
			title=_("Not permitted"),
		)


@frappe.whitelist()
def download_pack(pack: str):
	"""The pack as it would be sent today, as a PDF download (Attendance Officer, Headteacher)."""
	check_permission()
	if pack not in PACKS:
		frappe.throw(_("There is no pack {0}. Choose slt or governors.").format(frappe.bold(pack)))
	day = getdate()
	context = pack_context(pack, day)
	frappe.local.response.filename = f"{frappe.scrub(PACKS[pack])}-{day.isoformat()}.pdf"
	frappe.local.response.filecontent = render_pdf(pack, context)
	frappe.local.response.type = "pdf"


def pack_context(pack: str, day: date) -> dict:
	return slt_context(day) if pack == SLT else governors_context(day)


def school_name() -> str:
	return (
		frappe.db.get_single_value("Attendance Settings", "school_name")
		or frappe.db.get_default("company")
		or ""
	)


def pc(value) -> str:
	return f"{value}%" if value is not None else "–"


# SLT pack -------------------------------------------------------------------------------------
def slt_context(day: date) -> dict:
	start = academic_year_start(day)
	earlier = day - timedelta(days=CHANGE_DAYS)
	pupils = PupilFilter(user="Administrator")  # the whole school: the pack is for senior leaders
	now, then = grouped_counts(pupils, start, day, earlier if earlier >= start else None)
	details = pupil_details(now, sensitive=False, fields=(*DETAILS, "enabled", "date_of_leaving"))
	bands = school_bands()
	years: dict[str, dict] = defaultdict(
		lambda: {"now": GroupFigures(), "then": GroupFigures(), "under_95": 0}
	)
	whole = {"now": GroupFigures(), "then": GroupFigures(), "under_95": 0}
	in_pa = []
	for student, counts in now.items():
		summary = summarise(counts)
		if not summary.possible:
			continue
		pupil = details.get(student)
		if pupil is None:
			continue  # marks of no pupil on record: nothing to show
		year = pupil.nc_year or _("Not set")
		figures = pupil_figures(summary, bands)
		before = pupil_figures(summarise(then.get(student, {})), bands)
		below = summary.attending * 100 < UNDER * summary.possible  # on the exact fraction
		for group in (years[year], whole):
			group["now"] += figures
			group["then"] += before
			group["under_95"] += below
		left = pupil.date_of_leaving and getdate(pupil.date_of_leaving) < day
		if band(summary, bands) in (PERSISTENT, SEVERE) and pupil.enabled and not left:  # leavers: not named
			in_pa.append(
				{
					"name": pupil.student_name,
					"year": year,
					"group": pupil.registration_group or "",
					"attendance": pc(summary.attendance),
					"severe": band(summary, bands) == SEVERE,
					"reasons": reasons(counts),
					"_sort": (natural(year), summary.attendance, pupil.student_name or ""),
				}
			)
	in_pa.sort(key=lambda r: r.pop("_sort"))

	def year_row(label, group):
		now_, then_ = group["now"], group["then"]
		change = (
			now_.attendance - then_.attendance
			if now_.attendance is not None and then_.attendance is not None
			else None
		)
		return {
			"year": label,
			"pupils": now_.pupils,
			"attendance": pc(now_.attendance),
			"under_95": group["under_95"],
			"persistent": now_.persistent,
			"severe": now_.severe,
			"change": f"{change:+}" if change is not None else "–",
		}

	return {
		"title": _("{0}: {1}").format(_(PACKS[SLT]), formatdate(day)),
		"school": school_name(),
		"from_date": start.isoformat(),
		"period": _("{0} to {1}").format(formatdate(start), formatdate(day)),
		"change_since": formatdate(earlier),
		"years": [year_row(y, years[y]) for y in sorted(years, key=natural)],
		"whole": year_row(_("Whole school"), whole),
		"in_pa": in_pa,
		"trend": trend(pupils, day),
		"pupils": whole["now"].pupils,
	}


def reasons(counts: dict[str, int], top: int = 3) -> str:
	"""The pupil's most frequent absence codes: "I illness 12; O unknown 6"."""
	absence = Counter({code: n for code, n in counts.items() if code in ABSENCE and n})
	return "; ".join(f"{code} {_(CODES[code].description)}: {n}" for code, n in absence.most_common(top))


def trend(pupils: PupilFilter, day: date) -> list[dict]:
	"""The school's attendance % for each of the last TREND_WEEKS weeks with sessions (one query)."""
	return [
		{"week": formatdate(monday), "attendance": pc(attendance), "value": float(attendance)}
		for monday, attendance in weekly_attendance(pupils, day, TREND_WEEKS)
	]


# Governors' summary -------------------------------------------------------------------------
def governors_context(day: date) -> dict:
	from attendance_officer.attendance_officer.report.attendance_by_cohort.attendance_by_cohort import (
		execute as cohort_report,
	)

	start = academic_year_start(day)
	# Not the desk's report view, so Attendance by Cohort withholds every cohort under 5 pupils.
	_columns, rows, _note, _chart = cohort_report(
		{
			"from_date": start.isoformat(),
			"to_date": day.isoformat(),
			"age_group": "compulsory",
			"without_sensitive": 1,  # it leaves the school: no SEN, CLA, CIN or CP cohort
		}
	)
	whole = next(r for r in rows if r.get("cohort") == _("All pupils"))
	national = next((r for r in rows if r.get("dimension") == _("National")), None)
	cohorts = []
	for row in rows:
		if row is whole or row is national or row["dimension"] == _("Registration group"):
			continue  # a registration group is too small a unit for a summary that leaves the school
		cohorts.append(
			{
				"dimension": row["dimension"],
				"cohort": row["cohort"],
				"pupils": row.get("pupils_text") or "",
				"attendance": "" if row.get("suppressed") else pc(row.get("attendance")),
				"pa_rate": "" if row.get("suppressed") else pc(row.get("pa_rate")),
				"sa_rate": "" if row.get("suppressed") else pc(row.get("sa_rate")),
				"suppressed": bool(row.get("suppressed")),
			}
		)
	return {
		"title": _("{0}: {1}").format(_(PACKS[GOVERNORS]), formatdate(day)),
		"school": school_name(),
		"from_date": start.isoformat(),
		"period": _("{0} to {1}").format(formatdate(start), formatdate(day)),
		"whole": {
			"pupils": whole.get("pupils_text") or "",
			"attendance": pc(whole.get("attendance")),
			"pa_rate": pc(whole.get("pa_rate")),
			"sa_rate": pc(whole.get("sa_rate")),
		},
		"national": {
			"label": national["cohort"],
			"attendance": pc(national.get("attendance")),
			"pa_rate": pc(national.get("pa_rate")),
			"sa_rate": pc(national.get("sa_rate")),
		}
		if national
		else None,
		"cohorts": cohorts,
		"pupils": whole.get("pupils") or 0,
	}
