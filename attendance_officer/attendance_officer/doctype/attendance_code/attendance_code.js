// Copyright (c) 2026, attendance_officer developers
// For license information, please see license.txt

// Every rule on this form is checked on the server (attendance_code.py).
// frappe.ui.form.on("Attendance Code", {
// 	refresh(frm) {},
// });
