"""Request-level guards: what a parent's or pupil's website account may call at all.

Parents (role Guardian) and pupils (role Student) are website users: they use /attendance and
the login pages, never the desk. Frappe's generic endpoints (/api/resource, /api/v2,
frappe.client.*, frappe.desk.*) and the whitelisted methods of ERPNext and Education each
check permission in their own way, and several answer more than a parent may know (counts
as a yes/no oracle, another parent's email, other pupils' names). So a logged-in website user
reaches only the portal's own methods (attendance_officer.leave.api, which check scope from
the session) and what logging in and out and managing a password need; everything else under
/api is refused with 403 before it runs (frappe/app.py runs ``before_request`` hooks after the
session is loaded; ``auth_hooks`` run after API-key/OAuth authentication in validate_auth).

Generic methods overridden for everyone (hooks ``override_whitelisted_methods``):
frappe.client.get_count and frappe.desk.search.get_link_title check read permission first;
frappe.desk.search.search_link and search_widget never skip permissions on a pupil record
(Frappe's ``ignore_user_permissions=1`` turns every permission query off for a user with
read, staff scope included); frappe.desk.listview.get_group_by_count counts "assigned to"
only over the records the user may list (Frappe's own counts them with no permission check);
frappe.desk.form.load.getdoc and get_docinfo drop, from the form's version history, changes to
fields above the permission levels the user may read (Frappe sends every Version's data as
stored, so a court outcome on level 1 would show in the history of a Head of Year's form).
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import cint

# Exact method names a website user may call (frappe/handler.py, frappe/auth.py,
# frappe/core/doctype/user/user.py, frappe/www/login.py).
WEBSITE_USER_METHODS = frozenset(
	{
		"login",
		"logout",
		"web_logout",
		"ping",
		"frappe.handler.logout",
		"frappe.handler.web_logout",
		"frappe.handler.ping",
		"frappe.auth.get_logged_user",
		"frappe.core.doctype.user.user.update_password",
		"frappe.core.doctype.user.user.reset_password",
		"frappe.core.doctype.user.user.test_password_strength",
	}
)
# Method prefixes a website user may call: our portal's methods and the login page's.
WEBSITE_USER_PREFIXES = ("attendance_officer.leave.api.", "frappe.www.login.")
# /api/method/<m>, /api/v1/method/<m>, /api/v2/method/<m>
METHOD_PREFIXES = ("/api/method/", "/api/v1/method/", "/api/v2/method/")


class WebsiteUserAPIError(frappe.PermissionError):
	"""A parent's or pupil's account called an endpoint outside the portal's allowlist."""


def website_method_allowed(method: str) -> bool:
	"""Whether a website user may call the whitelisted ``method`` (exact name or portal prefix)."""
	method = (method or "").strip().strip("/")
	return method in WEBSITE_USER_METHODS or method.startswith(WEBSITE_USER_PREFIXES)


def refused_path(path: str, cmd: str | None = None) -> bool:
	"""Whether a website user's request for ``path`` (and legacy ``cmd``) must be refused."""
	if cmd and not website_method_allowed(cmd):
		return True
	path = path or ""
	if path in ("/app", "/printview") or path.startswith(("/app/", "/printview/")):
		return True
	if not path.startswith("/api/"):
		return False
	for prefix in METHOD_PREFIXES:
		if path.startswith(prefix):
			return not website_method_allowed(path[len(prefix) :])
	return True  # /api/resource, /api/v2/document, /api/v2/doctype ...


def refuse_website_user_api() -> None:
	"""before_request and auth_hooks: 403 for a website user outside the portal's allowlist."""
	user = frappe.session.user if getattr(frappe.local, "session", None) else None
	if not user or user in ("Guest", "Administrator"):
		return
	if frappe.get_cached_value("User", user, "user_type") != "Website User":
		return
	request = getattr(frappe.local, "request", None)
	path = getattr(request, "path", "") or ""
	cmd = (getattr(frappe.local, "form_dict", None) or {}).get("cmd")
	if refused_path(path, cmd):
		frappe.local.response["http_status_code"] = 403
		raise WebsiteUserAPIError(
			_(
				"Parent and pupil accounts can only use the attendance pages. Open /attendance, "
				"or contact the school office if you need something else."
			)
		)


# ---------------------------------------------------------------- overridden methods


@frappe.whitelist()
def get_count(
	doctype: str, filters: str | dict | list | None = None, debug: bool = False, cache: bool = False
) -> int:
	"""frappe.client.get_count with a read check and the list's permission conditions applied.

	Frappe's own answers any filter on any doctype, so it works as a yes/no oracle.
	"""
	frappe.has_permission(doctype, "read", throw=True)
	from frappe.client import get_safe_filters

	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(`tab{doctype}`.`name`) as total_count"],
		order_by=None,
		as_list=True,
	)
	return cint(rows[0][0]) if rows else 0


@frappe.whitelist()
def get_link_title(doctype: str, docname: str) -> str | None:
	"""frappe.desk.search.get_link_title, answered only for a record the user may read.

	A record the user may not read is answered like a missing one (None, no message), so a
	link field's title never names another pupil and never tells which ids exist.
	"""
	frappe.has_permission(doctype, "read", throw=True)
	try:
		allowed = frappe.db.exists(doctype, docname) and frappe.has_permission(doctype, "read", doc=docname)
	except (frappe.DoesNotExistError, frappe.PermissionError):
		allowed = False
	if not allowed:
		frappe.clear_last_message()
		return None
	from frappe.desk.search import get_link_title as frappe_get_link_title

	return frappe_get_link_title(doctype, docname)


