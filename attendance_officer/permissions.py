"""Who sees which pupil's records: one scope, used by list queries and single documents.

Scripted permissions come as pairs (style.md sections 1 and 5): ``*_query`` for
``permission_query_conditions`` (lists, get_list, reports) and ``*_has_permission`` for
``has_permission`` (one document), both built on ``user_scope``, so list and form cannot
disagree. Role permissions grant; these hooks only narrow (frappe/permissions.py
``has_controller_permissions``: a hook returning None leaves the decision to the roles).

Scopes:
- Administrator, System Manager, Attendance Officer, Headteacher, Designated Safeguarding
  Lead, and Education's own office roles (Education Manager, Academics User, who keep every
  Student in Education itself): every pupil.
- Head of Year: the pupils of the year groups Attendance Settings gives them (Student.nc_year;
  on Leave of Absence Request, the request's year group). No year groups: no pupils.
- Tutor (Instructor): the active pupils of the Student Groups they instruct (Student Group
  Instructor -> Instructor -> Employee.user_id). A Head of Year who also tutors has both.
- On every doctype in PUPIL_FIELD the staff scope is one SQL subquery (``staff_pupils_sql``),
  so a list of any length costs the same; a record outside it is answered "not found".
- Safe-and-well checks and home visits (Attendance Contact) and alerts about safeguarding
  (Attendance Alert): only the roles in SAFEGUARDING_ROLES, whatever else a school grants.
- Guardian (a website user; on leave requests, anyone with the role or a Guardian record):
  only their own children, found from the session user
  (``my_students``: Guardian.user = user, joined to the pupils' Student Guardian rows).
  Education's Guardian Student rows (Guardian.students) are not used, so they can never
  widen this. Another child's record is answered exactly as a record that does not
  exist ("<DocType> <name> not found"), so ids leak nothing.
"""

from __future__ import annotations

from typing import NamedTuple

import frappe
from frappe import _

LOA = "Leave of Absence Request"
WIDE_ROLES = frozenset(
	{
		"Administrator",
		"System Manager",
		"Attendance Officer",
		"Headteacher",
		"Designated Safeguarding Lead",
		"Education Manager",
		"Academics User",
	}
)
# The only roles that read safe-and-well and home-visit contacts and safeguarding alerts.
SAFEGUARDING_ROLES = frozenset(
	{"Administrator", "System Manager", "Attendance Officer", "Headteacher", "Designated Safeguarding Lead"}
)
HEAD_OF_YEAR = "Head of Year"
TUTOR = "Instructor"
GUARDIAN = "Guardian"
STUDENT = "Student"

