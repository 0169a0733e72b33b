// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// Take Register: one registration group, one date, one session; every pupil in a name list,
// present by default (/ in the morning, \ in the afternoon), one-key code entry, late with
// the time they arrived (L at or before the register closes, U after: engine.lateness) and the
// minutes late counted from the register's opening, notes where the code needs one, marks
// decided elsewhere shown read-only, a reason already given (a draft Absence Record) shown
// beside the pupil, a legend of the codes in force, one request to save.
// Keyboard: Tab moves through the inputs, Up/Down move between pupils, Enter saves.

// "HH:MM[:SS]" -> seconds since midnight.
function seconds_of(hhmm) {
	const [h, m, s] = String(hhmm || "0:0").split(":").map((x) => cint(x));
	return h * 3600 + m * 60 + (s || 0);
}

function local_clock() {
	const d = new Date();
	return `${d.getHours()}:${d.getMinutes()}:${d.getSeconds()}`;
}

frappe.pages["take-register"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Take Register"),
		single_column: true,
	});
	wrapper.register = new TakeRegister(page);
};

frappe.pages["take-register"].on_page_show = function (wrapper) {
	if (frappe.route_options && wrapper.register) {
		wrapper.register.apply_route_options(frappe.route_options);
		frappe.route_options = null;
	}
};

class TakeRegister {
	constructor(page) {
		this.page = page;
		this.data = null;
		this.make_filters();
		this.$body = $(`<div class="take-register"></div>`).appendTo(page.main);
		this.page.set_primary_action(__("Save Register"), () => this.save(), "check");
		this.page.set_secondary_action(__("Reload"), () => this.load());
		this.page.add_menu_item(__("Import Marks from CSV"), () => this.import_marks());
		this.page.add_menu_item(__("Unmarked Registers"), () =>
			frappe.set_route("query-report", "Unmarked Registers")
		);
		this.page.add_menu_item(__("Fire Register"), () => frappe.set_route("query-report", "Fire Register"));
		this.render_empty(__("Choose a registration group, a date and a session."));
		this.add_styles();
	}

