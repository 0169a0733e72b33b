"""Who a letter about a pupil goes to, and where: for one pupil or a whole school at once.

Education keeps guardians on Student Guardian (with our contact fields: lives with the pupil,
parental responsibility, do not contact, preferred channel; frappe-education-baseline.md
b.1) and addresses on Frappe's Address, linked to the Guardian by Dynamic Link; the pupil's
home address is on Student. Every function here reads a fixed number of queries whatever
the number of pupils, so a letter run over the whole school is set-based.

The postal-address rule (one place): the parent's own Address, else the pupil's home
address, but only when that parent is the one guardian recorded as living with the pupil
(in shared care the pupil's address may be the other parent's, which a letter must not
disclose).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

import frappe
from frappe import _

HOME_FIELDS = ("address_line_1", "address_line_2", "city", "state", "pincode")


def postal_addresses(pairs: Iterable[tuple[str | None, str | None]]) -> dict[tuple, list[str]]:
	"""{(guardian, student): address lines} for each pair: three queries for any number."""
	pairs = list(dict.fromkeys(pairs))
	guardians = sorted({g for g, _s in pairs if g})
	students = sorted({s for _g, s in pairs if s})
	own: dict[str, list[str]] = {}
	if guardians:
		for guardian, *parts in frappe.db.sql(
			"""SELECT l.`link_name`, a.`address_line1`, a.`address_line2`, a.`city`, a.`county`, a.`pincode`
			FROM `tabAddress` a JOIN `tabDynamic Link` l ON l.`parent` = a.`name` AND l.`parenttype` = 'Address'
			WHERE l.`link_doctype` = 'Guardian' AND l.`link_name` IN %s AND IFNULL(a.`disabled`, 0) = 0
			ORDER BY a.`is_primary_address` ASC, a.`modified` ASC""",
			(tuple(guardians),),
		):
			own[guardian] = [part for part in parts if part]  # the last row wins: primary, newest
	living_with: dict[str, list[str]] = defaultdict(list)
	home: dict[str, list[str]] = {}
	if students:
		for student, guardian in frappe.db.sql(
			"""SELECT `parent`, `guardian` FROM `tabStudent Guardian`
			WHERE `parent` IN %s AND `parenttype` = 'Student' AND `lives_with_pupil` = 1""",
			(tuple(students),),
		):
			living_with[student].append(guardian)
		for student, *parts in frappe.db.sql(
			f"""SELECT `name`, {", ".join(f"`{f}`" for f in HOME_FIELDS)} FROM `tabStudent` WHERE `name` IN %s""",
			(tuple(students),),
		):
			home[student] = [part for part in parts if part]
	result = {}
	for guardian, student in pairs:
		if guardian and own.get(guardian):
			result[(guardian, student)] = own[guardian]
		elif student and guardian and living_with.get(student) == [guardian]:
			result[(guardian, student)] = home.get(student, [])
		else:
			result[(guardian, student)] = []
	return result


def letter_recipients(students: Collection[str]) -> dict[str, dict]:
	"""{student: recipient} for the letters of the attendance ladder: the first guardian (in
	the pupil's order) with parental responsibility who lives with the pupil and is not
	marked Do Not Contact, with their e-mail (None when they prefer letters) and postal
	address; or ``skip`` with the reason no letter can go. Five queries for any number."""
	if not students:
		return {}
	rows = frappe.get_all(
		"Student Guardian",
		filters={"parent": ("in", list(students)), "parenttype": "Student"},
		fields=[
			"parent",
			"guardian",
			"guardian_name",
			"lives_with_pupil",
			"parental_responsibility",
			"do_not_contact",
			"preferred_channel",
		],
		order_by="parent, idx",
	)
	by_student: dict[str, list] = defaultdict(list)
	for row in rows:
		by_student[row.parent].append(row)
	chosen = {}
	for student in students:
		candidates = [
			r for r in by_student.get(student, []) if r.parental_responsibility and r.lives_with_pupil
		]
		reachable = [r for r in candidates if not r.do_not_contact]
		chosen[student] = (reachable or [None])[0], bool(candidates) and not reachable
	guardians = sorted({row.guardian for row, _barred in chosen.values() if row})
	emails = dict(
		frappe.get_all(
			"Guardian",
			filters={"name": ("in", guardians or [""])},
			fields=["name", "email_address"],
			as_list=True,
		)
	)
	addresses = postal_addresses((row.guardian, student) for student, (row, _b) in chosen.items() if row)
	result = {}
	for student, (row, barred) in chosen.items():
		if not row:
			result[student] = {
				"skip": _("Every parent who lives with the pupil is marked Do Not Contact.")
				if barred
				else _("No parent with parental responsibility is recorded as living with the pupil.")
			}
			continue
		email = emails.get(row.guardian) if row.preferred_channel != "Letter" else None
		address = addresses.get((row.guardian, student), [])
		entry = {
			"guardian": row.guardian,
			"name": row.guardian_name or row.guardian,
			"email": email or None,
			"address": address,
			"skip": None,
		}
		if not email and not address:
			entry["skip"] = _(
				"{0} has no postal address and no e-mail: add an address to the guardian."
			).format(entry["name"])
		result[student] = entry
	return result
