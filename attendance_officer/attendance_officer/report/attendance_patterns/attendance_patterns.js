// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Attendance Patterns"] = {
	filters: [
		{
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			options: [
				{ value: "Weekday and Session", label: __("Weekday and Session") },
				{ value: "Pupils by Weekday", label: __("Pupils by Weekday") },
				{ value: "Next to Holidays and Weekends", label: __("Next to Holidays and Weekends") },
				{ value: "Punctuality", label: __("Punctuality") },
			],
			default: "Weekday and Session",
			reqd: 1,
		},
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", description: __("Blank: the start of the academic year") },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{
			fieldname: "year_group",
			label: __("Year Group"),
			fieldtype: "Select",
			options: ["", "7", "8", "9", "10", "11", "12", "13"],
		},
		{ fieldname: "registration_group", label: __("Registration Group"), fieldtype: "Link", options: "Student Group" },
		{ fieldname: "student", label: __("Pupil"), fieldtype: "Link", options: "Student" },
	],
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		// A pupil's figures open the sessions they count and the rule.
		if (!data || !data.student || !["Percent", "Int"].includes(column.fieldtype)) return formatted;
		const view = frappe.query_report.get_filter_value("view");
		return attendance_officer.explain_link(formatted, {
			student: data.student,
			from_date: frappe.query_report.get_filter_value("from_date"),
			to_date: frappe.query_report.get_filter_value("to_date"),
			rule: view === "Punctuality" ? "punctuality" : "pattern",
		});
	},
};
