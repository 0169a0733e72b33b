// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["New Pupil Return"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.month_start() },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		return data && data.overdue && column.fieldname === "due" ? `<span class="text-danger">${formatted}</span>` : formatted;
	},
};
