"""Put back the declared register times on sites where install stored the install moment.

Before install.seed_settings set the JSON defaults itself, Frappe's set_dynamic_default_values
filled every Time field of the new Attendance Settings with the current time, so all five
times (AM and PM registers opening and closing, the first-day calling cut-off) hold one and
the same value. A school cannot have set that on purpose: a register that closes the moment
it opens is refused by the settings form. Only that case is changed; times a school has set
are left alone. Any time still stored with a fraction of a second is then cut to whole
seconds, which is what made the form open "Not Saved".
"""

import frappe

from attendance_officer.install import drop_fractions_of_seconds, reset_install_time_register_times


def execute():
	if frappe.db.get_singles_dict("Attendance Settings"):
		reset_install_time_register_times()
		drop_fractions_of_seconds()
