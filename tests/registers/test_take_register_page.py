"""The Take Register page agrees with the server (review finding 9).

The page's roles are exactly those check_register_permission lets in (registers.roles
REGISTER_ROLES, plus Instructor for their own groups), and bind() drops its previous
handlers before adding new ones, so reloading the register never doubles a keystroke.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from attendance_officer.registers.roles import REGISTER_ROLES

PAGE = (
	Path(__file__).resolve().parents[2]
	/ "attendance_officer"
	/ "attendance_officer"
	/ "page"
	/ "take_register"
)


def test_page_roles_match_the_register_permission():
	page = json.loads((PAGE / "take_register.json").read_text())
	assert {row["role"] for row in page["roles"]} == set(REGISTER_ROLES) | {"Instructor"}


def test_bind_removes_its_handlers_before_adding_them():
	script = (PAGE / "take_register.js").read_text()
	body = script[script.index("\tbind() {") :]
	body = body[: body.index("\n\t}\n")]
	ons = re.findall(r'\.on\("([^"]+)"', body)
	assert ons, "bind() adds no handlers"
	assert all(event.endswith(".take_register") for event in ons), ons
	assert body.index('.off(".take_register")') < body.index(".on(")
