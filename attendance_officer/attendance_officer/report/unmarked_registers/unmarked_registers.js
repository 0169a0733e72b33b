// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Unmarked Registers"] = {
	filters: [
		{
			fieldname: "date",
			label: __("Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "session",
			label: __("Session"),
			fieldtype: "Select",
			options: ["", "AM", "PM"],
		},
		{
			fieldname: "student_group",
			label: __("Registration Group"),
			fieldtype: "Link",
			options: "Student Group",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "student_group" && data) {
			const filters = frappe.query_report.get_filter_values();
			const route = `/app/take-register?student_group=${encodeURIComponent(data.student_group)}` +
				`&date=${encodeURIComponent(filters.date || "")}&session=${encodeURIComponent(data.session)}`;
			value += ` <a href="${route}" class="small">${__("Take register")}</a>`;
		}
		return value;
	},
};
