// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["First Day Calling"] = {
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
			options: ["AM", "PM"],
			default: "AM",
			reqd: 1,
		},
		{
			fieldname: "student_group",
			label: __("Registration Group"),
			fieldtype: "Link",
			options: "Student Group",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "log_contact" && data && data.student) {
			return `<button class="btn btn-xs btn-default ao-log-contact"
				data-student="${frappe.utils.escape_html(data.student)}"
				data-guardian="${frappe.utils.escape_html(data.guardian || "")}">${__("Log contact")}</button>`;
		}
		if (column.fieldname === "cme_enquiry" && data && data.student) {
			const esc = frappe.utils.escape_html;
			if (data.cme_enquiry) {
				return `<a href="/app/cme-enquiry/${encodeURIComponent(data.cme_enquiry)}">${esc(data.cme_enquiry)}</a>`;
			}
			if (data.cme_absent_since) {
				return `<button class="btn btn-xs btn-danger ao-open-cme" data-student="${esc(data.student)}"
					data-since="${esc(data.cme_absent_since)}">${__("Open CME enquiry")}</button>`;
			}
			return "";
		}
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "safeguarding" && data && data.safeguarding) {
			value = `<span class="indicator-pill red">${value}</span>`;
		}
		return value;
	},
	onload(report) {
		// Absent long enough without a reason: open the children-missing-education enquiry.
		$(report.page.wrapper).on("click", ".ao-open-cme", function () {
			frappe.new_doc("CME Enquiry", {
				student: $(this).attr("data-student"),
				absent_since: $(this).attr("data-since"),
				opened_from: "First-day calling",
			});
		});
		// One click from a row: a new Attendance Contact for the pupil and the guardian to call first.
		$(report.page.wrapper).on("click", ".ao-log-contact", function () {
			const filters = report.get_values() || {};
			const session_time = filters.session === "PM" ? "13:30:00" : "09:15:00";
			frappe.new_doc("Attendance Contact", {
				student: $(this).attr("data-student"),
				guardian: $(this).attr("data-guardian") || undefined,
				contact_type: "Call",
				contact_on:
					filters.date === frappe.datetime.get_today()
						? frappe.datetime.now_datetime()
						: `${filters.date} ${session_time}`,
			});
		});
	},
};
