"""``attendance-officer demo``: a realistic synthetic school year, and every report on it.

The generator (issue contract) builds a secondary school (years 7 to 11) over the academic
year starting in September ``DEMO_YEAR``: 190 school days (380 sessions) between terms,
half terms, the Christmas and Easter holidays, five INSET days and the English bank
holidays (from the ``holidays`` package); every holiday and INSET weekday is written as
``#`` for everyone. Pupils have valid UPNs (check letter from stdnum.gb.upn) and an
absence mix shaped like a real school's (../shared/domain/uk-attendance-rules.md sections
1-2): illness spells (I), medical appointments (M), term-time holidays (G), unexplained
absence (O, N), lates before and after the register closed (L, U, with minutes_late),
a few persistent and severe absentees, one or two children missing education (runs of O),
dual registration (D), year 11 study leave (S) and leaving after the last Friday in June
(X), a snow day (Y2), a staggered start (Y7), mid-year joiners (Z before admission).

Then the pack is written by the runner's own code: marks.csv is read back through the
same validation as any export, and the reports and letters come from the rules core and
the shared Jinja template. One ``random.Random(seed)`` drives everything, in a fixed order,
so the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from attendance_officer.cli.reader import PUPIL_COLUMNS
from attendance_officer.engine.i18n import _

DEMO_YEAR = 2024  # the academic year 2024/25, the first under the August 2024 codes
SCHOOL_DAYS = 190
YEAR_GROUPS = (7, 8, 9, 10, 11)
INSET_DAYS = 5

SCHOOL = {
	"name": "Northfield Academy (demo)",
	"address": ["Northfield Lane", "Northfield", "NF1 2AB"],
	"phone": "01632 960000",
	"email": "attendance@northfield.example",
}
SIGNATORY = {"name": "Ms R. Okafor", "role": _("Attendance Officer")}

# Local authority numbers the pupils' primary schools are in (known to stdnum.gb.upn).
_LA_NUMBERS = ("801", "802", "803", "886", "936")

_GIRLS = (
	"Aaliyah Abigail Aisha Amara Amelia Ava Bella Chloe Daisy Ella Emily Evie Fatima Freya Grace "
	"Hannah Isabella Isla Jasmine Layla Lily Lucy Maya Mia Nia Olivia Poppy Priya Rosie Ruby "
	"Sienna Sofia Zara"
).split()
_BOYS = (
	"Aarav Adam Ahmed Alfie Archie Arthur Ayaan Ben Callum Charlie Daniel Dylan Ethan Finley "
	"George Harry Harvey Hassan Isaac Jack Jacob Jayden Joshua Kai Leo Logan Mason Mohammed "
	"Muhammad Noah Oliver Oscar Reuben Riley Samuel Theo Thomas Zain"
).split()
_SURNAMES = (
	"Adeyemi Ahmed Ali Allen Bailey Baker Begum Bennett Brown Chen Clarke Cooper Davies Edwards "
	"Evans Green Hall Harris Hughes Hussain Jackson James Johnson Jones Khan King Kowalski Lewis "
	"Martin Mensah Miah Mitchell Moore Morgan Nowak Okafor Patel Phillips Roberts Robinson "
	"Scott Shah Singh Smith Taylor Thomas Thompson Turner Walker Ward Watson White Williams "
	"Wilson Wood Wright Young"
).split()


@dataclass(frozen=True)
class DemoCalendar:
	"""The weekdays the marks file covers, which of them are school days, and why not."""

	weekdays: tuple[date, ...]
	school_days: tuple[date, ...]
	closed: dict[date, str]
	terms: tuple[tuple[date, date], ...]


def _monday_on_or_after(day: date) -> date:
	return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
	first_next = date(year + (month == 12), month % 12 + 1, 1)
	day = first_next - timedelta(days=1)
	return day - timedelta(days=day.weekday())


def _week(monday: date) -> list[date]:
	return [monday + timedelta(days=i) for i in range(5)]


def demo_calendar(year: int = DEMO_YEAR) -> DemoCalendar:
	"""190 school days in the academic year from September ``year`` (a typical English pattern).

	Autumn term from the first Monday of September (half term: the last week of October)
	to the last Friday before 22 December; spring term from the first Monday after New
	Year (half term: the week of the third Monday of February) to the Easter holiday (the
	weeks of Good Friday and Easter Monday); summer term after Easter (half term: the week
	of the spring bank holiday) until the 190th school day. Five INSET days: the first two
	days of the autumn term, the first day of the spring term and the first days back
	after the February and May half terms. Bank holidays come from ``holidays`` (England).
	"""
	import holidays

	bank = holidays.country_holidays("GB", subdiv="ENG", years=[year, year + 1])
	closed: dict[date, str] = {}

	def close(days: list[date], reason: str) -> None:
		for d in days:
			closed.setdefault(d, reason)

	autumn_start = _monday_on_or_after(date(year, 9, 1))
	autumn_end = date(year, 12, 21)
	while autumn_end.weekday() != 4:
		autumn_end -= timedelta(days=1)
	spring_start = _monday_on_or_after(date(year + 1, 1, 2))
	good_friday = next(d for d, name in sorted(bank.items()) if d.year == year + 1 and "Good Friday" in name)
	easter_weeks = _week(good_friday - timedelta(days=4)) + _week(good_friday + timedelta(days=3))
	spring_end = good_friday - timedelta(days=7)
	summer_start = good_friday + timedelta(days=10)
	may_half_term = _last_monday(year + 1, 5)
	february_half_term = _monday_on_or_after(date(year + 1, 2, 15))

	for d, name in sorted(bank.items()):
		close([d], name)
	close(_week(_last_monday(year, 10)), _("October half term"))
	close(_week(february_half_term), _("February half term"))
	close(easter_weeks, _("Easter holiday"))
	close(_week(may_half_term), _("May half term"))
	day = autumn_end + timedelta(days=1)
	while day < spring_start:
		close([day], _("Christmas holiday"))
		day += timedelta(days=1)
	inset = [
		autumn_start,
		autumn_start + timedelta(days=1),
		spring_start,
		february_half_term + timedelta(days=7),
		may_half_term + timedelta(days=7),
	]
	for d in inset:
		closed[d] = _("INSET day")

	weekdays: list[date] = []
	school_days: list[date] = []
	day = autumn_start
	while len(school_days) < SCHOOL_DAYS:
		if day.weekday() < 5:
			weekdays.append(day)
			if day not in closed:
				school_days.append(day)
		day += timedelta(days=1)
	last = school_days[-1]
	return DemoCalendar(
		weekdays=tuple(weekdays),
		school_days=tuple(school_days),
		closed={d: r for d, r in closed.items() if autumn_start <= d <= last and d.weekday() < 5},
		terms=((autumn_start, autumn_end), (spring_start, spring_end), (summer_start, last)),
	)


@dataclass
class DemoPupil:
	upn: str
	name: str
	year_group: int
	reg_group: str
	admission_date: date
	gender: str
	sen: str
	fsm: bool
	pupil_premium: bool
	cla: bool
	cin: bool
	cp: bool


def _upn(rng: random.Random, entry_year: int, used: set[str]) -> str:
	from stdnum.gb.upn import calc_check_digit

	while True:
		la, school, serial = rng.choice(_LA_NUMBERS), rng.randint(2000, 3999), rng.randint(0, 999)
		body = f"{la}{school:04d}{entry_year % 100:02d}{serial:03d}"
		upn = calc_check_digit(body) + body
		if upn not in used:
			used.add(upn)
			return upn


def _form_letter(form: int) -> str:
	letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
	return letters[form] if form < len(letters) else str(form + 1)


def make_pupils(
	count: int, rng: random.Random, calendar: DemoCalendar, year: int = DEMO_YEAR
) -> list[DemoPupil]:
	"""``count`` pupils spread evenly over years 7 to 11, in forms of up to 30."""
	used: set[str] = set()
	pupils: list[DemoPupil] = []
	per_year = [count // 5 + (1 if i < count % 5 else 0) for i in range(5)]
	for year_group, size in zip(YEAR_GROUPS, per_year, strict=True):
		forms = max(1, -(-size // 30))
		started = date(year - (year_group - 7), 9, 1)
		for i in range(size):
			# a UPN is allocated on first entry to school, about 7 years before year 7
			upn = _upn(rng, year - (year_group - 7) - 7, used)
			joiner = rng.random() < 0.02
			admitted = rng.choice(calendar.school_days[20:150]) if joiner else _monday_on_or_after(started)
			fsm = rng.random() < 0.24
			sen_roll = rng.random()
			gender = rng.choice("FM")
			first_name = rng.choice(_GIRLS if gender == "F" else _BOYS)
			pupils.append(
				DemoPupil(
					upn=upn,
					name=f"{first_name} {rng.choice(_SURNAMES)}",
					year_group=year_group,
					reg_group=f"{year_group}{_form_letter(i % forms)}",
					admission_date=admitted,
					gender=gender,
					sen="E" if sen_roll < 0.03 else "K" if sen_roll < 0.16 else "N",
					fsm=fsm,
					pupil_premium=fsm or rng.random() < 0.06,
					cla=rng.random() < 0.006,
					cin=rng.random() < 0.03,
					cp=rng.random() < 0.01,
				)
			)
	return pupils


# Absence profiles: (share of pupils, illness spell starts per school day, other absence per day).
_PROFILES = (
	(0.55, 0.006, 0.002),  # good attenders
	(0.25, 0.012, 0.010),  # some absence
	(0.14, 0.020, 0.040),  # at risk of persistent absence
	(0.05, 0.030, 0.090),  # persistent absentees
	(0.01, 0.040, 0.650),  # severe absentees
)


def _profile(rng: random.Random) -> tuple[float, float]:
	roll = rng.random()
	for share, illness, other in _PROFILES:
		if roll < share:
			return illness, other
		roll -= share
	return _PROFILES[-1][1:]


@dataclass(frozen=True)
class SchoolEvents:
	"""What happens to the whole school or a year group, drawn once before any pupil's marks."""

	holiday_edges: tuple[int, ...]  # school-day indexes just before a holiday
	special: dict[str, str]  # UPN -> D (dual registered), K, C2 (part-time timetable) or T
	snow_day: date  # Y2 for pupils who could not travel
	religious_day: date  # R for some pupils
	trips: dict[int, date]  # year group -> the day of its educational visit (V)
	work_experience: tuple[date, ...]  # year 10 (W)
	study_leave: frozenset[date]  # year 11 (S)
	leaving_date: date  # year 11: the last Friday in June; X after it
	missing_rate: float = 0.004  # share of pupils with a long run of O


