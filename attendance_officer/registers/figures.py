"""Pupils' attendance figures from Attendance Mark: one grouped read, the arithmetic in the core.

Every screen, letter and record that quotes a pupil's figures over a period reads the marks
here, in one query grouped by pupil and code whatever the number of pupils, and hands the
counts to engine.statistics.summarise (possible, attending, authorised, unauthorised, the %
on the exact fraction).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from decimal import Decimal

import frappe

from attendance_officer.engine.statistics import Bands, Summary, summarise


def code_counts(students: Collection[str], start: date | str, end: date | str) -> dict[str, dict[str, int]]:
	"""{student: {code: sessions}} between ``start`` and ``end`` (inclusive); every pupil asked
	for has an entry, empty when the register has nothing for them."""
	counts: dict[str, dict[str, int]] = defaultdict(dict)
	for student in students:
		counts[student] = {}
	if not students:
		return dict(counts)
	for student, code, count in frappe.db.sql(
		"""SELECT `student`, `attendance_code`, COUNT(*) FROM `tabAttendance Mark`
		WHERE `student` IN %s AND `date` BETWEEN %s AND %s AND IFNULL(`attendance_code`, '') != ''
		GROUP BY `student`, `attendance_code`""",
		(tuple(students), start, end),
	):
		counts[student][code] = int(count)
	return dict(counts)


def summaries(students: Collection[str], start: date | str, end: date | str) -> dict[str, Summary]:
	"""{student: Summary} between ``start`` and ``end``: one query for all of them."""
	return {student: summarise(counts) for student, counts in code_counts(students, start, end).items()}


def summary(student: str, start: date | str, end: date | str) -> Summary:
	return summaries([student], start, end)[student]


def school_bands() -> Bands:
	"""The school's band lines from Attendance Settings (exact decimals, as typed)."""
	settings = frappe.get_cached_doc("Attendance Settings")
	defaults = Bands()

	def line(fieldname: str) -> Decimal:
		value = settings.get(fieldname)
		return Decimal(str(value)) if value not in (None, "") else getattr(defaults, fieldname)

	return Bands(
		concern_below=line("concern_below"),
		at_risk_below=line("at_risk_below"),
		persistent_from=line("persistent_from"),
		severe_from=line("severe_from"),
	)
