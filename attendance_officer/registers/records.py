"""One record-writer for every submittable document that codes sessions.

Absence Record, Attendance Bulk Mark and Leave of Absence Request (and, later, part-time
timetables, the late door, paper registers and deletions from roll) each write one code
over a range of a pupil's sessions on submit and take it back off on cancel (the Frappe
lifecycle split, style.md section 2). This module owns everything they share:

- the plan (engine.absence_plan.plan_apply: blank and N written, attending marks only
  after confirmation, other codes left alone) over one read of the stored marks;
- the write, through registers.write.write_marks (the one write path), and the change
  kept for each mark written: what it held before, its amendment trail length right after
  the write (``trail``) and, for a morning, Education's Student Attendance before and the
  record linked after (``day``);
- the exact restore on cancel (engine.absence_plan.plan_restore and the shared rules of
  registers.restore): a mark amended since is left as amended with a trail row saying so;
  a blank session is cleared only when its mark has no trail; day records go back;
- the hand-over, across kinds: when a later record (of any kind) wrote over the cancelled
  record's mark, that record's stored ``before`` becomes what the cancelled record had
  replaced, so cancelling it later restores what stood before both.

A writer declares only what differs (``Declaration``: pupils, sessions, code, note, the
reason on the trail, whether attending marks may be replaced); where its changes are kept
is registered once in ``STORES`` (a JSON field, or Absence Record's child table).

Changes are plain dicts, the same for every kind (JSON-able):
``{"student", "date" (ISO), "session", "code", "before": {code, minutes_late, note, source,
source_doctype, source_name, marked_by, marked_at, student_attendance} | None, "trail",
"day": {"before", "after"} (mornings only), "outcome" (after cancel)}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import cint, escape_html, getdate, now

from attendance_officer.engine.absence_plan import Change, Mark, Plan, PlanItem, plan_apply, plan_restore
from attendance_officer.engine.sessions import Session
from attendance_officer.registers.mirror import mirror_marks, record_states, restore_records
from attendance_officer.registers.restore import amended_since, kept_blank_session, put_back
from attendance_officer.registers.roll import dual_patterns, expected_of
from attendance_officer.registers.write import insert_amendments, mark_name, write_marks

# The writer a hand amendment (Attendance Mark form) is shown as to plan_restore.
FORM = "Form"
PREVIEW_LINES = 10
# What cancelling did to each change (Change.outcome; Absence Record Change "On Cancel").
RESTORED = "Restored"
LEFT_AS_AMENDED = "Left as amended"
KEPT_WITH_TRAIL = "Kept: mark has a trail"
TAKEN_OVER = "Taken over by a later record"
# Links followed from the mark's writer back to the record standing on the cancelled one.
MAX_CHAIN = 20


class AttendingMarksError(frappe.ValidationError):
	"""The range covers marks showing the pupil attending, and replacing them was not confirmed."""


@dataclass(frozen=True)
class Declaration:
	"""What one writer writes: ``code`` over ``sessions`` for each of ``students``."""

	source: str  # registers.write.SOURCES: the mark's source label ("Bulk", "Absence Record" ...)
	students: Sequence[str]
	sessions: Sequence[Session]
	code: str
	note: str = ""  # carried by each mark (codes that need one: B, C, Y7)
	reason: str = ""  # the amendment trail's reason for each changed code
	overwrite_attending: bool = False
	overwrite_absent: bool = False  # replace absences already recorded (bulk closures, trips)


@dataclass
class Planned:
	"""The plan for each pupil, over the marks stored now."""

	plans: list[tuple[str, Plan]]
	stored: dict[str, dict[Session, frappe._dict]]
	names: dict[str, str] = field(default_factory=dict)  # student -> student_name

	@property
	def changes(self) -> int:
		return sum(len(plan.changes) for _, plan in self.plans)

	@property
	def refusals(self) -> list[tuple[str, PlanItem]]:
		return [(student, item) for student, plan in self.plans for item in plan.refusals]

	@property
	def skipped(self) -> list[tuple[str, PlanItem]]:
		return [(student, item) for student, plan in self.plans for item in plan.skipped]

	@property
	def absent(self) -> list[tuple[str, PlanItem]]:
		"""Skipped sessions where the pupil is already recorded absent (listed apart)."""
		return [(student, item) for student, plan in self.plans for item in plan.absent]

	@property
	def left_alone(self) -> list[tuple[str, PlanItem]]:
		"""Skipped sessions other than recorded absences."""
		return [
			(student, item)
			for student, plan in self.plans
			for item in plan.skipped
			if item not in plan.absent
		]

	def lines(self, items: list[tuple[str, PlanItem]], limit: int | None = None) -> list[str]:
		"""'Ben Smith, Mon 2 Dec AM: ...': each item's message with the pupil's name first."""
		limit = PREVIEW_LINES if limit is None else limit
		lines = [
			_("{0}, {1}").format(self.names.get(student) or student, item.message)
			for student, item in items[:limit]
		]
		if len(items) > limit:
			lines.append(_("... and {0} more.").format(len(items) - limit))
		return lines


@dataclass
class Restored:
	"""What cancelling did: each change's outcome and the messages to show."""

	messages: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- where changes are kept