	make_filters() {
		const now = new Date();
		this.group_field = this.page.add_field({
			fieldname: "student_group",
			label: __("Registration Group"),
			fieldtype: "Link",
			options: "Student Group",
			// Only the groups this user may take: a tutor sees their own (registers.api.register_groups).
			get_query: () => ({ query: "attendance_officer.registers.api.register_groups" }),
			change: () => this.load(),
		});
		this.date_field = this.page.add_field({
			fieldname: "date",
			label: __("Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			change: () => this.load(),
		});
		this.session_field = this.page.add_field({
			fieldname: "session",
			label: __("Session"),
			fieldtype: "Select",
			options: [
				{ value: "AM", label: __("AM (morning)") },
				{ value: "PM", label: __("PM (afternoon)") },
			],
			default: now.getHours() < 12 ? "AM" : "PM",
			change: () => this.load(),
		});
	}

	apply_route_options(options) {
		if (options.date) this.date_field.set_value(options.date);
		if (options.session) this.session_field.set_value(options.session);
		if (options.student_group) this.group_field.set_value(options.student_group);
	}

	args() {
		return {
			student_group: this.group_field.get_value(),
			date: this.date_field.get_value(),
			session: this.session_field.get_value(),
		};
	}

	load() {
		const args = this.args();
		if (!args.student_group || !args.date || !args.session) return;
		frappe
			.call({
				method: "attendance_officer.registers.api.get_register",
				args,
				type: "GET",
			})
			.then((r) => {
				this.data = r.message;
				// The server's clock against this machine's, so "now" is the server's when a code is typed.
				this.clock_offset = seconds_of(this.data.late.clock) - seconds_of(local_clock());
				this.codes = Object.fromEntries(this.data.codes.map((c) => [c.code, c]));
				this.render();
			});
	}

	render_empty(text) {
		this.$body.html(`<p class="text-muted tr-empty">${frappe.utils.escape_html(text)}</p>`);
	}

	render() {
		const d = this.data;
		if (!d.pupils.length) {
			this.render_empty(__("No active pupils in {0}.", [d.student_group]));
			return;
		}
		const late = d.late;
		const late_text = late.arriving_now
			? late.code === "U"
				? __("The register closed at {0}: a pupil arriving now is U ({1} minutes late).", [
						late.closes,
						late.minutes,
				  ])
				: __("The register is open until {0}: a pupil arriving now is L ({1} minutes late).", [
						late.closes,
						late.minutes,
				  ])
			: __(
					"Register opens {0}, closes {1}. For a late pupil enter the time they arrived: L up to {1}, U after.",
					[late.opens, late.closes]
			  );
		const rows = d.pupils.map((p, i) => this.row_html(p, i)).join("");
		const away = (d.away || [])
			.map((p) =>
				__("{0} (at {1}, their main school)", [
					frappe.utils.escape_html(p.student_name),
					frappe.utils.escape_html(p.school || __("the other school")),
				])
			)
			.join(", ");
		this.$body.html(`
			<div class="tr-info" role="status">
				<strong>${frappe.utils.escape_html(d.student_group)}</strong>
				· ${frappe.datetime.str_to_user(d.date)} · ${d.session}
				<div class="text-muted">${frappe.utils.escape_html(late_text)}</div>
				${away ? `<div class="text-muted small">${__("Not on this register this session (dual registration): {0}", [away])}</div>` : ""}
				<div class="text-muted small">${__(
					"Type a code in the box (default {0}). Up/Down move between pupils; Enter saves.",
					[frappe.utils.escape_html(d.present_code)]
				)}</div>
			</div>
			<table class="table table-sm tr-table">
				<caption class="sr-only">${__("Register")}</caption>
				<thead><tr>
					<th scope="col">#</th>
					<th scope="col">${__("Pupil")}</th>
					<th scope="col">${__("Code")}</th>
					<th scope="col">${__("Arrived")}</th>
					<th scope="col">${__("Minutes Late")}</th>
					<th scope="col">${__("Note")}</th>
					<th scope="col">${__("Reason for Change")}</th>
				</tr></thead>
				<tbody>${rows}</tbody>
			</table>
			<div class="tr-summary text-muted"></div>
			${this.legend_html()}`);
		this.bind();
		this.$body.find("tr.tr-row").each((_, tr) => this.refresh_row($(tr)));
		this.update_summary();
		this.$body.find("input.tr-code:not([readonly])").first().trigger("focus");
	}

	row_html(p, i) {
		const esc = frappe.utils.escape_html;
		const mark = p.mark || {};
		const code = mark.attendance_code || p.expected || this.data.present_code;
		const name = esc(p.student_name);
		const ro = p.read_only;
		const elsewhere = p.expected
			? `<div class="small text-muted">${
					p.elsewhere_at
						? __("Dual registered: at {0} this session (D)", [esc(p.elsewhere_at)])
						: __("Dual registered: at the other school this session (D)")
			  }</div>`
			: "";
		const decided = ro
			? `<div class="small text-muted">${__("Decided by {0}", [
					esc(mark.source + (mark.source_name ? " " + mark.source_name : "")),
			  ])}</div>`
			: "";
		const reported = p.reported
			? `<div class="small tr-reported">${
					p.reported.by_parent
						? __("Parent reported: {0}", [esc(p.reported.reason || __("no reason given"))])
						: __("Reason given: {0}", [esc(p.reported.reason || __("none"))])
			  } · <a href="/app/absence-record/${encodeURIComponent(p.reported.record)}">${__(
					"record to check"
			  )}</a></div>`
			: "";
		const id = `tr-${i}`;
		return `
			<tr class="tr-row ${ro ? "tr-readonly" : ""}" data-student="${esc(p.student)}"
				data-saved="${esc(mark.attendance_code || "")}">
				<td>${i + 1}</td>
				<td><label for="${id}-code" class="tr-name">${name}</label>${decided}${elsewhere}${reported}</td>
				<td><input id="${id}-code" class="form-control input-xs tr-code" value="${esc(code)}"
					maxlength="3" autocomplete="off" spellcheck="false" ${ro ? "readonly" : ""}
					aria-label="${__("Code for {0}", [name])}"></td>
				<td><input class="form-control input-xs tr-arrived" type="time" ${ro ? "readonly" : ""}
					aria-label="${__("Time {0} arrived", [name])}"></td>
				<td><input class="form-control input-xs tr-minutes" type="number" min="0" max="300"
					value="${mark.minutes_late || ""}" ${ro ? "readonly" : ""}
					aria-label="${__("Minutes late for {0}", [name])}"></td>
				<td><input class="form-control input-xs tr-note" value="${esc(mark.note || "")}"
					${ro ? "readonly" : ""} aria-label="${__("Note for {0}", [name])}"></td>
				<td><input class="form-control input-xs tr-reason" ${ro ? "readonly" : ""}
					aria-label="${__("Reason for changing the code for {0}", [name])}"></td>
			</tr>`;
	}

	bind() {
		const me = this;
		const $inputs = () => this.$body.find("input.tr-code:not([readonly])");
		// bind() runs after every load: drop the previous handlers so they never pile up.
		this.$body.off(".take_register");
		this.$body.on("keydown.take_register", "input", function (e) {
			if (e.key === "Enter") {
				e.preventDefault();
				me.save();
			} else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
				e.preventDefault();
				const cls = "." + [...this.classList].find((c) => c.startsWith("tr-"));
				const $all = me.$body.find(`input${cls}:not([readonly])`);
				const next = $all.index(this) + (e.key === "ArrowDown" ? 1 : -1);
				if (next >= 0 && next < $all.length) $all.eq(next).trigger("focus").trigger("select");
			}
		});
		this.$body.on("focus.take_register", "input.tr-code", function () {
			this.select();
		});
		this.$body.on("input.take_register", "input.tr-code", function () {
			me.on_code_typed($(this));
		});
		this.$body.on("change.take_register", "input.tr-arrived", function () {
			me.on_arrival($(this).closest("tr"));
		});
		this.$body.on("input.take_register", "input", () => this.update_summary());
		this.$all_codes = $inputs;
	}

