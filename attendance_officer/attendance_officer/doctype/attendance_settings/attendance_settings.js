// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// Every rule on this form is checked on the server (attendance_settings.py).
frappe.ui.form.on("Attendance Settings", {
	refresh(frm) {
		// The packs as they would be sent today (reporting.packs.download_pack: Attendance Officer, Headteacher).
		if (!frappe.user.has_role(["Attendance Officer", "Headteacher", "System Manager"])) return;
		for (const [pack, label] of [
			["slt", __("SLT Pack")],
			["governors", __("Governors' Summary")],
		]) {
			frm.add_custom_button(
				label,
				() => window.open(`/api/method/attendance_officer.reporting.packs.download_pack?pack=${pack}`),
				__("Preview")
			);
		}
	},
});