class JsonStore:
	"""Changes kept as a JSON list in one field of the writer's document."""

	def __init__(self, doctype: str, fieldname: str = "changes", student_field: str | None = None):
		self.doctype, self.fieldname, self.student_field = doctype, fieldname, student_field

	def load(self, doc) -> list[dict]:
		student = doc.get(self.student_field) if self.student_field else None
		return [normalise(c, student) for c in json.loads(doc.get(self.fieldname) or "[]")]

	def load_submitted(self, name: str) -> list[dict] | None:
		fields = [self.fieldname, self.student_field] if self.student_field else [self.fieldname, "name"]
		stored = frappe.db.get_value(self.doctype, {"name": name, "docstatus": 1}, fields)
		if stored is None:
			return None
		student = stored[1] if self.student_field else None
		return [normalise(c, student) for c in json.loads(stored[0] or "[]")]

	def save(self, name: str, changes: list[dict], doc=None) -> None:
		value = json.dumps(changes, default=str)
		if doc is not None:
			doc.db_set(self.fieldname, value, update_modified=False)
		else:
			frappe.db.set_value(self.doctype, name, self.fieldname, value, update_modified=False)


class ChildTableStore:
	"""Changes kept as rows of a child table (Absence Record Change), visible on the form.

	The row holds the ``before`` mark in columns and the trail length, day-record states
	and Student Attendance link in ``restore_state`` (JSON).
	"""

	COLUMNS = (
		"code",
		"source",
		"source_doctype",
		"source_name",
		"minutes_late",
		"note",
		"marked_by",
		"marked_at",
	)

	def __init__(self, doctype: str, child: str, table_field: str = "changes"):
		self.doctype, self.child, self.table_field = doctype, child, table_field

	def as_change(self, row, student: str) -> dict:
		state = json.loads(row.get("restore_state") or "{}")
		before = None
		if row.get("before_code"):
			before = {column: row.get(f"before_{column}") for column in self.COLUMNS}
			before["minutes_late"] = cint(before["minutes_late"])
			before["marked_at"] = str(before["marked_at"]) if before["marked_at"] else None
			if "link_before" in state:
				before["student_attendance"] = state["link_before"]
		change = {
			"row": row.get("name"),
			"student": student,
			"date": str(getdate(row.get("date"))),
			"session": row.get("session"),
			"code": row.get("after_code"),
			"before": before,
			"outcome": row.get("outcome"),
		}
		for key in ("trail", "day"):
			if key in state:
				change[key] = state[key]
		return change

	def load(self, doc) -> list[dict]:
		return [self.as_change(row.as_dict(), doc.student) for row in doc.get(self.table_field)]

	def load_submitted(self, name: str) -> list[dict] | None:
		student = frappe.db.get_value(self.doctype, {"name": name, "docstatus": 1}, "student")
		if student is None:
			return None
		rows = frappe.get_all(
			self.child,
			filters={"parent": name, "parenttype": self.doctype},
			fields=["*"],
			order_by="idx",
		)
		return [self.as_change(row, student) for row in rows]

	def row_values(self, change: dict) -> dict:
		before = change.get("before") or {}
		state = {key: change[key] for key in ("trail", "day") if key in change}
		if "student_attendance" in before:
			state["link_before"] = before["student_attendance"]
		values = {f"before_{column}": before.get(column) for column in self.COLUMNS}
		values["before_minutes_late"] = cint(values["before_minutes_late"])
		values.update(
			date=change["date"],
			session=change["session"],
			after_code=change["code"],
			restore_state=json.dumps(state, default=str),
			outcome=change.get("outcome"),
		)
		return values

	def save(self, name: str, changes: list[dict], doc=None) -> None:
		"""New changes become rows (after submit); known rows are updated in place."""
		for change in changes:
			values = self.row_values(change)
			if change.get("row"):
				frappe.db.set_value(self.child, change["row"], values, update_modified=False)
			elif doc is not None:
				row = doc.append(self.table_field, values)
				row.db_insert()
				change["row"] = row.name


