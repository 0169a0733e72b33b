"""Bench: what running the app as its users showed (issue 11), each finding as a test.

Every user here is a real desk or website user holding only the role named (tests.factories),
never Administrator, and every test puts back what it changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import frappe
from frappe.utils import get_time

from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user
from attendance_officer.tests.leave_factories import give_head_of_year, link_guardian, make_guardian_user
from attendance_officer.tests.school_factories import SCHOOL_TODAY, on_a_school_day

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = SCHOOL_TODAY  # a school day: the clock is put on it at a weekend (on_a_school_day)
LAST_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)
LAST_TUESDAY = LAST_MONDAY + timedelta(days=1)
GROUP = "AO Findings 8F"
STAFF_ROLES = ("Attendance Officer", "Headteacher", "Designated Safeguarding Lead", "Head of Year")

# Who each report is for (its JSON roles), among the attendance staff roles.
REPORTS_FOR = {
	"First Day Calling": STAFF_ROLES,
	"Unmarked Registers": STAFF_ROLES,
	"Register Amendments": STAFF_ROLES,
	"Fire Register": STAFF_ROLES,
}


class TestStaffRolesReachTheirScreens(FrappeTestCase):
	"""Item 1: each attendance role runs its reports and pages on a site with data."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		on_a_school_day(cls)
		make_holiday_list()
		cls.group, cls.pupils = make_register(GROUP, 3)
		frappe.db.sql(
			"UPDATE `tabStudent` SET `admission_date` = %s WHERE `name` IN %s",
			(LAST_MONDAY - timedelta(days=28), cls.pupils),
		)
		cls.users = {role: make_staff_user(role, "-findings") for role in STAFF_ROLES}
		frappe.db.commit()

	def setUp(self):
		give_head_of_year(self.users["Head of Year"], "8", self.pupils)
		write_marks(
			[
				{"student": self.pupils[0], "date": LAST_MONDAY, "session": "AM", "code": "/"},
				{"student": self.pupils[1], "date": LAST_MONDAY, "session": "AM", "code": "N"},
			],
			source="Register",
			registration_group=self.group,
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def run_report(self, report: str, filters: dict) -> dict:
		from frappe.desk.query_report import run

		return run(report, filters=filters)

	def test_every_staff_role_runs_the_reports_it_is_for(self):
		filters = {
			"First Day Calling": {"date": str(LAST_MONDAY), "session": "AM", "student_group": self.group},
			"Unmarked Registers": {"date": str(LAST_MONDAY), "session": "AM", "student_group": self.group},
			"Register Amendments": {"registration_group": self.group, "from_date": str(LAST_MONDAY)},
			"Fire Register": {"date": str(TODAY), "session": "AM", "student_group": self.group},
		}
		for report, roles in REPORTS_FOR.items():
			for role in roles:
				with self.subTest(report=report, role=role):
					frappe.set_user(self.users[role])
					result = self.run_report(report, filters[report])
					self.assertIn("result", result)
					frappe.set_user("Administrator")
		frappe.set_user(self.users["Head of Year"])
		calling = self.run_report("First Day Calling", filters["First Day Calling"])
		self.assertIn(
			self.pupils[1], [row.get("student") for row in calling["result"] if isinstance(row, dict)]
		)

	def test_every_staff_role_reads_the_registration_group_it_links_to(self):
		from frappe.desk.search import search_link

		from attendance_officer import security

		for role in STAFF_ROLES:
			with self.subTest(role=role):
				frappe.set_user(self.users[role])
				self.assertTrue(frappe.has_permission("Student Group", "read", doc=self.group))
				# the link's title in a report column, and the bulk mark's group field search
				self.assertEqual(security.get_link_title("Student Group", self.group), self.group)
				found = search_link("Student Group", GROUP, filters={"group_based_on": "Batch"})
				self.assertIn(self.group, [r["value"] for r in found])
				frappe.set_user("Administrator")

	def test_the_register_page_opens_for_the_roles_that_take_registers(self):
		from frappe.desk.desk_page import get as get_page

		from attendance_officer.registers.api import get_register

		for role in ("Attendance Officer", "Headteacher", "Head of Year"):
			with self.subTest(role=role):
				frappe.set_user(self.users[role])
				self.assertEqual(get_page("take-register").name, "take-register")
				register = get_register(self.group, str(LAST_MONDAY), "AM")
				self.assertEqual(len(register["pupils"]), 3)
				frappe.set_user("Administrator")


class TestRegisterPageLatenessAndCodes(FrappeTestCase):
	"""Items 2 and 6: minutes late the server accepts; withdrawn codes name their replacement."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		on_a_school_day(cls)
		make_holiday_list()
		cls.group, cls.pupils = make_register(GROUP, 3)
		frappe.db.commit()  # each test rolls back; the register must outlive the first

	def tearDown(self):
		frappe.db.rollback()

	def test_a_register_taken_hours_after_it_opened_asks_for_the_arrival_time(self):
		from attendance_officer.registers.api import late_now

		opens = get_time(frappe.db.get_single_value("Attendance Settings", "am_register_opens"))
		day = TODAY
		late_afternoon = datetime.combine(day, opens) + timedelta(minutes=457)
		late = late_now("AM", day, at=late_afternoon)
		self.assertFalse(late["arriving_now"])
		self.assertIsNone(late["minutes"])  # never 457, which save_register would refuse
		just_after = datetime.combine(day, opens) + timedelta(minutes=12)
		late = late_now("AM", day, at=just_after)
		self.assertTrue(late["arriving_now"])
		self.assertEqual((late["code"], late["minutes"]), ("L", 12))
		self.assertEqual(late["now"], just_after.strftime("%H:%M"))
		past_day = late_now("AM", LAST_MONDAY, at=just_after)
		self.assertIsNone(past_day["minutes"])
		# the morning ends when the afternoon register opens: a morning register taken after
		# that asks for the arrival time, even within 300 minutes of its opening
		pm_opens = get_time(frappe.db.get_single_value("Attendance Settings", "pm_register_opens"))
		after_lunch = datetime.combine(day, pm_opens) + timedelta(minutes=1)
		self.assertFalse(late_now("AM", day, at=after_lunch)["arriving_now"])
		self.assertEqual(late_now("AM", day, at=just_after)["clock"], just_after.strftime("%H:%M:%S"))

	def test_the_register_names_what_replaced_each_withdrawn_code(self):
		from attendance_officer.registers.api import get_register

		register = get_register(self.group, str(LAST_MONDAY), "AM")
		self.assertIn("use C (leave of absence", register["retired"]["H"])
		self.assertIn("use J1", register["retired"]["J"])
		self.assertIn("Y1 to Y7", register["retired"]["Y"])
		legend = {c["code"]: c for c in register["codes"]}
		self.assertNotIn("H", legend)
		self.assertEqual(legend["C"]["category"], "Authorised Absence")
		self.assertTrue(legend["B"]["note_required"] or legend["Y7"]["note_required"])


class TestParentReportedAbsence(FrappeTestCase):
	"""Item 8: a parent's report today shows where staff look, and a second one updates it."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		on_a_school_day(cls)
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO Findings 8R", 2)
		cls.guardian, cls.parent = make_guardian_user("Findings Report")
		link_guardian(cls.pupils[0], cls.guardian)
		frappe.db.set_value("Guardian", cls.guardian, "mobile_number", "07700900333")
		cls.officer = make_staff_user("Attendance Officer", "-findings")
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None
		frappe.db.rollback()

	def report(self, **kwargs):
		from attendance_officer.leave import api

		frappe.set_user(self.parent)
		try:
			return api.report_absence(student=self.pupils[0], **kwargs)
		finally:
			frappe.set_user("Administrator")

	def drafts(self) -> list:
		return frappe.get_all(
			"Absence Record",
			filters={"student": self.pupils[0], "docstatus": 0, "reported_via": "Portal"},
			fields=["name", "reason", "to_session", "attendance_code"],
		)

	def test_a_second_report_the_same_day_updates_the_first(self):
		self.report(from_session="AM", to_session="AM", reason="Medical or dental appointment")
		out = self.report(from_session="AM", to_session="PM", reason="Illness")
		self.assertIn("updated", out["message"])
		drafts = self.drafts()
		self.assertEqual(len(drafts), 1)
		self.assertEqual(
			(drafts[0].reason, drafts[0].to_session, drafts[0].attendance_code), ("Illness", "PM", "I")
		)

	def test_a_morning_then_an_afternoon_report_covers_the_whole_day(self):
		self.report(from_session="AM", to_session="AM", reason="Illness")
		self.report(from_session="PM", to_session="PM", reason="Illness")
		(draft,) = frappe.get_all(
			"Absence Record",
			filters={"student": self.pupils[0], "docstatus": 0, "reported_via": "Portal"},
			fields=["from_session", "to_session"],
		)
		self.assertEqual((draft.from_session, draft.to_session), ("AM", "PM"))

	def test_the_other_parents_report_and_a_draft_staff_worked_on_are_never_overwritten(self):
		self.report(from_session="AM", to_session="PM", reason="Illness")
		first = self.drafts()[0].name
		other, other_user = make_guardian_user("Findings Other Parent")
		link_guardian(self.pupils[0], other)
		frappe.set_user(other_user)
		from attendance_officer.leave import api

		api.report_absence(
			student=self.pupils[0], from_session="AM", to_session="PM", reason="Religious observance"
		)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Absence Record", first, "reason"), "Illness")
		self.assertEqual(len(self.drafts()), 2)  # the other parent's report stands apart
		frappe.set_user(self.officer)  # the office rings back and extends the draft to tomorrow
		doc = frappe.get_doc("Absence Record", first)
		doc.notes = "Spoke to mum: back on Monday"
		doc.save()
		frappe.set_user("Administrator")
		self.report(from_session="AM", to_session="AM", reason="Medical or dental appointment")
		self.assertEqual(
			frappe.db.get_value("Absence Record", first, "notes"), "Spoke to mum: back on Monday"
		)
		self.assertEqual(len(self.drafts()), 3)

	def test_the_report_shows_on_the_register_page_and_first_day_calling(self):
		from attendance_officer.attendance_officer.report.first_day_calling.first_day_calling import execute
		from attendance_officer.registers.api import get_register

		self.report(from_session="AM", to_session="PM", reason="Illness")
		record = self.drafts()[0].name
		frappe.set_user(self.officer)
		register = get_register(self.group, str(TODAY), "PM")
		reported = {p["student"]: p["reported"] for p in register["pupils"]}
		self.assertEqual(reported[self.pupils[0]]["reason"], "Illness")
		self.assertTrue(reported[self.pupils[0]]["by_parent"])
		self.assertEqual(reported[self.pupils[0]]["record"], record)
		self.assertIsNone(reported[self.pupils[1]])
		# the register is taken without the pupil: first-day calling says a reason was given
		frappe.set_user("Administrator")
		write_marks(
			[{"student": self.pupils[1], "date": TODAY, "session": "AM", "code": "/"}],
			source="Register",
			registration_group=self.group,
		)
		frappe.set_user(self.officer)
		_columns, rows, _message, _chart, summary = execute(
			{"date": str(TODAY), "session": "AM", "student_group": self.group}
		)
		row = next(r for r in rows if r["student"] == self.pupils[0])
		self.assertEqual(row["reported"], "Parent reported (Portal): Illness")
		self.assertEqual(row["absence_record"], record)
		cards = {c["label"]: c["value"] for c in summary}
		self.assertEqual(cards["Reason given, to record"], 1)
		self.assertEqual(cards["Not contacted yet"], 0)


class TestPortalCalendarPastDays(FrappeTestCase):
	"""Item 11: nothing said of past days without a register; "not yet marked" only today."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		on_a_school_day(cls)
		make_holiday_list()
		cls.group, cls.pupils = make_register("AO Findings 8P", 1)
		cls.guardian, cls.parent = make_guardian_user("Findings Calendar")
		link_guardian(cls.pupils[0], cls.guardian)
		frappe.db.commit()

	def tearDown(self):
		frappe.db.rollback()

	def test_past_days_without_a_register_say_nothing(self):
		from attendance_officer.engine.parent_view import short_date
		from attendance_officer.leave.api import portal_context

		write_marks(
			[{"student": self.pupils[0], "date": LAST_MONDAY, "session": "AM", "code": "/"}],
			source="Register",
		)
		child = portal_context(self.parent)["children"][0]
		by_date = {row["date"]: row for row in child["calendar"]}
		self.assertNotIn(short_date(LAST_TUESDAY), by_date)  # no register that day
		self.assertEqual(by_date[short_date(LAST_MONDAY)]["am"]["label"], "In school")
		self.assertEqual(by_date[short_date(LAST_MONDAY)]["pm"]["label"], "")
		labels = [row[s]["label"] for row in child["calendar"] for s in ("am", "pm")]
		not_yet = [
			row for row in child["calendar"] if "Not marked yet" in (row["am"]["label"], row["pm"]["label"])
		]
		self.assertTrue(all(row["date"] == short_date(TODAY) for row in not_yet), labels)


class TestInstallTimeRegisterTimesPatch(FrappeTestCase):
	"""Item 10: the patch puts back the declared times only where install stored its own moment."""

	def tearDown(self):
		frappe.db.rollback()
		frappe.clear_document_cache("Attendance Settings", "Attendance Settings")

	def test_times_all_at_the_install_moment_are_reset(self):
		from attendance_officer.patches.v0_1 import reset_install_time_register_times as patch

		for field in ("am_register_opens", "am_register_closes", "pm_register_opens", "pm_register_closes"):
			frappe.db.set_single_value("Attendance Settings", field, "14:07:31.402117")
		frappe.db.set_single_value("Attendance Settings", "first_day_calling_cutoff", "14:07:32.000001")
		patch.execute()
		stored = frappe.db.get_singles_dict("Attendance Settings")
		self.assertEqual(get_time(stored.am_register_opens), get_time("08:30:00"))
		self.assertEqual(get_time(stored.pm_register_closes), get_time("13:45:00"))
		self.assertEqual(get_time(stored.first_day_calling_cutoff), get_time("10:00:00"))

	def test_a_time_with_a_fraction_of_a_second_is_cut_so_the_form_opens_saved(self):
		from attendance_officer.patches.v0_1 import reset_install_time_register_times as patch

		frappe.db.set_single_value("Attendance Settings", "am_register_opens", "08:35:00.402117")
		patch.execute()
		self.assertEqual(frappe.db.get_singles_dict("Attendance Settings").am_register_opens, "08:35:00")
		settings = frappe.get_doc("Attendance Settings")
		settings.am_register_closes = "09:00:00.5"
		settings.save()
		self.assertEqual(frappe.db.get_singles_dict("Attendance Settings").am_register_closes, "09:00:00")

	def test_times_a_school_set_are_left_alone(self):
		from attendance_officer.patches.v0_1 import reset_install_time_register_times as patch

		frappe.db.set_single_value("Attendance Settings", "am_register_opens", "08:40:00")
		before = frappe.db.get_singles_dict("Attendance Settings")
		patch.execute()
		self.assertEqual(frappe.db.get_singles_dict("Attendance Settings"), before)

	def test_the_student_group_patch_grants_read_on_sites_installed_before_it(self):
		from attendance_officer.patches.v0_1 import grant_student_group_read as patch

		frappe.db.delete("Custom DocPerm", {"parent": "Student Group", "role": "Head of Year"})
		frappe.clear_cache(doctype="Student Group")
		patch.execute()
		self.assertTrue(
			frappe.db.get_value("Custom DocPerm", {"parent": "Student Group", "role": "Head of Year"}, "read")
		)