def pupil_marks(
	pupil: DemoPupil, rng: random.Random, calendar: DemoCalendar, events: SchoolEvents
) -> list[tuple[str, str, str]]:
	"""One pupil's marks: (code AM, code PM, minutes late AM) per weekday of the file."""
	days = calendar.school_days
	n = len(days)
	index = {d: i for i, d in enumerate(days)}
	am = ["/"] * n
	pm = ["\\"] * n
	late = [""] * n
	illness, other = _profile(rng)

	def whole_days(start: int, length: int, code: str) -> None:
		for i in range(start, min(n, start + length)):
			am[i] = pm[i] = code

	# Illness spells, mostly short; now and then a long one (the sickness return).
	i = 0
	while i < n:
		if rng.random() < illness:
			length = rng.choice((1, 1, 1, 2, 2, 3, 3, 4, 5))
			if rng.random() < 0.02:
				length = rng.randint(8, 20)
			if rng.random() < 0.3:
				pm[i] = "I"  # went home ill at lunchtime
				whole_days(i + 1, length - 1, "I")
			else:
				whole_days(i, length, "I")
			i += length + 1
		else:
			i += 1
	# Medical appointments (single sessions).
	for _k in range(rng.choice((0, 0, 1, 1, 2, 3))):
		i = rng.randrange(n)
		if am[i] == "/":
			if rng.random() < 0.5:
				am[i] = "M"
			else:
				pm[i] = "M"
	# Unexplained absence: single days or sessions of O; N only in the last week (not yet chased).
	for i in range(n):
		if am[i] == "/" and rng.random() < other:
			if rng.random() < 0.7:
				am[i] = pm[i] = "O"
			else:
				pm[i] = "O"
	for i in range(n - 5, n):
		if am[i] == "O":
			am[i] = pm[i] = "N"
	# Term-time holiday next to a half term or the end of a term (about 1 pupil in 12).
	if rng.random() < 0.08:
		start = rng.choice(events.holiday_edges)
		whole_days(max(0, start - rng.randint(2, 6)), rng.randint(2, 7), "G")
	# Children missing education: a long run of O (continuous unauthorised absence).
	if rng.random() < events.missing_rate:
		whole_days(rng.randrange(n - 30), rng.randint(11, 25), "O")
	# Late arrivals: before the register closed (L) and after it closed (U, minutes > 30).
	punctuality = rng.choice((0.0, 0.005, 0.01, 0.02, 0.05))
	for i in range(n):
		if am[i] == "/" and rng.random() < punctuality:
			if rng.random() < 0.8:
				am[i], late[i] = "L", str(rng.randint(2, 25))
			else:
				am[i], late[i] = "U", str(rng.randint(32, 75))
	# Suspension (E), exceptional leave (C), interviews (J1), approved activities (B, P).
	if rng.random() < 0.01:
		whole_days(rng.randrange(n - 3), rng.randint(1, 3), "E")
	if rng.random() < 0.02:
		whole_days(rng.randrange(n - 2), rng.randint(1, 2), "C")
	if pupil.year_group == 11 and rng.random() < 0.1:
		am[rng.randrange(n)] = "J1"
	if rng.random() < 0.05:
		for _k in range(rng.randint(1, 4)):
			pm[rng.randrange(n)] = "P"
	if rng.random() < 0.005:
		am[rng.randrange(n)] = "B"
	# Dual registration: every Wednesday at the other school (D); LA provision on Tuesdays (K).
	special = events.special.get(pupil.upn)
	if special == "D":
		for i, d in enumerate(days):
			if d.weekday() == 2:
				am[i] = pm[i] = "D"
	elif special == "K":
		for i, d in enumerate(days):
			if d.weekday() == 1:
				am[i] = pm[i] = "K"
	elif special == "C2":
		start = rng.randrange(n - 40)
		for i in range(start, start + 30):
			pm[i] = "C2"
	elif special == "T":
		whole_days(rng.randrange(n - 12), 10, "T")
	# Whole-school and year-group events.
	snow = index[events.snow_day]
	if rng.random() < 0.35:
		am[snow] = pm[snow] = "Y2"
	trip = events.trips.get(pupil.year_group)
	if trip is not None and am[index[trip]] in ("/", "L"):
		am[index[trip]], pm[index[trip]], late[index[trip]] = "V", "V", ""
	if pupil.year_group == 10:
		for d in events.work_experience:
			if am[index[d]] == "/":
				am[index[d]] = pm[index[d]] = "W"
	if pupil.year_group == 11:
		for i, d in enumerate(days):
			if d > events.leaving_date:
				am[i], pm[i], late[i] = "X", "X", ""
			elif d in events.study_leave and am[i] in ("/", "L"):
				am[i], pm[i], late[i] = "S", "S", ""
	if pupil.year_group != 7:
		am[0] = pm[0] = "Y7"  # staggered start: year 7 alone on the first day
		late[0] = ""
	if rng.random() < 0.03:
		r = index[events.religious_day]
		am[r] = pm[r] = "R"
		late[r] = ""
	# Not on the admission register before admission (Z).
	for i, d in enumerate(days):
		if d >= pupil.admission_date:
			break
		am[i] = pm[i] = "Z"
		late[i] = ""
	for i in range(n):
		if am[i] != "L" and am[i] != "U":
			late[i] = ""

	marks: list[tuple[str, str, str]] = []
	for d in calendar.weekdays:
		i = index.get(d)
		if i is None:
			marks.append(("#", "#", ""))
		else:
			marks.append((am[i], pm[i], late[i]))
	return marks


