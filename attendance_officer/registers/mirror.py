"""Keep Education's Student Attendance in step with each day's morning mark.

Education (version-15) keeps one Student Attendance per pupil per day
(student_attendance.py ``validate_duplication``: student + student_group + date, or + course
schedule) with ``status`` Select "Present\\nAbsent" (student_attendance.json). Its reports,
the Student heatmap and its portal read that record, so the statutory session mark (our
Attendance Mark) mirrors into it: the AM mark decides the day (issue contract, item 4).

Decisions (documented in the report to the lead):
- The status comes from the code table (engine.codes ``mirror_status``). v15 has no
  "Leave" option; we do not add one with a Property Setter, because Education's own
  reports and tool (Student Monthly Attendance Sheet, Student Batch-Wise Attendance) count
  only Present and Absent and would silently drop "Leave" days. Leave is mirrored as
  Absent while the field has no "Leave" option, and as Leave on an Education that offers
  it (develop), read from the live meta.
- Codes with no mirror status (# and Z: administrative) leave Education's record alone.
- A record for the day that already exists (from the Student Attendance Tool, a leave
  application or an earlier mirror) is updated, never duplicated. New records are
  inserted submitted (docstatus 1), as Education's own tool submits them.
- Writes are set-based, like Education's ``update_attendance`` (frappe.db.set_value): a
  register of 30 pupils costs the same few queries as one of 3. Naming-series numbers
  are reserved in one step from tabSeries, exactly the key Education's naming uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import frappe
from frappe.model.naming import parse_naming_series
from frappe.utils import cint, getdate, now

from attendance_officer.engine.codes import CODES

DOCTYPE = "Student Attendance"
SERIES = "EDU-ATT-.YYYY.-"
LEAVE = "Leave"
ABSENT = "Absent"


def status_options() -> list[str]:
	"""Education's Student Attendance status options on this site (v15: Present, Absent)."""
	field = frappe.get_meta(DOCTYPE).get_field("status")
	return [option for option in (field.options or "").split("\n") if option]


def mirror_status(code: str, options: Iterable[str] | None = None) -> str:
	"""The status ``code`` mirrors into on this site: Leave becomes Absent where v15 lacks it."""
	status = CODES[code].mirror_status if code in CODES else ""
	if status == LEAVE and LEAVE not in (options if options is not None else status_options()):
		return ABSENT
	return status


def reserve_names(count: int) -> list[str]:
	"""``count`` new Student Attendance names from Education's naming series, in 2 queries."""
	if count <= 0:
		return []
	found: dict[str, object] = {}

	def capture(key: str, digits: int) -> str:
		found.update(key=key, digits=digits)
		return "\0"

	pattern = parse_naming_series(f"{SERIES}.#####", number_generator=capture)
	key, digits = str(found["key"]), int(found["digits"])  # type: ignore[call-overload]
	frappe.db.sql(
		"""INSERT INTO `tabSeries` (`name`, `current`) VALUES (%s, %s)
		ON DUPLICATE KEY UPDATE `current` = `current` + %s""",
		(key, count, count),
	)
	last = cint(frappe.db.sql("SELECT `current` FROM `tabSeries` WHERE `name` = %s", (key,))[0][0])
	return [pattern.replace("\0", str(n).zfill(digits)) for n in range(last - count + 1, last + 1)]


def existing_records(students: Iterable[str], dates: Iterable[date]) -> dict[tuple[str, date], str]:
	"""(student, date) -> the live day record Education would call a duplicate (one query)."""
	return {key: row["name"] for key, row in record_states(students, dates).items()}


