app_name = "attendance_officer"
app_title = "Attendance Officer"
app_publisher = "attendance_officer developers"
app_description = "Statutory attendance for English secondary schools on Frappe Education"
app_email = "attendance-officer@example.org"
app_license = "mit"

# Apps
# ------------------
# "org/repo" form: bench resolves these without asking GitHub's API for the name.
required_apps = ["frappe/erpnext", "frappe/education"]

# Automatically update python controller files with type annotations for this app.
export_python_type_annotations = True

# Website
# -------
# Parents (role Guardian, website users) use /attendance; no desk.

website_route_rules = [{"from_route": "/attendance/<path:rest>", "to_route": "attendance"}]
standard_portal_menu_items = [
	{"title": "Absence and leave", "route": "/attendance", "reference_doctype": "", "role": "Guardian"},
]
role_home_page = {"Guardian": "attendance"}

# Jinja
# -----
# Print formats ask these for plain values, then include the shared letter template.

jinja = {
	"methods": [
		"attendance_officer.leave.letters.leave_letter",
		"attendance_officer.letters.penalty.referral_letter",
		"attendance_officer.letters.support.meeting_letter",
		"attendance_officer.letters.ladder.stage_letter",
		"attendance_officer.letters.certificates.certificate",
	]
}

# Installation
# ------------
# Order (frappe/installer.py install_app): after_install runs before fixtures are
# imported, after_sync after them; bench migrate imports fixtures before after_migrate.

after_install = "attendance_officer.install.after_install"
after_sync = "attendance_officer.install.after_sync"
after_migrate = "attendance_officer.install.after_migrate"
before_uninstall = "attendance_officer.install.before_uninstall"

# Permissions
# -----------
# Pairs (list + document) built on one scope: attendance_officer/permissions.py.

permission_query_conditions = {
	"Leave of Absence Request": "attendance_officer.permissions.loa_query",
	"Absence Record": "attendance_officer.permissions.absence_record_query",
	"Attendance Mark": "attendance_officer.permissions.attendance_mark_query",
	"Attendance Letter": "attendance_officer.permissions.attendance_letter_query",
	"Student": "attendance_officer.permissions.student_query",
	"Attendance Contact": "attendance_officer.permissions.pupil_query",
	"Attendance Alert": "attendance_officer.permissions.pupil_query",
	"Absence Notice": "attendance_officer.permissions.pupil_query",
	"Attendance Bulk Mark": "attendance_officer.permissions.pupil_query",
	"Leave Application Snapshot": "attendance_officer.permissions.pupil_query",
	"Penalty Notice Referral": "attendance_officer.permissions.pupil_query",
	"Penalty Notice Session": "attendance_officer.permissions.child_query",
	"Penalty Notice Support Meeting": "attendance_officer.permissions.child_query",
	"Attendance Support Meeting": "attendance_officer.permissions.pupil_query",
	"Roll Deletion": "attendance_officer.permissions.pupil_query",
	"Deletion Enquiry": "attendance_officer.permissions.child_query",
	"CME Enquiry": "attendance_officer.permissions.pupil_query",
	"CME Reasonable Enquiry": "attendance_officer.permissions.child_query",
	"Attendance Support Attendee": "attendance_officer.permissions.child_query",
	"Attendance Support Barrier": "attendance_officer.permissions.child_query",
	"Attendance Support Action": "attendance_officer.permissions.child_query",
	# Child tables of pupil records: listed through their parent's scope.
	"Attendance Mark Amendment": "attendance_officer.permissions.child_query",
	"Absence Record Change": "attendance_officer.permissions.child_query",
	"Attendance Bulk Mark Pupil": "attendance_officer.permissions.child_query",
	"Student Guardian": "attendance_officer.permissions.child_query",
	"Dual Registration Session": "attendance_officer.permissions.child_query",
	"Guardian": "attendance_officer.permissions.guardian_query",
	"File": "attendance_officer.permissions.file_query",
}
has_permission = {
	"Leave of Absence Request": "attendance_officer.permissions.loa_has_permission",
	"Absence Record": "attendance_officer.permissions.absence_record_has_permission",
	"Attendance Mark": "attendance_officer.permissions.attendance_mark_has_permission",
	"Attendance Letter": "attendance_officer.permissions.attendance_letter_has_permission",
	"Student": "attendance_officer.permissions.student_has_permission",
	"Attendance Contact": "attendance_officer.permissions.pupil_has_permission",
	"Attendance Alert": "attendance_officer.permissions.pupil_has_permission",
	"Absence Notice": "attendance_officer.permissions.pupil_has_permission",
	"Attendance Bulk Mark": "attendance_officer.permissions.pupil_has_permission",
	"Leave Application Snapshot": "attendance_officer.permissions.pupil_has_permission",
	"Penalty Notice Referral": "attendance_officer.permissions.pupil_has_permission",
	"Attendance Support Meeting": "attendance_officer.permissions.pupil_has_permission",
	"Roll Deletion": "attendance_officer.permissions.pupil_has_permission",
	"CME Enquiry": "attendance_officer.permissions.pupil_has_permission",
	"Guardian": "attendance_officer.permissions.guardian_has_permission",
	"File": "attendance_officer.permissions.file_has_permission",
}

