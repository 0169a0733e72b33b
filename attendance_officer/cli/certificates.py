"""``attendance-officer certificates``: 100% and most-improved certificates from a marks CSV.

The selection is the rules core's (engine.certificates: exact fractions, ties shared, a
minimum of possible sessions); the certificates are the shared template
(templates/letters/certificate.html), one printable HTML page per registration group in
DIR (``<group>.html``, a certificate per printed page), and a summary on stdout.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from attendance_officer.cli.letters import page, render
from attendance_officer.cli.reader import Register, read_marks, read_pupils
from attendance_officer.engine.certificates import KIND_TITLES, awards, certificate_context, previous_period
from attendance_officer.engine.i18n import _
from attendance_officer.engine.statistics import Summary, summarise

TEMPLATE = "attendance_officer/templates/letters/certificate.html"
PAGE_BREAK = '<div style="page-break-after: always;"></div>'


def summaries(register: Register, start: date, end: date) -> dict[str, Summary]:
	indexes = register.date_indexes(start, end)
	return {upn: summarise(register.code_counts(am, pm, indexes)) for upn, am, pm in register.pupils()}


def file_name(group: str) -> str:
	return (re.sub(r"[^A-Za-z0-9_-]+", "-", group).strip("-") or "no-group") + ".html"


def run_certificates(args, stream=None) -> int:
	stream = stream or sys.stdout
	pupils = read_pupils(args.pupils) if args.pupils else {}
	register = read_marks(args.marks)
	start, end = args.start, args.end
	before = (
		(args.previous_start, args.previous_end)
		if args.previous_start and args.previous_end
		else previous_period(start, end)
	)
	groups = {upn: pupils[upn].reg_group if upn in pupils else "" for upn in register.upns}
	got = awards(
		summaries(register, *before), summaries(register, start, end), groups, min_possible=args.min_sessions
	)
	out = Path(args.out)
	out.mkdir(parents=True, exist_ok=True)
	school = {"name": args.school or ""}
	signatory = {"name": args.signatory or "", "role": args.signatory_role or ""}
	total = 0
	for group, group_awards in got.items():
		pages = [
			render(
				TEMPLATE,
				certificate_context(
					award,
					# never the UPN on a certificate that goes home (review finding 11)
					pupil_name=pupils[award.pupil].name if award.pupil in pupils else "",
					period=(start, end),
					school=school,
					signatory=signatory,
					awarded_on=end,
				),
			)
			for award in group_awards
		]
		title = _("Attendance certificates: {0}").format(group or _("no registration group"))
		(out / file_name(group)).write_text(page(PAGE_BREAK.join(pages), title), encoding="utf-8")
		for award in group_awards:
			rise = f" (+{award.rise})" if award.rise is not None else ""
			print(
				f"{group or '-'}\t{award.pupil}\t{_(KIND_TITLES[award.kind])}\t{award.attendance}%{rise}",
				file=stream,
			)
		total += len(group_awards)
	print(
		_("{0} certificates for {1} to {2}, compared with {3} to {4}, written to {5}").format(
			total, start, end, before[0], before[1], out
		),
		file=sys.stderr,
	)
	return 0
