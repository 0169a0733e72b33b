"""Who sees which pupil's records: one scope, used by list queries and single documents.

Scripted permissions come as pairs (style.md sections 1 and 5): ``*_query`` for
``permission_query_conditions`` (lists, get_list, reports) and ``*_has_permission`` for
``has_permission`` (one document), both built on ``user_scope``, so list and form cannot
disagree. Role permissions grant; these hooks only narrow (frappe/permissions.py
``has_controller_permissions``: a hook returning None leaves the decision to the roles).

Scopes:
- Administrator, System Manager, Attendance Officer, Headteacher, Designated Safeguarding
  Lead: every pupil.
- Head of Year: on Leave of Absence Request, the year groups Attendance Settings gives them.
- Guardian (a website user; on leave requests, anyone with the role or a Guardian record):
  only their own children, found from the session user
  (``my_students``: Guardian.user = user, joined to the pupils' Student Guardian rows).
  Education's Guardian Student rows (Guardian.students) are not used, so they can never
  widen this. Another child's record is answered exactly as a record that does not
  exist ("<DocType> <name> not found"), so ids leak nothing.
"""

from __future__ import annotations

import frappe
from frappe import _

LOA = "Leave of Absence Request"
WIDE_ROLES = frozenset(
	{"Administrator", "System Manager", "Attendance Officer", "Headteacher", "Designated Safeguarding Lead"}
)
HEAD_OF_YEAR = "Head of Year"
GUARDIAN = "Guardian"

# DocType -> the field naming the pupil (None: the record is the pupil).
PUPIL_FIELD = {
	LOA: "student",
	"Absence Record": "student",
	"Attendance Mark": "student",
	"Attendance Letter": "student",
	"Student": None,
}
READ_TYPES = frozenset({"read", "select", "print", "email", "export", "report"})

ALL = "all"


def my_students(user: str | None = None) -> list[str]:
	"""The pupils whose Student Guardian rows name a Guardian linked to ``user`` (sorted)."""
	user = user or frappe.session.user
	if not user or user == "Guest":
		return []
	return [
		row[0]
		for row in frappe.db.sql(
			"""SELECT DISTINCT sg.`parent` FROM `tabStudent Guardian` sg
			INNER JOIN `tabGuardian` g ON g.`name` = sg.`guardian`
			WHERE g.`user` = %s AND sg.`parenttype` = 'Student' ORDER BY sg.`parent`""",
			(user,),
		)
	]


def my_guardians(user: str | None = None) -> list[str]:
	"""The Guardian records linked to ``user``."""
	user = user or frappe.session.user
	if not user or user == "Guest":
		return []
	return frappe.get_all("Guardian", filters={"user": user}, pluck="name", order_by="name")


def head_of_year_years(user: str) -> list[str]:
	"""The year groups Attendance Settings gives ``user`` as Head of Year."""
	return sorted(
		set(
			frappe.get_all(
				"Attendance Head of Year",
				filters={"parent": "Attendance Settings", "parenttype": "Attendance Settings", "user": user},
				pluck="year_group",
			)
		)
	)


