// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Penalty Notice Threshold"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "year_group", label: __("Year Group"), fieldtype: "Data" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.section === "past_age" && column.fieldname === "student_name") {
			return `<span class="text-muted">${value}</span>`;
		}
		return value;
	},
};
