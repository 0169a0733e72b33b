"""Education's Student form, extended: the pupil's register marks among its connections.

Wired in hooks.py as ``override_doctype_dashboards["Student"]``; Education's
student_dashboard.py (version-15) already has an "Attendance" group, to which we add
Attendance Mark (each mark shows its amendment trail; the Register Amendments report
lists a pupil's whole trail).
"""

from __future__ import annotations

from frappe import _


def get_data(data: dict) -> dict:
	for group in data.setdefault("transactions", []):
		if group.get("label") == _("Attendance"):
			if "Attendance Mark" not in group["items"]:
				group["items"].append("Attendance Mark")
			return data
	data["transactions"].append({"label": _("Attendance"), "items": ["Attendance Mark"]})
	return data