	arriving_now() {
		// A pupil arriving now (engine.lateness.arriving_now): on the register's day, after it
		// opened and within the session; otherwise null and the arrival time is asked for.
		const late = this.data.late;
		if (!late.today) return null;
		const now = (seconds_of(local_clock()) + this.clock_offset + 86400) % 86400;
		const minutes = Math.ceil((now - seconds_of(late.opens)) / 60);
		if (minutes <= 0 || minutes > late.longest) return null;
		const hhmm = `${String(Math.floor(now / 3600)).padStart(2, "0")}:${String(Math.floor((now % 3600) / 60)).padStart(2, "0")}`;
		return { minutes, now: hhmm, code: now <= seconds_of(late.closes) ? "L" : "U" };
	}

	on_code_typed($input) {
		let code = ($input.val() || "").toUpperCase().trim();
		const now = this.arriving_now();
		const late = { ...this.data.late, ...(now || {}), arriving_now: Boolean(now) };
		const $tr = $input.closest("tr");
		if (code === "L" && late.arriving_now && late.code === "U") {
			code = "U"; // the register has closed: engine.lateness decided U
			frappe.show_alert({
				message: __("The register closed at {0}, so late arrivals now are U.", [late.closes]),
				indicator: "orange",
			});
		}
		$input.val(code);
		if (this.data.retired[code]) {
			frappe.show_alert({ message: this.data.retired[code], indicator: "orange" });
		}
		// Only a pupil arriving now has an arrival time we know; a register taken later asks for it.
		if (this.codes[code] && this.codes[code].late && late.arriving_now) {
			const $a = $tr.find(".tr-arrived");
			if (!$a.val()) $a.val(late.now);
			const $m = $tr.find(".tr-minutes");
			if (!$m.val()) $m.val(late.minutes || "");
		}
		this.refresh_row($tr);
	}

