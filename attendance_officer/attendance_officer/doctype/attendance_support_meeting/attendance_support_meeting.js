// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// Attendees are the pupil's own guardians or staff; actions go to staff, who get a reminder.
const STAFF = () => ({ filters: { user_type: "System User", enabled: 1 } });

frappe.ui.form.on("Attendance Support Meeting", {
	setup(frm) {
		frm.set_query("guardian", "attendees", () => ({
			query: "attendance_officer.leave.api.guardians_of_pupil",
			filters: { student: frm.doc.student || "" },
		}));
		frm.set_query("user", "attendees", STAFF);
		frm.set_query("assigned_to", "actions", STAFF);
		frm.set_query("led_by", STAFF);
	},
	refresh(frm) {
		if (frm.doc.docstatus === 1 && frm.doc.band) {
			frm.dashboard.add_indicator(
				__("On the day: {0}% ({1})", [frm.doc.attendance_percent, frm.doc.band]),
				frm.doc.attendance_percent >= 95 ? "green" : "orange"
			);
		}
	},
});
