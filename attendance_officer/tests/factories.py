"""Get-or-create factories for bench tests: pupils, registration groups, staff users.

Explicit and order-free (style.md section 6): each call returns an existing record when
one with the same key exists, so tests can share data and re-run without clean-up.
Pupils sit in a Student Group with group_based_on "Batch" in Education Settings' current
academic year (a registration group). A test pupil is saved with Education Settings'
user_creation_skip switched on for that one insert and put back straight after, so no
website user is created (frappe-education-baseline.md b.1, Student hazard) and the school's
setting, and Education's own test_create_student_user, are left as they were.
"""

from __future__ import annotations

from contextlib import contextmanager

import frappe

PROGRAM = "AO Test Programme"
DOMAIN = "attendance-officer.test"


@contextmanager
def student_users_skipped():
	"""Save Students inside this block without Education creating a website user for each.

	The setting is put back as found when the block ends, whatever happens inside it, so a
	test that commits never leaves it changed on the site.
	"""
	before = frappe.db.get_single_value("Education Settings", "user_creation_skip")
	if not before:
		frappe.db.set_single_value("Education Settings", "user_creation_skip", 1)
	try:
		yield
	finally:
		if not before:
			frappe.db.set_single_value("Education Settings", "user_creation_skip", 0)


# Test users count as created long ago. Frappe refuses a new user once more than 60 were
# created within the hour (frappe/core/doctype/user/user.py throttle_user_creation, a guard
# against sign-up floods); the suite's own fixtures would trip it on a fresh site, and so
# would Education's tests run after ours (their Students create users).
FIXTURE_CREATED = "2000-01-01 00:00:00"


def insert_test_user(values: dict) -> str:
	"""Insert the User ``values`` past the throttle and date it as an old fixture."""
	conf = frappe.local.conf
	had, before = "throttle_user_limit" in conf, conf.get("throttle_user_limit")
	conf["throttle_user_limit"] = 100_000  # this process only; the site's config is untouched
	try:
		name = frappe.get_doc({"doctype": "User", **values}).insert(ignore_permissions=True).name
	finally:
		if had:
			conf["throttle_user_limit"] = before
		else:
			conf.pop("throttle_user_limit", None)
	frappe.db.set_value("User", name, "creation", FIXTURE_CREATED, update_modified=False)
	return name


def education_ready() -> str:
	"""The current academic year (Education Settings), which every registration group needs."""
	year = frappe.db.get_single_value("Education Settings", "current_academic_year")
	if not year:
		raise RuntimeError("Set Education Settings current_academic_year on the test site first.")
	return year


def make_program(name: str = PROGRAM) -> str:
	if not frappe.db.exists("Program", name):
		frappe.get_doc({"doctype": "Program", "program_name": name}).insert(ignore_permissions=True)
	return name


def make_pupil(first_name: str, last_name: str = "Pupil", **fields) -> str:
	"""A Student named ``first_name last_name`` (the pair is the get-or-create key), joined at
	the start of the current academic year unless ``fields`` say otherwise (Education's
	default, today, would make every earlier school day of a test a day before admission)."""
	year = education_ready()
	name = frappe.db.get_value("Student", {"first_name": first_name, "last_name": last_name}, "name")
	if name:
		return name
	fields.setdefault("joining_date", frappe.db.get_value("Academic Year", year, "year_start_date"))
	doc = frappe.get_doc(
		{"doctype": "Student", "first_name": first_name, "last_name": last_name, "enabled": 1, **fields}
	)
	with student_users_skipped():
		return doc.insert(ignore_permissions=True).name


def make_register(
	group: str = "AO 9X", size: int = 3, instructors: list[str] | None = None
) -> tuple[str, list[str]]:
	"""A registration group ``group`` of ``size`` pupils (Batch group, current year).

	Pupils are named "<group> Pupil NN". Returns (group name, student names in roll order).
	Each pupil's Student.registration_group points at the group.
	"""
	year = education_ready()
	program = make_program()
	students = [make_pupil(f"{group} Pupil {n:02d}", "Test") for n in range(1, size + 1)]
	if frappe.db.exists("Student Group", group):
		doc = frappe.get_doc("Student Group", group)
		have = {row.student for row in doc.students}
		for student in students:
			if student not in have:
				doc.append("students", {"student": student, "active": 1})
	else:
		doc = frappe.get_doc(
			{
				"doctype": "Student Group",
				"student_group_name": group,
				"group_based_on": "Batch",
				"academic_year": year,
				"program": program,
				"students": [{"student": s, "active": 1} for s in students],
			}
		)
	for instructor in instructors or []:
		if instructor not in {row.instructor for row in doc.instructors}:
			doc.append("instructors", {"instructor": instructor})
	doc.save(ignore_permissions=True)
	frappe.db.sql("UPDATE `tabStudent` SET `registration_group` = %s WHERE `name` IN %s", (group, students))
	return group, students


def make_holiday_list(name: str = "AO Test School Holidays") -> str:
	"""The default Company's holiday list (weekends of the current academic year), as Education needs.

	Education's Student Leave Application and Student Attendance read the Company's
	default_holiday_list (student_attendance.get_holiday_list) and refuse to run without it.
	"""
	import erpnext
	from frappe.utils import add_days, getdate

	company = erpnext.get_default_company() or frappe.get_all("Company", pluck="name")[0]
	current = frappe.get_cached_value("Company", company, "default_holiday_list")
	if current:
		return current
	year = frappe.db.get_value(
		"Academic Year", education_ready(), ["year_start_date", "year_end_date"], as_dict=True
	)
	if not frappe.db.exists("Holiday List", name):
		start, end = getdate(year.year_start_date), getdate(year.year_end_date)
		holidays, day = [], start
		while day <= end:
			if day.weekday() > 4:
				holidays.append({"holiday_date": day, "description": "Weekend", "weekly_off": 1})
			day = getdate(add_days(day, 1))
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": name,
				"from_date": start,
				"to_date": end,
				"holidays": holidays,
			}
		).insert(ignore_permissions=True)
	frappe.db.set_value("Company", company, "default_holiday_list", name)
	return name


def make_staff_user(role: str, tag: str = "") -> str:
	"""A desk user holding ``role`` only (plus what Frappe gives every user)."""
	email = f"{frappe.scrub(role)}{tag}@{DOMAIN}"
	if not frappe.db.exists("User", email):
		insert_test_user({"email": email, "first_name": f"{role}{tag}", "send_welcome_email": 0})
	if role not in frappe.get_roles(email):
		user = frappe.get_doc("User", email)
		user.flags.ignore_permissions = True
		user.add_roles(role)
	return email


def make_instructor(tag: str) -> tuple[str, str]:
	"""An Instructor linked to an Employee whose user has the Instructor role: (instructor, user)."""
	from erpnext.setup.doctype.employee.test_employee import make_employee

	user = make_staff_user("Instructor", tag)
	employee = make_employee(user)
	name = frappe.db.get_value("Instructor", {"employee": employee}, "name")
	if not name:
		name = (
			frappe.get_doc({"doctype": "Instructor", "instructor_name": f"Tutor {tag}", "employee": employee})
			.insert(ignore_permissions=True)
			.name
		)
	return name, user


def make_outgoing_email_account(test) -> None:
	"""A default outgoing Email Account inside the test's transaction (Frappe sends nothing while
	testing; the queue rows are written), forgotten from Frappe's per-process cache afterwards."""
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "AO Test Outgoing",
			"email_id": "ao-outgoing@attendance-officer.test",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)
	frappe.local.outgoing_email_account = {}
	test.addCleanup(setattr, frappe.local, "outgoing_email_account", {})