STORES = {
	"Absence Record": ChildTableStore("Absence Record", "Absence Record Change"),
	"Bulk": JsonStore("Attendance Bulk Mark"),
	"Leave of Absence": JsonStore("Leave of Absence Request", student_field="student"),
}


def normalise(change: dict, student: str | None) -> dict:
	"""A change as stored by any version: ``mirror`` was the bulk mark's name for ``day``."""
	change = dict(change)
	if student:
		change.setdefault("student", student)
	if "mirror" in change and "day" not in change:
		change["day"] = change.pop("mirror")
	if change.get("before") is not None:
		change["before"] = {**change["before"], "source_name": change["before"].get("source_name") or ""}
	return change


# ---------------------------------------------------------------- plan and write


def refuse_unconfirmed(planned: Planned) -> None:
	"""Before submit: attending marks in the range need the user's confirmation."""
	if refusals := planned.refusals:
		frappe.throw(
			[escape_html(line) for line in planned.lines(refusals)]
			+ [_("Tick Replace Attending Marks to replace them, or shorten the range.")],
			title=_("Attending marks in the range"),
			exc=AttendingMarksError,
			as_list=True,
		)


def refuse_unseen(planned: Planned, unseen: list[tuple[str, PlanItem]], title: str, what: str) -> None:
	"""Before submit: marks the user confirmed replacing must be the ones the last save showed.

	``unseen``: the sessions to replace that were not in the preview (recorded since); ``what``
	says what they are and that saving again shows them.
	"""
	if unseen:
		frappe.throw(
			[escape_html(line) for line in planned.lines(unseen)] + [what],
			title=title,
			exc=AttendingMarksError,
			as_list=True,
		)


def stored_marks(students: Iterable[str], first, last) -> dict[str, dict[Session, frappe._dict]]:
	"""student -> {(date, session): stored mark row with its trail length}, one query."""
	students = sorted(set(students))
	found: dict[str, dict[Session, frappe._dict]] = {s: {} for s in students}
	if not students:
		return found
	rows = frappe.db.sql(
		"""SELECT m.`name`, m.`student`, m.`date`, m.`session`, m.`attendance_code`, m.`minutes_late`,
			m.`note`, m.`source`, m.`source_doctype`, m.`source_name`, m.`registration_group`,
			m.`student_name`, m.`marked_by`, m.`marked_at`, m.`student_attendance`,
			(SELECT COUNT(*) FROM `tabAttendance Mark Amendment` a WHERE a.`parent` = m.`name`
				AND a.`parenttype` = 'Attendance Mark') AS `amendment_count`
		FROM `tabAttendance Mark` m
		WHERE m.`student` IN %s AND m.`date` BETWEEN %s AND %s""",
		(students, first, last),
		as_dict=True,
	)
	for row in rows:
		found[row.student][(getdate(row.date), row.session)] = row
	return found


