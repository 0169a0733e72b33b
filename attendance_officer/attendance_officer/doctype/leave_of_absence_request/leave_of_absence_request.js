// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.ui.form.on("Leave of Absence Request", {
	setup(frm) {
		// Only guardians recorded for the pupil; the server checks that the pupil lives with them.
		frm.set_query("guardian", () => ({
			query: "attendance_officer.leave.api.guardians_of_pupil",
			filters: { student: frm.doc.student || "" },
		}));
	},
	refresh(frm) {
		const decider = frappe.user.has_role("Head of Year") || frappe.user.has_role("Headteacher");
		const open = ["Submitted", "Under Review", "Awaiting Decision"].includes(frm.doc.status);
		if (open && frm.doc.docstatus === 0 && decider) {
			frm.add_custom_button(__("Decide"), () => decide(frm)).addClass("btn-primary");
		}
		const correctable = open || ["Approved", "Partly Approved", "Declined"].includes(frm.doc.status);
		if (correctable && decider && frm.doc.docstatus < 2) {
			frm.add_custom_button(__("Correct Reason"), () => correct_reason(frm));
		}
		if (frm.doc.docstatus === 1 && frm.doc.status === "Declined" && !frm.doc.taken_anyway) {
			frm.add_custom_button(__("Mark Taken as G"), () => {
				frappe.confirm(
					__("Mark every blank or N session of this request as G (holiday not granted)?"),
					() =>
						frappe
							.call({
								method: "attendance_officer.attendance_officer.doctype.leave_of_absence_request.leave_of_absence_request.mark_declined_leave_taken",
								type: "POST",
								args: { name: frm.doc.name },
							})
							.then((r) => {
								frappe.show_alert({
									message: __("{0} sessions marked G.", [r.message.marked]),
									indicator: "orange",
								});
								frm.reload_doc();
							})
				);
			});
		}
	},
});

// The decider corrects the reason; the server keeps the parent's own words beside it.
function correct_reason(frm) {
	frappe.prompt(
		{
			fieldname: "reason",
			fieldtype: "Small Text",
			label: __("Reason"),
			reqd: 1,
			default: frm.doc.reason,
			description: __("The parent's own words are kept on the request."),
		},
		(values) =>
			frappe
				.call({
					method: "attendance_officer.attendance_officer.doctype.leave_of_absence_request.leave_of_absence_request.correct_reason",
					type: "POST",
					args: { name: frm.doc.name, reason: values.reason },
				})
				.then(() => frm.reload_doc()),
		__("Correct the reason"),
		__("Save")
	);
}

// One dialog for the decision, the note (required to decline) and the approved end (partly approved).
function decide(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Decide leave request {0}", [frm.doc.name]),
		fields: [
			{
				fieldname: "decision",
				fieldtype: "Select",
				label: __("Decision"),
				options: ["Approved", "Partly approved", "Declined"],
				reqd: 1,
			},
			{
				fieldname: "approved_to_date",
				fieldtype: "Date",
				label: __("Approved To Date"),
				depends_on: "eval:doc.decision === 'Partly approved'",
				mandatory_depends_on: "eval:doc.decision === 'Partly approved'",
			},
			{
				fieldname: "approved_to_session",
				fieldtype: "Select",
				label: __("Approved To Session"),
				options: ["AM", "PM"],
				depends_on: "eval:doc.decision === 'Partly approved'",
				mandatory_depends_on: "eval:doc.decision === 'Partly approved'",
			},
			{
				fieldname: "decision_note",
				fieldtype: "Small Text",
				label: __("Decision Note"),
				description: __("Quoted in the letter to the parent. Required to decline."),
				mandatory_depends_on: "eval:doc.decision === 'Declined'",
			},
		],
		primary_action_label: __("Record Decision"),
		primary_action(values) {
			frappe
				.call({
					method: "attendance_officer.attendance_officer.doctype.leave_of_absence_request.leave_of_absence_request.decide",
					type: "POST",
					args: { name: frm.doc.name, ...values },
				})
				.then(() => {
					dialog.hide();
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}
