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

# Installation
# ------------
# Order (frappe/installer.py install_app): after_install runs before fixtures are
# imported, after_sync after them; bench migrate imports fixtures before after_migrate.

after_install = "attendance_officer.install.after_install"
after_sync = "attendance_officer.install.after_sync"
after_migrate = "attendance_officer.install.after_migrate"
before_uninstall = "attendance_officer.install.before_uninstall"

# Document Events
# ---------------
# Education's doctypes stay untouched; our handlers live in attendance_officer/integrations/.

doc_events = {
	"Student": {
		"validate": "attendance_officer.integrations.student.validate",
	},
	# Education's cancel_attendance cancels every record in the range: put back what it did not create.
	"Student Leave Application": {
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
	},
	# On the 1st: last month's register grid filed as private CSV and XLSX Files.
	"monthly_long": ["attendance_officer.registers.backup.monthly_register_backup"],
}

# Education's Student form lists the pupil's register marks among its connections.
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
