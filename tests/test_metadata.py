"""The Frappe app's metadata, checked without a bench.

DocType, Report, Workflow, Print Format and fixture JSON; hooks.py (read with ``ast``, never
imported); type-annotation blocks; Attendance Settings defaults against the rules core.
Anything here that breaks would otherwise surface only as a failed ``bench migrate``.
"""

from __future__ import annotations

import ast
import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "attendance_officer"
FIXTURES = APP / "fixtures"
MODULE = "Attendance Officer"

# Field types Frappe v15 accepts. Source: frappe/frappe (v15) frappe/model/__init__.py,
# data_fieldtypes + no_value_fields (display_fieldtypes is a subset of no_value_fields).
DATA_FIELDTYPES = (
	"Currency",
	"Int",
	"Long Int",
	"Float",
	"Percent",
	"Check",
	"Small Text",
	"Long Text",
	"Code",
	"Text Editor",
	"Markdown Editor",
	"HTML Editor",
	"Date",
	"Datetime",
	"Time",
	"Text",
	"Data",
	"Link",
	"Dynamic Link",
	"Password",
	"Select",
	"Rating",
	"Read Only",
	"Attach",
	"Attach Image",
	"Signature",
	"Color",
	"Barcode",
	"Geolocation",
	"Duration",
	"Icon",
	"Phone",
	"Autocomplete",
	"JSON",
)
NO_VALUE_FIELDS = (
	"Section Break",
	"Column Break",
	"Tab Break",
	"HTML",
	"Table",
	"Table MultiSelect",
	"Button",
	"Image",
	"Fold",
	"Heading",
)
FIELDTYPES = frozenset(DATA_FIELDTYPES + NO_VALUE_FIELDS)
TABLE_FIELDTYPES = {"Table", "Table MultiSelect"}

# Data fields may carry these options. Source: frappe v15 frappe/model/__init__.py data_field_options.
DATA_FIELD_OPTIONS = {"Email", "Name", "Phone", "URL", "Barcode"}

# Columns every document has. Source: frappe v15 frappe/model/__init__.py default_fields.
DEFAULT_FIELDS = {"doctype", "name", "owner", "creation", "modified", "modified_by", "docstatus", "idx"}

# Other apps' DocTypes we may link to. Add a name here only after checking it exists in
# Frappe v15, ERPNext v15 or Education's version-15 branch.
FRAPPE_DOCTYPES = {
	"User",
	"ToDo",
	"Role",
	"DocType",
	"Module Def",
	"Email Template",
	"Print Format",
	"Letter Head",
	"Contact",
	"Address",
	"Gender",
	"Country",
	"Currency",
	"File",
	"Report",
	"Communication",
	"Workflow",
	"Workflow State",
	"Workflow Action Master",
}
ERPNEXT_DOCTYPES = {"Company", "Holiday List", "Employee", "Department", "Designation"}
# Source: frappe/education version-15, education/education/doctype/*.
EDUCATION_DOCTYPES = {
	"Student",
	"Student Guardian",
	"Student Sibling",
	"Guardian",
	"Student Group",
	"Student Group Student",
	"Student Batch Name",
	"Student Category",
	"Student Applicant",
	"Student Attendance",
	"Student Leave Application",
	"Student Log",
	"Academic Year",
	"Academic Term",
	"Program",
	"Program Enrollment",
	"Course",
	"Course Schedule",
	"Instructor",
	"Room",
	"Education Settings",
}

# Roles that exist without our fixture. Frappe: frappe/core (Administrator, System Manager,
# Guest, All). Education v15: its doctype permissions and install.py (Student, Instructor,
# Academics User, Education Manager). Education v15 has no Guardian role, so we ship one.
STANDARD_ROLES = {
	"Administrator",
	"System Manager",
	"Guest",
	"All",
	"Student",
	"Instructor",
	"Academics User",
	"Education Manager",
}

