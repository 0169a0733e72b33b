"""The one write path for register marks: check the whole batch, then write it set-based.

Used by the register page (``save_register``), bulk marks, the marks import and, later,
absence records and leave. Steps (issue contract, item 3; style.md section 2, "Set-based
writes"):

1. read what is already stored for the batch's sessions (one query) and the pupils (one);
2. check every row with the rules core (engine.register_marks.plan_batch): a code in force,
   / in the morning and \\ in the afternoon, minutes late only with L or U, a note where the
   code needs one, a reason for every changed code, the amendment lock window;
   any problem refuses the whole batch (MarkBatchError) and nothing is written;
3. one plain INSERT for the marks that were new when read, and one INSERT ... ON DUPLICATE
   KEY UPDATE for the changed ones. The stored marks are read with SELECT ... FOR UPDATE,
   so a concurrent save of the same marks waits; a mark someone else inserted between the
   read and the write hits the unique index on student + date + session and the whole
   batch is refused (ConcurrentSaveError), never silently overwritten (review finding 7);
4. one INSERT of amendment rows (original code, new code, reason, user, time) for every
   changed mark, of code, minutes late or note, so the register keeps its audit trail
   (uk-attendance-rules.md section 5; review finding 8);
5. the morning marks mirror into Education's Student Attendance (registers.mirror), and
   one UPDATE links each mark to its day record.

The query count does not grow with the number of pupils.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, escape_html, getdate, now

from attendance_officer.engine.register_marks import MarkInput, StoredMark, describe_amendment, plan_batch
from attendance_officer.engine.roll import MAIN_DUAL, SUBSIDIARY_DUAL
from attendance_officer.registers.mirror import mirror_marks
from attendance_officer.registers.roles import may_unlock
from attendance_officer.registers.roll import dual_patterns, expected_of

MARK = "Attendance Mark"
AMENDMENT = "Attendance Mark Amendment"
SOURCES = ("Register", "Absence Record", "Leave of Absence", "Trip", "Import", "Closure", "Bulk")


class MarkBatchError(frappe.ValidationError):
	"""A batch of marks with at least one row the rules refuse; nothing was written."""


class ConcurrentSaveError(frappe.ValidationError):
	"""Someone else wrote one of the batch's new marks between reading and writing."""


@dataclass
class WriteResult:
	inserted: list[str] = field(default_factory=list)
	updated: list[str] = field(default_factory=list)
	unchanged: list[str] = field(default_factory=list)
	amended: list[dict] = field(default_factory=list)
	# name -> the code it held before this write (None: it was blank); for undo.
	before: dict[str, dict | None] = field(default_factory=dict)

	def as_dict(self) -> dict:
		return {
			"inserted": len(self.inserted),
			"updated": len(self.updated),
			"unchanged": len(self.unchanged),
			"amended": self.amended,
		}


def mark_name(student: str, day: date | str, session: str) -> str:
	"""The name of a pupil's mark for one session: EDU-STU-2026-00001-2026-11-23-AM."""
	return f"{student}-{getdate(day).isoformat()}-{session}"


def lock_days() -> int:
	return cint(frappe.db.get_single_value("Attendance Settings", "amendment_lock_days"))


def fetch_existing(keys: Iterable[tuple[str, date, str]]) -> dict[tuple[str, date, str], frappe._dict]:
	"""The stored marks for ``keys`` with their amendment count (one query)."""
	keys = set(keys)
	students = sorted({k[0] for k in keys})
	dates = sorted({k[1] for k in keys})
	if not keys:
		return {}
	rows = frappe.db.sql(
		"""SELECT m.`name`, m.`student`, m.`date`, m.`session`, m.`attendance_code`, m.`minutes_late`,
			m.`note`, m.`source`, m.`source_doctype`, m.`source_name`, m.`registration_group`,
			m.`marked_by`, m.`marked_at`, m.`student_attendance`,
			(SELECT COUNT(*) FROM `tabAttendance Mark Amendment` a WHERE a.`parent` = m.`name`
				AND a.`parenttype` = 'Attendance Mark') AS `amendment_count`
		FROM `tabAttendance Mark` m
		WHERE m.`student` IN %(students)s AND m.`date` IN %(dates)s
		FOR UPDATE""",
		{"students": students, "dates": dates},
		as_dict=True,
	)
	found = {}
	for row in rows:
		key = (row.student, getdate(row.date), row.session)
		if key in keys:
			found[key] = row
	return found