def scoped_doctype(doctype: str) -> bool:
	"""Whether ``doctype``'s records are narrowed to a user's pupils (permissions.py)."""
	from attendance_officer.permissions import BULK, CHILD_OF, PUPIL_FIELD

	return doctype in PUPIL_FIELD or doctype in CHILD_OF or doctype == BULK


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""frappe.desk.search.search_link, with permissions always applied to pupil records."""
	check_search_permission(doctype)
	from frappe.desk.search import search_link as frappe_search_link

	return frappe_search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=bool(ignore_user_permissions) and not scoped_doctype(doctype),
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields: list | str | None = None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""frappe.desk.search.search_widget, with permissions always applied to pupil records."""
	check_search_permission(doctype)
	from frappe.desk.search import search_widget as frappe_search_widget

	return frappe_search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=bool(ignore_user_permissions) and not scoped_doctype(doctype),
	)


def check_search_permission(doctype: str) -> None:
	"""Searching a pupil record needs select or read on it; other doctypes as Frappe decides."""
	if scoped_doctype(doctype) and not (
		frappe.has_permission(doctype, "select") or frappe.has_permission(doctype, "read")
	):
		frappe.throw(_("You do not have access to {0}.").format(_(doctype)), frappe.PermissionError)


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's counts; "assigned to" only over records the user may list."""
	frappe.has_permission(doctype, "read", throw=True)
	from frappe.desk.listview import get_group_by_count as frappe_get_group_by_count

	if field != "assigned_to" or not scoped_doctype(doctype):
		return frappe_get_group_by_count(doctype, current_filters, field)
	names = frappe.get_list(
		doctype, filters=frappe.parse_json(current_filters), pluck="name", limit_page_length=0
	)
	if not names:
		return []
	return frappe.db.sql(
		"""SELECT t.`allocated_to` AS `name`, COUNT(*) AS `count` FROM `tabToDo` t
		JOIN `tabUser` u ON u.`name` = t.`allocated_to` AND u.`user_type` = 'System User'
		WHERE t.`status` != 'Cancelled' AND t.`reference_type` = %s AND t.`reference_name` IN %s
		GROUP BY t.`allocated_to` ORDER BY `count` DESC LIMIT 50""",
		(doctype, names),
		as_dict=True,
	)


@frappe.whitelist()
def getdoc(doctype: str, name: str):
	"""frappe.desk.form.load.getdoc, with the version history cut to the fields the user may read."""
	frappe.has_permission(doctype, "read", throw=True)
	from frappe.desk.form.load import getdoc as frappe_getdoc

	result = frappe_getdoc(doctype, name)
	hide_unreadable_changes(doctype, frappe.response.get("docinfo"))
	return result


@frappe.whitelist()
def get_docinfo(doc: object | None = None, doctype: str | None = None, name: str | None = None):
	"""frappe.desk.form.load.get_docinfo, with the same cut to the version history.

	From a request the record is named by ``doctype`` and ``name``; a ``doc`` a client sends is
	never trusted (Frappe would skip its own permission check for it).
	"""
	frappe.has_permission(doctype, "read", doc=name, throw=True)
	from frappe.desk.form.load import get_docinfo as frappe_get_docinfo

	result = frappe_get_docinfo(doctype=doctype, name=name)
	hide_unreadable_changes(doctype, frappe.response.get("docinfo"))
	return result


def hide_unreadable_changes(doctype: str, docinfo) -> None:
	"""Remove, from each Version in ``docinfo``, the changes to fields the user may not read."""
	if not docinfo or not docinfo.get("versions"):
		return
	meta = frappe.get_meta(doctype)
	readable = set(meta.get_permlevel_access("read")) | {0}  # level 0 is every reader's
	hidden = {f.fieldname for f in meta.fields if (f.permlevel or 0) not in readable}
	if not hidden:
		return
	for version in docinfo["versions"]:
		data = json.loads(version.get("data") or "{}")
		data["changed"] = [c for c in data.get("changed") or [] if c and c[0] not in hidden]
		version["data"] = json.dumps(data)


@frappe.whitelist()
def get_open_count(doctype: str, name: str, items: str | list | None = None):
	"""frappe.desk.notifications.get_open_count, each count of a pupil record of ours taken as the user lists it.

	Frappe counts a form's dashboard links with frappe.get_all (no permission conditions), so a
	Head of Year's Student form would count the safe-and-well checks and home visits they may
	not open (review finding 2). Our pupil records are counted again with frappe.get_list,
	which applies the same scope as their lists; a doctype the user may not read counts 0.
	"""
	frappe.has_permission(doctype, "read", doc=name, throw=True)
	from frappe.desk.notifications import get_open_count as frappe_get_open_count

	from attendance_officer.permissions import PUPIL_FIELD

	result = frappe_get_open_count(doctype, name, items)
	for link in (result.get("count") or {}).get("external_links_found", []):
		field = PUPIL_FIELD.get(link.get("doctype"))
		if doctype == "Student" and field and link.get("count"):
			# A record the user may not list counts 0: an error would itself tell that one exists.
			link["count"] = (
				len(
					frappe.get_list(
						link["doctype"], filters={field: name}, pluck="name", limit=100, order_by=None
					)
				)
				if frappe.has_permission(link["doctype"], "read")
				else 0
			)
	return result
