"""Bench: staff see only the pupils their role gives them (issue 12, part 2).

A Head of Year sees the pupils of their year groups (Attendance Settings), a tutor the pupils
of the groups they instruct; a record about any other pupil is answered as one that does not
exist, through every route: the form (frappe.client.get), lists, counts, report view and
export, and the script reports. Safe-and-well checks and home visits are the DSL's, the
Attendance Officer's and the Headteacher's only. Every row of the README's "who sees what"
table has a test here.
"""

from __future__ import annotations

from datetime import timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.leave.test_portal import answer
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.absence_factories import add_guardian, make_guardian
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import (
	make_holiday_list,
	make_instructor,
	make_register,
	make_staff_user,
)
from attendance_officer.tests.leave_factories import give_head_of_year
from attendance_officer.tests.school_factories import next_weekday

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
LAST_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
MINE, THEIRS = "AO Scope 8A", "AO Scope 10B"


def rows(view) -> list:
	"""frappe.desk.reportview.get answers [] for no rows, else {"keys", "values"}."""
	return view.get("values") if isinstance(view, dict) else list(view or [])


class TestStaffScope(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.instructor, cls.tutor = make_instructor("-scope8a")
		_, cls.mine = make_register(MINE, 2, instructors=[cls.instructor])
		_, cls.theirs = make_register(THEIRS, 2)
		frappe.db.sql(
			"UPDATE `tabStudent` SET `admission_date` = %s, `date_of_leaving` = NULL WHERE `name` IN %s",
			(LAST_MONDAY - timedelta(days=28), cls.mine + cls.theirs),
		)
		cls.mum = make_guardian("AO Scope Mum", mobile_number="07700900555")
		add_guardian(cls.mine[0], cls.mum, contact_priority=1)
		add_guardian(cls.theirs[0], cls.mum, contact_priority=1)
		cls.hoy = make_staff_user("Head of Year", "-scope8")
		cls.dsl = make_staff_user("Designated Safeguarding Lead", "-scope")
		cls.officer = make_staff_user("Attendance Officer", "-scope")
		frappe.db.commit()

	def setUp(self):
		give_head_of_year(self.hoy, "8", self.mine)
		frappe.db.sql("UPDATE `tabStudent` SET `nc_year` = '10' WHERE `name` IN %s", (self.theirs,))
		write_marks(
			[
				{"student": s, "date": LAST_MONDAY, "session": "AM", "code": code}
				for s, code in (
					(self.mine[0], "N"),
					(self.mine[1], "/"),
					(self.theirs[0], "N"),
					(self.theirs[1], "/"),
				)
			],
			source="Register",
		)
		write_marks(
			[
				{
					"student": self.theirs[0],
					"date": LAST_MONDAY,
					"session": "AM",
					"code": "I",
					"reason": "Mum rang",
				}
			],
			source="Register",
		)
		self.records = {
			"Attendance Mark": {
				s: frappe.db.get_value("Attendance Mark", {"student": s, "date": LAST_MONDAY})
				for s in self.mine + self.theirs
			},
			"Absence Record": {s: self.absence_record(s) for s in (self.mine[0], self.theirs[0])},
			"Attendance Contact": {s: self.contact(s, "Call") for s in (self.mine[0], self.theirs[0])},
			"Attendance Letter": {s: self.letter(s) for s in (self.mine[0], self.theirs[0])},
			"Student": {s: s for s in self.mine + self.theirs},
		}
		self.safe_and_well = self.contact(self.mine[0], "Safe and well check")
		self.bulk = {group: self.bulk_mark(group) for group in (MINE, THEIRS)}

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	# ------------------------------------------------------------ records

	def absence_record(self, student):
		return (
			frappe.get_doc(
				{
					"doctype": "Absence Record",
					"student": student,
					"from_date": next_weekday(TODAY + timedelta(days=7)),
					"from_session": "AM",
					"to_date": next_weekday(TODAY + timedelta(days=7)),
					"to_session": "PM",
					"reason": "Illness",
					"attendance_code": "I",
				}
			)
			.insert()
			.name
		)

	def contact(self, student, kind):
		return (
			frappe.get_doc(
				{
					"doctype": "Attendance Contact",
					"student": student,
					"contact_on": f"{LAST_MONDAY} 09:30:00",
					"contact_type": kind,
					"guardian": self.mum,
					"outcome": "No answer",
				}
			)
			.insert()
			.name
		)

	def letter(self, student):
		return (
			frappe.get_doc(
				{"doctype": "Attendance Letter", "student": student, "letter_type": "Leave Approved"}
			)
			.insert()
			.name
		)

	def bulk_mark(self, group):
		return (
			frappe.get_doc(
				{
					"doctype": "Attendance Bulk Mark",
					"attendance_code": "V",
					"reason": "Museum trip",
					"from_date": next_weekday(TODAY + timedelta(days=14)),
					"from_session": "AM",
					"to_date": next_weekday(TODAY + timedelta(days=14)),
					"to_session": "PM",
					"student_group": group,
				}
			)
			.insert()
			.name
		)

	# ------------------------------------------------------------ checks

	def assert_out_of_scope_looks_missing(self, user, doctype, outside, inside):
		"""``outside`` is "not found" by every route, exactly like a made-up id; ``inside`` reads."""
		from frappe.client import get
		from frappe.desk.reportview import get as report_view
		from frappe.desk.reportview import get_count

		from attendance_officer import security

		frappe.set_user(user)
		exc_real, text_real = answer(lambda: get(doctype, outside))
		exc_fake, text_fake = answer(lambda: get(doctype, "NOPE-00000"))
		self.assertIs(exc_real, exc_fake)
		self.assertTrue(issubclass(exc_real, frappe.DoesNotExistError), exc_real)
		self.assertEqual(text_real.replace(outside, "ID"), text_fake.replace("NOPE-00000", "ID"))
		self.assertEqual(get(doctype, inside)["name"], inside)
		listed = frappe.get_list(doctype, pluck="name", limit_page_length=0)
		self.assertNotIn(outside, listed)
		self.assertIn(inside, listed)
		self.assertEqual(frappe.get_list(doctype, filters={"name": outside}, pluck="name"), [])
		frappe.local.form_dict = frappe._dict(doctype=doctype, filters={"name": outside})
		self.assertEqual(get_count(), 0)  # the list view's count
		self.assertEqual(security.get_count(doctype, filters={"name": outside}), 0)  # frappe.client.get_count
		frappe.local.form_dict = frappe._dict(doctype=doctype, fields=["`name`"], filters={"name": outside})
		self.assertFalse(rows(report_view()))  # report view and, through the same query, export
		frappe.local.form_dict = frappe._dict(doctype=doctype, fields=["`name`"], filters={"name": inside})
		self.assertTrue(rows(report_view()))
		frappe.set_user("Administrator")

	def test_head_of_year_reaches_only_their_years_pupils_on_every_record(self):
		for doctype, names in self.records.items():
			with self.subTest(doctype=doctype):
				self.assert_out_of_scope_looks_missing(
					self.hoy, doctype, names[self.theirs[0]], names[self.mine[0]]
				)

	def test_head_of_year_sees_bulk_marks_by_their_pupils(self):
		self.assert_out_of_scope_looks_missing(
			self.hoy, "Attendance Bulk Mark", self.bulk[THEIRS], self.bulk[MINE]
		)

	def test_tutor_reaches_only_the_pupils_of_the_groups_they_instruct(self):
		for doctype in ("Attendance Mark", "Student"):
			names = self.records[doctype]
			with self.subTest(doctype=doctype):
				self.assert_out_of_scope_looks_missing(
					self.tutor, doctype, names[self.theirs[1]], names[self.mine[1]]
				)

	def test_head_of_year_with_no_year_groups_sees_no_pupil(self):
		lost = make_staff_user("Head of Year", "-scope-none")
		frappe.set_user(lost)
		self.assertEqual(
			frappe.get_list("Attendance Mark", filters={"student": ("in", self.mine)}, pluck="name"), []
		)

	def test_safe_and_well_checks_are_for_the_safeguarding_roles_only(self):
		from frappe.client import get

		frappe.set_user(self.hoy)  # the pupil is in their year, the contact is not theirs to read
		exc, _text = answer(lambda: get("Attendance Contact", self.safe_and_well))
		self.assertTrue(issubclass(exc, frappe.DoesNotExistError))
		self.assertNotIn(self.safe_and_well, frappe.get_list("Attendance Contact", pluck="name"))
		self.assertIn(
			self.records["Attendance Contact"][self.mine[0]],
			frappe.get_list("Attendance Contact", pluck="name"),
		)
		for user in (self.dsl, self.officer):
			frappe.set_user(user)
			self.assertEqual(
				get("Attendance Contact", self.safe_and_well)["contact_type"], "Safe and well check"
			)

	def test_the_student_form_counts_only_the_contacts_the_user_may_open(self):
		from attendance_officer.security import get_open_count

		def contacts(user):
			frappe.set_user(user)
			found = get_open_count("Student", self.mine[0])["count"]["external_links_found"]
			return next(link["count"] for link in found if link["doctype"] == "Attendance Contact")

		self.assertEqual(contacts(self.hoy), 1)  # the safe-and-well check is not counted for them
		self.assertEqual(contacts(self.officer), 2)

	def test_a_head_of_year_cannot_create_a_record_for_another_years_pupil(self):
		frappe.set_user(self.hoy)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "Attendance Contact",
					"student": self.theirs[0],
					"contact_on": f"{LAST_MONDAY} 10:00:00",
					"contact_type": "Call",
					"outcome": "No answer",
				}
			).insert()

	def test_reports_show_a_head_of_year_only_their_years(self):
		from frappe.desk.query_report import run

		frappe.set_user(self.hoy)
		calling = run("First Day Calling", filters={"date": str(LAST_MONDAY), "session": "AM"})["result"]
		students = {row.get("student") for row in calling if isinstance(row, dict)}
		self.assertIn(self.mine[0], students)
		self.assertNotIn(self.theirs[0], students)
		amendments = run("Register Amendments", filters={"from_date": str(LAST_MONDAY)})["result"]
		self.assertNotIn(self.theirs[0], {row.get("student") for row in amendments if isinstance(row, dict)})
		frappe.set_user(self.officer)  # the wide roles still see both
		amendments = run("Register Amendments", filters={"from_date": str(LAST_MONDAY)})["result"]
		self.assertIn(self.theirs[0], {row.get("student") for row in amendments if isinstance(row, dict)})

	def test_unmarked_registers_show_a_tutor_only_their_groups(self):
		from attendance_officer.attendance_officer.report.unmarked_registers.unmarked_registers import execute

		frappe.set_user(self.tutor)
		_columns, rows, *_ = execute(
			{"date": str(TODAY - timedelta(days=TODAY.weekday() + 6)), "session": "AM"}
		)
		groups = {row["student_group"] for row in rows}
		self.assertEqual(groups, {MINE})  # no marks that day: their own group shows, no other

	def test_the_register_picker_offers_a_tutor_only_their_groups(self):
		from attendance_officer.registers.api import register_groups

		frappe.set_user(self.tutor)
		offered = {row[0] for row in register_groups("Student Group", "AO Scope", "name", 0, 20, {})}
		self.assertEqual(offered, {MINE})
		frappe.set_user(self.hoy)  # heads of year cover any register
		offered = {row[0] for row in register_groups("Student Group", "AO Scope", "name", 0, 20, {})}
		self.assertEqual(offered, {MINE, THEIRS})

	def test_scope_costs_the_same_queries_whatever_the_roll(self):
		frappe.set_user(self.hoy)
		frappe.get_list("Attendance Mark", pluck="name")  # warm the caches
		with self.assertQueryCount(4):
			frappe.get_list("Attendance Mark", pluck="name", limit_page_length=0)

	def test_child_tables_are_listed_only_through_their_parents_scope(self):
		from frappe.client import get_list

		frappe.set_user(self.hoy)
		trail = get_list(
			"Attendance Mark Amendment",
			fields=["parent", "reason"],
			parent="Attendance Mark",
			limit_page_length=0,
		)
		parents = {row["parent"] for row in trail}
		self.assertNotIn(self.records["Attendance Mark"][self.theirs[0]], parents)  # "Mum rang" stays hidden
		guardians = get_list("Student Guardian", fields=["parent"], parent="Student", limit_page_length=0)
		self.assertIn(self.mine[0], {row["parent"] for row in guardians})
		self.assertNotIn(self.theirs[0], {row["parent"] for row in guardians})

	def test_a_record_cannot_be_moved_into_ones_scope_and_read(self):
		from frappe.client import set_value

		theirs = self.records["Attendance Contact"][self.theirs[0]]
		frappe.set_user(self.hoy)
		exc, _text = answer(lambda: set_value("Attendance Contact", theirs, {"student": self.mine[0]}))
		self.assertTrue(issubclass(exc, (frappe.DoesNotExistError, frappe.PermissionError)), exc)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Attendance Contact", theirs, "student"), self.theirs[0])
		exc, _text = answer(
			lambda: (
				frappe.set_user(self.hoy),
				set_value("Attendance Contact", self.safe_and_well, "contact_type", "Call"),
			)
		)
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Attendance Contact", self.safe_and_well, "contact_type"),
			"Safe and well check",
		)

	def test_link_search_never_skips_the_scope(self):
		from attendance_officer import security

		frappe.set_user(self.tutor)
		found = security.search_link("Student", "AO Scope", page_length=50, ignore_user_permissions=1)
		values = {row["value"] for row in found}
		self.assertIn(self.mine[0], values)
		self.assertNotIn(self.theirs[0], values)

	def test_assigned_to_counts_only_records_the_user_may_list(self):
		from frappe.desk.form.assign_to import add as assign

		from attendance_officer import security

		theirs = self.records["Attendance Contact"][self.theirs[0]]
		assign(
			{
				"assign_to": [self.officer],
				"doctype": "Attendance Contact",
				"name": theirs,
				"description": "Call back",
			}
		)
		frappe.set_user(self.hoy)
		counts = security.get_group_by_count("Attendance Contact", "{}", "assigned_to")
		self.assertEqual(sum(c["count"] for c in counts), 0)
		frappe.set_user(self.officer)
		counts = security.get_group_by_count("Attendance Contact", "{}", "assigned_to")
		self.assertEqual(sum(c["count"] for c in counts), 1)

	def test_asked_about_another_user_the_answer_is_no_not_an_error(self):
		theirs = self.records["Attendance Contact"][self.theirs[0]]
		frappe.set_user(self.officer)  # e.g. assigning the contact to another year's Head of Year
		self.assertFalse(frappe.has_permission("Attendance Contact", "read", doc=theirs, user=self.hoy))

	def test_a_disabled_group_no_longer_gives_its_tutor_its_pupils(self):
		frappe.db.set_value("Student Group", MINE, "disabled", 1)
		frappe.set_user(self.tutor)
		self.assertEqual(
			frappe.get_list("Attendance Mark", filters={"student": ("in", self.mine)}, pluck="name"), []
		)

	def test_the_fire_register_is_whole_school_but_today_only_below_the_wide_roles(self):
		from frappe.desk.query_report import run

		frappe.set_user(self.tutor)
		today = run("Fire Register", filters={"session": "AM"})["result"]
		self.assertTrue(today)  # the evacuation list: every group, today
		with self.assertRaisesRegex(frappe.PermissionError, "today only"):
			run("Fire Register", filters={"date": str(LAST_MONDAY), "session": "AM"})
		frappe.set_user(self.officer)
		self.assertTrue(run("Fire Register", filters={"date": str(LAST_MONDAY), "session": "AM"})["result"])

	def test_a_head_of_year_reads_only_the_guardians_of_their_pupils(self):
		from frappe.client import get

		other = make_guardian("AO Scope Other Year Dad", mobile_number="07700900999")
		add_guardian(self.theirs[1], other, contact_priority=1)
		frappe.set_user(self.hoy)
		listed = frappe.get_list("Guardian", pluck="name", limit_page_length=0)
		self.assertIn(self.mum, listed)  # the mother of a Year 8 pupil (and of a Year 10 one)
		self.assertNotIn(other, listed)
		exc, _text = answer(lambda: get("Guardian", other))
		self.assertTrue(issubclass(exc, frappe.DoesNotExistError))
