"""Install, migrate and uninstall steps (wired in hooks.py). Every step is safe to re-run.

Order on install (frappe/installer.py install_app): doctypes are synced, then
``after_install`` runs, then fixtures (our roles, custom fields, codes) are imported, then
``after_sync`` runs. On ``bench migrate`` (frappe/migrate.py) fixtures are imported before
``after_migrate``. Rules naming our roles therefore wait for after_sync.
"""

from __future__ import annotations

import frappe

from attendance_officer.absence.setup import grant_guardian_access, revoke_guardian_access
from attendance_officer.setup.permissions import (
	STUDENT_GROUP_ACCESS,
	grant_field_access,
	revoke_field_access,
)


def after_install() -> None:
	seed_settings()


def after_sync() -> None:
	grant_field_access()
	grant_guardian_access()
	grant_field_access(STUDENT_GROUP_ACCESS)


def after_migrate() -> None:
	# Field access is granted once, on install: the rules then belong to the school, which
	# may change them in the Role Permission Manager without a migrate putting them back.
	seed_settings()
	store_new_setting_defaults()
	drop_fractions_of_seconds()


def before_uninstall() -> None:
	revoke_field_access(STUDENT_GROUP_ACCESS)
	revoke_guardian_access()
	revoke_field_access()


def seed_settings() -> None:
	"""Store Attendance Settings with its defaults once, so get_single_value sees them.

	A Single that was never saved has no rows in tabSingles: the form shows the JSON
	defaults but ``frappe.db.get_single_value`` returns None. Saved settings belong to the
	school and are never overwritten.
	"""
	if frappe.db.get_singles_dict("Attendance Settings"):
		return
	settings = frappe.get_single("Attendance Settings")
	# frappe.model.create_new.set_dynamic_default_values fills every Time field of a new
	# document with the current time, whatever its default; the register times must be
	# the defaults the JSON declares (08:30-09:00, 13:15-13:45), not the install time.
	settings.update(declared_times())
	set_default_list_roles(settings)
	settings.save(ignore_permissions=True)


# Who gets the daily lists on a new install (the school changes it in Attendance Settings).
DEFAULT_LIST_ROLES = {
	"dsl_list_roles": ("Designated Safeguarding Lead",),
	"pastoral_list_roles": ("Attendance Officer", "Head of Year"),
}


def set_default_list_roles(settings) -> bool:
	"""Name the daily lists' roles where the school has named none; True when any was set."""
	changed = False
	for fieldname, roles in DEFAULT_LIST_ROLES.items():
		if not settings.get(fieldname):
			settings.set(fieldname, [{"role": role} for role in roles])
			changed = True
	return changed


def store_new_setting_defaults() -> list[str]:
	"""Store the declared default of each Attendance Settings field that has no stored value.

	A field added by an upgrade has no row in tabSingles on a site whose settings were saved
	before: the document then loads it as 0 or blank, the next save of the settings is
	refused (a count below its minimum), and the rules core reads 0. Only missing rows are
	written; a value the school stored, even blank, is kept. Returns the fields stored.
	"""
	stored = frappe.db.get_singles_dict("Attendance Settings")
	if not stored:
		return []
	missing = [
		f
		for f in frappe.get_meta("Attendance Settings").fields
		if f.default and f.fieldname not in stored and f.fieldtype not in ("Section Break", "Column Break")
	]
	for field in missing:
		frappe.db.set_single_value("Attendance Settings", field.fieldname, field.default)
	if missing:
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")
	return [f.fieldname for f in missing]


def declared_times() -> dict[str, str]:
	"""Each Time field of Attendance Settings with the default its JSON declares."""
	meta = frappe.get_meta("Attendance Settings")
	return {f.fieldname: f.default for f in meta.get("fields", {"fieldtype": "Time"}) if f.default}


def reset_install_time_register_times() -> bool:
	"""Set the declared register times where every one holds the same moment (the install's).

	Returns whether anything was changed. Times a school has set differ from each other
	(a register cannot close the moment it opens) and are never touched.
	"""
	from frappe.utils import get_time

	declared = declared_times()
	stored = frappe.db.get_singles_dict("Attendance Settings")
	if not all(stored.get(fieldname) for fieldname in declared):
		return False
	seconds = [t.hour * 3600 + t.minute * 60 + t.second for t in (get_time(stored[f]) for f in declared)]
	# One install fills them within milliseconds of each other; allow a clock tick between.
	if max(seconds) - min(seconds) > 1:
		return False
	for fieldname, default in declared.items():
		frappe.db.set_single_value("Attendance Settings", fieldname, default)
	frappe.clear_document_cache("Attendance Settings", "Attendance Settings")
	return True


def drop_fractions_of_seconds() -> list[str]:
	"""Store each register time as HH:MM:SS; returns the fields changed.

	The desk's Time control shows whole seconds, so a stored "08:30:00.402117" differs from
	what the form displays and the form opens "Not Saved" (issue 11 item 10).
	"""
	from attendance_officer.attendance_officer.doctype.attendance_settings.attendance_settings import (
		whole_seconds,
	)

	stored = frappe.db.get_singles_dict("Attendance Settings")
	changed = []
	for fieldname in declared_times():
		value = stored.get(fieldname)
		if value and "." in str(value):
			frappe.db.set_single_value("Attendance Settings", fieldname, whole_seconds(value))
			changed.append(fieldname)
	if changed:
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")
	return changed
