// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// The legal route's documents: each is printed from its print format, e-mailed or logged as
// posted, and kept as an Attendance Letter with the figures it quoted (letters/penalty.py).
const LETTERS = {
	"Notice to Improve": {
		label: __("Send Notice to Improve"),
		ready: (doc) => doc.status === "Notice to Improve",
		ask: (doc) =>
			__("Send the Notice to Improve to {0}? It is e-mailed when they prefer e-mail, otherwise logged as posted.", [
				frappe.utils.escape_html(doc.guardian_name || doc.guardian),
			]),
	},
	"LA Evidence Pack": {
		label: __("Send Evidence Pack to LA"),
		ready: (doc) => ["Referred to LA", "Issued", "Unpaid", "Prosecution"].includes(doc.status),
		ask: (doc) =>
			__("Send the evidence pack for {0} to the local authority's e-mail in Attendance Settings?", [
				frappe.utils.escape_html(doc.student_name || doc.student),
			]),
	},
	"Witness Statement": {
		label: __("Prepare Witness Statement"),
		ready: (doc) => ["Unpaid", "Prosecution"].includes(doc.status),
		ask: (doc) =>
			__("Prepare the draft witness statement for {0}'s unpaid notice? It is logged as handed to the witness to check and sign.", [
				frappe.utils.escape_html(doc.student_name || doc.student),
			]),
	},
};

frappe.ui.form.on("Penalty Notice Referral", {
	setup(frm) {
		// Only the pupil's guardians; the server checks parental responsibility.
		frm.set_query("guardian", () => ({
			query: "attendance_officer.leave.api.guardians_of_pupil",
			filters: { student: frm.doc.student || "" },
		}));
		// Only this pupil's meetings whose minutes are submitted; the server checks it too.
		frm.set_query("support_meetings", () => ({
			filters: { student: frm.doc.student || "", docstatus: 1 },
		}));
	},
	refresh(frm) {
		if (frm.doc.docstatus !== 1 || !frm.has_perm("write")) return;
		for (const [kind, letter] of Object.entries(LETTERS)) {
			if (!letter.ready(frm.doc)) continue;
			frm.add_custom_button(
				letter.label,
				() =>
					frappe.confirm(letter.ask(frm.doc), () =>
						frappe
							.call({
								method: "attendance_officer.letters.penalty.send_referral_letter",
								type: "POST",
								args: { name: frm.doc.name, kind },
								freeze: true,
								freeze_message: __("Preparing the letter..."),
							})
							.then((r) => {
								frappe.show_alert({
									message: r.message.emailed ? __("{0} e-mailed and logged.", [__(kind)]) : __("{0} logged.", [__(kind)]),
									indicator: "green",
								});
								frm.reload_doc();
							})
					),
				__("Letters")
			);
		}
	},
});
