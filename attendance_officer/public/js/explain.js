// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// "Every flag explains itself": a dialog with the sessions a pupil's figure counted and the rule
// behind it (attendance_officer.registers.explain.pupil_sessions). Loaded on every desk page
// (hooks.app_include_js) so that any report can open it.
frappe.provide("attendance_officer");

attendance_officer.explain = function ({ student, from_date, to_date, rule }) {
	const esc = frappe.utils.escape_html;
	frappe
		.call({
			method: "attendance_officer.registers.explain.pupil_sessions",
			args: { student, from_date, to_date, rule: rule || "band" },
		})
		.then(({ message: m }) => {
			const f = m.figures;
			const rows = m.marks
				.map(
					(mark) => `<tr class="${mark.possible ? "" : "text-muted"}">
						<td>${esc(frappe.datetime.str_to_user(mark.date))}</td><td>${esc(mark.session)}</td>
						<td><b>${esc(mark.code)}</b></td><td>${esc(mark.counted_as)}</td></tr>`
				)
				.join("");
			const d = new frappe.ui.Dialog({
				title: __("{0}: the sessions counted", [m.student_name]),
				size: "large",
			});
			d.$body.html(`
				<div class="ao-explain">
					<p><b>${esc(m.rule.source)}</b></p>
					<p>${esc(m.rule.text)}</p>
					<p class="text-muted small">${__("Rule")}: <code>${esc(m.rule.function)}</code></p>
					<p>${__("From {0} to {1}", [frappe.datetime.str_to_user(m.from_date), frappe.datetime.str_to_user(m.to_date)])}:
						${__("{0} possible sessions, {1} attending, {2} authorised absence, {3} unauthorised absence, {4} not counted", [f.possible, f.attending, f.authorised, f.unauthorised, f.not_counted])}.
						${f.attendance !== null ? __("Attendance {0}%", [f.attendance]) : ""} ${f.band ? "(" + esc(f.band) + ")" : ""}</p>
					${m.truncated ? `<p class="text-warning">${__("Only the first sessions are listed; the figures count them all.")}</p>` : ""}
					<div style="max-height: 50vh; overflow-y: auto">
					<table class="table table-condensed table-bordered small">
						<thead><tr><th>${__("Date")}</th><th>${__("Session")}</th><th>${__("Code")}</th><th>${__("Counted As")}</th></tr></thead>
						<tbody>${rows}</tbody>
					</table></div>
				</div>`);
			d.show();
		});
};

// A report cell that opens the dialog: the data attributes carry what pupil_sessions needs.
attendance_officer.explain_link = function (label, { student, from_date, to_date, rule }) {
	const esc = frappe.utils.escape_html;
	return `<a class="ao-explain-link" href="#" data-student="${esc(student)}" data-from="${esc(from_date || "")}"
		data-to="${esc(to_date || "")}" data-rule="${esc(rule || "band")}" title="${esc(__("Show the sessions counted and the rule"))}">${label}</a>`;
};

$(document).on("click", ".ao-explain-link", function (e) {
	e.preventDefault();
	const $a = $(this);
	attendance_officer.explain({
		student: $a.attr("data-student"),
		from_date: $a.attr("data-from"),
		to_date: $a.attr("data-to"),
		rule: $a.attr("data-rule"),
	});
});

// The SEN, CLA, CIN and CP cohorts are Student's permission-level-1 fields: offer them in a
// report's Cohort filter only to users who may read that level (the server refuses anyway).
attendance_officer.SENSITIVE_COHORTS = [
	"SEN (support or EHC plan)",
	"SEN support",
	"EHC plan",
	"Child looked after",
	"Child in need",
	"Child protection plan",
];
attendance_officer.hide_sensitive_cohorts = function (report, fieldname = "cohort") {
	frappe.model.with_doctype("Student", () => {
		if (frappe.perm.has_perm("Student", 1, "read")) return;
		const filter = report.get_filter(fieldname);
		if (!filter) return;
		filter.df.options = filter.df.options.filter(
			(o) => !attendance_officer.SENSITIVE_COHORTS.includes(o && o.value !== undefined ? o.value : o)
		);
		filter.refresh();
	});
};
