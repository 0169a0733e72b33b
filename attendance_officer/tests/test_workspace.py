# Copyright (c) 2026, attendance_officer developers
# See license.txt

"""Bench: the Attendance workspace (issue 15 item 9): its cards and charts answer in the user's
scope with a fixed few queries, and every card, chart and link it shows exists."""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.attendance_officer.dashboard_chart_source.attendance_weekly_trend.attendance_weekly_trend import (
	get as weekly_trend,
)
from attendance_officer.attendance_officer.dashboard_chart_source.persistent_absence_by_year.persistent_absence_by_year import (
	get as pa_by_year,
)
from attendance_officer.reporting import cards
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_staff_user
from attendance_officer.tests.leave_factories import set_head_of_year
from attendance_officer.tests.school_factories import counted_queries, seed_marks, seed_pupils

TODAY = getdate()
DAYS = sorted(TODAY - timedelta(days=n) for n in range(0, 15) if (TODAY - timedelta(days=n)).weekday() < 5)
BORN = date(TODAY.year - 13, 3, 1)


class TestAttendanceWorkspace(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.officer = make_staff_user("Attendance Officer", "-workspace")
		cls.head = make_staff_user("Head of Year", "-workspace")
		frappe.db.commit()

	def setUp(self):
		frappe.cache.delete_keys("attendance_officer:year_figures")
		set_head_of_year("13", self.head)  # a year with none of the seeded pupils
		self.severe = seed_pupils("AOW-Y8", 3, nc_year="8", date_of_birth=BORN, registration_group="AO WS 8W")
		seed_marks(self.severe, DAYS, lambda i, day, session: "O" if i == 0 else "/", "AO WS 8W")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.cache.delete_keys("attendance_officer:year_figures")

	def test_the_cards_count_only_the_pupils_the_role_gives(self):
		frappe.set_user(self.officer)
		officer_sees = cards.severe_absence_count()["value"]
		self.assertGreaterEqual(officer_sees, 1)
		self.assertEqual(cards.severe_absence_count()["route"], ["query-report", "Attendance Thresholds"])
		frappe.set_user(self.head)
		self.assertEqual(cards.severe_absence_count()["value"], 0)  # year 13: no pupil of theirs is severe
		self.assertNotIn("Y8", pa_by_year()["labels"])
		frappe.set_user(self.officer)
		self.assertIn("Y8", pa_by_year()["labels"])

	def test_a_user_who_may_not_read_marks_gets_no_card(self):
		guest_like = make_staff_user("Blogger", "-workspace")
		frappe.set_user(guest_like)
		with self.assertRaises(frappe.PermissionError):
			cards.attendance_today()
		with self.assertRaises(frappe.PermissionError):
			weekly_trend()

	def test_the_weekly_trend_has_a_point_for_each_week_with_sessions(self):
		frappe.set_user(self.officer)
		trend = weekly_trend()
		self.assertGreaterEqual(len(trend["labels"]), len({d - timedelta(days=d.weekday()) for d in DAYS}))
		self.assertTrue(all(0 <= v <= 100 for v in trend["datasets"][0]["values"]))

	def test_the_year_cards_take_the_same_queries_for_3_or_30_pupils(self):
		frappe.set_user(self.officer)
		cards.persistent_absence_rate()  # warm Frappe's own caches (meta, settings) first
		counts = []
		for size in (3, 30):
			pupils = seed_pupils(
				f"AOW-N{size}", size, nc_year="9", date_of_birth=BORN, registration_group="AO WS 9W"
			)
			seed_marks(pupils, DAYS, lambda i, day, session: "I" if i % 4 == 0 else "/", "AO WS 9W")
			frappe.cache.delete_keys("attendance_officer:year_figures")
			with counted_queries() as queries:
				cards.persistent_absence_rate()
				cards.attendance_today()
				cards.unexplained_today()
			counts.append(len(queries))
		self.assertEqual(counts[0], counts[1], counts)

	def test_every_card_chart_shortcut_and_link_of_the_workspace_exists(self):
		workspace = frappe.get_doc("Workspace", "Attendance")
		for row in workspace.number_cards:
			self.assertTrue(frappe.db.exists("Number Card", row.number_card_name), row.number_card_name)
		for row in workspace.charts:
			self.assertTrue(frappe.db.exists("Dashboard Chart", row.chart_name), row.chart_name)
		targets = [(s.type, s.link_to) for s in workspace.shortcuts] + [
			(link.link_type, link.link_to) for link in workspace.links if link.type == "Link"
		]
		for kind, name in targets:
			self.assertTrue(frappe.db.exists(kind, name), f"{kind} {name}")
		for card in workspace.number_cards:
			doc = frappe.get_doc("Number Card", card.number_card_name)
			if doc.type == "Custom":
				self.assertTrue(frappe.get_attr(doc.method), doc.method)
