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
		if (frm.doc.docstatus === 1 && frm.has_perm("write")) {
			const kinds = ["Support Meeting Minutes"];
			if (frm.doc.meeting_type === "Attendance contract") kinds.push("Attendance Contract");
			for (const kind of kinds) {
				frm.add_custom_button(
					__("Send {0}", [__(kind)]),
					() =>
						frappe.confirm(
							__("Send the {0} to the parent or carer who came? It is e-mailed when they prefer e-mail, otherwise logged as posted.", [__(kind)]),
							() =>
								frappe
									.call({
										method: "attendance_officer.letters.support.send_meeting_letter",
										type: "POST",
										args: { name: frm.doc.name, kind },
										freeze: true,
									})
									.then((r) =>
										frappe.show_alert({
											message: r.message.emailed ? __("{0} e-mailed and logged.", [__(kind)]) : __("{0} logged.", [__(kind)]),
											indicator: "green",
										})
									)
						),
					__("Letters")
				);
			}
		}
		if (frm.doc.docstatus === 1 && frm.doc.band) {
			frm.dashboard.add_indicator(
				__("On the day: {0}% ({1})", [frm.doc.attendance_percent, frm.doc.band]),
				frm.doc.attendance_percent >= 95 ? "green" : "orange"
			);
		}
	},
});
