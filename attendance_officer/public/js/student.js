// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// Education's Student form, extended: the pupil's overdue support actions, linked to the report.
frappe.ui.form.on("Student", {
	refresh(frm) {
		if (frm.is_new()) return;
		frappe
			.call({
				method: "attendance_officer.support.actions.overdue_for_student",
				args: { student: frm.doc.name },
			})
			.then(({ message }) => {
				if (!message || !message.count) return;
				frm.dashboard.set_headline_alert(
					`<a href="/app/query-report/Overdue Support Actions?student=${encodeURIComponent(frm.doc.name)}">${frappe.utils.escape_html(
						message.message
					)}</a>`,
					"red"
				);
			});
	},
});