# Request guards
# --------------
# Parents' and pupils' website accounts reach only the portal's methods and the login pages
# (attendance_officer/security.py). before_request sees session logins; auth_hooks run after
# API-key/OAuth authentication (frappe/app.py, frappe/auth.py validate_auth).

before_request = ["attendance_officer.security.refuse_website_user_api"]
auth_hooks = ["attendance_officer.security.refuse_website_user_api"]

# Frappe's versions answer for records the caller may not read (count oracle, link titles).
override_whitelisted_methods = {
	"frappe.client.get_count": "attendance_officer.security.get_count",
	"frappe.desk.search.get_link_title": "attendance_officer.security.get_link_title",
	"frappe.desk.search.search_link": "attendance_officer.security.search_link",
	"frappe.desk.search.search_widget": "attendance_officer.security.search_widget",
	"frappe.desk.listview.get_group_by_count": "attendance_officer.security.get_group_by_count",
	"frappe.desk.form.load.getdoc": "attendance_officer.security.getdoc",
	"frappe.desk.form.load.get_docinfo": "attendance_officer.security.get_docinfo",
	"frappe.desk.notifications.get_open_count": "attendance_officer.security.get_open_count",
	# A census or LA return is checked before it is exported, and each export logged.
	"frappe.desk.query_report.export_query": "attendance_officer.reporting.returns.export_query",
}

# Document Events
# ---------------
# Education's doctypes stay untouched; our handlers live in attendance_officer/integrations/.

doc_events = {
	# A parent or pupil may not create a File that only points at another file's URL.
	"File": {
		"before_insert": "attendance_officer.permissions.refuse_file_url_copy",
	},
	"Student": {
		"validate": "attendance_officer.integrations.student.validate",
	},
	# Education's cancel_attendance cancels every record in the range: put back what it did not create.
	"Student Leave Application": {
		"before_submit": "attendance_officer.integrations.student_leave_application.before_submit",
		"before_cancel": "attendance_officer.integrations.student_leave_application.before_cancel",
		"on_cancel": "attendance_officer.integrations.student_leave_application.on_cancel",
	},
}

# Scheduled Tasks
# ---------------
# Jobs take a date/time argument for tests and are idempotent (a second run changes nothing).

