// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Census Attendance Return"] = {
	filters: [
		{
			fieldname: "census",
			label: __("Census"),
			fieldtype: "Select",
			options: [
				{ value: "spring", label: __("Spring (1 August to 31 December before)") },
				{ value: "summer", label: __("Summer (1 January to Easter Sunday)") },
				{ value: "autumn", label: __("Autumn (Easter Monday to 31 July, two parts)") },
			],
			default: "spring",
			reqd: 1,
		},
		{ fieldname: "year", label: __("Census Year"), fieldtype: "Int", default: new Date().getFullYear(), reqd: 1 },
		{
			fieldname: "spring_bank_holiday",
			label: __("Spring Bank Holiday"),
			fieldtype: "Date",
			depends_on: "eval:doc.census == 'autumn'",
			description: __("Autumn census only, when it was not the last Monday in May"),
		},
		{
			fieldname: "year_group",
			label: __("Year Group"),
			fieldtype: "Select",
			options: ["", "7", "8", "9", "10", "11", "12", "13"],
		},
		{ fieldname: "registration_group", label: __("Registration Group"), fieldtype: "Link", options: "Student Group" },
		{
			fieldname: "flag_reason",
			label: __("Export Flagged Because"),
			fieldtype: "Data",
			description: __("Only to export while rows are still to resolve: say why (it is logged)"),
		},
	],
	onload(report) {
		// The export itself is checked on the server too (reporting.returns.export_query).
		report.page.add_inner_button(__("Check and Export"), () => {
			frappe
				.call({
					method: "attendance_officer.reporting.returns.check_export",
					args: { report_name: "Census Attendance Return", filters: report.get_filter_values() },
				})
				.then(({ message }) => {
					if (!message) return;
					if (message.flagged) {
						frappe.show_alert({
							message: __("{0} row(s) will be exported flagged, with your reason logged.", [message.flagged]),
							indicator: "orange",
						});
					}
					report.export_report();
				});
		});
	},
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		if (!data || !data.student) return formatted;
		if (column.fieldname === "problems" && value) return `<span class="text-danger">${formatted}</span>`;
		if (column.fieldname === "possible" || (column.fieldtype === "Int" && column.fieldname !== "part")) {
			return attendance_officer.explain_link(formatted, {
				student: data.student,
				from_date: data.from_date,
				to_date: data.to_date,
				rule: "census",
			});
		}
		return formatted;
	},
};
