// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Overdue Support Actions"] = {
	filters: [
		{ fieldname: "on", label: __("Overdue On"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "student", label: __("Pupil"), fieldtype: "Link", options: "Student" },
		{ fieldname: "year_group", label: __("Year Group"), fieldtype: "Data" },
		{
			fieldname: "assigned_to",
			label: __("Responsible"),
			fieldtype: "Link",
			options: "User",
			get_query: () => ({ filters: { user_type: "System User", enabled: 1 } }),
		},
	],
};
