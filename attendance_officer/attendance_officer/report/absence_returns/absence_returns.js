// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Absence Returns"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.month_start(), -1) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.month_start(), -1) },
		{
			fieldname: "kind",
			label: __("Return"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("Both") },
				{ value: "unauthorised", label: __("10 days unauthorised") },
				{ value: "sickness", label: __("15 days sickness") },
			],
		},
	],
};
