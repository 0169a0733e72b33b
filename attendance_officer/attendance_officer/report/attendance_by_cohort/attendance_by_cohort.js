// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Attendance by Cohort"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", description: __("Blank: the start of the academic year") },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{
			fieldname: "age_group",
			label: __("Pupils"),
			fieldtype: "Select",
			default: "compulsory",
			options: [
				{ value: "compulsory", label: __("Compulsory school age (as the national figures)") },
				{ value: "sixth_form", label: __("Sixth form") },
				{ value: "all", label: __("All pupils on roll") },
			],
		},
		{
			fieldname: "year_group",
			label: __("Year Group"),
			fieldtype: "Select",
			options: ["", "7", "8", "9", "10", "11", "12", "13"],
		},
		{ fieldname: "registration_group", label: __("Registration Group"), fieldtype: "Link", options: "Student Group" },
	],
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		if (data && data.suppressed && column.fieldname !== "dimension" && column.fieldname !== "cohort" && column.fieldname !== "pupils_text") {
			return `<span class="text-muted" title="${__("Withheld: fewer than 5 pupils")}">*</span>`;
		}
		return formatted;
	},
};