def taken_over(stored: Mapping, source: str, source_name: str) -> bool:
	"""Whether writing an unchanged code by ``source`` ``source_name`` changes the mark's writer."""
	return (stored.get("source") or "", stored.get("source_name") or "") != (source, source_name or "")


def fetch_students(students: Iterable[str]) -> dict[str, frappe._dict]:
	students = sorted(set(students))
	if not students:
		return {}
	rows = frappe.db.sql(
		"""SELECT `name`, `student_name`, `registration_group`, `date_of_leaving`, `enrolment_status`
		FROM `tabStudent` WHERE `name` IN %(s)s""",
		{"s": students},
		as_dict=True,
	)
	return {row.name: row for row in rows}


def dual_registration_errors(
	inputs, students: Mapping, labels, source: str, existing: Mapping | None = None
) -> list[str]:
	"""D only for a dual-registered pupil; from the register or an import, no new mark for a
	session a subsidiary dual pupil spends at their main school (engine.roll.expected_mark).
	A mark already stored is left to be rewritten (an unchanged D re-sent with a register, an
	unresolved N turned into O): the status and pattern are today's, the mark may be older.
	Records written for a group skip those sessions instead (registers.records.plan). One
	query, and only when a dual-registered pupil or a D is in the batch."""
	existing = existing or {}
	dual_statuses = (MAIN_DUAL, SUBSIDIARY_DUAL)
	rows = [
		(n, i)
		for n, i in enumerate(inputs)
		if i.student in students
		and (
			i.key not in existing
			or (i.code.strip().upper() == "D" and (existing[i.key].attendance_code or "") != "D")
		)
	]
	errors = [
		_(
			"{0}: D is for a dual-registered pupil's session at their other school, and {1} is not dual "
			"registered. Choose another code, or set the Enrolment Status on the Student record."
		).format(labels[n], students[i.student].student_name or i.student)
		for n, i in rows
		if i.code.strip().upper() == "D" and students[i.student].enrolment_status not in dual_statuses
	]
	if source not in ("Register", "Import") or not any(
		students[i.student].enrolment_status == SUBSIDIARY_DUAL for _n, i in rows
	):
		return errors
	patterns = dual_patterns(
		{i.student for _n, i in rows if students[i.student].enrolment_status == SUBSIDIARY_DUAL}
	)
	errors += [
		_(
			"{0}: {1} spends {2} {3} at their main school ({4}); this register does not record it. Check "
			"Sessions at the Other School on the Student record if that is wrong."
		).format(
			labels[n],
			students[i.student].student_name or i.student,
			i.key[1],
			i.key[2],
			patterns[i.student].school or _("the other school"),
		)
		for n, i in rows
		if i.student in patterns and expected_of(patterns[i.student], getdate(i.key[1]), i.key[2]) is None
	]
	return errors


def to_input(row: Mapping) -> MarkInput:
	return MarkInput(
		student=row.get("student") or "",
		date=getdate(row.get("date")),
		session=row.get("session") or "",
		code=row.get("code") or row.get("attendance_code") or "",
		minutes_late=cint(row.get("minutes_late")),
		note=(row.get("note") or "").strip(),
		reason=(row.get("reason") or "").strip(),
	)