def user_scope(user: str | None = None, doctype: str | None = None):
	"""ALL, ("year", [years]), ("guardian", [students]) or None (no narrowing of our own)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return ALL
	roles = set(frappe.get_roles(user))
	if roles & WIDE_ROLES:
		return ALL
	if HEAD_OF_YEAR in roles and doctype == LOA:
		return ("year", head_of_year_years(user))
	if HEAD_OF_YEAR in roles:
		return None
	if GUARDIAN in roles or my_guardians(user):
		# A member of staff who is also a parent keeps their staff access to pupils' records;
		# their own leave requests are still scoped to their own children.
		if doctype == LOA or frappe.get_cached_value("User", user, "user_type") != "System User":
			return ("guardian", my_students(user))
	return None


def _in(column: str, values: list[str]) -> str:
	if not values:
		return "1=0"
	return f"{column} IN ({', '.join(frappe.db.escape(v) for v in values)})"


def _query(doctype: str, user: str | None) -> str:
	scope = user_scope(user, doctype)
	if scope == ALL:
		return ""
	field = PUPIL_FIELD[doctype] or "name"
	column = f"`tab{doctype}`.`{field}`"
	if scope is None:
		return "1=0" if doctype == LOA else ""
	kind, values = scope
	if kind == "year":
		return _in(f"`tab{doctype}`.`year_group`", values)
	return _in(column, values)


def not_found(doctype: str, name: str | None):
	"""Raise exactly what Frappe raises for a record that does not exist."""
	frappe.throw(_("{0} {1} not found").format(_(doctype), name), frappe.DoesNotExistError(doctype=doctype))


def _has_permission(doc, ptype: str | None, user: str | None) -> bool | None:
	scope = user_scope(user, doc.doctype)
	if scope == ALL:
		return None
	if scope is None:
		return False if doc.doctype == LOA else None
	kind, values = scope
	field = PUPIL_FIELD[doc.doctype]
	if kind == "year":
		return None if (doc.get("year_group") or "") in values else False
	pupil = doc.name if field is None else doc.get(field)
	if pupil not in values:
		if ptype in READ_TYPES and not doc.is_new() and frappe.db.exists(doc.doctype, doc.name):
			not_found(doc.doctype, doc.name)
		return False
	if doc.doctype == LOA and ptype not in READ_TYPES and ptype != "create":
		# A guardian edits only a draft; later steps go through the portal's checked methods.
		return None if (doc.get("status") or "Draft") == "Draft" and doc.docstatus == 0 else False
	if doc.doctype != LOA and ptype not in READ_TYPES:
		return False
	return None


# ---------------------------------------------------------------- hook pairs


def loa_query(user: str | None = None, doctype: str | None = None) -> str:
	return _query(LOA, user)


def loa_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return _has_permission(doc, ptype, user)


def absence_record_query(user: str | None = None, doctype: str | None = None) -> str:
	return _query("Absence Record", user)


def absence_record_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return _has_permission(doc, ptype, user)


def attendance_mark_query(user: str | None = None, doctype: str | None = None) -> str:
	return _query("Attendance Mark", user)


def attendance_mark_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return _has_permission(doc, ptype, user)


def attendance_letter_query(user: str | None = None, doctype: str | None = None) -> str:
	return _query("Attendance Letter", user)


def attendance_letter_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return _has_permission(doc, ptype, user)


def student_query(user: str | None = None, doctype: str | None = None) -> str:
	return _query("Student", user)


def student_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return _has_permission(doc, ptype, user)


def file_query(user: str | None = None, doctype: str | None = None) -> str:
	"""A guardian lists only files on their own children's records (Frappe adds owner = user)."""
	scope = user_scope(user, "File")
	if not (isinstance(scope, tuple) and scope[0] == "guardian"):
		return ""
	students = scope[1]
	parts = ["`tabFile`.`attached_to_doctype` IS NULL"]
	for doctype, field in PUPIL_FIELD.items():
		if field is None:
			parts.append(
				f"(`tabFile`.`attached_to_doctype` = 'Student' AND {_in('`tabFile`.`attached_to_name`', students)})"
			)
			continue
		names = (
			frappe.get_all(doctype, filters={field: ("in", students or [""])}, pluck="name")
			if students
			else []
		)
		parts.append(
			f"(`tabFile`.`attached_to_doctype` = {frappe.db.escape(doctype)} AND "
			f"{_in('`tabFile`.`attached_to_name`', names)})"
		)
	ours = ", ".join(frappe.db.escape(d) for d in PUPIL_FIELD)
	parts.append(f"`tabFile`.`attached_to_doctype` NOT IN ({ours})")
	return "(" + " OR ".join(parts) + ")"


def file_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""A guardian never reaches a file on another child's record, even one they uploaded."""
	scope = user_scope(user, "File")
	if not (isinstance(scope, tuple) and scope[0] == "guardian"):
		return None
	doctype, name = doc.get("attached_to_doctype"), doc.get("attached_to_name")
	if doctype not in PUPIL_FIELD or not name:
		return None
	field = PUPIL_FIELD[doctype]
	pupil = name if field is None else frappe.db.get_value(doctype, name, field)
	if pupil in scope[1]:
		return None
	if ptype in READ_TYPES and not doc.is_new() and frappe.db.exists("File", doc.name):
		not_found("File", doc.name)
	return False


# ---------------------------------------------------------------- deciders


def may_decide(user: str, year_group: str | None) -> bool:
	"""Headteacher: any pupil. Head of Year: their year groups (Attendance Settings)."""
	roles = set(frappe.get_roles(user))
	if user == "Administrator" or "Headteacher" in roles:
		return True
	return HEAD_OF_YEAR in roles and bool(year_group) and year_group in head_of_year_years(user)
