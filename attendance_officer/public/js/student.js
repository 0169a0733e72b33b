// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// Education's Student form, extended: the pupil's overdue support actions, linked to the report.
frappe.ui.form.on("Student", {
	refresh(frm) {
		if (frm.is_new()) return;
		attendance_officer.show_outlook(frm);
		frappe
			.call({
				method: "attendance_officer.support.actions.overdue_for_student",
				args: { student: frm.doc.name },
			})
			.then(({ message }) => {
				if (!message || !message.count) return;
				frm.dashboard.set_headline_alert(
					`<a href="/app/query-report/Overdue Support Actions?student=${encodeURIComponent(frm.doc.name)}">${frappe.utils.escape_html(
						message.message
					)}</a>`,
					"red"
				);
			});
	},
});

// This year's attendance, band and projection (registers.explain.pupil_outlook), each opening
// the sessions counted and the rule.
frappe.provide("attendance_officer");
attendance_officer.show_outlook = function (frm) {
	frappe
		.call({
			method: "attendance_officer.registers.explain.pupil_outlook",
			args: { student: frm.doc.name },
			error: () => {}, // no marks readable: no section
		})
		.then(({ message: m }) => {
			if (!m || !m.possible) return;
			const range = { student: frm.doc.name, from_date: m.from_date, to_date: m.to_date };
			const link = (text, rule) => attendance_officer.explain_link(frappe.utils.escape_html(String(text)), { ...range, rule });
			const colour = { severe: "red", persistent: "orange", at_risk: "yellow", concern: "yellow" }[m.band_key] || "green";
			const leave = !m.to_leave_persistent
				? ""
				: m.can_leave_persistent
					? __("Attending the next {0} sessions in a row takes them out of persistent absence.", [link(m.to_leave_persistent, "projection")])
					: __("They cannot leave persistent absence this year: {0} sessions in a row are needed and {1} remain.", [
							link(m.to_leave_persistent, "projection"),
							m.remaining,
						]);
			frm.dashboard.add_section(
				`<div class="row"><div class="col-sm-12">
					<p><span class="indicator-pill ${colour}">${frappe.utils.escape_html(m.band)}</span>
					${__("Attendance this year: {0} over {1} possible sessions.", [link(m.attendance + "%", "band"), m.possible])}
					${__("Best still possible by the end of the year: {0} if they attend all {1} remaining sessions.", [link(m.best_possible + "%", "projection"), m.remaining])}</p>
					${leave ? `<p>${leave}</p>` : ""}
				</div></div>`,
				__("Attendance")
			);
		});
};