	on_arrival($tr) {
		// Minutes late: the arrival time minus the register's opening (a part minute counts);
		// the code follows the arrival: L up to the close, U after (engine.lateness).
		const arrived = $tr.find(".tr-arrived").val();
		const late = this.data.late;
		const $code = $tr.find(".tr-code");
		if (!arrived) {
			$tr.find(".tr-minutes").val("");
			return;
		}
		const seconds = seconds_of;
		const minutes = Math.ceil((seconds(arrived) - seconds(late.opens)) / 60);
		if (minutes <= 0) {
			// There when the register opened: present, not late.
			$code.val(this.data.present_code);
			$tr.find(".tr-arrived, .tr-minutes").val("");
			frappe.show_alert({
				message: __("Arrived at {0}, before the register opened at {1}: marked present.", [arrived, late.opens]),
				indicator: "blue",
			});
			this.refresh_row($tr);
			this.update_summary();
			return;
		}
		if (minutes > 300) {
			$tr.find(".tr-minutes").val("");
			frappe.show_alert({
				message: __("{0} is more than a session after the register opened at {1}; check the time.", [
					arrived,
					late.opens,
				]),
				indicator: "red",
			});
			return;
		}
		$tr.find(".tr-minutes").val(minutes);
		const code = seconds(arrived) <= seconds(late.closes) ? "L" : "U";
		if (this.codes[$code.val()] && this.codes[$code.val()].late && $code.val() !== code) {
			$code.val(code);
			frappe.show_alert({
				message: __("Arrived at {0}: the register closes at {1}, so the code is {2}.", [
					arrived,
					late.closes,
					code,
				]),
				indicator: "orange",
			});
		}
		this.refresh_row($tr);
		this.update_summary();
	}

	refresh_row($tr) {
		const code = $tr.find(".tr-code").val();
		const info = this.codes[code];
		const saved = $tr.attr("data-saved");
		const ro = $tr.hasClass("tr-readonly");
		$tr.toggleClass("tr-invalid", !info);
		$tr.find(".tr-code").attr(
			"title",
			info ? info.description : this.data.retired[code] || __("Not a code in force")
		);
		$tr.find(".tr-code").attr("aria-invalid", info ? "false" : "true");
		const late = info && info.late;
		$tr.find(".tr-minutes").prop("disabled", !late && !ro).toggleClass("tr-hidden", !late);
		$tr.find(".tr-arrived").prop("disabled", !late && !ro).toggleClass("tr-hidden", !late);
		const note_needed = info && info.note_required;
		$tr.find(".tr-note").attr("aria-required", note_needed ? "true" : "false")
			.attr("placeholder", note_needed ? __("Note required") : "");
		const changed = saved && saved !== code && !ro;
		$tr.find(".tr-reason").prop("disabled", !changed).toggleClass("tr-hidden", !changed)
			.attr("placeholder", changed ? __("Why {0} becomes {1}", [saved, code]) : "");
	}

	update_summary() {
		const counts = {};
		this.$body.find("input.tr-code").each((_, el) => {
			const c = el.value || "?";
			counts[c] = (counts[c] || 0) + 1;
		});
		const text = Object.entries(counts)
			.map(([c, n]) => `${frappe.utils.escape_html(c)}: ${n}`)
			.join(" · ");
		this.$body.find(".tr-summary").text(text);
	}

	collect() {
		const marks = [];
		const problems = [];
		this.$body.find("tr.tr-row:not(.tr-readonly)").each((_, tr) => {
			const $tr = $(tr);
			const name = $tr.find(".tr-name").text();
			const code = $tr.find(".tr-code").val();
			const info = this.codes[code];
			if (!info && this.data.retired[code])
				problems.push(__("{0}: {1}", [name, this.data.retired[code]]));
			else if (!info) problems.push(__("{0}: {1} is not a code in force.", [name, code || "?"]));
			else if (info.note_required && !$tr.find(".tr-note").val().trim())
				problems.push(__("{0}: code {1} needs a note.", [name, code]));
			marks.push({
				student: $tr.attr("data-student"),
				code,
				minutes_late: info && info.late ? cint($tr.find(".tr-minutes").val()) : 0,
				note: $tr.find(".tr-note").val(),
				reason: $tr.find(".tr-reason").val(),
			});
		});
		return { marks, problems };
	}

