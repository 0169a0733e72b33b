"""Who may take, amend and unlock registers.

Source: the issue contract (registers) and Attendance Settings' amendment lock window
("Registers older than this many days can be amended only by an Attendance Officer";
the Headteacher, as the school's senior attendance champion, may too:
../shared/domain/uk-attendance-rules.md section 5, "Senior attendance champion").
"""

from __future__ import annotations

# May change a mark whose register is past the lock window.
UNLOCK_ROLES = frozenset({"Attendance Officer", "Headteacher"})

# May take or correct any registration group's register.
REGISTER_ROLES = frozenset({"Attendance Officer", "Headteacher", "Head of Year"})

# Receive the unmarked-register reminders alongside the group's tutor.
OFFICER_ROLES = frozenset({"Attendance Officer"})


def may_unlock(roles: set[str] | frozenset[str] | list[str]) -> bool:
	return bool(UNLOCK_ROLES & set(roles))
