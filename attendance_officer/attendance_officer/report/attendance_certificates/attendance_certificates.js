// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.query_reports["Attendance Certificates"] = {
	filters: [
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date", reqd: 1 },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date", reqd: 1, default: frappe.datetime.get_today() },
		{ fieldname: "previous_from", label: __("Compare From"), fieldtype: "Date", description: __("Blank: the same length just before") },
		{ fieldname: "previous_to", label: __("Compare To"), fieldtype: "Date" },
		{ fieldname: "year_groups", label: __("Year Groups"), fieldtype: "Data", description: __("For example: 7, 8") },
	],
	onload(report) {
		if (!frappe.model.can_create("Attendance Letter")) return;
		report.page.add_inner_button(__("Make Certificates"), () => {
			const f = report.get_values();
			if (!f) return;
			frappe
				.call({
					method: "attendance_officer.letters.certificates.make_certificates",
					type: "POST",
					args: f,
					freeze: true,
					freeze_message: __("Making certificates..."),
				})
				.then(({ message }) => {
					const links = message.files.map(
						(file) => `<a href="${encodeURI(file.file_url)}" target="_blank">${frappe.utils.escape_html(file.group || __("No registration group"))}</a> (${file.count})`
					);
					const parts = [__("{0} certificates made.", [message.made])];
					if (message.already_made) parts.push(__("{0} were made before for this period and are not repeated.", [message.already_made]));
					frappe.msgprint(parts.concat(links).join("<br>"), __("Certificates"));
				});
		});
	},
};
