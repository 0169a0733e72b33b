"""The rules core never imports frappe, erpnext or education (architecture: it runs and is
tested on any machine, and the standalone runner uses it without a bench)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "attendance_officer" / "engine"
FORBIDDEN = {"frappe", "erpnext", "education"}


def forbidden_imports(source: str) -> list[str]:
	found = []
	for node in ast.walk(ast.parse(source)):
		if isinstance(node, ast.Import):
			names = [alias.name for alias in node.names]
		elif isinstance(node, ast.ImportFrom) and not node.level:
			names = [node.module or ""]
		elif (
			isinstance(node, ast.Call)
			and getattr(node.func, "attr", getattr(node.func, "id", None)) in {"import_module", "__import__"}
			and node.args
			and isinstance(node.args[0], ast.Constant)
			and isinstance(node.args[0].value, str)
		):
			names = [node.args[0].value]
		else:
			continue
		found += [name for name in names if name.split(".")[0] in FORBIDDEN]
	return found


ENGINE_FILES = sorted(ENGINE.glob("*.py"))


def test_the_engine_has_modules():
	assert ENGINE / "codes.py" in ENGINE_FILES


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: p.name)
def test_engine_module_imports_no_frappe(path):
	assert forbidden_imports(path.read_text(encoding="utf-8")) == []


def test_the_check_catches_every_form_of_import():
	source = (
		"import frappe\n"
		"import erpnext.accounts as acc\n"
		"from education.education.doctype import x\n"
		"def f():\n"
		"\tfrom frappe.utils import cint\n"
		"\timportlib.import_module('frappe')\n"
		"import os, frappe.model\n"
		"from .frappe_free import y\n"
		"import educational_things\n"
	)
	assert sorted(forbidden_imports(source)) == sorted(
		[
			"frappe",
			"erpnext.accounts",
			"education.education.doctype",
			"frappe.utils",
			"frappe",
			"frappe.model",
		]
	)
