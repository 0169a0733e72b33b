// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Register Amendments"] = {
	filters: [
		{ fieldname: "student", label: __("Student"), fieldtype: "Link", options: "Student" },
		{
			fieldname: "registration_group",
			label: __("Registration Group"),
			fieldtype: "Link",
			options: "Student Group",
		},
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
	],
};
