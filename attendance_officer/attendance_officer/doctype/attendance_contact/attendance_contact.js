// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.ui.form.on("Attendance Contact", {
	setup(frm) {
		frm.set_query("guardian", () => ({
			query: "attendance_officer.absence.api.guardian_query",
			filters: { student: frm.doc.student },
		}));
	},
	refresh(frm) {
		if (
			!frm.is_new() &&
			frm.doc.outcome === "Reason given" &&
			!frm.doc.absence_record &&
			frappe.model.can_create("Absence Record")
		) {
			frm.add_custom_button(__("Create Absence Record"), () => {
				frappe
					.call({
						method: "attendance_officer.absence.api.make_absence_record",
						type: "POST",
						args: { contact: frm.doc.name },
						freeze: true,
					})
					.then((r) => frappe.set_route("Form", "Absence Record", r.message));
			}).addClass("btn-primary");
		}
		if (frm.doc.absence_record) {
			frm.add_custom_button(__("Open Absence Record"), () =>
				frappe.set_route("Form", "Absence Record", frm.doc.absence_record)
			);
		}
	},
	student(frm) {
		if (frm.doc.guardian) frm.set_value("guardian", null);
	},
});