def as_mark(row) -> Mark:
	return Mark(row.attendance_code or "", row.source or "", row.source_name or "")


def plan(doc, declaration: Declaration, *, overwrite_attending: bool | None = None) -> Planned:
	"""What submitting ``doc`` would change, pupil by pupil (one read of the stored marks)."""
	sessions = sorted(set(declaration.sessions))
	if overwrite_attending is None:
		overwrite_attending = declaration.overwrite_attending
	students = list(dict.fromkeys(declaration.students))
	stored = stored_marks(students, sessions[0][0], sessions[-1][0]) if sessions else {}
	name = doc.name if not doc.is_new() else "new"
	pupils = (
		frappe.get_all(
			"Student", filters={"name": ("in", students)}, fields=["name", "student_name", "date_of_leaving"]
		)
		if students
		else []
	)
	names = {p.name: p.student_name for p in pupils}
	# A pupil off roll (Roll Deletion: their Date of Leaving) has no session after it to write;
	# a dual-registered pupil none they spend at the other school (not this register; or D here,
	# unless the register recorded something else for it, such as an N the record explains).
	left = {p.name: getdate(p.date_of_leaving) for p in pupils if p.date_of_leaving}
	dual = dual_patterns(students)

	def ours(student, session) -> bool:
		day = getdate(session[0])
		if student in left and day > left[student]:
			return False
		expected = expected_of(dual[student], day, session[1]) if student in dual else "code"
		if expected == "D":  # at the other school: ours only if the register recorded otherwise
			held = stored.get(student, {}).get((day, session[1]))
			return bool(held and (held.attendance_code or "") not in ("", "D"))
		return expected == "code"

	plans = [
		(
			student,
			plan_apply(
				{key: as_mark(row) for key, row in stored.get(student, {}).items()},
				[s for s in sessions if ours(student, s)],
				declaration.code,
				declaration.source,
				source_name=name,
				overwrite_attending=overwrite_attending,
				overwrite_absent=declaration.overwrite_absent,
			),
		)
		for student in students
	]
	return Planned(plans, stored, names)


def apply(doc, declaration: Declaration) -> tuple[list[dict], Planned]:
	"""Write ``declaration`` for submitted ``doc`` and keep what each mark held (its store).

	Only the marks write_marks actually wrote are kept (a mark already holding the code,
	minutes and note is taken over, naming ``doc``, so either record's cancel restores what
	stands behind the other). Returns the changes and the plan (to show what was left).
	"""
	planned = plan(doc, declaration)
	keys = [(student, *change.session) for student, p in planned.plans for change in p.changes]
	changes: list[dict] = []
	if keys:
		mornings = [(student, day) for student, day, session in keys if session == "AM"]
		day_records = record_states({s for s, _ in mornings}, {d for _, d in mornings}) if mornings else {}
		result = write_marks(
			[
				{"student": s, "date": d, "session": p, "code": declaration.code, "note": declaration.note}
				for s, d, p in keys
			],
			source=declaration.source,
			source_doctype=doc.doctype,
			source_name=doc.name,
			reason=declaration.reason,
			take_over=True,
		)
		written = set(result.inserted) | set(result.updated)
		after = {
			row.name: row
			for row in frappe.db.sql(
				"""SELECT m.`name`, m.`student_attendance`,
					(SELECT COUNT(*) FROM `tabAttendance Mark Amendment` a WHERE a.`parent` = m.`name`
						AND a.`parenttype` = 'Attendance Mark') AS `amendment_count`
				FROM `tabAttendance Mark` m WHERE m.`name` IN %s""",
				(sorted(written) or [""],),
				as_dict=True,
			)
		}
		for student, day, session in keys:
			row = planned.stored.get(student, {}).get((day, session))
			name = row.name if row else mark_name(student, day, session)
			if name not in written:
				continue  # unchanged: nothing of this record's to undo
			before = result.before[name]
			change = {
				"student": student,
				"date": str(day),
				"session": session,
				"code": declaration.code,
				"before": {**before, "source_name": before["source_name"] or ""} if before else None,
				"trail": cint(after[name].amendment_count) if name in after else 0,
			}
			if session == "AM":
				change["day"] = {
					"before": day_records.get((student, day)),
					"after": after[name].student_attendance if name in after else None,
				}
			changes.append(change)
	STORES[declaration.source].save(doc.name, changes, doc=doc)
	return changes, planned


