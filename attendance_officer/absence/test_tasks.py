"""Bench: the daily escalation job raises each alert once and addresses it to the right people."""

from datetime import timedelta
from unittest.mock import patch

import frappe
from frappe.tests.utils import change_settings
from frappe.utils import getdate

from attendance_officer.absence.tasks import (
	HOME_VISIT,
	MISSING_20,
	SAFEGUARDING,
	SICKNESS_15,
	UNAUTHORISED_10,
	UNRESOLVED_N,
	daily_escalation,
	role_users,
)
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_register, make_staff_user

test_ignore = ["Student", "Student Group"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)  # last week's Monday
WEDNESDAY, THURSDAY, FRIDAY = (MONDAY + timedelta(days=n) for n in (2, 3, 4))
MONDAY_BEFORE = MONDAY - timedelta(days=7)


class TestDailyEscalation(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.group, cls.pupils = make_register("AO Escalation 9E", 6)
		make_holiday_list()
		frappe.db.sql(
			"UPDATE `tabStudent` SET `admission_date` = %s, `child_protection_plan` = 0, `child_in_need` = 0 "
			"WHERE `name` IN %s",
			(MONDAY_BEFORE - timedelta(days=42), cls.pupils),
		)
		frappe.db.set_value("Student", cls.pupils[0], "child_protection_plan", 1)
		cls.dsl = make_staff_user("Designated Safeguarding Lead", "escalation")
		cls.officer = make_staff_user("Attendance Officer", "escalation")
		frappe.db.commit()

	def setUp(self):
		p = self.pupils
		rows = [{"student": p[0], "date": FRIDAY, "session": "AM", "code": "N"}]
		rows += [
			{"student": p[1], "date": d, "session": "AM", "code": "N"} for d in (WEDNESDAY, THURSDAY, FRIDAY)
		]
		rows += [{"student": p[2], "date": MONDAY_BEFORE, "session": s, "code": "N"} for s in ("AM", "PM")]
		rows += [{"student": p[3], "date": FRIDAY, "session": "AM", "code": "/"}]
		write_marks(rows, source="Register")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def alerts(self):
		return {
			(a.alert_type, a.student): a.name
			for a in frappe.get_all(
				"Attendance Alert",
				filters={"student": ("in", self.pupils)},
				fields=["name", "alert_type", "student"],
			)
		}

	def todos(self, alert):
		return sorted(
			frappe.get_all(
				"ToDo",
				filters={"reference_type": "Attendance Alert", "reference_name": alert},
				pluck="allocated_to",
			)
		)

	def test_run_twice_raises_each_alert_and_todo_once(self):
		daily_escalation(FRIDAY)
		first = self.alerts()
		p = self.pupils
		self.assertEqual(
			set(first),
			{(SAFEGUARDING, p[0]), (HOME_VISIT, p[1]), (UNRESOLVED_N, p[2])},
		)
		todo_count = frappe.db.count("ToDo", {"reference_type": "Attendance Alert"})
		daily_escalation(FRIDAY)
		self.assertEqual(self.alerts(), first)
		self.assertEqual(frappe.db.count("ToDo", {"reference_type": "Attendance Alert"}), todo_count)

	def test_cp_alert_goes_only_to_the_dsl(self):
		daily_escalation(FRIDAY)
		alerts = self.alerts()
		cp = self.todos(alerts[(SAFEGUARDING, self.pupils[0])])
		self.assertIn(self.dsl, cp)
		self.assertNotIn(self.officer, cp)
		for user in cp:
			self.assertIn("Designated Safeguarding Lead", frappe.get_roles(user))
		visit = self.todos(alerts[(HOME_VISIT, self.pupils[1])])
		self.assertIn(self.officer, visit)
		self.assertNotIn(self.dsl, visit)

	def test_home_visit_needs_three_days(self):
		daily_escalation(THURSDAY)
		self.assertNotIn((HOME_VISIT, self.pupils[1]), self.alerts())

	def test_unresolved_n_turned_into_o_when_the_school_chooses(self):
		with change_settings("Attendance Settings", {"turn_unresolved_n_into_o": 1}):
			daily_escalation(FRIDAY)
		codes = frappe.get_all(
			"Attendance Mark",
			filters={"student": self.pupils[2], "date": MONDAY_BEFORE},
			pluck="attendance_code",
		)
		self.assertEqual(codes, ["O", "O"])
		trail = frappe.get_all(
			"Attendance Mark Amendment",
			filters={"parent": f"{self.pupils[2]}-{MONDAY_BEFORE}-AM"},
			fields=["previous_code", "new_code", "reason"],
		)
		self.assertEqual([(t.previous_code, t.new_code) for t in trail], [("N", "O")])
		self.assertIn("N changed to O", trail[0].reason)
		# the recent N is within its window and stays
		self.assertEqual(
			frappe.db.get_value(
				"Attendance Mark", {"student": self.pupils[1], "date": FRIDAY}, "attendance_code"
			),
			"N",
		)

	def school_days(self, first, last):
		day, days = first, []
		while day <= last:
			if day.weekday() < 5:
				days.append(day)
			day += timedelta(days=1)
		return days

	def test_ten_days_unauthorised_and_fifteen_days_sick_go_to_officers_and_dsl(self):
		p = self.pupils
		rows = [
			{"student": p[4], "date": d, "session": s, "code": "O"}
			for d in self.school_days(MONDAY_BEFORE, FRIDAY)
			for s in ("AM", "PM")
		]
		rows += [
			{"student": p[5], "date": d, "session": s, "code": "I"}
			for d in self.school_days(MONDAY_BEFORE - timedelta(days=7), FRIDAY)
			for s in ("AM", "PM")
		]
		write_marks(rows, source="Register")
		daily_escalation(THURSDAY)  # 9 school days of O, 14 of illness: not yet
		alerts = self.alerts()
		self.assertNotIn((UNAUTHORISED_10, p[4]), alerts)
		self.assertNotIn((SICKNESS_15, p[5]), alerts)
		daily_escalation(FRIDAY)
		alerts = self.alerts()
		for key in ((UNAUTHORISED_10, p[4]), (SICKNESS_15, p[5])):
			todos = self.todos(alerts[key])
			self.assertIn(self.dsl, todos)
			self.assertIn(self.officer, todos)
		alert = frappe.get_doc("Attendance Alert", alerts[(UNAUTHORISED_10, p[4])])
		self.assertEqual((alert.from_date, alert.to_date), (MONDAY_BEFORE, FRIDAY))
		self.assertIn("local authority", alert.details)
		# The LA's lists for the period come from these alerts (Absence Returns).
		from attendance_officer.attendance_officer.report.absence_returns.absence_returns import execute

		frappe.set_user(self.officer)
		_columns, rows, _note = execute({"from_date": str(MONDAY_BEFORE), "to_date": str(FRIDAY)})
		listed = {(r["kind"], r["student"]) for r in rows}
		self.assertIn((UNAUTHORISED_10, p[4]), listed)
		self.assertIn((SICKNESS_15, p[5]), listed)
		_columns, rows, _note = execute(
			{"from_date": str(MONDAY_BEFORE), "to_date": str(FRIDAY), "kind": "sickness"}
		)
		self.assertNotIn(p[4], [r["student"] for r in rows])

	def test_twenty_school_days_of_g_n_o_raise_the_missing_education_alert_once(self):
		p = self.pupils
		days = self.school_days(MONDAY_BEFORE - timedelta(days=14), FRIDAY)  # 4 weeks: 20 school days
		self.assertEqual(len(days), 20)
		rows = [
			{"student": p[4], "date": d, "session": s, "code": ("G", "N", "O")[i % 3]}
			for i, d in enumerate(days)
			for s in ("AM", "PM")
		]
		write_marks(rows, source="Register")
		daily_escalation(THURSDAY)  # 19 school days: not yet
		self.assertNotIn((MISSING_20, p[4]), self.alerts())
		daily_escalation(FRIDAY)
		daily_escalation(FRIDAY)
		alerts = frappe.get_all(
			"Attendance Alert", filters={"student": p[4], "alert_type": MISSING_20}, pluck="name"
		)
		self.assertEqual(len(alerts), 1)
		alert = frappe.get_doc("Attendance Alert", alerts[0])
		self.assertEqual((alert.from_date, alert.to_date), (days[0], FRIDAY))
		self.assertIn("Roll Deletion", alert.details)
		self.assertIn(self.officer, self.todos(alert.name))

	def test_marking_an_alert_done_closes_its_todos(self):
		daily_escalation(FRIDAY)
		name = self.alerts()[(HOME_VISIT, self.pupils[1])]
		alert = frappe.get_doc("Attendance Alert", name)
		alert.status = "Done"
		alert.action_taken = "Visited; mother says ill, Absence Record made."
		alert.save()
		statuses = frappe.get_all(
			"ToDo", filters={"reference_type": "Attendance Alert", "reference_name": name}, pluck="status"
		)
		self.assertTrue(statuses)
		self.assertEqual(set(statuses), {"Closed"})

	def test_the_dsl_is_notified_not_only_given_a_todo(self):
		daily_escalation(FRIDAY)
		alert = self.alerts()[(SAFEGUARDING, self.pupils[0])]
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": self.dsl, "document_type": "Attendance Alert", "document_name": alert},
			)
		)

	def test_with_no_dsl_the_headteacher_gets_it_and_the_gap_is_logged(self):
		frappe.db.sql(
			"""UPDATE `tabUser` u JOIN `tabHas Role` r ON r.`parent` = u.`name` AND r.`parenttype` = 'User'
			SET u.`enabled` = 0 WHERE r.`role` = 'Designated Safeguarding Lead'"""
		)
		head = make_staff_user("Headteacher", "escalation")
		frappe.db.delete("Error Log", {"method": "No Designated Safeguarding Lead to alert"})
		daily_escalation(FRIDAY)
		cp = self.todos(self.alerts()[(SAFEGUARDING, self.pupils[0])])
		self.assertIn(head, cp)
		self.assertEqual(
			frappe.db.count("Error Log", {"method": "No Designated Safeguarding Lead to alert"}), 1
		)

	def test_role_users_are_looked_up_once_per_run(self):
		with patch("attendance_officer.absence.tasks.role_users", side_effect=role_users) as looked_up:
			daily_escalation(FRIDAY)
		calls = [tuple(c.args[0]) for c in looked_up.call_args_list]
		self.assertEqual(len(calls), len(set(calls)))
