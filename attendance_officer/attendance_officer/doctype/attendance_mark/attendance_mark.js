// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// A saved mark's code change needs a reason (the server refuses it without one too).
frappe.ui.form.on("Attendance Mark", {
	refresh(frm) {
		frm.__original_code = frm.doc.attendance_code;
		frm.set_df_property("amendment_reason", "reqd", 0);
		if (!frm.is_new()) {
			frm.add_custom_button(__("Amendment Trail"), () => {
				frappe.set_route("query-report", "Register Amendments", { student: frm.doc.student });
			});
		}
	},
	attendance_code(frm) {
		if (!frm.is_new()) {
			const changed = frm.doc.attendance_code !== frm.__original_code;
			frm.set_df_property("amendment_reason", "reqd", changed ? 1 : 0);
		}
	},
});
