"""Context for the standard Notification (Frappe calls get_context before rendering the message)."""


def get_context(context):
	"""The Absence Notice carries everything the message needs (pupil, guardian, school)."""
	return None
