"""Bench-only: a guardian of child A reaches nothing of child B, through any route.

Every refusal must look exactly like an id that does not exist (no name, no existence
leak): the tests compare the answer for B's real id with the answer for a made-up id.
"""

from datetime import timedelta

import frappe

from attendance_officer.leave import api
from attendance_officer.registers.write import write_marks
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_holiday_list
from attendance_officer.tests.leave_factories import link_guardian, make_guardian_user, make_year_pupil
from attendance_officer.tests.school_factories import SCHOOL_TODAY, on_a_school_day

test_ignore = ["Student", "Student Group", "Guardian"]

LOA = "Leave of Absence Request"
TODAY = SCHOOL_TODAY  # a school day: the clock is put on it at a weekend (on_a_school_day)
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
		on_a_school_day(cls)
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
		# Parents hold no role rule on requests: the portal's methods are their only way in.
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list(LOA, pluck="name")
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list(LOA, filters={"student": self.child_b}, pluck="name")

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
		# control: B's guardian reaches the evidence they uploaded, not the file staff attached
		frappe.set_user(self.user_b)
		own = api.upload_evidence(request=self.request_b, filename="note.pdf", filedata="JVBERi0xLjQ=")[
			"file"
		]
		frappe.set_user("Administrator")
		self.assertTrue(frappe.has_permission("File", "read", doc=own, user=self.user_b))
		with self.assertRaises(frappe.DoesNotExistError):
			frappe.has_permission("File", "read", doc=self.file_b.name, user=self.user_b)

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
		# a tutor's staff scope (their groups' pupils, issue 12), not their own children's
		self.assertEqual(user_scope(teacher, "Student")[0], "staff")
		self.assertEqual(user_scope(teacher, "Leave of Absence Request"), ("guardian", [self.child_b]))
		self.assertIn(self.child_a, student_query(self.user_a))
		self.assertNotIn(self.child_b, student_query(self.user_a))


