"""Translation marker for the rules core.

The rules core never imports frappe, yet its messages reach desk users. Wrapping a
literal in ``_()`` lets Frappe's gettext extraction (``bench generate-pot-file``)
find it; the Frappe shell translates the text when it shows it (``frappe._(str(exc))``).
Messages that carry values are formatted after the lookup, as Frappe does:
``_("Line {0}").format(n)``.
"""


def _(message: str) -> str:
	return message
