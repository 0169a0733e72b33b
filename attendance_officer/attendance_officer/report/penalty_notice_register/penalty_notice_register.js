// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Penalty Notice Register"] = {
	filters: [
		{ fieldname: "from_date", label: __("Issued From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Issued To"), fieldtype: "Date" },
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				"",
				"Draft",
				"Awaiting Authorisation",
				"Notice to Improve",
				"Referred to LA",
				"Issued",
				"Paid",
				"Unpaid",
				"Prosecution",
				"Closed",
				"Withdrawn",
			],
		},
	],
};
