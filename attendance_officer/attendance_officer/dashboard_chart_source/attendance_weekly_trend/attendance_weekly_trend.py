# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Dashboard Chart Source "Attendance Weekly Trend" (the Attendance workspace): reporting.cards.weekly_trend_data.

Not cached with frappe.utils.dashboard.cache_source: that cache is per chart, not per user,
and each user's chart covers only the pupils their role gives them.
"""

import frappe

from attendance_officer.reporting.cards import check_permission, weekly_trend_data


@frappe.whitelist()
def get(
	chart_name: str | None = None,
	chart: str | None = None,
	no_cache: str | None = None,
	filters: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
) -> dict:
	check_permission()
	return weekly_trend_data()
