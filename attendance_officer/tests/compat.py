"""The test base class in one place, so moving to Frappe v16 is a one-line change.

v15: frappe/tests/utils.py FrappeTestCase (rollback at class end, assertQueryCount,
change_settings). v16: frappe/tests/classes/integration_test_case.py IntegrationTestCase.
"""

from frappe.tests.utils import FrappeTestCase

__all__ = ["FrappeTestCase"]
