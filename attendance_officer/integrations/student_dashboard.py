"""Education's Student form, extended: the pupil's attendance casework among its connections.

Wired in hooks.py as ``override_doctype_dashboards["Student"]``; Education's
student_dashboard.py (version-15) already has an "Attendance" group (Student Attendance,
Student Leave Application) and links on ``student``, as every record of ours does. We add
to it, never replace it: Attendance Mark to Education's group (each mark shows its
amendment trail), and a group of the attendance team's records about the pupil. Each link
counts only what the user may read: Frappe counts with get_all, so security.get_open_count
counts our records again as the user lists them.
"""

from __future__ import annotations

from frappe import _

MARKS = "Attendance Mark"
CASEWORK = [
	"Attendance Support Meeting",
	"Attendance Letter",
	"Attendance Contact",
	"Absence Record",
	"Leave of Absence Request",
	"Penalty Notice Referral",
	"CME Enquiry",
	"Roll Deletion",
]


def get_data(data: dict) -> dict:
	transactions = data.setdefault("transactions", [])
	attendance = next((g for g in transactions if g.get("label") == _("Attendance")), None)
	if attendance is None:
		attendance = {"label": _("Attendance"), "items": []}
		transactions.append(attendance)
	if MARKS not in attendance["items"]:
		attendance["items"].append(MARKS)
	if not any(g.get("label") == _("Attendance Casework") for g in transactions):
		transactions.append({"label": _("Attendance Casework"), "items": list(CASEWORK)})
	return data
