"""Who may see the pupil fields we add to Education's Student.

SEN and safeguarding fields sit on permission level 1 (fixtures/custom_field.json); only
the roles below may read them. The rows are Custom DocPerms, added here in code on
install (after_sync) instead of shipped as Custom DocPerm fixtures: fixture import
deletes and re-inserts rows by name, and Custom DocPerm names are random hashes, so such a
fixture would duplicate rules on every site that already had one for the same role and
level. This function is idempotent: it adds a missing rule and switches on a missing
right, and never removes anything a school has granted since.

Frappe refuses a level-1 rule for a role with no level-0 rule on the same doctype
(frappe/core/doctype/doctype/doctype.py, check_level_zero_is_set), so every role gets a
level-0 rule first. The first rule added copies Student's standard rules into Custom
DocPerm (frappe/permissions.py, setup_custom_perms), exactly as the Role Permission
Manager does when a school edits Student's permissions by hand.

Nothing here imports frappe at module level: tests/test_metadata.py reads FIELD_ACCESS
without a bench.
"""

from __future__ import annotations

from typing import NamedTuple

# Permission level of the SEN and safeguarding fields on Student.
SAFEGUARDING_PERMLEVEL = 1


class FieldAccess(NamedTuple):
	doctype: str
	role: str
	permlevel: int
	rights: tuple[str, ...]


FIELD_ACCESS: tuple[FieldAccess, ...] = (
	# Level 0: open Student records (the attendance team keeps UPN, year, admission date).
	FieldAccess("Student", "Attendance Officer", 0, ("read", "write")),
	FieldAccess("Student", "Head of Year", 0, ("read",)),
	FieldAccess("Student", "Headteacher", 0, ("read",)),
	FieldAccess("Student", "Designated Safeguarding Lead", 0, ("read",)),
	# Level 1: SEN status, CLA / CIN / CP flags, young carer, social worker contact.
	FieldAccess("Student", "Attendance Officer", SAFEGUARDING_PERMLEVEL, ("read", "write")),
	FieldAccess("Student", "Headteacher", SAFEGUARDING_PERMLEVEL, ("read",)),
	FieldAccess("Student", "Designated Safeguarding Lead", SAFEGUARDING_PERMLEVEL, ("read", "write")),
)


# The attendance staff roles that Education's own permissions do not know.
STAFF_ROLES = ("Attendance Officer", "Head of Year", "Headteacher", "Designated Safeguarding Lead")

# Level 0 read on Education's registration groups. First Day Calling, Unmarked Registers and
# the Fire Register filter and link on Student Group, the Attendance Bulk Mark form picks
# one, and the desk resolves a link's title or search with a read check on the linked
# doctype (frappe/desk/search.py); Education v15 grants Student Group to Instructor and
# Academics User only.
STUDENT_GROUP_ACCESS: tuple[FieldAccess, ...] = tuple(
	FieldAccess("Student Group", role, 0, ("read",)) for role in STAFF_ROLES
)


def granted() -> list[tuple[str, str, int]]:
	"""(doctype, role, permlevel) of every rule grant_field_access makes, in order."""
	return [(access.doctype, access.role, access.permlevel) for access in FIELD_ACCESS]


def grant_field_access(accesses: tuple[FieldAccess, ...] = FIELD_ACCESS) -> None:
	"""Add each rule that is missing and switch on each right it lacks (safe to re-run)."""
	import frappe
	from frappe.permissions import add_permission, update_permission_property

	touched: set[str] = set()
	for access in accesses:
		key = {
			"parent": access.doctype,
			"role": access.role,
			"permlevel": access.permlevel,
			"if_owner": 0,
		}
		if not frappe.db.exists("Custom DocPerm", key):
			add_permission(access.doctype, access.role, access.permlevel)  # adds it with read
			touched.add(access.doctype)
		for right in access.rights:
			if not frappe.db.get_value("Custom DocPerm", key, right):
				update_permission_property(access.doctype, access.role, access.permlevel, right, 1)
				touched.add(access.doctype)
	for doctype in touched:
		frappe.clear_cache(doctype=doctype)


def revoke_field_access(accesses: tuple[FieldAccess, ...] = FIELD_ACCESS) -> None:
	"""Remove the rules grant_field_access adds (before the app is uninstalled)."""
	import frappe

	touched: set[str] = set()
	# Higher levels first, so a level-1 rule never outlives its role's level-0 rule.
	for access in sorted(accesses, key=lambda a: -a.permlevel):
		frappe.db.delete(
			"Custom DocPerm",
			{"parent": access.doctype, "role": access.role, "permlevel": access.permlevel},
		)
		touched.add(access.doctype)
	for doctype in touched:
		frappe.clear_cache(doctype=doctype)
