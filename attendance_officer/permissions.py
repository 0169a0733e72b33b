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
STUDENT = "Student"

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
	"""The pupils whose Student Guardian rows name a Guardian linked to ``user`` (sorted).

	Only rows with parental responsibility and not marked "do not contact": a parent barred by
	a court order (or one the school must not contact for the child's safety) must not see the
	child's attendance, calendar or leave dates, so the portal shows them nothing of that child.
	"""
	user = user or frappe.session.user
	if not user or user == "Guest":
		return []
	return [
		row[0]
		for row in frappe.db.sql(
			"""SELECT DISTINCT sg.`parent` FROM `tabStudent Guardian` sg
			INNER JOIN `tabGuardian` g ON g.`name` = sg.`guardian`
			WHERE g.`user` = %s AND sg.`parenttype` = 'Student'
				AND sg.`parental_responsibility` = 1 AND IFNULL(sg.`do_not_contact`, 0) = 0
			ORDER BY sg.`parent`""",
			(user,),
		)
	]


def my_own_student(user: str | None = None) -> list[str]:
	"""A pupil's own Student record (Student.user = user), for pupil website accounts."""
	user = user or frappe.session.user
	if not user or user == "Guest":
		return []
	return frappe.get_all("Student", filters={"user": user}, pluck="name", order_by="name")


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
	website_user = frappe.get_cached_value("User", user, "user_type") != "System User"
	if GUARDIAN in roles or my_guardians(user):
		# A member of staff who is also a parent keeps their staff access to pupils' records;
		# their own leave requests are still scoped to their own children.
		if doctype == LOA or website_user:
			return ("guardian", my_students(user))
	if STUDENT in roles:
		# A pupil's account (website user, or a desk user where Education gives the Student role
		# desk access): their own Student record only (Student.user = user), nothing of other pupils.
		return ("pupil", my_own_student(user))
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
	"""Raise exactly what Frappe raises for a record that does not exist.

	A document looked up by filters (frappe.client.get with ``filters``) is answered with the
	request's filters, as Frappe answers a missing one, never with the real name it matched:
	otherwise the name (and, char by char with LIKE filters, any field) would leak.
	"""
	shown = name
	form = getattr(frappe.local, "form_dict", None) or {}
	if form.get("filters") and not form.get("name"):
		# frappe.client.get parses the filters and Frappe's own message prints that dict
		shown = frappe.parse_json(form.get("filters"))
	frappe.throw(_("{0} {1} not found").format(_(doctype), shown), frappe.DoesNotExistError(doctype=doctype))


def _serving_private_file() -> bool:
	"""/private/files: Frappe tries each File record with the URL (and each one's attached record).

	frappe.core.doctype.file.utils.find_file_by_url serves the file when any record is readable;
	an exception there would stop it at another user's record, so refusals there are plain False.
	"""
	request = getattr(frappe.local, "request", None)
	return (getattr(request, "path", "") or "").startswith("/private/files/")


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
		# Every ptype, not only reads: a write or delete on another child's record is answered
		# as for a record that does not exist.
		if not doc.is_new() and not _serving_private_file() and frappe.db.exists(doc.doctype, doc.name):
			not_found(doc.doctype, doc.name)
		return False
	if ptype not in READ_TYPES:
		# Parents and pupils change nothing through the standard API (the portal's methods
		# check scope themselves and insert with ignore_permissions); they read through roles.
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
	"""A parent or pupil reaches a private file only when it is theirs and on their own request.

	Guardian scope: a private File is readable only when the user owns it and it is attached
	to a Leave of Absence Request they made (one naming their own Guardian record); never a
	file on another child's record, nor another parent's evidence for the same child. Such a
	user changes no File through the standard API (new Files: ``refuse_file_url_copy``).
	"""
	scope = user_scope(user, "File")
	if not (isinstance(scope, tuple) and scope[0] in ("guardian", "pupil")):
		return None
	user = user or frappe.session.user
	if doc.is_new():
		if ptype != "create" or (doc.get("file_url") and not doc.get("content")):
			return False
		return None
	doctype, name = doc.get("attached_to_doctype"), doc.get("attached_to_name")
	if doctype in PUPIL_FIELD and name:
		field = PUPIL_FIELD[doctype]
		pupil = name if field is None else frappe.db.get_value(doctype, name, field)
		if pupil not in scope[1]:
			return _file_not_found(doc)
	if ptype not in READ_TYPES:
		return False
	if not doc.get("is_private"):
		return None
	if doc.get("owner") != user:
		return _file_not_found(doc)
	if scope[0] == "guardian":
		if doctype != LOA or not name:
			return _file_not_found(doc)
		if frappe.db.get_value(LOA, name, "guardian") not in my_guardians(user):
			return _file_not_found(doc)
	return None


def _file_not_found(doc) -> bool:
	"""Refuse a File as if it did not exist (plain False while /private/files picks a record)."""
	if _serving_private_file():
		return False
	if frappe.db.exists("File", doc.name):
		not_found("File", doc.name)
	return False


def refuse_file_url_copy(doc, method: str | None = None) -> None:
	"""File before_insert: a parent or pupil creates Files only through the portal's evidence upload.

	A File with a ``file_url`` and no content (what upload_file does with ``file_url``) would be a
	second record for someone else's private file, owned by the caller, and /private/files serves
	a file when any of its File records is readable. Frappe's File.before_insert has already read
	the content from that URL when this runs, so the portal's own upload marks its File
	(``flags.portal_evidence``) and every other File a parent's or pupil's session inserts is refused,
	even with ignore_permissions.
	"""
	if doc.flags.portal_evidence or frappe.flags.in_install or frappe.flags.in_migrate:
		return
	scope = user_scope(frappe.session.user, "File")
	if isinstance(scope, tuple) and scope[0] in ("guardian", "pupil"):
		raise frappe.PermissionError(
			_("You cannot add a file by its address. Upload the file itself from the attendance page.")
		)


# ---------------------------------------------------------------- deciders


def may_decide(user: str, year_group: str | None) -> bool:
	"""Headteacher: any pupil. Head of Year: their year groups (Attendance Settings)."""
	roles = set(frappe.get_roles(user))
	if user == "Administrator" or "Headteacher" in roles:
		return True
	return HEAD_OF_YEAR in roles and bool(year_group) and year_group in head_of_year_years(user)
