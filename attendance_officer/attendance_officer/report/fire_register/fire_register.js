// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Fire Register"] = {
	filters: [
		{ fieldname: "date", label: __("Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "session", label: __("Session"), fieldtype: "Select", options: ["", "AM", "PM"] },
		{
			fieldname: "student_group",
			label: __("Registration Group"),
			fieldtype: "Link",
			options: "Student Group",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		// Pupils not yet marked may be on site: shown in red so nobody is missed.
		if (data && data.section === "unmarked" && data.student && column.fieldname === "student_name") {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		}
		return value;
	},
	onload(report) {
		report.page.add_inner_button(__("Print Fire Register"), () => report.print_report({}));
	},
};