def write_marks(
	rows: Sequence[Mapping],
	*,
	source: str = "Register",
	source_doctype: str | None = None,
	source_name: str | None = None,
	reason: str = "",
	registration_group: str | None = None,
	labels: Sequence[str] | None = None,
	today: date | None = None,
	editable_sources: Collection[str] | None = None,
	take_over: bool = False,
) -> WriteResult:
	"""Check ``rows`` whole, then write them; MarkBatchError (listing every problem) otherwise.

	Each row: student, date, session, code, and optionally minutes_late, note, reason.
	``reason`` explains every changed code the rows do not explain themselves (bulk marks
	name their record). ``labels`` name the rows in messages (pupil names, "Line 4"), as
	plain text (escaped here).

	``editable_sources``: when given (the register: ("Register",)), a stored mark from any
	other source (bulk mark, absence record, leave...) is changed only by a user who may
	unlock registers (registers.roles.may_unlock); others get a per-pupil error.
	``registration_group`` is used only for a pupil with none of their own; a stored mark
	keeps its group.

	``take_over`` (record writers that restore their marks on cancel: bulk marks): a stored
	mark that already holds the row's code, minutes and note but names another writer is
	rewritten to name ``source`` ``source_name`` (reported as updated, with its ``before``),
	so the writer's undo covers it; without it such a row is left as it is (unchanged).
	"""
	if source not in SOURCES:
		frappe.throw(_("Unknown mark source {0}.").format(escape_html(str(source))))
	inputs = [to_input(row) for row in rows]
	students = fetch_students(i.student for i in inputs)
	existing = fetch_existing(i.key for i in inputs)
	labels = list(labels) if labels else [_("Row {0}").format(n) for n in range(1, len(inputs) + 1)]
	errors = [
		_("{0}: pupil {1} was not found; check the student ID.").format(labels[n], i.student)
		for n, i in enumerate(inputs)
		if i.student not in students
	]
	# Off roll after the Date of Leaving (Roll Deletion): no register holds the pupil then. The
	# register and the importer refuse such a mark; a record written for a whole group (a bulk
	# mark, a leave) is not refused for one leaver in it (registers.records.plan skips their sessions).
	errors += [
		_(
			"{0}: {1} left the roll on {2}; no mark can be written for {3}. Cancel the deletion if it is wrong."
		).format(
			labels[n],
			students[i.student].student_name or i.student,
			students[i.student].date_of_leaving,
			i.key[1],
		)
		for n, i in enumerate(inputs)
		if source in ("Register", "Import")
		and i.student in students
		and students[i.student].date_of_leaving
		and getdate(i.key[1]) > getdate(students[i.student].date_of_leaving)
	]
	errors += dual_registration_errors(inputs, students, labels, source, existing)
	roles = frappe.get_roles()
	plan = plan_batch(
		inputs,
		{
			key: StoredMark(r.attendance_code, cint(r.minutes_late), r.note or "", r.source)
			for key, r in existing.items()
		},
		today=today or getdate(),
		lock_days=lock_days(),
		may_unlock=may_unlock(roles),
		default_reason=reason,
		labels=labels,
		editable_sources=editable_sources,
		may_override=may_unlock(roles),
	)
	errors += list(plan.errors)
	if errors:
		frappe.throw(
			[escape_html(error) for error in errors],
			title=_("Marks not saved"),
			exc=MarkBatchError,
			as_list=True,
		)

	# A record writer takes over a mark that already holds its code but was written by someone
	# else: the mark now names it, so cancelling either record restores exactly what stands
	# behind the other (review finding: a no-op write must not be recorded as a change).
	taken = [
		i
		for i in plan.unchanged
		if take_over and source_name and taken_over(existing[i.key], source, source_name)
	]
	result = WriteResult(unchanged=[mark_name(*i.key) for i in plan.unchanged if i not in taken])
	writes = plan.inserts + plan.updates + tuple(taken)
	if not writes:
		return result
	timestamp, user = now(), frappe.session.user
	new_values: list = []
	changed_values: list = []
	mirrored: list[dict] = []
	for i in writes:
		name = mark_name(*i.key)
		stored = existing.get(i.key)
		if stored:
			name = stored.name
			result.updated.append(name)
			result.before[name] = {
				"code": stored.attendance_code,
				"minutes_late": cint(stored.minutes_late),
				"note": stored.note or "",
				"source": stored.source,
				"source_doctype": stored.source_doctype,
				"source_name": stored.source_name,
				"marked_by": stored.marked_by,
				"marked_at": str(stored.marked_at) if stored.marked_at else None,
				"student_attendance": stored.student_attendance,
			}
		else:
			result.inserted.append(name)
			result.before[name] = None
		pupil = students[i.student]
		group = (
			(stored.registration_group if stored else None) or pupil.registration_group or registration_group
		)
		values = [
			name,
			timestamp,
			timestamp,
			user,
			user,
			i.student,
			pupil.student_name,
			group,
			i.date,
			i.session,
			i.code,
			i.minutes_late or 0,
			i.note or None,
			source,
			source_doctype,
			source_name,
			user,
			timestamp,
		]
		(changed_values if stored else new_values).extend(values)
		mirrored.append(
			{
				"name": name,
				"student": i.student,
				"student_name": pupil.student_name,
				"registration_group": group,
				"date": i.date,
				"session": i.session,
				"code": i.code,
			}
		)
	insert_new_marks(new_values, len(plan.inserts))
	upsert_marks(changed_values, len(plan.updates) + len(taken))
	written_by = " ".join(filter(None, (source, source_name)))
	insert_amendments(
		[
			{
				"parent": existing[a.key].name,
				"idx": cint(existing[a.key].amendment_count) + 1,
				"previous_code": a.previous_code,
				"new_code": a.new_code,
				"reason": describe_amendment(a),
				"source": written_by,
			}
			for a in plan.amendments
		],
		user=user,
		timestamp=timestamp,
	)
	result.amended = [
		{"mark": existing[a.key].name, "from": a.previous_code, "to": a.new_code} for a in plan.amendments
	]
	link_mirrors(mirrored)
	return result