# DocType -> the field naming the pupil (None: the record is the pupil).
PUPIL_FIELD = {
	LOA: "student",
	"Absence Record": "student",
	"Attendance Mark": "student",
	"Attendance Letter": "student",
	"Attendance Contact": "student",
	"Attendance Alert": "student",
	"Absence Notice": "student",
	"Leave Application Snapshot": "student",
	"Penalty Notice Referral": "student",
	"Attendance Support Meeting": "student",
	"Roll Deletion": "student",
	"CME Enquiry": "student",
	"Student": None,
}
# Records of pupils kept on a child table or a group rather than one field: a record is in a
# user's scope when any of its pupils is.
BULK = "Attendance Bulk Mark"
# Child tables of pupil records -> their parent. Frappe lists a child table (frappe.client.
# get_list with ``parent``) checking only read on the parent doctype, never the parent's
# scope, so each child table gets its parent's scope through its ``parent`` column.
CHILD_OF = {
	"Attendance Mark Amendment": "Attendance Mark",
	"Absence Record Change": "Absence Record",
	"Attendance Bulk Mark Pupil": BULK,
	"Student Guardian": "Student",
	"Dual Registration Session": "Student",
	"Penalty Notice Session": "Penalty Notice Referral",
	"Penalty Notice Support Meeting": "Penalty Notice Referral",
	"Attendance Support Attendee": "Attendance Support Meeting",
	"Attendance Support Barrier": "Attendance Support Meeting",
	"Attendance Support Action": "Attendance Support Meeting",
	"Deletion Enquiry": "Roll Deletion",
	"CME Reasonable Enquiry": "CME Enquiry",
}
# DocType -> (field, values) of records only SAFEGUARDING_ROLES read.
SAFEGUARDING_ONLY = {
	"Attendance Contact": ("contact_type", ("Home visit", "Safe and well check")),
	"Attendance Alert": ("alert_type", ("Home visit", "Safeguarding absence")),
	# The LA evidence pack lists the home visits and safe-and-well checks (review finding 1).
	"Attendance Letter": ("letter_type", ("LA Evidence Pack",)),
	# Every children-missing-education enquiry (home visits, police and agency checks), even if
	# a school grants another role read on the doctype.
	"CME Enquiry": None,
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
	if (HEAD_OF_YEAR in roles or TUTOR in roles) and doctype != LOA:
		return (
			"staff",
			StaffScope(
				years=tuple(head_of_year_years(user)) if HEAD_OF_YEAR in roles else (),
				tutor=user if TUTOR in roles else None,
			),
		)
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


class StaffScope(NamedTuple):
	"""A Head of Year's year groups and a tutor's user: whose pupils a member of staff sees."""

	years: tuple[str, ...] = ()
	tutor: str | None = None


def tutor_groups_sql(user: str) -> str:
	"""A subquery of the Student Groups ``user`` instructs (Student Group Instructor ->
	Instructor -> Employee.user_id), the value escaped, for ``column IN (...)``."""
	return (
		"SELECT sgi.`parent` FROM `tabStudent Group Instructor` sgi "
		"JOIN `tabInstructor` i ON i.`name` = sgi.`instructor` "
		"JOIN `tabEmployee` e ON e.`name` = i.`employee` "
		f"WHERE sgi.`parenttype` = 'Student Group' AND e.`user_id` = {frappe.db.escape(user)}"
	)


def staff_pupils_sql(scope: StaffScope) -> str:
	"""A subquery of the pupils in ``scope`` (values escaped), for ``column IN (...)``."""
	parts = []
	if scope.years:
		years = ", ".join(frappe.db.escape(y) for y in scope.years)
		parts.append(f"SELECT s.`name` FROM `tabStudent` s WHERE s.`nc_year` IN ({years})")
	if scope.tutor:
		parts.append(
			"SELECT sgs.`student` FROM `tabStudent Group Student` sgs "
			"JOIN `tabStudent Group` sgr ON sgr.`name` = sgs.`parent` AND sgr.`disabled` = 0 "
			"WHERE sgs.`parenttype` = 'Student Group' AND sgs.`active` = 1 "
			f"AND sgs.`parent` IN ({tutor_groups_sql(scope.tutor)})"
		)
	return " UNION ".join(parts) if parts else "SELECT NULL FROM DUAL WHERE 1=0"


def staff_condition(column: str, user: str | None = None) -> str:
	"""SQL narrowing ``column`` (a pupil's Student name) to the user's staff scope; "" for all.

	For the script reports and pages, which read with raw SQL: the same scope as the lists.
	"""
	scope = user_scope(user, "Student")
	if scope == ALL:
		return ""
	if scope is None:
		return "1=0"  # no pupil scope of ours: nothing (the reports are role-gated anyway)
	kind, values = scope
	if kind == "staff":
		return f"{column} IN ({staff_pupils_sql(values)})"
	return _in(column, values)


def in_staff_scope(scope: StaffScope, students: list[str]) -> bool:
	"""Whether any of ``students`` is in ``scope`` (one query)."""
	students = [s for s in students if s]
	if not students:
		return False
	return bool(
		frappe.db.sql(
			f"SELECT 1 FROM `tabStudent` WHERE `name` IN %(students)s AND `name` IN ({staff_pupils_sql(scope)}) LIMIT 1",
			{"students": students},
		)
	)


def _in(column: str, values: list[str]) -> str:
	if not values:
		return "1=0"
	return f"{column} IN ({', '.join(frappe.db.escape(v) for v in values)})"


def has_safeguarding_role(user: str | None = None) -> bool:
	"""Whether ``user`` reads safe-and-well checks, home visits and safeguarding alerts."""
	user = user or frappe.session.user
	return user == "Administrator" or bool(set(frappe.get_roles(user)) & SAFEGUARDING_ROLES)


def _safeguarding_only(doctype: str, user: str | None) -> str:
	"""The condition hiding safeguarding-only records from users outside SAFEGUARDING_ROLES."""
	if doctype not in SAFEGUARDING_ONLY:
		return ""
	if has_safeguarding_role(user):
		return ""
	if SAFEGUARDING_ONLY[doctype] is None:
		return "1=0"
	field, values = SAFEGUARDING_ONLY[doctype]
	listed = ", ".join(frappe.db.escape(v) for v in values)
	return f"IFNULL(`tab{doctype}`.`{field}`, '') NOT IN ({listed})"


def _query(doctype: str, user: str | None) -> str:
	hidden = _safeguarding_only(doctype, user)
	scope = user_scope(user, doctype)
	if scope == ALL:
		return hidden
	if scope is None:
		return "1=0" if doctype == LOA else hidden
	kind, values = scope
	if doctype == BULK:
		pupils = _bulk_pupils_condition(kind, values)
		return f"({pupils}) AND ({hidden})" if hidden else pupils
	column = f"`tab{doctype}`.`{PUPIL_FIELD[doctype] or 'name'}`"
	if kind == "year":
		narrowed = _in(f"`tab{doctype}`.`year_group`", values)
	elif kind == "staff":
		narrowed = f"{column} IN ({staff_pupils_sql(values)})"
	else:
		narrowed = _in(column, values)
	return f"({narrowed}) AND ({hidden})" if hidden else narrowed


def _bulk_pupils_condition(kind: str, values) -> str:
	"""A bulk mark is in scope when any pupil it lists, or any pupil of its group, is."""
	pupils = staff_pupils_sql(values) if kind == "staff" else None
	inside = (lambda col: f"{col} IN ({pupils})") if pupils else (lambda col: _in(col, values))
	return (
		f"(EXISTS (SELECT 1 FROM `tabAttendance Bulk Mark Pupil` bp WHERE bp.`parent` = `tab{BULK}`.`name` "
		f"AND bp.`parenttype` = {frappe.db.escape(BULK)} AND {inside('bp.`student`')}) "
		f"OR EXISTS (SELECT 1 FROM `tabStudent Group Student` bg WHERE bg.`parent` = `tab{BULK}`.`student_group` "
		f"AND bg.`parenttype` = 'Student Group' AND bg.`active` = 1 AND {inside('bg.`student`')}))"
	)


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


def _refuse_as_missing(doc, user: str | None = None) -> bool:
	"""False, or "not found" for a saved record (so an id outside the scope leaks nothing).

	Only for the session's own request: asked about another user (Frappe's assign-to checks
	whether the assignee may read the record), the answer is a plain False.
	"""
	if user not in (None, frappe.session.user):
		return False
	if not doc.is_new() and not _serving_private_file() and frappe.db.exists(doc.doctype, doc.name):
		not_found(doc.doctype, doc.name)
	return False


def _has_permission(doc, ptype: str | None, user: str | None) -> bool | None:
	scope, hidden = user_scope(user, doc.doctype), bool(_safeguarding_only(doc.doctype, user))
	verdict = _permitted(doc, ptype, user, scope, hidden)
	if verdict is not None or doc.is_new() or ptype in READ_TYPES:
		return verdict
	if scope in (ALL, None) and not hidden:
		return verdict  # nothing narrowed for this user: the stored record needs no second look
	# A change must be allowed on the record as stored, too: writing another pupil's record
	# into one's own scope (changing its pupil, year group or contact type) is refused as a
	# write to that record.
	try:
		stored = frappe.get_doc(doc.doctype, doc.name)
	except frappe.DoesNotExistError:
		frappe.clear_last_message()
		return verdict
	return _permitted(stored, ptype, user, scope, hidden)


def _permitted(doc, ptype: str | None, user: str | None, scope, hidden: bool) -> bool | None:
	"""The verdict on ``doc`` for a user with ``scope`` (user_scope) and, when ``hidden``, no
	safeguarding role (SAFEGUARDING_ONLY)."""
	if hidden:
		if SAFEGUARDING_ONLY[doc.doctype] is None:
			return _refuse_as_missing(doc, user)
		field, values = SAFEGUARDING_ONLY[doc.doctype]
		if (doc.get(field) or "") in values:
			return _refuse_as_missing(doc, user)
	if scope == ALL:
		return None
	if scope is None:
		return False if doc.doctype == LOA else None
	kind, values = scope
	if kind == "year":
		return None if (doc.get("year_group") or "") in values else False
	if kind == "staff":
		if doc.doctype == BULK:
			students = doc.students()  # its listed pupils and its group's active members
		else:
			field = PUPIL_FIELD[doc.doctype]
			students = [doc.name if field is None else doc.get(field)]
		if in_staff_scope(values, students):
			return None
		# A new record for a pupil outside the scope is refused outright (create).
		return _refuse_as_missing(doc, user)
	field = PUPIL_FIELD[doc.doctype]
	pupil = doc.name if field is None else doc.get(field)
	if pupil not in values:
		# Every ptype, not only reads: a write or delete on another child's record is answered
		# as for a record that does not exist.
		return _refuse_as_missing(doc, user)
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


def guardians_sql(scope: StaffScope) -> str:
	"""A subquery of the Guardians of the pupils in ``scope`` (their Student Guardian rows)."""
	return (
		"SELECT sg.`guardian` FROM `tabStudent Guardian` sg WHERE sg.`parenttype` = 'Student' "
		f"AND sg.`parentfield` = 'guardians' AND sg.`parent` IN ({staff_pupils_sql(scope)})"
	)


def guardian_query(user: str | None = None, doctype: str | None = None) -> str:
	"""Staff with a staff scope list only the guardians of their own pupils (phones, emails)."""
	scope = user_scope(user, "Guardian")
	if isinstance(scope, tuple) and scope[0] == "staff":
		return f"`tabGuardian`.`name` IN ({guardians_sql(scope[1])})"
	return ""


def guardian_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	scope = user_scope(user, "Guardian")
	if not (isinstance(scope, tuple) and scope[0] == "staff") or doc.is_new():
		return None
	found = frappe.db.sql(
		f"SELECT 1 FROM `tabGuardian` WHERE `name` = %(name)s AND `name` IN ({guardians_sql(scope[1])}) LIMIT 1",
		{"name": doc.name},
	)
	return None if found else _refuse_as_missing(doc, user)


def pupil_query(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for any other doctype that names a pupil (PUPIL_FIELD, BULK)."""
	return _query(doctype, user)


def pupil_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	return _has_permission(doc, ptype, user)


def child_query(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for a child table (CHILD_OF): its parent's scope."""
	parent = CHILD_OF[doctype]
	condition = _query(parent, user)
	if not condition:
		return ""
	return f"`tab{doctype}`.`parent` IN (SELECT `tab{parent}`.`name` FROM `tab{parent}` WHERE {condition})"


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
