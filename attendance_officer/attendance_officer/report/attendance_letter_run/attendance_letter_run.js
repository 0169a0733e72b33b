// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// Tick the letters to send; untick any the ladder proposed that should not go. One pupil may
// be sent a different letter, with a reason (logged on the letter).
const LADDER = ["Stage 1", "Stage 2", "Stage 3", "Medical Evidence Request", "Improvement"];

function ticked(report) {
	return report.datatable.rowmanager.getCheckedRows().map((i) => report.data[i]);
}

function send(report, selection) {
	frappe
		.call({
			method: "attendance_officer.letters.ladder.send_letter_run",
			type: "POST",
			args: { selection, on: report.get_filter_value("on"), from_date: report.get_filter_value("from_date") },
			freeze: selection.length <= 200,
			freeze_message: __("Preparing {0} letters...", [selection.length]),
		})
		.then(({ message }) => {
			if (message.queued) {
				frappe.msgprint(__("{0} letters are being prepared in the background; you will be told when they are ready.", [message.count]));
				return;
			}
			const parts = [__("{0} letters sent and logged.", [message.sent.length])];
			if (message.merged_pdf) {
				parts.push(`<a href="${encodeURI(message.merged_pdf)}" target="_blank">${__("Open the letters to post (one PDF)")}</a>`);
			}
			if (message.skipped.length) {
				parts.push(__("Not sent:"));
				parts.push(message.skipped.map((s) => `${frappe.utils.escape_html(s.student_name)}: ${frappe.utils.escape_html(s.reason)}`).join("<br>"));
			}
			frappe.msgprint(parts.join("<br>"), __("Letter run"));
			report.refresh();
		});
}

frappe.query_reports["Attendance Letter Run"] = {
	filters: [
		{ fieldname: "from_date", label: __("Figures From"), fieldtype: "Date", description: __("Blank: the start of the academic year") },
		{ fieldname: "on", label: __("To"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "year_groups", label: __("Year Groups"), fieldtype: "Data", description: __("For example: 7, 8, 9") },
		{
			fieldname: "bands",
			label: __("Bands"),
			fieldtype: "MultiSelect",
			options: ["severe", "persistent", "at_risk", "concern", "expected"],
		},
		{ fieldname: "show_all", label: __("Show Pupils With No Letter Due"), fieldtype: "Check" },
	],
	get_datatable_options(options) {
		return Object.assign(options, { checkboxColumn: true });
	},
	onload(report) {
		report.page.add_inner_button(__("Send Ticked Letters"), () => {
			const rows = ticked(report).filter((r) => r.letter);
			if (!rows.length) return frappe.msgprint(__("Tick the letters to send first."));
			frappe.confirm(__("Send {0} letters? Each is logged; e-mail goes to parents who prefer it, the rest are merged into one PDF to post.", [rows.length]), () =>
				send(report, rows.map((r) => ({ student: r.student, letter: r.letter })))
			);
		});
		report.page.add_inner_button(__("Send a Different Letter"), () => {
			const rows = ticked(report);
			if (rows.length !== 1) return frappe.msgprint(__("Tick exactly one pupil."));
			const row = rows[0];
			frappe.prompt(
				[
					{ fieldname: "letter", label: __("Letter"), fieldtype: "Select", options: LADDER, reqd: 1 },
					{ fieldname: "override_reason", label: __("Why this letter instead of the ladder's?"), fieldtype: "Small Text", reqd: 1 },
				],
				(values) => send(report, [{ student: row.student, letter: values.letter, override_reason: values.override_reason }]),
				__("{0}: the ladder proposes {1}", [row.student_name, row.letter || __("no letter")])
			);
		});
		frappe.realtime.on("attendance_letter_run_done", (message) =>
			frappe.msgprint(__("The background letter run is done: {0} letters sent.", [message.sent.length]))
		);
		frappe.realtime.on("attendance_letter_run_failed", (message) =>
			frappe.msgprint({
				title: __("The letter run stopped"),
				indicator: "red",
				message: __("Nothing was sent. {0}", [frappe.utils.escape_html(message.message || "")]),
			})
		);
	},
};