# ---------------------------------------------------------------- restore on cancel


def trail_row(mark, *, new_code: str, reason: str, writer: str) -> dict:
	return {
		"parent": mark.name,
		"idx": cint(mark.amendment_count) + 1,
		"previous_code": mark.attendance_code,
		"new_code": new_code,
		"reason": reason,
		"source": writer,
	}


def restore(doc, source: str) -> Restored:
	"""Put back exactly what ``doc`` (a record of kind ``source``) wrote, where it is still its own.

	Steps, over one read of the current marks: a session still holding the record's mark
	goes back to its ``before`` (a blank one is cleared only when its mark has no trail);
	a session a later record took over is handed over to that record; a session amended by
	hand since is left as amended, with a trail row saying so. Day records go back to their
	state before the record. Outcomes are kept on the record's changes.
	"""
	store = STORES[source]
	changes = store.load(doc)
	result = Restored()
	if not changes:
		return result
	key = change_key
	by_key = {key(c): c for c in changes}
	days = sorted({getdate(c["date"]) for c in changes})
	current = {
		(student, str(day), session): row
		for student, marks in stored_marks({c["student"] for c in changes}, days[0], days[-1]).items()
		for (day, session), row in marks.items()
	}
	by_hand = amended_since(current, {k: c["trail"] for k, c in by_key.items() if "trail" in c})
	writer = f"{source} {doc.name}"
	timestamp, user = now(), frappe.session.user
	to_delete, amendments, remirror, records, handed = [], [], [], [], []
	for student in sorted({c["student"] for c in changes}):
		mine = {(getdate(k[1]), k[2]): c for k, c in by_key.items() if k[0] == student}
		now_marks = {
			session: (
				Mark(row.attendance_code or "", FORM, row.name)
				if (student, str(session[0]), session[1]) in by_hand
				else as_mark(row)
			)
			for session in mine
			if (row := current.get((student, str(session[0]), session[1])))
		}
		restore_plan = plan_restore(
			[
				Change(session, before_mark(c["before"]), Mark(c["code"], source, doc.name))
				for session, c in mine.items()
			],
			now_marks,
		)
		for item in restore_plan.restores:
			change = mine[item.session]
			row = current[key(change)]
			change["outcome"] = RESTORED
			before = change["before"]
			if before is None:
				if keep := kept_blank_session(row, code=change["code"], record=doc.name, writer=writer):
					change["outcome"] = KEPT_WITH_TRAIL
					amendments.append(keep)
					result.messages.append(
						_("{0} {1}: kept as {2}, because the mark has an amendment trail.").format(
							change["date"], change["session"], change["code"]
						)
					)
					continue
				to_delete.append(row.name)
			else:
				put_back(
					row.name,
					before,
					timestamp=timestamp,
					user=user,
					link=(
						"day" in change and "student_attendance" in before,
						before.get("student_attendance"),
					),
				)
				if (before["code"], cint(before.get("minutes_late")), before.get("note") or "") != (
					row.attendance_code,
					cint(row.minutes_late),
					row.note or "",
				):
					amendments.append(
						trail_row(
							row,
							new_code=before["code"],
							reason=_("{0} cancelled: the mark it replaced is restored.").format(doc.name),
							writer=writer,
						)
					)
			if "day" in change:
				records.append((change["day"]["before"], change["day"]["after"]))
			elif change["session"] == "AM" and before is not None:
				# Stored before day records were kept: mirror the restored mark again.
				remirror.append(
					{
						"name": row.name,
						"student": student,
						"student_name": row.student_name,
						"registration_group": row.registration_group,
						"date": change["date"],
						"session": "AM",
						"code": before["code"],
					}
				)
		for item in restore_plan.amended:
			change = mine[item.session]
			now_mark = now_marks.get(item.session)
			if now_mark and now_mark.source in STORES and now_mark.source != FORM:
				handed.append((now_mark, Mark(change["code"], source, doc.name), change))
				change["outcome"] = TAKEN_OVER
				continue
			change["outcome"] = LEFT_AS_AMENDED
			result.messages.append(item.message)
			if row := current.get(key(change)):
				amendments.append(
					trail_row(
						row,
						new_code=row.attendance_code,
						reason=_(
							"{0} cancelled: left as {1}, because the mark was changed after {0} wrote {2}."
						).format(doc.name, row.attendance_code, change["code"]),
						writer=writer,
					)
				)
	if to_delete:
		# Only marks with no amendment trail are deleted: there is no trail row to lose.
		frappe.db.sql("DELETE FROM `tabAttendance Mark` WHERE `name` IN %s", (to_delete,))
	insert_amendments(amendments, user=user, timestamp=timestamp)
	restore_records(records)
	mirror_marks(remirror)
	hand_over(handed)
	store.save(doc.name, changes, doc=doc)
	if result.messages:
		frappe.msgprint(
			[escape_html(m) for m in result.messages[:PREVIEW_LINES]],
			title=_("Marks left as amended"),
			as_list=True,
		)
	return result