def school_events(rng: random.Random, calendar: DemoCalendar, pupils: list[DemoPupil]) -> SchoolEvents:
	"""School-wide events, drawn once, before any pupil's marks."""
	days = calendar.school_days
	_autumn, (spring_start, spring_end), (summer_start, _last) = calendar.terms
	# school days just before a holiday (where term-time holidays cluster)
	edges = [i for i, d in enumerate(days[:-1]) if (days[i + 1] - d).days > 3]
	june = [d for d in days if d.month == 6]
	last_friday_june = max(d for d in june if d.weekday() == 4)
	special: dict[str, str] = {}
	codes = ["D", "D", "K", "C2", "T"]
	for pupil in rng.sample(pupils, min(len(pupils), max(1, len(pupils) // 150))):
		special[pupil.upn] = codes[len(special) % len(codes)]
	spring_days = [d for d in days if spring_start <= d <= spring_end]
	return SchoolEvents(
		holiday_edges=tuple(edges) or (len(days) - 1,),
		special=special,
		snow_day=spring_days[min(len(spring_days) - 1, 25)],
		religious_day=spring_days[min(len(spring_days) - 1, 55)],
		trips={yg: rng.choice(days[10:-10]) for yg in YEAR_GROUPS},
		work_experience=tuple(d for d in days if d >= summer_start and d.month == 7)[:5],
		# exam days (every third date) are spent in school
		study_leave=frozenset(d for d in june if d <= last_friday_june and d.day % 3 != 0),
		leaving_date=last_friday_june,
	)


MARKS_HEADER = ("upn", "date", "session", "code", "minutes_late")


def _yes(flag: bool) -> str:
	return "Y" if flag else "N"


def write_school(
	out: Path,
	pupils_count: int,
	seed: int,
	*,
	year: int = DEMO_YEAR,
	progress: Callable[[int], None] | None = None,
) -> tuple[DemoCalendar, list[DemoPupil]]:
	"""Generate the school and write marks.csv and pupils.csv into ``out``."""
	rng = random.Random(seed)
	calendar = demo_calendar(year)
	pupils = make_pupils(pupils_count, rng, calendar, year)
	events = school_events(rng, calendar, pupils)
	iso = [d.isoformat() for d in calendar.weekdays]
	with open(out / "pupils.csv", "w", encoding="utf-8", newline="") as f:
		writer = csv.writer(f, lineterminator="\n")
		writer.writerow(PUPIL_COLUMNS)
		for p in pupils:
			writer.writerow(
				(
					p.upn,
					p.name,
					p.year_group,
					p.reg_group,
					p.admission_date.isoformat(),
					p.gender,
					p.sen,
					_yes(p.fsm),
					_yes(p.pupil_premium),
					_yes(p.cla),
					_yes(p.cin),
					_yes(p.cp),
				)
			)
	with open(out / "marks.csv", "w", encoding="utf-8", newline="") as f:
		f.write(",".join(MARKS_HEADER) + "\n")
		for n, p in enumerate(pupils):
			lines = []
			for day, (am, pm, late) in zip(iso, pupil_marks(p, rng, calendar, events), strict=True):
				lines.append(f"{p.upn},{day},AM,{am},{late}\n{p.upn},{day},PM,{pm},\n")
			f.write("".join(lines))
			if progress:
				progress(n + 1)
	return calendar, pupils


def _progress_bar(total: int) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
	"""A tqdm bar on stderr for big schools on a terminal, else nothing."""
	if total < 400 or not sys.stderr.isatty():
		return None, lambda: None
	from tqdm import tqdm

	bar = tqdm(total=total, unit=" pupils", desc=_("Generating"), file=sys.stderr, leave=False, delay=1.0)
	state = {"done": 0}

	def update(done: int) -> None:
		bar.update(done - state["done"])
		state["done"] = done

	return update, bar.close


def run_demo(out: str, *, pupils: int = 1200, seed: int = 2024, stream=None) -> int:
	"""Write the demo pack to ``out`` and print a summary; the exit status."""
	from attendance_officer.cli import reports
	from attendance_officer.cli.letters import concern_letter
	from attendance_officer.cli.output import write_csv
	from attendance_officer.cli.reader import read_marks, read_pupils
	from attendance_officer.engine.census import census_parts
	from attendance_officer.engine.letters import concern_letter_context
	from attendance_officer.engine.statistics import DEFAULT_BANDS

	stream = stream or sys.stdout
	target = Path(out)
	if target.exists() and not target.is_dir():
		print(_("{0}: exists and is not a folder; choose another --out").format(out), file=sys.stderr)
		return 2
	try:
		(target / "letters").mkdir(parents=True, exist_ok=True)
	except OSError as exc:
		print(_("{0}: cannot create the folder ({1})").format(out, exc.strerror), file=sys.stderr)
		return 2

	update, close = _progress_bar(pupils)
	try:
		calendar, made = write_school(target, pupils, seed, progress=update)
	finally:
		close()
	# Everything below reads the files back, exactly as a school's export would be read.
	register = read_marks(str(target / "marks.csv"))
	pupil_rows = read_pupils(str(target / "pupils.csv"))
	school_calendar = reports.school_calendar(register)
	thresholds = reports.thresholds(register)
	penalty = reports.penalty(register, calendar=school_calendar)
	continuous = reports.continuous(register, calendar=school_calendar)
	files = {
		"thresholds.csv": (thresholds, reports.THRESHOLD_FIELDS),
		"penalty.csv": (penalty, reports.PENALTY_FIELDS),
		"continuous.csv": (continuous, reports.CONTINUOUS_FIELDS),
	}
	first, last = calendar.school_days[0], calendar.school_days[-1]
	for census, census_year in (("spring", first.year + 1), ("summer", last.year), ("autumn", last.year)):
		parts = census_parts(census, census_year)
		if parts[-1].end < first or parts[0].start > last:
			continue
		rows = reports.census(register, census, census_year)
		files[f"census_{census}_{census_year}.csv"] = (rows, reports.CENSUS_FIELDS)
	for name, (rows, fields) in files.items():
		with open(target / name, "w", encoding="utf-8", newline="") as f:
			write_csv(rows, fields, f)

	letters = 0
	letters_dir = target / "letters"
	for old in letters_dir.glob("*.html"):
		old.unlink()
	for row in thresholds:
		if row["band"] == "expected":
			continue
		pupil = pupil_rows[str(row["upn"])]
		context = concern_letter_context(
			{"name": pupil.name, "year_group": pupil.year_group, "reg_group": pupil.reg_group},
			row,
			SCHOOL,
			SIGNATORY,
			period_start=first,
			period_end=last,
			letter_date=last + timedelta(days=1),
		)
		(letters_dir / f"{row['upn']}.html").write_text(concern_letter(context), encoding="utf-8")
		letters += 1

	bands = reports.band_counts(thresholds)
	kinds = {"unauthorised_10_days": 0, "sickness_15_days": 0}
	for row in continuous:
		kinds[str(row["kind"])] += 1
	written = ["marks.csv", "pupils.csv", *files]
	lines = [
		_("Demo school year {0}/{1} written to {2}").format(
			first.year, str(last.year)[2:], os.fspath(target)
		),
		"",
		_("  Pupils:             {0:,} (years 7 to 11)").format(len(made)),
		_("  School days:        {0} ({1} sessions), {2} to {3}").format(
			len(calendar.school_days), 2 * len(calendar.school_days), first.isoformat(), last.isoformat()
		),
		_("  Marks:              {0:,} rows, {1} sessions per pupil including holidays (#)").format(
			register.rows, 2 * len(calendar.weekdays)
		),
		_("  Attendance bands:   {0}").format(
			", ".join(f"{name.replace('_', ' ')} {count}" for name, count in bands.items())
		),
		_("  Penalty threshold:  {0} pupils (10 unauthorised sessions in 10 school weeks)").format(
			len(penalty)
		),
		_(
			"  Continuous absence: {0} runs of 10 school days unauthorised, {1} sickness returns (15 days)"
		).format(kinds["unauthorised_10_days"], kinds["sickness_15_days"]),
		_("  Letters:            {0} (every pupil below {1}% attendance) in {2}").format(
			letters, DEFAULT_BANDS.concern_below, os.fspath(letters_dir)
		),
		_("  Files:              {0}").format(", ".join(written)),
		"",
		_("Try: attendance-officer thresholds {0} --pupils {1}").format(
			os.fspath(target / "marks.csv"), os.fspath(target / "pupils.csv")
		),
	]
	stream.write("\n".join(lines) + "\n")
	return 0
