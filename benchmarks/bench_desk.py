"""Desk benchmark: Attendance Thresholds on a seeded site against one raw GROUP BY (not a test).

Acceptance criterion (issue 15): on a school of 1,500 pupils x 380 sessions (570,000
Attendance Marks), Attendance Thresholds for the whole school takes at most 1.5x the time of
one raw ``SELECT student, attendance_code, COUNT(*) ... GROUP BY student, attendance_code``
over the same marks, measured in the same run; its query count does not depend on the
number of pupils (asserted by the FrappeTestCase in test_attendance_thresholds.py on 20 and
200 pupils; printed here for 1,500).

Run with the bench's Python, from the bench's ``sites`` folder::

    cd BENCH/sites && ../env/bin/python PATH/benchmarks/bench_desk.py --site SITE [--repeat 5] [--keep]

The school is seeded set-based (one INSERT ... SELECT for the pupils, one for the marks,
from a generated calendar), timed runs are interleaved (report, raw, report, ...) after one
warm-up each, medians reported; the seeded rows are deleted afterwards unless ``--keep``.
Exit status 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta

PREFIX = "AOBENCH"
TARGET = 1.5


def school_days(start: date, count: int) -> list[date]:
	days, day = [], start
	while len(days) < count:
		if day.weekday() < 5:
			days.append(day)
		day += timedelta(days=1)
	return days


def seed(frappe, pupils: int, days: list[date]) -> None:
	db = frappe.db
	db.sql("DROP TEMPORARY TABLE IF EXISTS ao_bench_n")
	db.sql("CREATE TEMPORARY TABLE ao_bench_n (n INT PRIMARY KEY)")
	db.sql("DROP TEMPORARY TABLE IF EXISTS ao_bench_days")
	db.sql("CREATE TEMPORARY TABLE ao_bench_days (d DATE PRIMARY KEY)")  # DDL before any write
	db.sql("INSERT INTO ao_bench_days (d) VALUES " + ", ".join(f"('{d.isoformat()}')" for d in days))
	db.sql(
		"INSERT INTO ao_bench_n (n) SELECT a.i + 10 * b.i + 100 * c.i + 1000 * d.i + 1 FROM "
		+ " CROSS JOIN ".join(
			f"(SELECT 0 i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
			f"UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) {t}"
			for t in "abcd"
		)
	)
	# Pupils: years 7 to 13, born so that years 7 to 11 are of compulsory school age.
	db.sql(
		f"""INSERT INTO `tabStudent` (`name`, `first_name`, `last_name`, `student_name`, `enabled`,
			`nc_year`, `registration_group`, `date_of_birth`, `creation`, `modified`, `owner`, `modified_by`)
		SELECT CONCAT('{PREFIX}-', LPAD(n, 5, '0')), '{PREFIX}', LPAD(n, 5, '0'), CONCAT('{PREFIX} ', LPAD(n, 5, '0')), 1,
			7 + n MOD 7, CONCAT('{PREFIX} ', 7 + n MOD 7, CHAR(65 + n MOD 5)),
			DATE_SUB(%(first)s, INTERVAL (12 + n MOD 7) YEAR), NOW(), NOW(), 'Administrator', 'Administrator'
		FROM ao_bench_n WHERE n <= %(pupils)s""",
		{"pupils": pupils, "first": days[0]},
	)
	# Marks: a mix a real school has (most present, some late, illness, unauthorised, leave).
	db.sql(
		f"""INSERT INTO `tabAttendance Mark` (`name`, `student`, `date`, `session`, `attendance_code`,
			`source`, `registration_group`, `creation`, `modified`, `owner`, `modified_by`)
		SELECT CONCAT(s.`name`, '-', d.d, '-', ss.session), s.`name`, d.d, ss.session,
			ELT(1 + (CRC32(CONCAT(s.`name`, d.d, ss.session)) MOD 40),
				'I', 'I', 'O', 'M', 'L', 'G', 'U', 'N', 'C', 'B',
				'/', '/', '/', '/', '/', '/', '/', '/', '/', '/', '/', '/', '/', '/', '/',
				'\\\\', '\\\\', '\\\\', '\\\\', '\\\\', '\\\\', '\\\\', '\\\\', '\\\\', '\\\\', '\\\\', '\\\\', '\\\\', '\\\\', '\\\\'),
			'Register', s.`registration_group`, NOW(), NOW(), 'Administrator', 'Administrator'
		FROM `tabStudent` s CROSS JOIN ao_bench_days d
		CROSS JOIN (SELECT 'AM' AS session UNION ALL SELECT 'PM') ss
		WHERE s.`name` LIKE '{PREFIX}-%%'"""
	)
	db.commit()


def unseed(frappe) -> None:
	frappe.db.sql(f"DELETE FROM `tabAttendance Mark` WHERE `student` LIKE '{PREFIX}-%%'")
	frappe.db.sql(f"DELETE FROM `tabStudent` WHERE `name` LIKE '{PREFIX}-%%'")
	frappe.db.commit()


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--pupils", type=int, default=1500)
	parser.add_argument("--sessions", type=int, default=380)
	parser.add_argument("--repeat", type=int, default=5)
	parser.add_argument("--keep", action="store_true", help="leave the seeded school on the site")
	parser.add_argument("--settle", type=float, default=10, help="seconds to wait after seeding")
	args = parser.parse_args()

	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from attendance_officer.attendance_officer.report.attendance_thresholds.attendance_thresholds import execute
	from attendance_officer.tests.school_factories import counted_queries

	days = school_days(date(2025, 9, 1), args.sessions // 2)
	filters = {"from_date": days[0].isoformat(), "to_date": days[-1].isoformat()}
	unseed(frappe)
	started = time.perf_counter()
	seed(frappe, args.pupils, days)
	seeded = time.perf_counter() - started
	marks = frappe.db.count("Attendance Mark", {"student": ("like", f"{PREFIX}-%")})
	print(f"seeded {args.pupils} pupils, {marks} marks in {seeded:.1f} s (set-based)")
	frappe.db.sql("ANALYZE TABLE `tabAttendance Mark`, `tabStudent`")  # fresh statistics for the planner
	time.sleep(args.settle)  # let InnoDB finish flushing the seed before anything is timed

	def report():
		return execute(dict(filters))

	def raw():
		return frappe.db.sql(
			"""SELECT `student`, `attendance_code`, COUNT(*) FROM `tabAttendance Mark`
			WHERE `date` BETWEEN %(from_date)s AND %(to_date)s GROUP BY `student`, `attendance_code`""",
			filters,
		)

	try:
		for _ in range(2):
			report(), raw()  # warm-up: caches, buffer pool
		times = {"report": [], "raw": []}
		for _ in range(args.repeat):
			for name, run in (("report", report), ("raw", raw)):
				t = time.perf_counter()
				run()
				times[name].append(time.perf_counter() - t)
		with counted_queries() as queries:
			_columns, data, *_ = report()
		rows = sum(1 for r in data if r.get("student"))
		report_s, raw_s = statistics.median(times["report"]), statistics.median(times["raw"])
		ratio = report_s / raw_s
		print(f"| Run | Median time (s) | Ratio | Queries |\n|---|---:|---:|---:|")
		print(f"| raw GROUP BY student, attendance_code | {raw_s:.3f} | 1.00x | 1 |")
		print(f"| Attendance Thresholds ({rows} pupils) | {report_s:.3f} | {ratio:.2f}x | {len(queries)} |")
		print("target:", "pass" if ratio <= TARGET else "MISSED", f"(<= {TARGET}x)")
		return 0 if ratio <= TARGET else 1
	finally:
		if not args.keep:
			unseed(frappe)
		frappe.destroy()


if __name__ == "__main__":
	sys.exit(main())
