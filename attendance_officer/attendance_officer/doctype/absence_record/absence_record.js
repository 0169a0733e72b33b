// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// The reason suggests the code (engine/absence.py REASON_CODES, kept in step by the server,
// which sets the code again when it is empty).
const AO_REASON_CODES = {
	Illness: "I",
	"Medical or dental appointment": "M",
	"Religious observance": "R",
	"Exceptional circumstances": "C",
	"Holiday not authorised": "G",
	Unknown: "O",
	Other: "O",
};

frappe.ui.form.on("Absence Record", {
	setup(frm) {
		// Absence codes only, without N and U (engine/absence.py RECORD_CODES; the server checks too).
		frm.set_query("attendance_code", () => ({
			filters: [
				["category", "in", ["Authorised Absence", "Unauthorised Absence"]],
				["name", "not in", ["N", "U"]],
			],
		}));
		frm.set_query("reported_by", () => ({
			query: "attendance_officer.absence.api.guardian_query",
			filters: { student: frm.doc.student },
		}));
	},
	onload(frm) {
		// A new record opens with the first reason selected: suggest its code at once.
		if (frm.is_new() && frm.doc.reason && !frm.doc.attendance_code) {
			frm.set_value("attendance_code", AO_REASON_CODES[frm.doc.reason]);
		}
	},
	reason(frm) {
		const code = AO_REASON_CODES[frm.doc.reason];
		if (code) frm.set_value("attendance_code", code);
	},
	student(frm) {
		if (frm.doc.reported_by) frm.set_value("reported_by", null);
	},
});