CHUNK_ROWS = 5000


def write_marks_in_chunks(
	rows: Sequence[Mapping], *, labels: Sequence[str] | None = None, chunk_rows: int = 0, **kwargs
) -> WriteResult:
	"""write_marks for a large batch (a marks import), ``chunk_rows`` (CHUNK_ROWS) rows at a time.

	All chunks are in the caller's transaction, behind one savepoint: if any chunk is refused,
	the chunks already written are undone and the error is raised, so the batch is still all
	or nothing. Each chunk's statements stay a bounded size (review finding: very large files).
	"""
	size = chunk_rows or CHUNK_ROWS
	if len(rows) <= size:
		return write_marks(rows, labels=labels, **kwargs)
	labels = list(labels) if labels else [_("Row {0}").format(n) for n in range(1, len(rows) + 1)]
	savepoint = "attendance_marks_chunks"
	frappe.db.savepoint(savepoint)
	total = WriteResult()
	try:
		for start in range(0, len(rows), size):
			part = write_marks(rows[start : start + size], labels=labels[start : start + size], **kwargs)
			total.inserted += part.inserted
			total.updated += part.updated
			total.unchanged += part.unchanged
			total.amended += part.amended
			total.before.update(part.before)
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		raise
	frappe.db.release_savepoint(savepoint)
	return total


MARK_COLUMNS = """(`name`, `creation`, `modified`, `modified_by`, `owner`, `docstatus`, `idx`,
	`student`, `student_name`, `registration_group`, `date`, `session`, `attendance_code`,
	`minutes_late`, `note`, `source`, `source_doctype`, `source_name`, `marked_by`, `marked_at`)"""
MARK_ROW = "(" + ", ".join(["%s"] * 5 + ["0", "0"] + ["%s"] * 13) + ")"


