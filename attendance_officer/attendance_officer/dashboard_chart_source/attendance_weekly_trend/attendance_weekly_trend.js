// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Attendance Weekly Trend"] = {
	method: "attendance_officer.attendance_officer.dashboard_chart_source.attendance_weekly_trend.attendance_weekly_trend.get",
	filters: [],
};