# Fields of Education's doctypes our Custom Fields may be placed after. Source:
# frappe/education version-15 (ce33800, 2024-03-12), student.json and student_guardian.json
# field_order. (develop adds a customer tab after "siblings"; our tab still follows siblings.)
EDUCATION_FIELDS = {
	"Student": (
		"section_break_1",
		"enabled",
		"section_break_3",
		"first_name",
		"middle_name",
		"last_name",
		"column_break_4",
		"naming_series",
		"joining_date",
		"user",
		"student_applicant",
		"image",
		"section_break_7",
		"student_email_id",
		"date_of_birth",
		"blood_group",
		"column_break_3",
		"student_mobile_number",
		"gender",
		"nationality",
		"address_tab",
		"section_break_22",
		"address_line_1",
		"address_line_2",
		"pincode",
		"column_break_20",
		"city",
		"state",
		"country",
		"relations_tab",
		"section_break_18",
		"guardians",
		"section_break_20",
		"siblings",
		"exit_tab",
		"exit",
		"date_of_leaving",
		"leaving_certificate_number",
		"column_break_31",
		"reason_for_leaving",
		"student_name",
		"connections_tab",
	),
	"Student Guardian": ("guardian", "guardian_name", "relation"),
}

# Hook names Frappe v15 reads (frappe/utils/boilerplate.py hooks template, frappe/installer.py,
# frappe/migrate.py, hrms and education hooks). A misspelt hook is silently ignored by
# Frappe, so an unknown name fails here; add new names as the app grows.
KNOWN_HOOKS = {
	"app_name",
	"app_title",
	"app_publisher",
	"app_description",
	"app_email",
	"app_license",
	"app_icon",
	"app_color",
	"app_logo_url",
	"source_link",
	"required_apps",
	"add_to_apps_screen",
	"export_python_type_annotations",
	"app_include_js",
	"app_include_css",
	"web_include_js",
	"web_include_css",
	"doctype_js",
	"doctype_list_js",
	"page_js",
	"website_route_rules",
	"website_redirects",
	"standard_portal_menu_items",
	"role_home_page",
	"home_page",
	"get_website_user_home_page",
	"update_website_context",
	"jinja",
	"before_install",
	"after_install",
	"after_sync",
	"before_migrate",
	"after_migrate",
	"before_uninstall",
	"after_uninstall",
	"before_app_install",
	"after_app_install",
	"before_app_uninstall",
	"after_app_uninstall",
	"permission_query_conditions",
	"has_permission",
	"doc_events",
	"override_doctype_class",
	"override_whitelisted_methods",
	"override_doctype_dashboards",
	"scheduler_events",
	"fixtures",
	"before_tests",
	"boot_session",
	"before_request",
	"auth_hooks",
	"extend_bootinfo",
	"calendars",
	"global_search_doctypes",
	"ignore_links_on_delete",
	"auto_cancel_exempted_doctypes",
	"user_data_fields",
	"default_log_clearing_doctypes",
}


def scrub(name: str) -> str:
	"""Frappe's frappe.scrub: the folder and file name of a DocType or fixture."""
	return name.replace(" ", "_").replace("-", "_").lower()


@cache
def load(path: Path):
	return json.loads(path.read_text(encoding="utf-8"))


def app_json_files() -> list[Path]:
	return sorted(p for p in APP.rglob("*.json") if "node_modules" not in p.parts)


def documents_of(doctype: str) -> list[tuple[Path, dict]]:
	return [
		(p, load(p))
		for p in app_json_files()
		if isinstance(load(p), dict) and load(p).get("doctype") == doctype
	]


DOCTYPES = documents_of("DocType")
OUR_DOCTYPES = {doc["name"]: doc for _, doc in DOCTYPES}


def fixture_rows(dt: str) -> list[dict]:
	path = FIXTURES / f"{scrub(dt)}.json"
	return load(path) if path.exists() else []


@cache
def hooks_tree() -> ast.Module:
	return ast.parse((APP / "hooks.py").read_text(encoding="utf-8"))


def hook_values() -> dict[str, ast.expr]:
	return {
		target.id: node.value
		for node in hooks_tree().body
		if isinstance(node, ast.Assign)
		for target in node.targets
		if isinstance(target, ast.Name)
	}


def hook(name: str):
	return ast.literal_eval(hook_values()[name])


def doctype_params() -> list:
	return [pytest.param(doc, id=doc["name"]) for _, doc in DOCTYPES]


# ---------------------------------------------------------------- files parse and sit right


@pytest.mark.parametrize("path", app_json_files(), ids=lambda p: str(p.relative_to(APP)))
def test_json_parses(path):
	assert load(path) is not None


def test_app_ships_the_foundation_doctypes():
	assert {"Attendance Code", "Attendance Settings"} <= set(OUR_DOCTYPES)


