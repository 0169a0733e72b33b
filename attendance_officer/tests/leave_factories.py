"""Get-or-create factories for the leave and portal tests: guardians with website users, heads of year."""

from __future__ import annotations

import frappe

from attendance_officer.tests.factories import DOMAIN, insert_test_user, make_pupil, student_users_skipped


def make_guardian_user(tag: str) -> tuple[str, str]:
	"""A website user with the Guardian role, linked as Guardian.user: (guardian, user)."""
	email = f"parent-{frappe.scrub(tag)}@{DOMAIN}"
	if not frappe.db.exists("User", email):
		insert_test_user(
			{
				"email": email,
				"first_name": f"Parent {tag}",
				"user_type": "Website User",
				"send_welcome_email": 0,
				"roles": [{"role": "Guardian"}],
			}
		)
	guardian = frappe.db.get_value("Guardian", {"user": email}, "name")
	if not guardian:
		guardian = (
			frappe.get_doc(
				{
					"doctype": "Guardian",
					"guardian_name": f"Parent {tag}",
					"email_address": email,
					"user": email,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	return guardian, email


def link_guardian(
	student: str,
	guardian: str,
	lives_with_pupil: int = 1,
	parental_responsibility: int = 1,
	do_not_contact: int = 0,
) -> None:
	doc = frappe.get_doc("Student", student)
	values = {
		"lives_with_pupil": lives_with_pupil,
		"parental_responsibility": parental_responsibility,
		"do_not_contact": do_not_contact,
	}
	row = next((r for r in doc.guardians if r.guardian == guardian), None)
	if row:
		row.update(values)
	else:
		doc.append("guardians", {"guardian": guardian, "relation": "Others", **values})
	with student_users_skipped():
		doc.save(ignore_permissions=True)


def make_year_pupil(first_name: str, year: str) -> str:
	student = make_pupil(first_name, "Leave")
	frappe.db.set_value("Student", student, "nc_year", year)
	return student


def give_head_of_year(user: str, year: str, pupils: list[str]) -> None:
	"""Make ``user`` Head of Year ``year`` and put ``pupils`` in that year (staff scope).

	Call it in setUp: the Attendance Settings row is rolled back with the test.
	"""
	frappe.db.sql("UPDATE `tabStudent` SET `nc_year` = %s WHERE `name` IN %s", (year, pupils))
	set_head_of_year(year, user)


def set_head_of_year(year: str, user: str) -> None:
	settings = frappe.get_single("Attendance Settings")
	if not any(r.year_group == year and r.user == user for r in settings.heads_of_year):
		settings.append("heads_of_year", {"year_group": year, "user": user})
		settings.save(ignore_permissions=True)
