// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.ui.form.on("Attendance Bulk Mark", {
	setup(frm) {
		frm.set_query("attendance_code", () => ({
			filters: { name: ["in", ["V", "P", "W", "K", "B", "#", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7"]] },
		}));
		frm.set_query("student_group", () => ({ filters: { group_based_on: "Batch" } }));
	},
});