def insert_new_marks(values: list, count: int) -> None:
	"""One plain INSERT of the marks that did not exist when read (review finding 7).

	If another save wrote one of them meanwhile, the unique index refuses the statement
	(nothing of it is written) and the user is asked to reload (ConcurrentSaveError): their
	register was planned against marks that are no longer the stored ones.
	"""
	if not count:
		return
	try:
		frappe.db.sql(
			f"INSERT INTO `tabAttendance Mark` {MARK_COLUMNS} VALUES {', '.join([MARK_ROW] * count)}",
			values,
		)
	except Exception as e:
		# Two saves of the same new register both hold gap locks from FOR UPDATE: MariaDB then
		# rolls one back as a deadlock instead of reporting the duplicate. Same answer to the user.
		if isinstance(e, frappe.QueryDeadlockError) or frappe.db.is_duplicate_entry(e):
			frappe.throw(
				_("This register was just saved by someone else; reload it and save again."),
				title=_("Register not saved"),
				exc=ConcurrentSaveError,
			)
		raise


def upsert_marks(values: list, count: int) -> None:
	"""One INSERT ... ON DUPLICATE KEY UPDATE of the changed marks (rows locked FOR UPDATE)."""
	if not count:
		return
	frappe.db.sql(
		f"""INSERT INTO `tabAttendance Mark` {MARK_COLUMNS}
		VALUES {", ".join([MARK_ROW] * count)}
		ON DUPLICATE KEY UPDATE
			`attendance_code` = VALUES(`attendance_code`), `minutes_late` = VALUES(`minutes_late`),
			`note` = VALUES(`note`), `source` = VALUES(`source`), `source_doctype` = VALUES(`source_doctype`),
			`source_name` = VALUES(`source_name`), `marked_by` = VALUES(`marked_by`),
			`marked_at` = VALUES(`marked_at`), `modified` = VALUES(`modified`),
			`modified_by` = VALUES(`modified_by`), `registration_group` = VALUES(`registration_group`)""",
		values,
	)


def insert_amendments(rows: Sequence[Mapping], *, user: str, timestamp: str) -> None:
	"""One INSERT of amendment rows (each: parent, idx, previous_code, new_code, reason, source)."""
	if not rows:
		return
	values: list = []
	for row in rows:
		values += [
			frappe.generate_hash(length=10),
			timestamp,
			timestamp,
			user,
			user,
			row["idx"],
			row["parent"],
			timestamp,
			row["previous_code"],
			row["new_code"],
			row["reason"],
			user,
			row.get("source") or "",
		]
	row_sql = "(%s, %s, %s, %s, %s, 0, %s, %s, 'Attendance Mark', 'amendments', %s, %s, %s, %s, %s, %s)"
	frappe.db.sql(
		f"""INSERT INTO `tabAttendance Mark Amendment`
			(`name`, `creation`, `modified`, `modified_by`, `owner`, `docstatus`, `idx`, `parent`,
			`parenttype`, `parentfield`, `amended_at`, `previous_code`, `new_code`, `reason`,
			`amended_by`, `source`)
		VALUES {", ".join([row_sql] * len(rows))}""",
		values,
	)


def link_mirrors(marks: Sequence[Mapping]) -> None:
	"""Mirror the morning marks into Student Attendance and link each mark to its record."""
	names = mirror_marks(marks)
	if not names:
		return
	pairs = [
		(m["name"], names.get((m["student"], getdate(m["date"])))) for m in marks if m["session"] == "AM"
	]
	pairs = [(mark, record) for mark, record in pairs if record]
	if not pairs:
		return
	cases = " ".join(["WHEN %s THEN %s"] * len(pairs))
	values = [v for pair in pairs for v in pair] + [[mark for mark, _ in pairs]]
	frappe.db.sql(
		f"""UPDATE `tabAttendance Mark` SET `student_attendance` = CASE `name` {cases} END
		WHERE `name` IN %s""",
		values,
	)