	save() {
		if (!this.data || this.saving) return;
		const { marks, problems } = this.collect();
		if (problems.length) {
			frappe.msgprint({ title: __("Register not saved"), message: problems, as_list: 1, indicator: "red" });
			return;
		}
		this.saving = true;
		frappe
			.call({
				method: "attendance_officer.registers.api.save_register",
				args: { ...this.args(), marks },
				freeze: true,
				freeze_message: __("Saving register"),
			})
			.then((r) => {
				const m = r.message;
				frappe.show_alert({
					message: __("Register saved: {0} new, {1} changed, {2} unchanged.", [
						m.inserted,
						m.updated,
						m.unchanged,
					]),
					indicator: "green",
				});
				this.load();
			})
			.always(() => (this.saving = false));
	}

	import_marks() {
		// upn,date,session,code[,minutes_late][,note]: checked whole, all or nothing.
		new frappe.ui.FileUploader({
			restrictions: { allowed_file_types: [".csv"] },
			make_attachments_public: false,
			on_success: (file) => {
				frappe.prompt(
					{
						fieldname: "reason",
						fieldtype: "Small Text",
						label: __("Reason for any changed codes"),
					},
					(values) =>
						frappe
							.call({
								method: "attendance_officer.registers.importer.import_marks",
								args: { file_url: file.file_url, reason: values.reason || "" },
								freeze: true,
							})
							.then((r) => {
								const m = r.message;
								frappe.msgprint(
									__("Imported: {0} new, {1} changed, {2} unchanged.", [
										m.inserted,
										m.updated,
										m.unchanged,
									])
								);
								this.load();
							}),
					__("Import Marks"),
					__("Import")
				);
			},
		});
	}

	legend_html() {
		const esc = frappe.utils.escape_html;
		const rows = this.data.codes
			.map(
				(c) => `<tr><td class="tr-legend-code">${esc(c.code)}</td><td>${esc(c.description)}</td>
					<td>${esc(c.category)}</td><td>${c.note_required ? __("Yes") : ""}</td></tr>`
			)
			.join("");
		const retired = Object.values(this.data.retired)
			.map((m) => `<li>${esc(m)}</li>`)
			.join("");
		return `<details class="tr-legend">
			<summary>${__("Codes in force (DfE, from 19 August 2024)")}</summary>
			<table class="table table-sm">
				<thead><tr><th scope="col">${__("Code")}</th><th scope="col">${__("Meaning")}</th>
					<th scope="col">${__("Counts as")}</th><th scope="col">${__("Note needed")}</th></tr></thead>
				<tbody>${rows}</tbody>
			</table>
			<p class="text-muted small">${__("Withdrawn codes")}:</p><ul class="small text-muted">${retired}</ul>
		</details>`;
	}

	add_styles() {
		if (document.getElementById("take-register-style")) return;
		$(`<style id="take-register-style">
			.take-register .tr-table { max-width: 1100px; }
			.take-register .tr-code { width: 4.5em; font-family: var(--font-family-monospace, monospace);
				font-weight: 600; text-align: center; }
			.take-register .tr-minutes { width: 6em; }
			.take-register .tr-arrived { width: 7.5em; }
			.take-register .tr-reported { color: var(--blue-600, #2563eb); }
			.take-register .tr-legend { margin-top: var(--margin-md); max-width: 1100px; }
			.take-register .tr-legend-code { font-family: var(--font-family-monospace, monospace); font-weight: 600; }
			.take-register .tr-hidden { visibility: hidden; }
			.take-register tr.tr-invalid .tr-code { border-color: var(--red-500); }
			.take-register tr.tr-readonly { background: var(--subtle-fg); }
			.take-register .tr-info { margin: var(--margin-md) 0; }
			.take-register input:focus { box-shadow: 0 0 0 2px var(--primary); }
		</style>`).appendTo("head");
	}
}