def record_states(students: Iterable[str], dates: Iterable[date]) -> dict[tuple[str, date], dict]:
	"""(student, date) -> {name, status, docstatus} of the live day record a mirror would update.

	Kept by record writers (bulk marks) before they write, so that cancelling them puts
	Education's record back exactly: its status, or cancelled if the writer created it.
	"""
	students, dates = sorted(set(students)), sorted(set(dates))
	if not students or not dates:
		return {}
	rows = frappe.db.sql(
		"""SELECT `name`, `student`, `date`, `status`, `docstatus` FROM `tabStudent Attendance`
		WHERE `student` IN %(students)s AND `date` IN %(dates)s AND `docstatus` < 2
			AND IFNULL(`course_schedule`, '') = ''
		ORDER BY `docstatus` DESC, `creation`""",
		{"students": students, "dates": dates},
		as_dict=True,
	)
	found: dict[tuple[str, date], dict] = {}
	for row in rows:
		found.setdefault(
			(row.student, getdate(row.date)),
			{"name": row.name, "status": row.status, "docstatus": row.docstatus},
		)
	return found


def restore_records(states: Iterable[tuple[dict | None, str | None]]) -> None:
	"""Put day records back as a record writer found them: (state before, record after).

	``state`` None: the writer's mirror created ``after``, which is cancelled (docstatus 2,
	as Education's own leave cancellation does). Otherwise the record gets its status and
	docstatus back. Two queries at most per distinct state, whatever the number of pupils.
	"""
	cancel, by_state = set(), {}
	for state, after in states:
		if state is None:
			if after:
				cancel.add(after)
		else:
			by_state.setdefault((state["status"], int(state["docstatus"])), set()).add(state["name"])
			if after and after != state["name"]:
				cancel.add(after)
	timestamp, user = now(), frappe.session.user
	if cancel:
		frappe.db.sql(
			"""UPDATE `tabStudent Attendance` SET `docstatus` = 2, `modified` = %s, `modified_by` = %s
			WHERE `name` IN %s""",
			(timestamp, user, sorted(cancel)),
		)
	for (status, docstatus), names in by_state.items():
		frappe.db.sql(
			"""UPDATE `tabStudent Attendance` SET `status` = %s, `docstatus` = %s, `modified` = %s,
				`modified_by` = %s
			WHERE `name` IN %s""",
			(status, docstatus, timestamp, user, sorted(names)),
		)


def mirror_marks(marks: Iterable[Mapping]) -> dict[tuple[str, date], str]:
	"""Mirror morning marks into Student Attendance; (student, date) -> the record's name.

	Each mark needs ``student``, ``date``, ``session``, ``code``, and should carry
	``student_name`` and ``registration_group``. Afternoon marks and codes with no mirror
	status are ignored. At most four queries, whatever the number of marks.
	"""
	options = status_options()
	wanted: dict[tuple[str, date], dict] = {}
	for mark in marks:
		if mark.get("session") != "AM":
			continue
		status = mirror_status(mark["code"], options)
		if status:
			wanted[(mark["student"], getdate(mark["date"]))] = {**mark, "status": status}
	if not wanted:
		return {}
	existing = existing_records((s for s, _ in wanted), (d for _, d in wanted))
	new_keys = [key for key in wanted if key not in existing]
	names = dict(existing)
	names.update(zip(new_keys, reserve_names(len(new_keys)), strict=True))
	timestamp, user = now(), frappe.session.user
	values: list = []
	for key, mark in wanted.items():
		values += [
			names[key],
			timestamp,
			timestamp,
			user,
			user,
			mark.get("student_name") or "",
			mark.get("registration_group") or None,
			mark["student"],
			key[1],
			mark["status"],
		]
	placeholders = ", ".join(
		["(%s, %s, %s, %s, %s, 1, 0, 'EDU-ATT-.YYYY.-', %s, %s, %s, %s, %s)"] * len(wanted)
	)
	frappe.db.sql(
		f"""INSERT INTO `tabStudent Attendance`
			(`name`, `creation`, `modified`, `modified_by`, `owner`, `docstatus`, `idx`, `naming_series`,
			`student_name`, `student_group`, `student`, `date`, `status`)
		VALUES {placeholders}
		ON DUPLICATE KEY UPDATE `status` = VALUES(`status`), `modified` = VALUES(`modified`),
			`modified_by` = VALUES(`modified_by`)""",
		values,
	)
	return {key: names[key] for key in wanted}
