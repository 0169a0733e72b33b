"""Bench-only: a guardian of child A reaches nothing of child B, through any route.

Every refusal must look exactly like an id that does not exist (no name, no existence
leak): the tests compare the answer for B's real id with the answer for a made-up id.
"""

from datetime import timedelta

import frappe
from frappe.utils import getdate

from attendance_officer.leave import api
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list
from attendance_officer.tests.leave_factories import link_guardian, make_guardian_user, make_year_pupil

test_ignore = ["Student", "Student Group", "Guardian"]

LOA = "Leave of Absence Request"
TODAY = getdate()
NEXT_MONDAY = TODAY + timedelta(days=7 - TODAY.weekday())
LAST_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)


def answer(call) -> tuple[type, str]:
	"""The exception class and message a call ends with (what the caller would see)."""
	try:
		call()
	except Exception as e:
		frappe.clear_messages()
		return type(e), str(e)
	raise AssertionError("the call succeeded")


class TestParentPortalScope(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_holiday_list()
		cls.child_a = make_year_pupil("Scopechilda", "9")
		cls.child_b = make_year_pupil("Scopechildb", "9")
		cls.guardian_a, cls.user_a = make_guardian_user("Scope A")
		cls.guardian_b, cls.user_b = make_guardian_user("Scope B")
		link_guardian(cls.child_a, cls.guardian_a)
		link_guardian(cls.child_b, cls.guardian_b)
		frappe.db.commit()

	def setUp(self):
		write_marks(
			[
				{"student": self.child_a, "date": LAST_MONDAY, "session": "AM", "code": "/"},
				{"student": self.child_b, "date": LAST_MONDAY, "session": "AM", "code": "I"},
			],
			source="Register",
		)
		frappe.set_user(self.user_b)
		self.request_b = api.request_leave(
			student=self.child_b,
			from_date=str(NEXT_MONDAY),
			from_session="AM",
			to_date=str(NEXT_MONDAY),
			to_session="PM",
			leave_ground="Medical or Dental Appointment",
			reason="Orthodontist",
		)["name"]
		frappe.set_user("Administrator")
		self.file_b = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "b-evidence.pdf",
				"attached_to_doctype": LOA,
				"attached_to_name": self.request_b,
				"is_private": 1,
				"content": b"%PDF-1.4 child B",
			}
		).insert(ignore_permissions=True)
		self.mark_b = frappe.db.get_value("Attendance Mark", {"student": self.child_b}, "name")
		frappe.set_user(self.user_a)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None  # the page test sets one; the rate limiter reads it
		frappe.db.rollback()

	def same_as_missing(self, call_with, real_id, missing_id):
		"""``call_with(real_id)`` is answered exactly like ``call_with(missing_id)``."""
		exc_real, text_real = answer(lambda: call_with(real_id))
		exc_missing, text_missing = answer(lambda: call_with(missing_id))
		self.assertIs(exc_real, exc_missing)
		self.assertTrue(issubclass(exc_real, frappe.DoesNotExistError))
		self.assertEqual(text_real.replace(real_id, "ID"), text_missing.replace(missing_id, "ID"))
		self.assertNotIn("Scopechildb", text_real)

	# ------------------------------------------------------------ portal methods

	def test_report_absence_for_another_child_looks_missing(self):
		self.same_as_missing(
			lambda s: api.report_absence(student=s, from_session="AM", to_session="PM", reason="Illness"),
			self.child_b,
			"EDU-STU-NOPE-00001",
		)
		self.assertFalse(
			frappe.db.exists("Absence Record", {"student": self.child_b, "reported_via": "Portal"})
		)

	def test_request_leave_for_another_child_looks_missing(self):
		self.same_as_missing(
			lambda s: api.request_leave(
				student=s,
				from_date=str(NEXT_MONDAY),
				from_session="AM",
				to_date=str(NEXT_MONDAY),
				to_session="PM",
				leave_ground="Interview",
				reason="x",
			),
			self.child_b,
			"EDU-STU-NOPE-00001",
		)

	def test_withdraw_and_evidence_for_another_childs_request_look_missing(self):
		self.same_as_missing(
			lambda r: api.withdraw_leave_request(request=r), self.request_b, "LOA-NOPE-00001"
		)
		self.same_as_missing(
			lambda r: api.upload_evidence(request=r, filename="x.pdf", filedata="JVBERi0="),
			self.request_b,
			"LOA-NOPE-00001",
		)
		self.assertEqual(frappe.db.get_value(LOA, self.request_b, "status"), "Submitted")

	def test_own_child_works_through_the_portal(self):
		out = api.report_absence(student=self.child_a, from_session="AM", to_session="PM", reason="Illness")
		self.assertIn("Thank you", out["message"])
		record = frappe.get_all(
			"Absence Record",
			filters={"student": self.child_a, "reported_via": "Portal"},
			fields=["docstatus", "attendance_code", "reported_by", "from_date", "to_date"],
		)[0]
		self.assertEqual(record.docstatus, 0)  # a draft, for staff to review
		self.assertEqual((record.attendance_code, record.reported_by), ("I", self.guardian_a))
		self.assertEqual((record.from_date, record.to_date), (TODAY, TODAY))  # same day only
		name = api.request_leave(
			student=self.child_a,
			from_date=str(NEXT_MONDAY),
			from_session="AM",
			to_date=str(NEXT_MONDAY),
			to_session="PM",
			leave_ground="Interview",
			reason="College interview",
		)["name"]
		api.upload_evidence(request=name, filename="letter.pdf", filedata="JVBERi0xLjQ=")
		files = frappe.get_all(
			"File", filters={"attached_to_name": name}, fields=["is_private"], ignore_permissions=True
		)
		self.assertEqual([f.is_private for f in files], [1])
		api.withdraw_leave_request(request=name)
		self.assertEqual(frappe.db.get_value(LOA, name, "status"), "Withdrawn")

	# ------------------------------------------------------------ documents, lists, files

	def test_leave_request_document_and_list(self):
		self.same_as_missing(
			lambda n: frappe.get_doc(LOA, n).check_permission("read"), self.request_b, "LOA-NOPE-1"
		)
		self.assertNotIn(self.request_b, frappe.get_list(LOA, pluck="name"))
		self.assertEqual(frappe.get_list(LOA, filters={"student": self.child_b}, pluck="name"), [])

	def test_attendance_marks_without_a_guardian_role_rule(self):
		# Guardians hold no role rule on marks: another child's mark looks missing, and no list at all.
		self.same_as_missing(
			lambda n: frappe.get_doc("Attendance Mark", n).check_permission("read"), self.mark_b, "MARK-NOPE"
		)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list("Attendance Mark")

	def test_private_file_of_another_child(self):
		self.same_as_missing(
			lambda n: frappe.get_doc("File", n).check_permission("read"), self.file_b.name, "nofile123"
		)
		self.assertNotIn(self.file_b.name, frappe.get_list("File", pluck="name"))
		frappe.set_user("Administrator")
		# control: B's own guardian does reach the file
		self.assertTrue(frappe.has_permission("File", "read", doc=self.file_b, user=self.user_b))

	def granted(self, doctype):
		"""Give the Guardian role read on ``doctype`` (as upstream Education's portal would)."""
		from frappe.permissions import add_permission

		frappe.set_user("Administrator")
		add_permission(doctype, "Guardian", 0)
		frappe.clear_cache(doctype=doctype)
		frappe.set_user(self.user_a)

	def test_scope_holds_even_if_a_role_rule_grants_guardians_read(self):
		cases = (
			("Student", self.child_b, "EDU-STU-NOPE", "name", self.child_a),
			("Attendance Mark", self.mark_b, "MARK-NOPE", "student", self.child_a),
		)
		try:
			for doctype, real, missing, field, mine in cases:
				self.granted(doctype)
				with self.subTest(doctype=doctype):
					self.assertEqual({r[field] for r in frappe.get_list(doctype, fields=[field])}, {mine})
					self.same_as_missing(
						lambda n, d=doctype: frappe.get_doc(d, n).check_permission("read"), real, missing
					)
					self.assertFalse(
						frappe.has_permission(
							doctype,
							"write",
							doc=frappe.get_doc(
								doctype,
								mine
								if field == "name"
								else frappe.db.get_value(doctype, {"student": mine}, "name"),
							),
						)
					)
		finally:
			frappe.set_user("Administrator")
			frappe.db.rollback()
			for doctype, *_ in cases:
				frappe.clear_cache(doctype=doctype)

	def test_staff_reports_are_refused(self):
		from frappe.desk.query_report import run

		with self.assertRaises(frappe.PermissionError):
			run("Fire Register", filters={})

	# ------------------------------------------------------------ the page

	def test_page_context_holds_only_own_children_and_no_codes(self):
		context = api.portal_context(self.user_a)
		self.assertEqual([c["id"] for c in context["children"]], [self.child_a])
		child = context["children"][0]
		labels = {cell["label"] for day in child["calendar"] for cell in (day["am"], day["pm"])}
		self.assertIn("In school", labels)
		self.assertNotIn("/", labels)
		self.assertEqual(child["attendance"]["percent"], "100.0")

	def test_page_renders_for_a_guardian_and_refuses_guests(self):
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		set_request(method="GET", path="/attendance")
		frappe.local.request_ip = "127.0.0.1"
		response = get_response("attendance")
		html = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 200)
		self.assertIn("Scopechilda", html)
		self.assertNotIn("Scopechildb", html)
		self.assertNotIn(self.request_b, html)
		frappe.set_user("Guest")
		set_request(method="GET", path="/attendance")
		response = get_response("attendance")
		self.assertIn(response.status_code, (401, 403))
		self.assertNotIn("Scopechilda", response.get_data(as_text=True))

	def test_guest_cannot_call_the_methods(self):
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			api.report_absence(student=self.child_a, from_session="AM", to_session="PM", reason="Illness")
		from frappe import is_whitelisted

		for method in (
			api.report_absence,
			api.request_leave,
			api.withdraw_leave_request,
			api.upload_evidence,
		):
			with self.assertRaises(frappe.PermissionError):
				is_whitelisted(method)

	def test_staff_who_are_parents_keep_staff_access_to_pupils(self):
		from attendance_officer.permissions import student_query, user_scope
		from attendance_officer.tests.factories import make_staff_user

		frappe.set_user("Administrator")
		teacher = make_staff_user("Instructor", "-parent")
		frappe.db.set_value("Guardian", self.guardian_b, "user", teacher)
		self.assertEqual(student_query(teacher), "")
		self.assertEqual(user_scope(teacher, "Leave of Absence Request"), ("guardian", [self.child_b]))
		self.assertIn(self.child_a, student_query(self.user_a))
		self.assertNotIn(self.child_b, student_query(self.user_a))