class TestPortalHardening(FrappeTestCase):
	"""Routes around the portal: generic API methods, file URLs, other parents, pupil accounts."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		on_a_school_day(cls)
		make_holiday_list()
		cls.child_a = make_year_pupil("Hardchilda", "9")
		cls.child_b = make_year_pupil("Hardchildb", "9")
		cls.guardian_a, cls.user_a = make_guardian_user("Hard A")
		cls.guardian_b, cls.user_b = make_guardian_user("Hard B")
		cls.guardian_c, cls.user_c = make_guardian_user("Hard C")
		link_guardian(cls.child_a, cls.guardian_a)
		link_guardian(cls.child_b, cls.guardian_b)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None
		frappe.local.form_dict = frappe._dict()
		frappe.db.rollback()

	def ask(self, student):
		return api.request_leave(
			student=student,
			from_date=str(NEXT_MONDAY),
			from_session="AM",
			to_date=str(NEXT_MONDAY),
			to_session="PM",
			leave_ground="Medical or Dental Appointment",
			reason="Dentist",
		)["name"]

	# ------------------------------------------------------------ B: website users and the API

	def hook_answer(self, path, user, cmd=None):
		from frappe.utils import set_request

		from attendance_officer.security import refuse_website_user_api

		frappe.set_user(user)
		set_request(method="GET", path=path)
		frappe.local.form_dict = frappe._dict({"cmd": cmd} if cmd else {})
		try:
			refuse_website_user_api()
		except frappe.PermissionError as e:
			return str(e)
		return None

	def test_website_users_reach_only_the_portal_and_login_methods(self):
		self.assertIn(
			"attendance_officer.security.refuse_website_user_api", frappe.get_hooks("before_request")
		)
		refused = (
			"/api/resource/Student",
			"/api/resource/Leave%20of%20Absence%20Request/LOA-2026-00001",
			"/api/v2/document/Student",
			"/api/v2/doctype/Student/count",
			"/api/method/frappe.client.get_count",
			"/api/method/frappe.client.get",
			"/api/method/frappe.desk.form.load.getdoc",
			"/api/method/frappe.desk.search.get_link_title",
			"/api/method/education.education.api.get_student_guardians",
			"/api/method/upload_file",
			"/api/v2/method/frappe.client.get_list",
			"/printview",
		)
		for path in refused:
			with self.subTest(path=path):
				message = self.hook_answer(path, self.user_a)
				self.assertIsNotNone(message)
				self.assertIn("attendance pages", message)
		allowed = (
			"/api/method/attendance_officer.leave.api.report_absence",
			"/api/method/login",
			"/api/method/logout",
			"/api/method/frappe.auth.get_logged_user",
			"/api/method/frappe.core.doctype.user.user.update_password",
			"/attendance",
			"/login",
		)
		for path in allowed:
			with self.subTest(path=path):
				self.assertIsNone(self.hook_answer(path, self.user_a))
		# the legacy ``cmd`` form is held to the same list
		self.assertIsNotNone(self.hook_answer("/", self.user_a, cmd="frappe.client.get_count"))
		# staff (system users) are not affected
		self.assertIsNone(self.hook_answer("/api/resource/Student", "Administrator"))

	# ------------------------------------------------------------ C: get_count, get_link_title

	def test_get_count_checks_read_and_applies_the_scope(self):
		from attendance_officer import security

		self.assertEqual(
			frappe.get_hooks("override_whitelisted_methods")["frappe.client.get_count"][-1],
			"attendance_officer.security.get_count",
		)
		frappe.set_user(self.user_a)
		for doctype in ("Student", LOA, "Absence Record"):
			with self.subTest(doctype=doctype), self.assertRaises(frappe.PermissionError):
				security.get_count(doctype, filters={"name": ("like", "%")})
		# a doctype the user may read is counted through the list's permission conditions
		self.assertEqual(security.get_count("User"), 1)  # Frappe: a user lists only themself
		frappe.set_user("Administrator")
		self.assertEqual(security.get_count("Student", filters={"name": self.child_b}), 1)

	def test_get_link_title_needs_read_on_the_record(self):
		from attendance_officer import security

		frappe.set_user(self.user_a)
		with self.assertRaises((frappe.PermissionError, frappe.DoesNotExistError)):
			security.get_link_title("Student", self.child_b)
		frappe.set_user("Administrator")
		self.assertIn("Hardchildb", security.get_link_title("Student", self.child_b))
		self.assertIsNone(security.get_link_title("Student", "EDU-STU-NOPE-1"))
		# a Head of Year reads Students (role) but not this request (another year): no title
		from attendance_officer.tests.factories import make_staff_user

		frappe.set_user(self.user_b)
		request_b = self.ask(self.child_b)
		frappe.set_user("Administrator")
		hoy = make_staff_user("Head of Year", "-hard")
		frappe.set_user(hoy)
		self.assertIsNone(security.get_link_title(LOA, request_b))

	# ------------------------------------------------------------ D: guardians_of_pupil

	def test_guardians_of_pupil_is_for_staff_only(self):
		from attendance_officer.tests.factories import make_staff_user

		args = {"doctype": "Guardian", "txt": "", "searchfield": "name", "start": 0, "page_len": 10}
		frappe.set_user(self.user_a)
		in_test = frappe.flags.in_test
		frappe.flags.in_test = False  # frappe.only_for lets everyone through in tests
		try:
			with self.assertRaises(frappe.PermissionError):
				api.guardians_of_pupil(filters={"student": self.child_a}, **args)
		finally:
			frappe.flags.in_test = in_test
		# and the pupil must be one the user may read
		with self.assertRaises(frappe.DoesNotExistError):
			api.guardians_of_pupil(filters={"student": self.child_b}, **args)
		frappe.set_user("Administrator")
		officer = make_staff_user("Attendance Officer", "-hard")
		frappe.set_user(officer)
		rows = api.guardians_of_pupil(filters={"student": self.child_b}, **args)
		self.assertEqual([r[0] for r in rows], [self.guardian_b])

	# ------------------------------------------------------------ E: evidence files

	def test_a_file_record_pointing_at_another_file_is_refused(self):
		frappe.set_user(self.user_b)
		request_b = self.ask(self.child_b)
		evidence = api.upload_evidence(request=request_b, filename="b.pdf", filedata="JVBERi0xLjQ=")["file"]
		url = frappe.db.get_value("File", evidence, "file_url")
		frappe.set_user(self.user_a)
		request_a = self.ask(self.child_a)
		for attach in ({}, {"attached_to_doctype": LOA, "attached_to_name": request_a}):
			with self.subTest(attach=attach):
				for ignore in (False, True):
					with self.assertRaises(frappe.PermissionError):
						frappe.get_doc(
							{"doctype": "File", "file_url": url, "is_private": 1, **attach}
						).insert(ignore_permissions=ignore)
		self.assertEqual(
			frappe.get_all("File", filters={"file_url": url}, pluck="owner", ignore_permissions=True),
			[self.user_b],
		)
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.DoesNotExistError):
			frappe.has_permission("File", "read", doc=evidence, user=self.user_a)

	def test_a_parent_downloads_their_evidence_when_another_record_shares_the_file(self):
		from frappe.core.doctype.file.utils import find_file_by_url
		from frappe.utils import set_request

		frappe.set_user(self.user_a)
		request = self.ask(self.child_a)
		mine = api.upload_evidence(request=request, filename="a.pdf", filedata="JVBERi0xLjQgc2hhcmVk")["file"]
		url = frappe.db.get_value("File", mine, "file_url")
		frappe.set_user("Administrator")
		# the same content filed by staff on another pupil's record: Frappe reuses the stored file
		other = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "copy.pdf",
				"attached_to_doctype": "Student",
				"attached_to_name": self.child_b,
				"is_private": 1,
				"content": b"%PDF-1.4 shared",
			}
		).insert(ignore_permissions=True)
		self.assertEqual(other.file_url, url)
		frappe.set_user(self.user_a)
		set_request(method="GET", path=url)
		found = find_file_by_url(url)
		self.assertEqual(found.name if found else None, mine)
		frappe.set_user(self.user_b)
		self.assertIsNone(find_file_by_url(url))

	def test_evidence_gets_a_random_stored_name(self):
		frappe.set_user(self.user_a)
		request = self.ask(self.child_a)
		name = api.upload_evidence(
			request=request, filename="Hardchilda hospital letter.PDF", filedata="JVBERi0xLjQ="
		)["file"]
		file = frappe.db.get_value("File", name, ["file_name", "file_url", "is_private"], as_dict=True)
		self.assertNotIn("Hardchilda", file.file_name + file.file_url)
		self.assertTrue(file.file_name.endswith(".pdf"))
		self.assertTrue(file.file_url.startswith("/private/files/"))
		self.assertTrue(frappe.has_permission("File", "read", doc=name, user=self.user_a))

	# ------------------------------------------------------------ 6: the other parent

	def test_the_other_parent_sees_neither_the_request_nor_its_evidence(self):
		link_guardian(self.child_a, self.guardian_c)
		frappe.set_user(self.user_a)
		request = self.ask(self.child_a)
		evidence = api.upload_evidence(request=request, filename="a.pdf", filedata="JVBERi0xLjQ=")["file"]
		frappe.set_user(self.user_c)
		context = api.portal_context(self.user_c)
		self.assertEqual([c["id"] for c in context["children"]], [self.child_a])
		self.assertEqual(context["children"][0]["requests"], [])
		for call in (
			lambda: api.withdraw_leave_request(request=request),
			lambda: api.upload_evidence(request=request, filename="c.pdf", filedata="JVBERi0xLjQ="),
			lambda: frappe.get_doc("File", evidence).check_permission("read"),
		):
			with self.assertRaises(frappe.DoesNotExistError):
				call()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value(LOA, request, "status"), "Submitted")

	# ------------------------------------------------------------ F: barred parents

	def test_a_barred_parent_or_one_without_responsibility_sees_nothing_of_the_child(self):
		from attendance_officer.permissions import my_students

		for values in ({"do_not_contact": 1}, {"parental_responsibility": 0}):
			with self.subTest(**values):
				link_guardian(self.child_a, self.guardian_c, **values)
				self.assertEqual(my_students(self.user_c), [])
				frappe.set_user(self.user_c)
				self.assertEqual(api.portal_context(self.user_c)["children"], [])
				with self.assertRaises(frappe.DoesNotExistError):
					api.report_absence(
						student=self.child_a, from_session="AM", to_session="PM", reason="Illness"
					)
				frappe.set_user("Administrator")
		link_guardian(self.child_a, self.guardian_c, parental_responsibility=1, do_not_contact=0)
		self.assertEqual(my_students(self.user_c), [self.child_a])

	# ------------------------------------------------------------ G: pupil accounts

	def test_a_pupil_account_reaches_only_its_own_student_record(self):
		from attendance_officer.permissions import student_query, user_scope

		email = "pupil-hard@attendance-officer.test"
		if not frappe.db.exists("User", email):
			from attendance_officer.tests.factories import insert_test_user

			insert_test_user(
				{
					"email": email,
					"first_name": "Pupil",
					"user_type": "Website User",
					"send_welcome_email": 0,
					"roles": [{"role": "Student"}],
				}
			)
		frappe.db.set_value("Student", self.child_a, "user", email)
		self.assertEqual(user_scope(email, "Student"), ("pupil", [self.child_a]))
		query = student_query(email)
		self.assertIn(self.child_a, query)
		self.assertNotIn(self.child_b, query)
		frappe.set_user(email)
		with self.assertRaises(frappe.DoesNotExistError):
			frappe.get_doc("Student", self.child_b).check_permission("read")
		self.assertFalse(frappe.has_permission("Student", "write", doc=self.child_a))
		self.assertEqual(set(frappe.get_list("Student", pluck="name")) - {self.child_a}, set())

	# ------------------------------------------------------------ H: not_found

	def test_a_lookup_by_filters_does_not_name_the_record(self):
		frappe.set_user(self.user_b)
		request_b = self.ask(self.child_b)
		frappe.set_user("Administrator")
		frappe.db.set_value(LOA, request_b, "reason", "Secret reason")
		frappe.set_user(self.user_a)

		def get_by(filters):
			# as frappe.client.get does: the filters arrive as JSON and are parsed
			frappe.local.form_dict = frappe._dict({"doctype": LOA, "filters": frappe.as_json(filters)})
			doc = frappe.get_doc(LOA, frappe.parse_json(frappe.as_json(filters)))
			doc.check_permission("read")

		exc_real, text_real = answer(lambda: get_by({"reason": ("like", "Secret%")}))
		exc_missing, text_missing = answer(lambda: get_by({"reason": ("like", "Nothing%")}))
		self.assertIs(exc_real, frappe.DoesNotExistError)
		self.assertIs(exc_missing, frappe.DoesNotExistError)
		self.assertNotIn(request_b, text_real)
		self.assertEqual(text_real.replace("Secret", "X"), text_missing.replace("Nothing", "X"))

	def test_every_ptype_on_another_childs_record_looks_missing(self):
		frappe.set_user(self.user_b)
		request_b = self.ask(self.child_b)
		frappe.set_user(self.user_a)
		doc = frappe.get_doc(LOA, request_b)
		for ptype in ("write", "delete", "submit", "cancel", "create"):
			with self.subTest(ptype=ptype), self.assertRaises(frappe.DoesNotExistError):
				doc.check_permission(ptype)
