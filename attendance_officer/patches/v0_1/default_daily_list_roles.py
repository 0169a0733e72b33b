"""Name the roles the new daily lists go to on sites installed before they existed.

The safeguarding list to the Designated Safeguarding Lead, the persistent absence list to
the Attendance Officer and the Heads of Year (install.DEFAULT_LIST_ROLES), only where the
school has named no role yet. Each list is still sent only to users who may read it.
"""

import frappe

from attendance_officer.install import set_default_list_roles


def execute():
	if not frappe.db.get_singles_dict("Attendance Settings"):
		return  # seed_settings names them when it first stores the settings
	settings = frappe.get_single("Attendance Settings")
	if set_default_list_roles(settings):
		settings.save(ignore_permissions=True)
