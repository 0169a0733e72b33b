// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Persistent Absence by Year"] = {
	method: "attendance_officer.attendance_officer.dashboard_chart_source.persistent_absence_by_year.persistent_absence_by_year.get",
	filters: [],
};
