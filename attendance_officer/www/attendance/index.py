"""/attendance: the parent portal (one card per child, report today's absence, request leave).

Guests are refused; everything shown comes from the session user's own children
(leave.api.portal_context, scoped by permissions.my_students).
"""

import frappe
import frappe.sessions
from frappe import _

from attendance_officer.leave.api import portal_context

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		raise frappe.PermissionError(_("Log in to see your children's attendance."))
	context.no_cache = 1
	# A CSRF token for this session: Frappe writes it into the page (frappe.csrf_token), frappe.call
	# sends it, and auth.validate_csrf_token refuses a POST without it.
	frappe.sessions.get_csrf_token()
	context.show_sidebar = False
	context.title = _("Absence and leave")
	context.update(portal_context(frappe.session.user))
	return context
