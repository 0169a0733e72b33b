# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Penalty Notice Register: every referral with its stage, what is owed, paid and outstanding.

One permission-checked list read (frappe.get_list, so a Head of Year sees their own years
through the staff scope), totals, and a chart of notices issued by month. What is owed today
follows the framework (engine.penalty_notices): the lower amount until its date, the full
amount after; nothing once paid, withdrawn or gone to prosecution.
"""

from __future__ import annotations

from collections import Counter

import frappe
from frappe import _
from frappe.utils import flt, getdate

FILTERS = ("from_date", "to_date", "status")
OWING = ("Issued", "Unpaid")


def execute(filters: dict | None = None):
	filters = frappe._dict({k: v for k, v in (filters or {}).items() if k in FILTERS and v})
	conditions = {"docstatus": ("<", 2)}
	if filters.status:
		conditions["status"] = filters.status
	if filters.from_date:
		conditions["issued_on"] = (">=", getdate(filters.from_date))
	if filters.to_date:
		conditions.setdefault("issued_on", ("is", "set"))
		if filters.from_date:
			conditions["issued_on"] = ("between", [getdate(filters.from_date), getdate(filters.to_date)])
		else:
			conditions["issued_on"] = ("<=", getdate(filters.to_date))
	referrals = frappe.get_list(
		"Penalty Notice Referral",
		filters=conditions,
		fields=[
			"name",
			"student_name",
			"year_group",
			"guardian_name",
			"status",
			"notice_number",
			"issued_on",
			"lower_amount",
			"lower_amount_due_by",
			"full_amount",
			"amount_paid",
			"outcome",
		],
		order_by="issued_on desc, creation desc",
		limit_page_length=0,
	)
	today = getdate()
	data = [row(r, today) for r in referrals]
	return columns(), data, None, chart(referrals), summary(data)


def owed_now(referral, today) -> float:
	"""What the parent owes today: the lower amount until its date, then the full amount."""
	if referral.status not in OWING or not referral.issued_on:
		return 0.0
	if (
		referral.lower_amount
		and referral.lower_amount_due_by
		and today <= getdate(referral.lower_amount_due_by)
	):
		return flt(referral.lower_amount)
	return flt(referral.full_amount)


def row(referral, today) -> dict:
	return {
		"referral": referral.name,
		"student_name": referral.student_name,
		"year_group": referral.year_group,
		"guardian_name": referral.guardian_name,
		"status": _(referral.status),
		"notice_number": referral.notice_number or None,
		"issued_on": referral.issued_on,
		"amount_paid": flt(referral.amount_paid),
		"outstanding": owed_now(referral, today),
		"outcome": _(referral.outcome) if referral.outcome else "",
		"currency": "GBP",
	}


def chart(referrals) -> dict | None:
	by_month = Counter(getdate(r.issued_on).strftime("%Y-%m") for r in referrals if r.issued_on)
	if not by_month:
		return None
	months = sorted(by_month)
	return {
		"data": {
			"labels": months,
			"datasets": [{"name": _("Notices issued"), "values": [by_month[m] for m in months]}],
		},
		"type": "bar",
	}


def summary(data: list[dict]) -> list[dict]:
	return [
		{"value": len(data), "label": _("Referrals"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": sum(1 for r in data if r["issued_on"]),
			"label": _("Notices issued"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{
			"value": sum(r["amount_paid"] for r in data),
			"label": _("Paid"),
			"datatype": "Currency",
			"currency": "GBP",
			"indicator": "Green",
		},
		{
			"value": sum(r["outstanding"] for r in data),
			"label": _("Outstanding today"),
			"datatype": "Currency",
			"currency": "GBP",
			"indicator": "Red",
		},
	]


def columns() -> list[dict]:
	return [
		{
			"label": _("Referral"),
			"fieldname": "referral",
			"fieldtype": "Link",
			"options": "Penalty Notice Referral",
			"width": 130,
		},
		{"label": _("Pupil"), "fieldname": "student_name", "fieldtype": "Data", "width": 160},
		{"label": _("Year"), "fieldname": "year_group", "fieldtype": "Data", "width": 60},
		{"label": _("Parent"), "fieldname": "guardian_name", "fieldtype": "Data", "width": 150},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 130},
		{"label": _("Notice"), "fieldname": "notice_number", "fieldtype": "Int", "width": 70},
		{"label": _("Issued On"), "fieldname": "issued_on", "fieldtype": "Date", "width": 100},
		{
			"label": _("Paid"),
			"fieldname": "amount_paid",
			"fieldtype": "Currency",
			"options": "currency",
			"width": 90,
		},
		{
			"label": _("Outstanding Today"),
			"fieldname": "outstanding",
			"fieldtype": "Currency",
			"options": "currency",
			"width": 120,
		},
		{"label": _("Outcome"), "fieldname": "outcome", "fieldtype": "Data", "width": 140},
	]
