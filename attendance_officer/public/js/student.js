// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// Education's Student form, extended: a headline with the pupil's attendance this year, band and
// best still possible (registers.explain.pupil_outlook) and their overdue support actions
// (support.actions.overdue_for_student); the projection in full on the Connections tab. Each
// figure opens the sessions counted and the rule.
frappe.provide("attendance_officer");

frappe.ui.form.on("Student", {
	refresh(frm) {
		if (frm.is_new()) return;
		const quiet = { error: () => {} }; // a user who may not read marks gets no headline
		Promise.all([
			frappe
				.call({ method: "attendance_officer.registers.explain.pupil_outlook", args: { student: frm.doc.name }, ...quiet })
				.then((r) => r && r.message)
				.catch(() => null),
			frappe
				.call({ method: "attendance_officer.support.actions.overdue_for_student", args: { student: frm.doc.name }, ...quiet })
				.then((r) => r && r.message)
				.catch(() => null),
		]).then(([outlook, overdue]) => attendance_officer.student_headline(frm, outlook, overdue));
	},
});

attendance_officer.student_headline = function (frm, m, overdue) {
	const esc = frappe.utils.escape_html;
	const parts = [];
	let colour = "blue";
	if (m && m.possible) {
		const range = { student: frm.doc.name, from_date: m.from_date, to_date: m.to_date };
		const link = (text, rule) => attendance_officer.explain_link(esc(String(text)), { ...range, rule });
		colour = { severe: "red", persistent: "orange", at_risk: "yellow", concern: "yellow" }[m.band_key] || "green";
		parts.push(
			__("Attendance this year {0} ({1}); best still possible {2}.", [
				link(m.attendance + "%", "band"),
				esc(m.band),
				link(m.best_possible + "%", "projection"),
			])
		);
		const leave = !m.to_leave_persistent
			? ""
			: m.can_leave_persistent
				? __("Attending the next {0} sessions in a row takes them out of persistent absence.", [link(m.to_leave_persistent, "projection")])
				: __("They cannot leave persistent absence this year: {0} sessions in a row are needed and {1} remain.", [
						link(m.to_leave_persistent, "projection"),
						m.remaining,
					]);
		frm.dashboard.add_section(
			`<p>${parts[0]} ${__("{0} possible sessions so far; {1} remain this year.", [m.possible, m.remaining])}</p>${leave ? `<p>${leave}</p>` : ""}`,
			__("Attendance")
		);
		if (leave) parts.push(leave);
	}
	if (overdue && overdue.count) {
		colour = "red";
		parts.push(
			`<a href="/app/query-report/Overdue Support Actions?student=${encodeURIComponent(frm.doc.name)}">${esc(overdue.message)}</a>`
		);
	}
	if (parts.length) frm.dashboard.set_headline_alert(parts.join(" "), colour);
};
