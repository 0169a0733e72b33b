"""Bench: attendance staff may read Guardian once the grant has run (and it is idempotent)."""

import frappe

from attendance_officer.absence.setup import GUARDIAN_ACCESS, grant_guardian_access
from attendance_officer.tests.compat import FrappeTestCase
from attendance_officer.tests.factories import make_staff_user


class TestGuardianAccess(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.clear_cache(doctype="Guardian")

	def test_staff_can_read_guardians_after_the_grant(self):
		grant_guardian_access()
		grant_guardian_access()  # a second run adds nothing
		for access in GUARDIAN_ACCESS:
			self.assertEqual(
				frappe.db.count(
					"Custom DocPerm", {"parent": "Guardian", "role": access.role, "permlevel": 0}
				),
				1,
			)
			frappe.set_user(make_staff_user(access.role, "guardianaccess"))
			self.assertTrue(frappe.has_permission("Guardian", "read"), access.role)
			frappe.set_user("Administrator")
		# Education's own rule survives the copy into Custom DocPerm.
		self.assertTrue(frappe.db.exists("Custom DocPerm", {"parent": "Guardian", "role": "Academics User"}))
