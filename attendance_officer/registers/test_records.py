# Copyright (c) 2026, attendance_officer developers
# See license.txt
"""Bench-only: records of different kinds over the same sessions (registers.records).

For each pair of kinds (absence over bulk, leave over absence, bulk over leave), the two
records are submitted over overlapping sessions, with a hand amendment in between, and
cancelled in both orders: every session ends as the standing records and amendments imply,
and once both are cancelled the register is exactly as it was (bar the amendment).
"""

from datetime import timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate

from attendance_officer.leave.api import request_leave
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list, make_staff_user
from attendance_officer.tests.leave_factories import (
	link_guardian,
	make_guardian_user,
	make_year_pupil,
	set_head_of_year,
)

test_ignore = ["Student", "Student Group", "Guardian"]

TODAY = getdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)  # last week's Monday
TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)


class TestRecordsAcrossKinds(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.pupil = make_year_pupil("Mixedkinds", "9")
		frappe.db.sql(
			"UPDATE `tabStudent` SET `admission_date` = %s, `date_of_leaving` = NULL WHERE `name` = %s",
			(MONDAY - timedelta(days=28), cls.pupil),
		)
		cls.guardian, cls.parent = make_guardian_user("Mixed Kinds")
		link_guardian(cls.pupil, cls.guardian, 1)
		cls.officer = make_staff_user("Attendance Officer", "-mixed")
		cls.hoy = make_staff_user("Head of Year", "-mixed9")
		set_head_of_year("9", cls.hoy)
		frappe.db.commit()

	def setUp(self):
		# Every session marked (a blank session whose mark gains a trail is kept on cancel, by
		# design, and tested per kind): N to be explained, and attending on Tuesday.
		codes = {MONDAY: ("N", "N"), TUESDAY: ("/", "\\"), WEDNESDAY: ("N", "N")}
		write_marks(
			[
				{"student": self.pupil, "date": day, "session": session, "code": code}
				for day, pair in codes.items()
				for session, code in zip(("AM", "PM"), pair, strict=True)
			],
			source="Register",
		)
		self.original = self.marks()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	# ------------------------------------------------------------ helpers

	def marks(self):
		"""(date, session) -> (code, source, source_name), Monday to Wednesday."""
		return {
			(str(r[0]), r[1]): (r[2], r[3], r[4] or "")
			for r in frappe.db.sql(
				"""SELECT `date`, `session`, `attendance_code`, `source`, `source_name`
				FROM `tabAttendance Mark` WHERE `student` = %s AND `date` BETWEEN %s AND %s""",
				(self.pupil, MONDAY, WEDNESDAY),
			)
		}

	def bulk(self, code="V", **fields):
		doc = frappe.get_doc(
			{
				"doctype": "Attendance Bulk Mark",
				"attendance_code": code,
				"reason": "Museum trip",
				"from_date": MONDAY,
				"from_session": "AM",
				"to_date": TUESDAY,
				"to_session": "PM",
				"pupils": [{"student": self.pupil}],
				"overwrite_attending": 1,
				**fields,
			}
		).insert()
		doc.submit()
		return doc

	def absence(self, **fields):
		doc = frappe.get_doc(
			{
				"doctype": "Absence Record",
				"student": self.pupil,
				"from_date": MONDAY,
				"from_session": "AM",
				"to_date": WEDNESDAY,
				"to_session": "PM",
				"reason": "Illness",
				"overwrite_attending": 1,
				**fields,
			}
		).insert()
		doc.submit()
		return doc

	def leave(self):
		frappe.set_user(self.parent)
		name = request_leave(
			student=self.pupil,
			from_date=str(MONDAY),
			from_session="AM",
			to_date=str(WEDNESDAY),
			to_session="PM",
			leave_ground="Exceptional Circumstances",
			reason="Family funeral",
		)["name"]
		for user, action in (
			(self.officer, "Start Review"),
			(self.officer, "Send for Decision"),
			(self.hoy, "Approve"),
		):
			frappe.set_user(user)
			apply_workflow(frappe.get_doc("Leave of Absence Request", name), action)
		frappe.set_user("Administrator")
		return frappe.get_doc("Leave of Absence Request", name)

	def amend_wednesday_pm(self):
		"""A hand amendment on a session only the later record covers: it always stands."""
		write_marks(
			[
				{
					"student": self.pupil,
					"date": WEDNESDAY,
					"session": "PM",
					"code": "\\",
					"reason": "Came in after lunch after all",
				}
			],
			source="Register",
		)

	def cancel(self, *docs):
		for doc in docs:
			doc.reload()
			doc.cancel()

	def assert_back_to_original(self, amended=False):
		expected = dict(self.original)
		now = self.marks()
		if amended:
			self.assertEqual(now.pop((str(WEDNESDAY), "PM"))[0], "\\")  # the amendment stands
			expected.pop((str(WEDNESDAY), "PM"))
		self.assertEqual(now, expected)

	# ------------------------------------------------------------ absence over bulk

	def test_absence_over_bulk_cancel_absence_first(self):
		bulk = self.bulk()
		absence = self.absence()
		self.assertEqual(self.marks()[(str(MONDAY), "AM")], ("I", "Absence Record", absence.name))
		self.cancel(absence)  # the trip's V comes back: the bulk mark still stands
		self.assertEqual(self.marks()[(str(MONDAY), "AM")], ("V", "Bulk", bulk.name))
		self.assertEqual(self.marks()[(str(WEDNESDAY), "AM")], ("N", "Register", ""))
		self.cancel(bulk)
		self.assert_back_to_original()

	def test_absence_over_bulk_cancel_bulk_first(self):
		bulk = self.bulk()
		absence = self.absence()
		self.amend_wednesday_pm()
		self.cancel(bulk)  # the absence record stands on the trip's marks: it is handed what V replaced
		now = self.marks()
		self.assertEqual(now[(str(MONDAY), "AM")], ("I", "Absence Record", absence.name))
		absence.reload()
		by_session = {(str(c.date), c.session): c for c in absence.changes}
		self.assertEqual(by_session[(str(MONDAY), "AM")].before_code, "N")
		self.assertEqual(by_session[(str(MONDAY), "AM")].before_source, "Register")
		self.assertEqual(by_session[(str(TUESDAY), "AM")].before_code, "/")
		bulk.reload()
		self.assertEqual(
			{c["outcome"] for c in frappe.parse_json(bulk.changes)}, {"Taken over by a later record"}
		)
		self.cancel(absence)  # nothing of the cancelled trip comes back
		self.assert_back_to_original(amended=True)

	# ------------------------------------------------------------ leave over absence

	def test_leave_over_absence_in_both_orders(self):
		for first in ("absence", "leave"):
			with self.subTest(first_cancelled=first):
				frappe.db.savepoint("pair")
				absence = self.absence(to_date=MONDAY, to_session="PM")
				leave = self.leave()
				now = self.marks()
				self.assertEqual(now[(str(MONDAY), "AM")][1:], ("Absence Record", absence.name))  # left alone
				self.assertEqual(now[(str(TUESDAY), "AM")][0], "/")  # attending: leave never replaces it
				self.assertEqual(now[(str(WEDNESDAY), "AM")], ("C", "Leave of Absence", leave.name))
				self.amend_wednesday_pm()
				docs = (absence, leave) if first == "absence" else (leave, absence)
				self.cancel(docs[0])
				if first == "absence":
					self.assertEqual(self.marks()[(str(WEDNESDAY), "AM")][0], "C")
				else:
					self.assertEqual(self.marks()[(str(MONDAY), "AM")][0], "I")
				self.cancel(docs[1])
				self.assert_back_to_original(amended=True)
				frappe.db.rollback(save_point="pair")

	# ------------------------------------------------------------ bulk over leave

	def test_bulk_over_leave_in_both_orders(self):
		for first in ("leave", "bulk"):
			with self.subTest(first_cancelled=first):
				frappe.db.savepoint("pair")
				leave = self.leave()
				bulk = self.bulk(code="P", reason="Sports fixture")
				now = self.marks()
				self.assertEqual(
					now[(str(MONDAY), "AM")], ("C", "Leave of Absence", leave.name)
				)  # left alone
				self.assertEqual(now[(str(TUESDAY), "AM")], ("P", "Bulk", bulk.name))  # attending replaced
				self.amend_wednesday_pm()
				docs = (leave, bulk) if first == "leave" else (bulk, leave)
				self.cancel(*docs)
				self.assert_back_to_original(amended=True)
				frappe.db.rollback(save_point="pair")

	def test_chain_absence_over_two_bulks_cancel_the_first_bulk_first(self):
		"""The hand-over follows the writers back: the second bulk, not the absence, stood on the first."""
		first = self.bulk()
		second = self.bulk(code="V", reason="Same trip, entered again")  # takes the first's marks over
		absence = self.absence(to_date=MONDAY, to_session="PM")
		self.cancel(first)
		second.reload()
		monday = next(
			c for c in frappe.parse_json(second.changes) if (c["date"], c["session"]) == (str(MONDAY), "AM")
		)
		self.assertEqual((monday["before"]["code"], monday["before"]["source"]), ("N", "Register"))
		self.cancel(absence, second)
		self.assert_back_to_original()
