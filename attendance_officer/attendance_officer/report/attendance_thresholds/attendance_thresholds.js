// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Attendance Thresholds"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", description: __("Blank: the start of the academic year") },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "compare_to", label: __("Change Since"), fieldtype: "Date", description: __("Blank: 4 weeks before To Date") },
		{
			fieldname: "year_group",
			label: __("Year Group"),
			fieldtype: "Select",
			options: ["", "7", "8", "9", "10", "11", "12", "13"],
		},
		{ fieldname: "registration_group", label: __("Registration Group"), fieldtype: "Link", options: "Student Group" },
		{
			fieldname: "band",
			label: __("Band"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "severe", label: __("Severe absence") },
				{ value: "persistent", label: __("Persistent absence") },
				{ value: "at_risk", label: __("At risk") },
				{ value: "concern", label: __("Concern") },
				{ value: "expected", label: __("Expected") },
			],
		},
		{
			fieldname: "cohort",
			label: __("Cohort"),
			fieldtype: "Select",
			// The server refuses the sensitive cohorts to users who may not read those flags.
			options: [
				"",
				{ value: "FSM", label: __("FSM") },
				{ value: "Pupil premium", label: __("Pupil premium") },
				{ value: "SEN (support or EHC plan)", label: __("SEN (support or EHC plan)") },
				{ value: "SEN support", label: __("SEN support") },
				{ value: "EHC plan", label: __("EHC plan") },
				{ value: "Child looked after", label: __("Child looked after") },
				{ value: "Child in need", label: __("Child in need") },
				{ value: "Child protection plan", label: __("Child protection plan") },
			],
		},
	],
	onload(report) {
		attendance_officer.hide_sensitive_cohorts(report);
	},
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		if (!data || !data.student) return formatted;
		const range = {
			student: data.student,
			from_date: frappe.query_report.get_filter_value("from_date"),
			to_date: frappe.query_report.get_filter_value("to_date"),
		};
		if (column.fieldname === "band") {
			return attendance_officer.explain_link(formatted, { ...range, rule: "band" });
		}
		if (column.fieldname === "attendance") {
			return attendance_officer.explain_link(formatted, { ...range, rule: "attendance" });
		}
		if (column.fieldname === "best_possible" || column.fieldname === "to_leave_pa") {
			return attendance_officer.explain_link(formatted, { ...range, rule: "projection" });
		}
		return formatted;
	},
};