def change_key(change: dict) -> tuple[str, str, str]:
	return (change["student"], str(getdate(change["date"])), change["session"])


def before_mark(before: dict | None) -> Mark | None:
	if not before:
		return None
	return Mark(before["code"], before.get("source") or "", before.get("source_name") or "")


def hand_over(handed: list[tuple[Mark, Mark, dict]]) -> None:
	"""Give the records that stood on a cancelled record's marks what it had replaced, any kind.

	``handed``: (the mark's current writer, the cancelled record's mark, its change).

	engine.absence_plan Handover: for each session, follow the writers back from the mark's
	current writer (each record's ``before`` names the one it wrote over) to the record
	in force whose ``before`` is the cancelled record's mark, and give it the cancelled
	record's ``before`` (and the day record's state before it). Each record is read once
	and written once.
	"""
	loaded: dict[tuple[str, str], list[dict] | None] = {}
	touched: set[tuple[str, str]] = set()
	for current, cancelled, given in handed:
		writer = (current.source, current.source_name)
		key = change_key(given)
		for _step in range(MAX_CHAIN):
			if writer[0] not in STORES:
				break
			if writer not in loaded:
				loaded[writer] = STORES[writer[0]].load_submitted(writer[1])
			stored = loaded[writer]
			if stored is None:
				break  # not in force (cancelled): nothing stands on the mark through it
			change = next((c for c in stored if change_key(c) == key), None)
			before = (change or {}).get("before") or {}
			if not change or not before:
				break
			if (before.get("source"), before.get("source_name") or "") == (
				cancelled.source,
				cancelled.source_name,
			):
				change["before"] = given["before"]
				if "day" in change and "day" in given:
					change["day"] = {**change["day"], "before": given["day"]["before"]}
				touched.add(writer)
				break
			writer = (before.get("source"), before.get("source_name") or "")
	for writer in touched:
		STORES[writer[0]].save(writer[1], loaded[writer])
