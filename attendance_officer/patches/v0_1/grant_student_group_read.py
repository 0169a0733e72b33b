"""Sites installed before the attendance roles could read Student Group get the rules now.

New installs get them from install.after_sync; grant_field_access only adds what is missing
and never removes what a school has changed since.
"""

from attendance_officer.setup.permissions import STUDENT_GROUP_ACCESS, grant_field_access


def execute():
	grant_field_access(STUDENT_GROUP_ACCESS)