@pytest.mark.parametrize(
	"doctype", ["Report", "Workflow", "Print Format", "Notification", "Web Form", "Workspace"]
)
def test_other_standard_documents_belong_to_our_module(doctype):
	for path, doc in documents_of(doctype):
		assert doc.get("module") == MODULE, f"{path}: module is {doc.get('module')!r}"


@pytest.mark.parametrize("doc", doctype_params())
def test_doctype_lives_in_its_module_folder(doc):
	folder = APP / "attendance_officer" / "doctype" / scrub(doc["name"])
	assert doc["module"] == MODULE
	assert (folder / f"{scrub(doc['name'])}.json").exists()
	assert (folder / "__init__.py").exists()
	controller = folder / f"{scrub(doc['name'])}.py"
	classes = {n.name for n in ast.parse(controller.read_text()).body if isinstance(n, ast.ClassDef)}
	assert doc["name"].replace(" ", "") in classes


def test_module_is_declared():
	assert (APP / "modules.txt").read_text().split("\n")[0] == MODULE
	assert (APP / scrub(MODULE) / "__init__.py").exists()


def test_patches_file_has_both_sections():
	text = (APP / "patches.txt").read_text()
	assert "[pre_model_sync]" in text
	assert "[post_model_sync]" in text
	assert text.index("[pre_model_sync]") < text.index("[post_model_sync]")


def test_every_python_folder_is_a_package():
	# www pages are loaded by path, not imported as packages (Frappe's boilerplate gives www no __init__).
	for path in APP.rglob("*.py"):
		if "www" not in path.relative_to(APP).parts:
			assert (path.parent / "__init__.py").exists(), f"{path.parent} has no __init__.py"


def test_fixtures_folder_holds_only_json():
	# frappe v15 data_import.import_doc raises NotImplementedError for any other file there.
	assert FIXTURES.is_dir()
	assert sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".json") == []


# ---------------------------------------------------------------- DocType fields


@pytest.mark.parametrize("doc", doctype_params())
def test_doctype_shape(doc):
	assert doc["doctype"] == "DocType"
	assert doc["engine"] == "InnoDB"
	assert doc["modified"]
	assert isinstance(doc["permissions"], list)
	if autoname := doc.get("autoname"):
		if autoname.startswith("field:"):
			assert doc.get("naming_rule") == "By fieldname"
			field = next(f for f in doc["fields"] if f["fieldname"] == autoname.removeprefix("field:"))
			assert field.get("reqd") == 1


@pytest.mark.parametrize("doc", doctype_params())
def test_fieldtypes_are_frappe_v15_types(doc):
	bad = {f["fieldname"]: f["fieldtype"] for f in doc["fields"] if f["fieldtype"] not in FIELDTYPES}
	assert bad == {}


@pytest.mark.parametrize("doc", doctype_params())
def test_fieldnames_are_unique_and_ordered(doc):
	names = [f["fieldname"] for f in doc["fields"]]
	assert len(names) == len(set(names)), "duplicate fieldnames"
	assert doc["field_order"] == names
	for name in names:
		assert re.fullmatch(r"[a-z][a-z0-9_]*", name), name
		assert name not in DEFAULT_FIELDS, f"{name} shadows a standard column"


@pytest.mark.parametrize("doc", doctype_params())
def test_links_point_at_known_doctypes(doc):
	for field in doc["fields"]:
		check_link_target(doc["name"], field)


def check_link_target(owner: str, field: dict) -> None:
	if field["fieldtype"] == "Link":
		target = field.get("options")
		assert target in OUR_DOCTYPES or target in FRAPPE_DOCTYPES | ERPNEXT_DOCTYPES | EDUCATION_DOCTYPES, (
			f"{owner}.{field['fieldname']} links to unknown DocType {target!r}"
		)
	if field["fieldtype"] in TABLE_FIELDTYPES:
		target = field.get("options")
		assert target in OUR_DOCTYPES, f"{owner}.{field['fieldname']}: table of {target!r} is not ours"
		assert OUR_DOCTYPES[target].get("istable") == 1, f"{target} is not a child table"


@pytest.mark.parametrize("doc", doctype_params())
def test_defaults_fit_their_fields(doc):
	for field in doc["fields"]:
		check_default(doc["name"], field)


