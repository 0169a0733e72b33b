"""Rendering the shared letter templates outside Frappe.

The templates under attendance_officer/templates/ are the ones the desk's print formats
include (style guide section 4: shared templates use only their context). This module
builds a jinja2 Environment that resolves them exactly as Frappe's loader does, by an
app-prefixed path (``attendance_officer/templates/letters/...``), renders without
autoescape as Frappe does (the templates escape every value with ``|e``), and gives them an
identity ``_`` in place of ``frappe._``. jinja2 is imported only here, so the hot report
commands never load it.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

APP = "attendance_officer"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
CONCERN_LETTER = f"{APP}/templates/letters/attendance_concern.html"


def _identity(message: str) -> str:
	"""The runner's ``_``: the English text as written (Frappe's ``_`` translates it)."""
	return message


@cache
def environment(strict: bool = False):
	"""A jinja2 Environment loading ``attendance_officer/...`` paths from this package.

	``strict`` uses StrictUndefined, so a template that reads a name its context lacks
	fails (the tests render every template that way).
	"""
	import jinja2

	env = jinja2.Environment(
		loader=jinja2.PrefixLoader({APP: jinja2.FileSystemLoader(str(PACKAGE_DIR))}),
		autoescape=False,
		undefined=jinja2.StrictUndefined if strict else jinja2.Undefined,
		keep_trailing_newline=True,
	)
	env.globals["_"] = _identity
	return env


def template_names() -> list[str]:
	"""Every template under attendance_officer/templates, as app-prefixed paths."""
	return sorted(
		f"{APP}/{path.relative_to(PACKAGE_DIR).as_posix()}"
		for path in TEMPLATES_DIR.rglob("*")
		if path.is_file() and path.suffix in (".html", ".txt", ".md")
	)


def render(name: str, context: dict, *, strict: bool = True) -> str:
	"""The template ``name`` rendered with ``context`` (StrictUndefined unless told)."""
	return environment(strict).get_template(name).render(context)


_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ margin: 2.5em auto; max-width: 46em; padding: 0 1.5em; color: #1a1a1a; }}
@media print {{ body {{ margin: 0; }} }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def page(body: str, title: str) -> str:
	"""A letter fragment as a standalone HTML page (what a print format's page adds)."""
	return _PAGE.format(title=html.escape(title), body=body.strip())


def concern_letter(context: dict) -> str:
	"""The attendance-concern letter for one pupil, as a complete HTML page."""
	from attendance_officer.engine.i18n import _

	title = _("Attendance letter: {0}").format(context["pupil"]["name"])
	return page(render(CONCERN_LETTER, context), title)
