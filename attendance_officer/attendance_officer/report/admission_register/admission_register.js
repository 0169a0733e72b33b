// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Admission Register"] = {
	filters: [
		{ fieldname: "as_on", label: __("On"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "year_group", label: __("Year"), fieldtype: "Select", options: ["", "7", "8", "9", "10", "11", "12", "13"] },
		{ fieldname: "include_left", label: __("Include Pupils Deleted from Roll"), fieldtype: "Check" },
		{ fieldname: "missing_only", label: __("Only Entries with Particulars Missing"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		return column.fieldname === "missing" && value ? `<span class="text-danger">${formatted}</span>` : formatted;
	},
	onload(report) {
		// The register's printable copy (PDF) on the date chosen, leavers' entries kept in it.
		report.page.add_inner_button(__("Printable Copy (PDF)"), () => {
			const f = report.get_values() || {};
			const args = new URLSearchParams({ as_on: f.as_on || "", include_left: 1 });
			window.open(`/api/method/attendance_officer.reporting.admission.download?${args}`);
		});
	},
};