def check_default(owner: str, field: dict) -> None:
	default = field.get("default")
	where = f"{owner}.{field['fieldname']}"
	if field["fieldtype"] == "Check":
		assert default in (None, "0", "1"), where
	if field["fieldtype"] == "Select" and default is not None:
		assert default in (field.get("options") or "").split("\n"), f"{where}: default not an option"
	if field["fieldtype"] == "Data" and field.get("options"):
		assert field["options"] in DATA_FIELD_OPTIONS, where


@pytest.mark.parametrize("doc", doctype_params())
def test_search_and_sort_fields_exist(doc):
	names = {f["fieldname"] for f in doc["fields"]}
	for name in filter(None, (doc.get("search_fields") or "").split(",")):
		assert name.strip() in names
	if sort_field := doc.get("sort_field"):
		assert sort_field in names | DEFAULT_FIELDS


@pytest.mark.parametrize("doc", doctype_params())
def test_permission_roles_exist(doc):
	for perm in doc["permissions"]:
		assert perm["role"] in known_roles(), f"{doc['name']}: unknown role {perm['role']!r}"
		assert perm.get("read") or perm.get("select"), f"{doc['name']}: {perm['role']} rule cannot read"


def known_roles() -> set[str]:
	return STANDARD_ROLES | {row["name"] for row in fixture_rows("Role")}


# ---------------------------------------------------------------- type annotations


# frappe v15 frappe/types/exporter.py: Select -> DF.Literal[options]; these are never None.
NON_NULLABLE = {
	"Check",
	"Currency",
	"Float",
	"Int",
	"Percent",
	"Rating",
	"Select",
	"Table",
	"Table MultiSelect",
}


def expected_annotation(field: dict) -> str | None:
	fieldtype = field["fieldtype"]
	if fieldtype in NO_VALUE_FIELDS and fieldtype not in TABLE_FIELDTYPES:
		return None
	if fieldtype == "Select":
		text = "DF.Literal" + repr([o.strip() for o in (field.get("options") or "").split("\n")])
	elif fieldtype in TABLE_FIELDTYPES:
		text = f"DF.{fieldtype.replace(' ', '')}[{field['options'].replace(' ', '')}]"
	else:
		text = f"DF.{fieldtype.replace(' ', '')}"
	if fieldtype not in NON_NULLABLE and not field.get("reqd"):
		text += " | None"
	return ast.unparse(ast.parse(text, mode="eval"))