scheduler_events = {
	"cron": {
		# Every 15 minutes in school hours: remind tutors of registers still unmarked after closing.
		"*/15 8-16 * * 1-5": ["attendance_officer.registers.unmarked.remind_unmarked_registers"],
		# Every 15 minutes on school mornings; acts once Attendance Settings' first-day calling
		# cut-off has passed: one "absent, no reason" notice per pupil to a parent (unique key).
		"*/15 7-12 * * 1-5": ["attendance_officer.absence.notices.send_absence_notices"],
		# School mornings after first-day calls: unresolved N, home visits, LA returns, CP/CIN
		# absence. Enqueues the job on the long queue (a first run may have a long backlog).
		"30 10 * * 1-5": ["attendance_officer.absence.tasks.enqueue_daily_escalation"],
		# Friday afternoon: each tutor and head of year gets their pupils' N codes of the week.
		"0 15 * * 5": ["attendance_officer.absence.weekly.send_weekly_n_summary"],
		# School mornings: ToDos for penalty notice dates (improvement period, payments, court).
		"0 7 * * 1-5": [
			"attendance_officer.attendance_officer.doctype.penalty_notice_referral.penalty_notice_referral.create_reminders"
		],
		# School days from 11:00, after first-day calls: the DSL's list of CP, CIN and CLA pupils
		# absent today and the pastoral list of persistently absent pupils absent today. Sent once
		# a day (the log's key); the 12:00 and 13:00 runs send only if the 11:00 one failed.
		"0 11-13 * * 1-5": ["attendance_officer.reporting.daily.send_daily_lists"],
		# School mornings at 07:30: the SLT pack on the first school day of each fortnight and the
		# governors' summary on the last school day before a holiday of a week or more (PDF).
		"30 7 * * 1-5": ["attendance_officer.reporting.packs.send_due_packs"],
	},
	# On the 1st: last month's register grid filed as private CSV and XLSX Files.
	"monthly_long": ["attendance_officer.registers.backup.monthly_register_backup"],
}

# Education's Student form, extended (never replaced): its connections list the pupil's marks
# and casework; its form shows overdue support actions.
app_include_js = "/assets/attendance_officer/js/explain.js"
doctype_js = {"Student": "public/js/student.js"}
override_doctype_dashboards = {
	"Student": "attendance_officer.integrations.student_dashboard.get_data",
}

# Fixtures
# --------
# Only rows we own. Frappe re-imports these files on every migrate (overwriting them);
# nothing a school edits is a fixture. attendance_code.json is generated from
# engine/codes.py by `python -m attendance_officer.setup.code_fixture`.

fixtures = [
	{
		"dt": "Role",
		"filters": [
			[
				"name",
				"in",
				[
					"Attendance Officer",
					"Head of Year",
					"Headteacher",
					"Designated Safeguarding Lead",
					"Guardian",
				],
			]
		],
	},
	{"dt": "Custom Field", "filters": [["module", "=", "Attendance Officer"]]},
	{
		"dt": "Workflow State",
		"filters": [
			[
				"name",
				"in",
				[
					"Draft",
					"Submitted",
					"Under Review",
					"Awaiting Decision",
					"Approved",
					"Partly Approved",
					"Declined",
					"Withdrawn",
					"Cancelled",
					"Awaiting Authorisation",
					"Notice to Improve",
					"Referred to LA",
					"Issued",
					"Paid",
					"Unpaid",
					"Prosecution",
					"Closed",
				],
			]
		],
	},
	{
		"dt": "Workflow Action Master",
		"filters": [
			[
				"name",
				"in",
				[
					"Submit Request",
					"Start Review",
					"Send for Decision",
					"Approve",
					"Partly Approve",
					"Decline",
					"Withdraw",
					"Ask for Authorisation",
					"Authorise Notice to Improve",
					"Authorise Referral",
					"Return for Changes",
					"Refer to LA",
					"Record Issue",
					"Record Payment",
					"Record Non-payment",
					"Prosecute",
					"Close",
				],
			]
		],
	},
	{"dt": "Workflow", "filters": [["name", "in", ["Leave of Absence Approval", "Penalty Notice Referral"]]]},
	{
		"dt": "Attendance Code",
		"filters": [
			[
				"name",
				"in",
				[
					"/",
					"\\",
					"L",
					"K",
					"V",
					"P",
					"W",
					"B",
					"C",
					"C1",
					"C2",
					"M",
					"J1",
					"S",
					"T",
					"R",
					"I",
					"E",
					"G",
					"N",
					"O",
					"U",
					"D",
					"X",
					"Q",
					"Y1",
					"Y2",
					"Y3",
					"Y4",
					"Y5",
					"Y6",
					"Y7",
					"Z",
					"#",
				],
			]
		],
	},
]
