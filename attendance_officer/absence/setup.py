"""Read access to Education's Guardian for the staff who record absences and contacts.

Absence Record.reported_by, Attendance Contact.guardian and the First Day Calling report
link to Guardian, and the desk checks "select" or "read" on the linked doctype before it
accepts a value (frappe/client.py validate_link). Education v15 grants Guardian to
Academics User only, so without these rules an attendance officer cannot name the parent
who rang. Added the same way, and as idempotently, as the Student field access
(setup.permissions.grant_field_access); nothing is written at import time.

To be called from install.after_sync next to grant_field_access() (install.py belongs to
the lead; see the report).
"""

from __future__ import annotations

from attendance_officer.setup.permissions import FieldAccess

GUARDIAN_ACCESS: tuple[FieldAccess, ...] = tuple(
	FieldAccess("Guardian", role, 0, ("read",))
	for role in ("Attendance Officer", "Head of Year", "Headteacher", "Designated Safeguarding Lead")
)


def grant_guardian_access() -> None:
	"""Give the attendance staff read access to Guardian records (safe to re-run)."""
	from attendance_officer.setup.permissions import grant_field_access

	grant_field_access(GUARDIAN_ACCESS)


def revoke_guardian_access() -> None:
	"""Remove the rules grant_guardian_access adds (before the app is uninstalled)."""
	from attendance_officer.setup.permissions import revoke_field_access

	revoke_field_access(GUARDIAN_ACCESS)