def annotated_fields(controller: Path, class_name: str) -> dict[str, str]:
	"""name -> annotation inside the class's ``if TYPE_CHECKING:`` block."""
	tree = ast.parse(controller.read_text())
	cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
	block = next(n for n in cls.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
	return {
		n.target.id: ast.unparse(n.annotation)
		for n in block.body
		if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
	}


@pytest.mark.parametrize("doc", doctype_params())
def test_type_annotations_match_the_json(doc):
	controller = APP / "attendance_officer" / "doctype" / scrub(doc["name"]) / f"{scrub(doc['name'])}.py"
	text = controller.read_text()
	assert "# begin: auto-generated types" in text
	assert "# end: auto-generated types" in text
	expected = {
		f["fieldname"]: annotation
		for f in doc["fields"]
		if (annotation := expected_annotation(f)) is not None
	}
	if doc.get("istable"):
		expected.update(dict.fromkeys(("parent", "parentfield", "parenttype"), "DF.Data"))
	assert annotated_fields(controller, doc["name"].replace(" ", "")) == expected


# ---------------------------------------------------------------- hooks.py


def dotted_paths(node: ast.AST) -> list[str]:
	return [
		n.value
		for n in ast.walk(node)
		if isinstance(n, ast.Constant)
		and isinstance(n.value, str)
		and n.value.startswith("attendance_officer.")
	]


def resolve(dotted: str) -> ast.AST | None:
	"""The function or class a dotted path names, found by parsing our source (no import)."""
	parts = dotted.split(".")
	for split in range(len(parts) - 1, 0, -1):
		module, attrs = parts[:split], parts[split:]
		path = ROOT.joinpath(*module).with_suffix(".py")
		if not path.exists():
			path = ROOT.joinpath(*module, "__init__.py")
		if path.exists() and len(attrs) == 1:
			tree = ast.parse(path.read_text())
			for node in tree.body:
				if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == attrs[0]:
					return node
			return None
	return None


def test_hooks_use_known_hook_names():
	assert set(hook_values()) - KNOWN_HOOKS == set()


def test_hooks_metadata():
	assert hook("app_name") == "attendance_officer"
	assert hook("app_title") == "Attendance Officer"
	assert hook("app_license") == "mit"
	assert hook("required_apps") == ["frappe/erpnext", "frappe/education"]
	assert hook("export_python_type_annotations") is True
	for key in ("app_publisher", "app_description", "app_email"):
		assert hook(key)


def test_every_dotted_path_in_hooks_resolves():
	paths = dotted_paths(hooks_tree())
	assert paths, "hooks.py names no function of ours"
	unresolved = [p for p in paths if resolve(p) is None]
	assert unresolved == []


def test_install_hooks_take_no_arguments():
	for name in ("after_install", "after_sync", "after_migrate", "before_uninstall"):
		node = resolve(hook(name))
		assert isinstance(node, ast.FunctionDef), name
		assert not node.args.args, f"{name} is called without arguments"


def test_doc_event_handlers_take_doc_and_method():
	for events in hook("doc_events").values():
		for handlers in events.values():
			for handler in [handlers] if isinstance(handlers, str) else handlers:
				node = resolve(handler)
				assert isinstance(node, ast.FunctionDef), handler
				assert [a.arg for a in node.args.args][:2] == ["doc", "method"], handler


def test_doc_events_target_known_doctypes():
	for doctype in hook("doc_events"):
		assert (
			doctype == "*"
			or doctype in OUR_DOCTYPES
			or doctype in EDUCATION_DOCTYPES | ERPNEXT_DOCTYPES | FRAPPE_DOCTYPES
		)


# ---------------------------------------------------------------- fixtures


def fixture_hooks() -> dict[str, list]:
	return {entry["dt"]: entry.get("filters") for entry in hook("fixtures")}


def test_every_fixture_is_filtered():
	for entry in hook("fixtures"):
		assert isinstance(entry, dict) and entry.get("filters"), f"unfiltered fixture {entry!r}"


def test_fixture_files_and_hooks_agree():
	files = {p.name for p in FIXTURES.glob("*.json")}
	assert files == {f"{scrub(dt)}.json" for dt in fixture_hooks()}


def matches(row: dict, filters: list) -> bool:
	for fieldname, operator, value in filters:
		if operator == "=" and row.get(fieldname) != value:
			return False
		if operator == "in" and row.get(fieldname) not in value:
			return False
		if operator not in ("=", "in"):
			raise AssertionError(f"teach matches() the {operator!r} operator")
	return True


@pytest.mark.parametrize("dt", sorted(fixture_hooks()))
def test_fixture_rows_are_ours(dt):
	rows = fixture_rows(dt)
	assert rows, f"{dt} fixture is empty"
	names = [row["name"] for row in rows]
	assert len(names) == len(set(names)), "duplicate names"
	for row in rows:
		assert row["doctype"] == dt
		assert matches(row, fixture_hooks()[dt]), f"{row['name']} falls outside the hooks filter"


def test_roles_fixture():
	rows = {row["name"]: row for row in fixture_rows("Role")}
	staff = ["Attendance Officer", "Head of Year", "Headteacher", "Designated Safeguarding Lead"]
	assert set(rows) == {*staff, "Guardian"}
	for name in staff:
		assert rows[name]["desk_access"] == 1
		assert rows[name]["role_name"] == name
	assert rows["Guardian"]["desk_access"] == 0, "parents are website users"


def custom_fields() -> list[dict]:
	return fixture_rows("Custom Field")


def test_custom_fields_belong_to_our_module():
	for row in custom_fields():
		assert row["module"] == MODULE
		assert row["name"] == f"{row['dt']}-{row['fieldname']}"


def test_custom_fields_extend_known_doctypes():
	assert {row["dt"] for row in custom_fields()} <= set(EDUCATION_FIELDS)


def test_custom_fields_are_valid_fields():
	for row in custom_fields():
		assert row["fieldtype"] in FIELDTYPES, row["name"]
		check_link_target(row["dt"], row)
		check_default(row["dt"], row)


def test_custom_fieldnames_are_new():
	seen: dict[str, set[str]] = {}
	for row in custom_fields():
		names = seen.setdefault(row["dt"], set(EDUCATION_FIELDS[row["dt"]]))
		assert row["fieldname"] not in names, f"{row['name']} clashes with an existing field"
		names.add(row["fieldname"])


def test_custom_fields_insert_after_an_existing_field():
	# Rows are imported in file order, so a field may follow only one defined before it.
	placed: dict[str, set[str]] = {dt: set(fields) for dt, fields in EDUCATION_FIELDS.items()}
	for row in custom_fields():
		assert row["insert_after"] in placed[row["dt"]], f"{row['name']}: no field {row['insert_after']!r}"
		placed[row["dt"]].add(row["fieldname"])


def test_no_two_custom_fields_follow_the_same_field():
	# Two fields after one field: Frappe places one of them at the end of the form (seen: the
	# dual-registration fields landed under SEN and Safeguarding).
	after: dict[tuple[str, str], str] = {}
	for row in custom_fields():
		key = (row["dt"], row["insert_after"])
		assert key not in after, f"{row['name']} and {after.get(key)} both follow {row['insert_after']!r}"
		after[key] = row["name"]


def test_student_fields_for_england():
	student = {row["fieldname"]: row for row in custom_fields() if row["dt"] == "Student"}
	assert student["upn"]["fieldtype"] == "Data"
	assert student["nc_year"]["options"].split("\n") == ["", "7", "8", "9", "10", "11", "12", "13"]
	assert student["registration_group"]["options"] == "Student Group"
	assert student["enrolment_status"]["options"].split("\n") == [
		"Single",
		"Main dual",
		"Subsidiary dual",
		"Guest",
	]
	assert student["sen_status"]["options"].split("\n") == ["No SEN", "SEN support", "EHC plan"]


SAFEGUARDING_FIELDS = {
	"sen_safeguarding_section",
	"sen_status",
	"child_looked_after",
	"child_in_need",
	"child_protection_plan",
	"young_carer",
	"sen_safeguarding_column_break",
	"social_worker_contact",
}


def test_sen_and_safeguarding_fields_are_permlevel_1_and_no_others():
	levels = {row["fieldname"]: row["permlevel"] for row in custom_fields() if row["dt"] == "Student"}
	assert {name for name, level in levels.items() if level == 1} == SAFEGUARDING_FIELDS
	assert set(levels.values()) == {0, 1}


def test_guardian_contact_fields():
	fields = {row["fieldname"]: row for row in custom_fields() if row["dt"] == "Student Guardian"}
	assert set(fields) == {
		"contact_priority",
		"lives_with_pupil",
		"parental_responsibility",
		"do_not_contact",
		"preferred_channel",
	}
	assert fields["preferred_channel"]["options"].split("\n") == ["Phone", "Email", "SMS", "Letter"]


# ---------------------------------------------------------------- field-level permissions


def test_field_access_grants():
	from attendance_officer.setup.permissions import granted

	assert granted() == [
		("Student", "Attendance Officer", 0),
		("Student", "Head of Year", 0),
		("Student", "Headteacher", 0),
		("Student", "Designated Safeguarding Lead", 0),
		("Student", "Attendance Officer", 1),
		("Student", "Headteacher", 1),
		("Student", "Designated Safeguarding Lead", 1),
	]


def test_only_the_three_safeguarding_roles_see_level_1():
	from attendance_officer.setup.permissions import FIELD_ACCESS

	level_1 = {a.role for a in FIELD_ACCESS if a.permlevel == 1}
	assert level_1 == {"Attendance Officer", "Headteacher", "Designated Safeguarding Lead"}


def test_every_level_1_rule_has_a_level_0_rule_before_it():
	# frappe v15 doctype.py check_level_zero_is_set refuses a level-1 rule without one.
	from attendance_officer.setup.permissions import FIELD_ACCESS

	seen: set[tuple[str, str]] = set()
	for access in FIELD_ACCESS:
		if access.permlevel == 0:
			seen.add((access.doctype, access.role))
		else:
			assert (access.doctype, access.role) in seen, access


def test_field_access_covers_every_custom_permlevel():
	from attendance_officer.setup.permissions import FIELD_ACCESS

	granted_levels = {(a.doctype, a.permlevel) for a in FIELD_ACCESS}
	for row in custom_fields():
		if row["permlevel"]:
			assert (row["dt"], row["permlevel"]) in granted_levels, row["name"]
	for access in FIELD_ACCESS:
		assert access.role in known_roles()
		assert set(access.rights) <= {"read", "write"} and "read" in access.rights


# ---------------------------------------------------------------- Attendance Settings defaults


def settings_defaults() -> dict[str, str]:
	return {f["fieldname"]: f.get("default") for f in OUR_DOCTYPES["Attendance Settings"]["fields"]}


def test_settings_band_defaults_equal_the_engine():
	from attendance_officer.engine.statistics import DEFAULT_BANDS

	defaults = settings_defaults()
	for name in ("concern_below", "at_risk_below", "persistent_from", "severe_from"):
		assert Decimal(defaults[name]) == Decimal(getattr(DEFAULT_BANDS, name)), name


def test_settings_penalty_defaults_equal_the_engine():
	from attendance_officer.engine.penalty import PENALTY_SESSIONS, PENALTY_WEEKS

	defaults = settings_defaults()
	assert int(defaults["penalty_sessions"]) == PENALTY_SESSIONS
	assert int(defaults["penalty_weeks"]) == PENALTY_WEEKS


def test_settings_return_defaults_equal_the_engine():
	from attendance_officer.engine.continuous import CONTINUOUS_DAYS, SICKNESS_DAYS

	defaults = settings_defaults()
	assert int(defaults["continuous_days"]) == CONTINUOUS_DAYS
	assert int(defaults["sickness_days"]) == SICKNESS_DAYS


def test_settings_ladder_defaults_equal_the_engine():
	from attendance_officer.engine.ladder import DEFAULT_INTERVAL, MEDICAL_AFTER_DAYS

	defaults = settings_defaults()
	assert int(defaults["letter_interval_days"]) == DEFAULT_INTERVAL
	assert int(defaults["medical_evidence_after_days"]) == MEDICAL_AFTER_DAYS


def test_settings_certificate_default_equals_the_engine():
	from attendance_officer.engine.certificates import DEFAULT_MIN_POSSIBLE

	assert int(settings_defaults()["certificate_min_sessions"]) == DEFAULT_MIN_POSSIBLE


def test_settings_n_code_default_equals_the_engine():
	from attendance_officer.engine.unresolved import N_RESOLUTION_DAYS

	assert int(settings_defaults()["n_resolution_days"]) == N_RESOLUTION_DAYS


def test_settings_defaults_pass_their_own_checks():
	from datetime import time

	from attendance_officer.engine.register import (
		calling_cutoff_error,
		register_window_error,
		sessions_order_error,
	)
	from attendance_officer.engine.settings import bands_error

	d = settings_defaults()
	t = {k: time.fromisoformat(v) for k, v in d.items() if k.endswith(("_opens", "_closes", "_cutoff"))}
	assert register_window_error(t["am_register_opens"], t["am_register_closes"]) is None
	assert register_window_error(t["pm_register_opens"], t["pm_register_closes"]) is None
	assert sessions_order_error(t["am_register_closes"], t["pm_register_opens"]) is None
	assert calling_cutoff_error(t["am_register_closes"], t["first_day_calling_cutoff"]) is None
	assert bands_error(d["concern_below"], d["at_risk_below"], d["persistent_from"], d["severe_from"]) is None


# ---------------------------------------------------------------- framework-free code


def imports_frappe_node(node: ast.AST) -> bool:
	if isinstance(node, ast.Import):
		return any(a.name.split(".")[0] == "frappe" for a in node.names)
	return isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "frappe"


def imports_frappe(path: Path) -> bool:
	return any(imports_frappe_node(node) for node in ast.walk(ast.parse(path.read_text())))


def test_engine_never_imports_frappe():
	assert [p.name for p in (APP / "engine").rglob("*.py") if imports_frappe(p)] == []


def test_root_tests_never_import_frappe():
	assert [p.name for p in (ROOT / "tests").rglob("*.py") if imports_frappe(p)] == []


def test_setup_modules_import_frappe_only_inside_functions():
	for name in ("code_fixture.py", "permissions.py"):
		tree = ast.parse((APP / "setup" / name).read_text())
		assert not any(imports_frappe_node(node) for node in tree.body), name


# ---------------------------------------------------------------- whitelisted endpoints and jobs

# Calls that count as an endpoint's opening permission check (style.md section 2).
PERMISSION_CALLS = {
	"check_register_permission",
	"only_for",
	"check_permission",
	"has_permission",
	"check_permission_for",
	"check_search_permission",
}


def whitelisted_functions() -> list[tuple[Path, ast.FunctionDef]]:
	found = []
	for path in APP.rglob("*.py"):
		for node in ast.parse(path.read_text()).body:
			if isinstance(node, ast.FunctionDef) and any(
				"whitelist" in ast.unparse(d) for d in node.decorator_list
			):
				found.append((path, node))
	return found


def test_whitelisted_functions_are_annotated_and_check_permission_first():
	for path, node in whitelisted_functions():
		where = f"{path.relative_to(APP)}:{node.name}"
		assert all(a.annotation is not None for a in node.args.args), f"{where}: annotate every argument"
		body = [n for n in node.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
		first = body[0]
		assert isinstance(first, ast.Expr) and isinstance(first.value, ast.Call), (
			f"{where}: no permission call"
		)
		called = ast.unparse(first.value.func).split(".")[-1]
		assert called in PERMISSION_CALLS, f"{where}: opens with {called}(), not a permission check"


def test_whitelisted_writes_are_post_only():
	for path, node in whitelisted_functions():
		decorator = next(ast.unparse(d) for d in node.decorator_list if "whitelist" in ast.unparse(d))
		if node.name.startswith(("save_", "import_", "apply_", "delete_", "set_")):
			assert "methods=['POST']" in decorator, f"{path.relative_to(APP)}:{node.name} must be POST only"


def test_scheduled_jobs_run_without_arguments():
	events = hook("scheduler_events")
	paths = [p for key, value in events.items() for p in (value.values() if key == "cron" else [value])]
	for handlers in paths:
		for handler in handlers:
			node = resolve(handler)
			assert isinstance(node, ast.FunctionDef), handler
			required = len(node.args.args) - len(node.args.defaults)
			assert required == 0, f"{handler}: the scheduler calls it with no arguments"


# ---------------------------------------------------------------- every pupil record is scoped


def names_a_pupil(doc: dict) -> bool:
	"""A top-level doctype with a Student link, or a child table of pupils (Attendance Bulk Mark)."""
	links = any(f.get("fieldtype") == "Link" and f.get("options") == "Student" for f in doc.get("fields", []))
	tables = {f.get("options") for f in doc.get("fields", []) if f.get("fieldtype") == "Table"}
	child_of_pupils = any(
		names_a_pupil(OUR_DOCTYPES[t]) for t in tables if t in OUR_DOCTYPES and OUR_DOCTYPES[t].get("istable")
	)
	return links or child_of_pupils


def test_every_doctype_that_names_a_pupil_has_the_scope_pair():
	"""Issue 12: staff see only their pupils on every record about a pupil, including later ones."""
	queries, checks = hook("permission_query_conditions"), hook("has_permission")
	pupil_doctypes = [
		name for name, doc in OUR_DOCTYPES.items() if not doc.get("istable") and names_a_pupil(doc)
	]
	assert "Attendance Contact" in pupil_doctypes and "Attendance Bulk Mark" in pupil_doctypes
	for name in pupil_doctypes:
		assert name in queries, f"{name}: add a permission_query_conditions hook (permissions.pupil_query)"
		assert name in checks, f"{name}: add a has_permission hook (permissions.pupil_has_permission)"


def test_child_tables_of_pupil_records_are_scoped_through_their_parent():
	"""Frappe lists a child table checking only read on its parent doctype, never its scope."""
	queries = hook("permission_query_conditions")
	for name, doc in OUR_DOCTYPES.items():
		if doc.get("istable") or not names_a_pupil(doc):
			continue
		for field in doc.get("fields", []):
			child = field.get("options")
			if field.get("fieldtype") == "Table" and child in OUR_DOCTYPES:
				assert queries.get(child) == "attendance_officer.permissions.child_query", f"{name}.{child}"


def test_every_scoped_doctype_is_known_to_the_scope():
	"""A doctype hooked to pupil_query must name its pupil field in PUPIL_FIELD (or be the bulk mark)."""
	source = (APP / "permissions.py").read_text(encoding="utf-8")
	pupil_field = source[source.index("PUPIL_FIELD = {") : source.index("}", source.index("PUPIL_FIELD = {"))]
	child_of = source[source.index("CHILD_OF = {") : source.index("}", source.index("CHILD_OF = {"))]
	for doctype, method in hook("permission_query_conditions").items():
		if method.endswith(".pupil_query"):
			assert f'"{doctype}"' in pupil_field or doctype == "Attendance Bulk Mark", doctype
		if method.endswith(".child_query"):
			assert f'"{doctype}"' in child_of, doctype
