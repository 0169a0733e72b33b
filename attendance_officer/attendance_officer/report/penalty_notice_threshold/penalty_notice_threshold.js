// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Penalty Notice Threshold"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "year_group", label: __("Year Group"), fieldtype: "Data" },
	],
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "start_referral" && data && data.start_referral) {
			// Only pupils of compulsory school age are offered a referral (the server checks again).
			return `<button class="btn btn-xs btn-default ao-start-referral"
				data-student="${frappe.utils.escape_html(data.student)}"
				data-from="${frappe.utils.escape_html(String(data.window_start || ""))}"
				data-to="${frappe.utils.escape_html(String(data.met_on || ""))}">${__("Start referral")}</button>`;
		}
		value = default_formatter(value, row, column, data);
		if (data && data.section === "past_age" && column.fieldname === "student_name") {
			return `<span class="text-muted">${value}</span>`;
		}
		return value;
	},
	onload(report) {
		// The window's sessions go with the referral: it captures them from the register on save.
		$(report.page.wrapper).on("click", ".ao-start-referral", function () {
			frappe.new_doc("Penalty Notice Referral", {
				student: $(this).attr("data-student"),
				basis: "Threshold of unauthorised absence",
				sessions_from: $(this).attr("data-from"),
				sessions_to: $(this).attr("data-to"),
			});
		});
	},
};
