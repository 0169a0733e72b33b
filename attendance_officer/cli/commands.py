"""The command line: argument parsing and the four report commands plus ``demo``.

Usage (issue contract)::

    attendance-officer thresholds MARKS [--pupils P] [--from D] [--to D] [--format table|csv|json]
    attendance-officer penalty MARKS [--to D] [--format ...]
    attendance-officer continuous MARKS [--to D] [--format ...]
    attendance-officer census MARKS --census spring|summer|autumn --year Y [--spring-bank-holiday DATE]
    attendance-officer certificates MARKS --from D --to D [--out DIR] [--pupils P] [--min-sessions N]
    attendance-officer demo [--pupils N] [--seed S] [--out DIR]

Every report command also takes ``--pupils P`` (names in the table). Exit status: 0 on
success; 2 for bad arguments (argparse) and for a bad or unreadable input file, with
``FILE:LINE: what is wrong`` on stderr and nothing on stdout. Output is written only after
the whole input has been read and checked.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from attendance_officer.cli.output import FORMATS
from attendance_officer.engine.i18n import _

PROG = "attendance-officer"

CSV_NOTE = _(
	"CSV output has the same columns as JSON; the census 'codes' object is written as JSON "
	'text in one column, e.g. {"I": 4, "G": 2}.'
)


def _iso_date(value: str) -> date:
	from attendance_officer.engine.marks import date_error

	message = date_error(value)
	if message:
		raise argparse.ArgumentTypeError(message)
	return date.fromisoformat(value)


def _positive(value: str) -> int:
	try:
		number = int(value)
	except ValueError:
		raise argparse.ArgumentTypeError(_("{0!r} is not a whole number").format(value)) from None
	if number < 1:
		raise argparse.ArgumentTypeError(_("{0} is too small; give 1 or more").format(number))
	return number


def _year(value: str) -> int:
	number = _positive(value)
	if not 1900 <= number <= 9998:
		raise argparse.ArgumentTypeError(_("{0} is not a census year such as 2025").format(number))
	return number


def build_parser() -> argparse.ArgumentParser:
	parser = argparse.ArgumentParser(
		prog=PROG,
		description=_(
			"Statutory attendance rules for English schools, run on a CSV export of the "
			"attendance register (header upn,date,session,code; optional minutes_late)."
		),
		epilog=CSV_NOTE,
	)
	sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

	def report(name: str, help_text: str) -> argparse.ArgumentParser:
		p = sub.add_parser(name, help=help_text, description=help_text, epilog=CSV_NOTE)
		p.add_argument(
			"marks", metavar="MARKS", help=_("the marks CSV (upn,date,session,code[,minutes_late])")
		)
		p.add_argument(
			"--pupils",
			metavar="P",
			help=_("pupils CSV (upn,name,year_group,reg_group,...): adds names to the table"),
		)
		p.add_argument("--format", choices=FORMATS, default="table", help=_("output format (default: table)"))
		return p

	p = report("thresholds", _("attendance, persistent and severe absence per pupil"))
	p.add_argument(
		"--from", dest="start", metavar="D", type=_iso_date, help=_("first date counted (YYYY-MM-DD)")
	)
	p.add_argument("--to", dest="end", metavar="D", type=_iso_date, help=_("last date counted (YYYY-MM-DD)"))

	p = report("penalty", _("pupils meeting the penalty-notice threshold (10 sessions in 10 school weeks)"))
	p.add_argument("--to", dest="end", metavar="D", type=_iso_date, help=_("ignore marks after this date"))

	p = report(
		"continuous",
		_("10 school days of continuous unauthorised absence, and 15 days of sickness (I) a year"),
	)
	p.add_argument("--to", dest="end", metavar="D", type=_iso_date, help=_("ignore marks after this date"))

	p = report("census", _("absence figures for a school census return, per pupil and part"))
	p.add_argument("--census", required=True, choices=("spring", "summer", "autumn"), help=_("which census"))
	p.add_argument(
		"--year", required=True, type=_year, metavar="Y", help=_("the census's calendar year, e.g. 2025")
	)
	p.add_argument(
		"--spring-bank-holiday",
		type=_iso_date,
		metavar="DATE",
		help=_("autumn census only: the spring bank holiday when not the last Monday in May"),
	)

	c = sub.add_parser(
		"certificates",
		help=_("100% attendance and most-improved certificates, one HTML page per registration group"),
		description=_(
			"Choose the pupils with 100% attendance and, in each registration group, the most improved "
			"(the largest rise since the previous period of the same length, or --previous-from/--previous-to), "
			"and write their certificates to DIR/<group>.html, one certificate per printed page."
		),
	)
	c.add_argument("marks", metavar="MARKS", help=_("the marks CSV (upn,date,session,code[,minutes_late])"))
	c.add_argument(
		"--from", dest="start", metavar="D", type=_iso_date, required=True, help=_("first date of the period")
	)
	c.add_argument(
		"--to", dest="end", metavar="D", type=_iso_date, required=True, help=_("last date of the period")
	)
	c.add_argument(
		"--previous-from",
		dest="previous_start",
		metavar="D",
		type=_iso_date,
		help=_("first date compared with"),
	)
	c.add_argument(
		"--previous-to", dest="previous_end", metavar="D", type=_iso_date, help=_("last date compared with")
	)
	c.add_argument(
		"--pupils", metavar="P", help=_("pupils CSV: names and registration groups on the certificates")
	)
	c.add_argument(
		"--min-sessions",
		type=_positive,
		default=20,
		metavar="N",
		help=_("possible sessions a pupil needs in each period (default: 20)"),
	)
	c.add_argument(
		"--out", default="certificates", metavar="DIR", help=_("where to write them (default: certificates)")
	)
	c.add_argument("--school", metavar="NAME", help=_("the school's name on the certificates"))
	c.add_argument("--signatory", metavar="NAME", help=_("who signs them"))
	c.add_argument("--signatory-role", metavar="ROLE", help=_("their role"))

	d = sub.add_parser(
		"demo",
		help=_("generate a synthetic school year and write every report and letter for it"),
		description=_(
			"Generate a realistic synthetic school year (years 7 to 11, 190 school days) and write "
			"the whole pack to DIR: marks.csv, pupils.csv, the reports as CSV, and a letter for "
			"every pupil below the concern line (letters/<upn>.html). The same seed gives the same pack."
		),
	)
	d.add_argument(
		"--pupils", type=_positive, default=1200, metavar="N", help=_("number of pupils (default: 1200)")
	)
	d.add_argument("--seed", type=int, default=2024, metavar="S", help=_("random seed (default: 2024)"))
	d.add_argument(
		"--out", default="demo-pack", metavar="DIR", help=_("where to write the pack (default: demo-pack)")
	)
	return parser


def _names(path: str | None) -> dict[str, str] | None:
	if not path:
		return None
	from attendance_officer.cli.reader import read_pupils

	return {upn: pupil.name for upn, pupil in read_pupils(path).items()}


def run_report(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
	from attendance_officer.cli import output, reports
	from attendance_officer.cli.reader import read_marks

	command = args.command
	if command == "thresholds" and args.start and args.end and args.start > args.end:
		parser.error(_("--from {0} is after --to {1}").format(args.start, args.end))
	if command == "census":
		from attendance_officer.engine.census import CensusError, census_parts

		if args.spring_bank_holiday and args.census != "autumn":
			parser.error(_("--spring-bank-holiday applies to the autumn census only"))
		try:  # checked before the marks are read
			census_parts(args.census, args.year, spring_bank_holiday=args.spring_bank_holiday)
		except CensusError as exc:
			parser.error(str(exc))
	names = _names(args.pupils)
	register = read_marks(args.marks)
	if command == "thresholds":
		rows, fields = reports.thresholds(register, args.start, args.end), reports.THRESHOLD_FIELDS
	elif command == "penalty":
		rows, fields = reports.penalty(register, args.end), reports.PENALTY_FIELDS
	elif command == "continuous":
		rows, fields = reports.continuous(register, args.end), reports.CONTINUOUS_FIELDS
	else:
		rows = reports.census(register, args.census, args.year, args.spring_bank_holiday)
		fields = reports.CENSUS_FIELDS
	output.write_rows(command, rows, fields, args.format, sys.stdout, names)
	return 0


def main(argv: Sequence[str] | None = None) -> int:
	"""Run the command line; returns the exit status (2 for bad arguments or bad input)."""
	from attendance_officer.cli.reader import InputError

	parser = build_parser()
	try:
		args = parser.parse_args(argv)
	except SystemExit as exc:
		return exc.code if isinstance(exc.code, int) else 2
	try:
		if args.command == "demo":
			from attendance_officer.cli.demo import run_demo

			return run_demo(args.out, pupils=args.pupils, seed=args.seed)
		if args.command == "certificates":
			if args.start > args.end:
				parser.error(_("--from {0} is after --to {1}").format(args.start, args.end))
			if bool(args.previous_start) != bool(args.previous_end):
				parser.error(_("give both --previous-from and --previous-to, or neither"))
			from attendance_officer.cli.certificates import run_certificates

			return run_certificates(args)
		return run_report(args, parser)
	except InputError as exc:
		print(str(exc), file=sys.stderr)
		return 2
	except SystemExit as exc:  # parser.error() after parsing (e.g. --from after --to)
		return exc.code if isinstance(exc.code, int) else 2
	except BrokenPipeError:  # output piped into e.g. head: stop quietly
		import os

		os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
		return 0
