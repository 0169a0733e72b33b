# Copyright (c) 2026, attendance_officer developers
# For license information, please see license.txt

"""Attendance Settings: the school's register times, bands and follow-up windows.

Defaults in attendance_settings.json equal the rules core's defaults (a test checks it);
every check below is one call into engine/register.py or engine/settings.py.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_time, validate_email_address

from attendance_officer.engine.register import (
	calling_cutoff_error,
	register_window_error,
	sessions_order_error,
)
from attendance_officer.engine.settings import (
	bands_error,
	compact_identifier,
	count_error,
	laestab_error,
	urn_error,
)


class RegisterTimesError(frappe.ValidationError):
	"""A register window or session order the law or the school day does not allow."""


class ThresholdBandsError(frappe.ValidationError):
	"""Attendance bands out of order."""


class CountSettingError(frappe.ValidationError):
	"""A number of days, sessions or weeks below its minimum."""


class SchoolIdentifierError(frappe.ValidationError):
	"""A URN or LAESTAB that is not in the DfE's format."""


class AuthoriserError(frappe.ValidationError):
	"""A penalty notice authoriser who could not authorise from the desk."""


# The deputy authorises through the workflow's Attendance Officer transitions (the only
# staff role besides the Headteacher that may submit a referral).
AUTHORISER_ROLES = ("Attendance Officer", "Headteacher")


# Counts of school days, sessions and weeks, with the smallest value each may take.
COUNT_FIELDS = {
	"n_resolution_days": 1,
	"continuous_days": 1,
	"sickness_days": 1,
	"cme_enquiry_days": 0,
	"penalty_sessions": 1,
	"penalty_weeks": 1,
	"amendment_lock_days": 0,
	"letter_interval_days": 1,
	"medical_evidence_after_days": 1,
	"certificate_min_sessions": 1,
}


class AttendanceSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from attendance_officer.attendance_officer.doctype.attendance_head_of_year.attendance_head_of_year import (
			AttendanceHeadofYear,
		)
		from attendance_officer.attendance_officer.doctype.attendance_national_figure.attendance_national_figure import (
			AttendanceNationalFigure,
		)
		from attendance_officer.attendance_officer.doctype.attendance_recipient_role.attendance_recipient_role import (
			AttendanceRecipientRole,
		)
		from attendance_officer.attendance_officer.doctype.attendance_recipient_user.attendance_recipient_user import (
			AttendanceRecipientUser,
		)

		am_register_closes: DF.Time
		am_register_opens: DF.Time
		amendment_lock_days: DF.Int
		at_risk_below: DF.Percent
		certificate_min_sessions: DF.Int
		cme_enquiry_days: DF.Int
		concern_below: DF.Percent
		continuous_days: DF.Int
		first_day_calling_cutoff: DF.Time
		governors_pack_recipients: DF.SmallText | None
		heads_of_year: DF.Table[AttendanceHeadofYear]
		la_wants_youngest_year: DF.Check
		laestab: DF.Data | None
		letter_interval_days: DF.Int
		local_authority: DF.Data | None
		local_authority_contact: DF.SmallText | None
		local_authority_email: DF.Data | None
		medical_evidence_after_days: DF.Int
		dsl_list_roles: DF.TableMultiSelect[AttendanceRecipientRole]
		n_resolution_days: DF.Int
		national_figures: DF.Table[AttendanceNationalFigure]
		penalty_notice_authoriser: DF.Link | None
		penalty_sessions: DF.Int
		penalty_weeks: DF.Int
		pastoral_list_roles: DF.TableMultiSelect[AttendanceRecipientRole]
		persistent_from: DF.Percent
		pm_register_closes: DF.Time
		pm_register_opens: DF.Time
		school_address: DF.SmallText | None
		school_email: DF.Data | None
		school_name: DF.Data | None
		school_phase: DF.Literal["Secondary", "Primary", "Special", "All schools"]
		school_phone: DF.Data | None
		severe_from: DF.Percent
		sickness_days: DF.Int
		slt_pack_recipients: DF.TableMultiSelect[AttendanceRecipientUser]
		special_school: DF.Check
		signatory_name: DF.Data | None
		signatory_role: DF.Data | None
		turn_unresolved_n_into_o: DF.Check
		urn: DF.Data | None
		youngest_year_group: DF.Literal["7", "8", "9", "10", "11", "12"]
	# end: auto-generated types

	def validate(self):
		self.set_whole_second_times()
		self.set_school_identifiers()
		self.check_register_windows()
		self.check_sessions_in_order()
		self.check_calling_cutoff()
		self.check_threshold_bands()
		self.check_counts()
		self.check_school_identifiers()
		self.check_penalty_notice_authoriser()
		self.check_pack_recipients()

	def set_whole_second_times(self):
		"""Store times as HH:MM:SS: a stored fraction of a second makes the form open "Not Saved"."""
		for field in self.meta.get("fields", {"fieldtype": "Time"}):
			if value := self.get(field.fieldname):
				self.set(field.fieldname, whole_seconds(value))

	def set_school_identifiers(self):
		"""Store URN and LAESTAB as bare digits ("801/2000" -> "8012000")."""
		for fieldname in ("urn", "laestab"):
			if self.get(fieldname):
				self.set(fieldname, compact_identifier(self.get(fieldname)))

	def check_register_windows(self):
		"""Each register closes after it opens and stays open at most 30 minutes."""
		for session, opens, closes in (
			(_("Morning register"), "am_register_opens", "am_register_closes"),
			(_("Afternoon register"), "pm_register_opens", "pm_register_closes"),
		):
			if not (self.get(opens) and self.get(closes)):
				continue  # the mandatory check names the missing time
			if error := register_window_error(get_time(self.get(opens)), get_time(self.get(closes))):
				frappe.throw(
					_("{0}: {1}").format(session, _(error)),
					title=_("Register times not allowed"),
					exc=RegisterTimesError,
				)

	def check_sessions_in_order(self):
		"""The afternoon register opens after the morning register has closed."""
		if not (self.am_register_closes and self.pm_register_opens):
			return
		if error := sessions_order_error(get_time(self.am_register_closes), get_time(self.pm_register_opens)):
			frappe.throw(_(error), title=_("Register times not allowed"), exc=RegisterTimesError)

	def check_calling_cutoff(self):
		"""First-day calls start once the morning register has closed."""
		if not (self.am_register_closes and self.first_day_calling_cutoff):
			return
		if error := calling_cutoff_error(
			get_time(self.am_register_closes), get_time(self.first_day_calling_cutoff)
		):
			frappe.throw(_(error), title=_("Calling cut-off not allowed"), exc=RegisterTimesError)

	def check_threshold_bands(self):
		"""100 >= concern > at risk > persistent line > severe line >= 0."""
		if error := bands_error(
			self.concern_below, self.at_risk_below, self.persistent_from, self.severe_from
		):
			frappe.throw(_(error), title=_("Attendance bands out of order"), exc=ThresholdBandsError)

	def check_counts(self):
		"""Windows and thresholds are whole numbers of at least 1 (the lock window may be 0)."""
		for fieldname, minimum in COUNT_FIELDS.items():
			label = _(self.meta.get_label(fieldname))
			if error := count_error(label, cint(self.get(fieldname)), minimum):
				frappe.throw(_(error), title=_("Value not allowed"), exc=CountSettingError)

	def check_school_identifiers(self):
		"""URN is 6 digits and LAESTAB 7 digits, when the school has entered them."""
		for fieldname, check in (("urn", urn_error), ("laestab", laestab_error)):
			if self.get(fieldname) and (error := check(self.get(fieldname))):
				frappe.throw(_(error), title=_("School identifier not valid"), exc=SchoolIdentifierError)

	def check_penalty_notice_authoriser(self):
		"""The Headteacher's named deputy is an active user who can act on a referral."""
		user = self.penalty_notice_authoriser
		if not user or not self.has_value_changed("penalty_notice_authoriser"):
			return
		if not frappe.db.get_value("User", user, "enabled"):
			frappe.throw(
				_("{0} is not an active user: choose someone who signs in to the desk.").format(user),
				title=_("Authoriser not allowed"),
				exc=AuthoriserError,
			)
		if not set(AUTHORISER_ROLES) & set(frappe.get_roles(user)):
			frappe.throw(
				_(
					"{0} cannot act on penalty notice referrals: give them the Attendance Officer role "
					"first, then name them here."
				).format(user),
				title=_("Authoriser not allowed"),
				exc=AuthoriserError,
			)

	def check_pack_recipients(self):
		"""The SLT pack names every pupil and their reasons for absence: it goes only to enabled
		staff who may see the whole school. Checked for the rows added or changed, so a
		recipient who has since left never blocks saving the rest of the settings (the pack
		then skips them). Governors' addresses are addresses."""
		before = self.get_doc_before_save()
		known = {row.user for row in before.slt_pack_recipients} if before else set()
		for row in self.slt_pack_recipients:
			if row.user in known:
				continue
			if not may_receive_slt_pack(row.user):
				frappe.throw(
					_(
						"SLT Pack To: {0} is not an enabled member of staff who sees the whole school. The SLT "
						"pack names every pupil: send it to the Headteacher, the Attendance Officer or senior "
						"leaders with whole-school access, and remove this row."
					).format(frappe.bold(row.user)),
					title=_("Recipient not allowed"),
				)
		for line_no, line in enumerate((self.governors_pack_recipients or "").splitlines(), start=1):
			address = line.strip()
			if address and not validate_email_address(address):
				frappe.throw(
					_(
						"Governors' Summary To, line {0}: {1} is not an email address. Put one address on each line."
					).format(line_no, frappe.bold(address)),
					title=_("Email address not valid"),
				)


def whole_seconds(value) -> str:
	"""A Time value as HH:MM:SS, any fraction of a second dropped (what the desk's control shows)."""
	return get_time(value).replace(microsecond=0).strftime("%H:%M:%S")


def may_receive_slt_pack(user: str) -> bool:
	"""An enabled desk user whose staff scope is the whole school (permissions.user_scope)."""
	from attendance_officer.permissions import ALL, user_scope

	if not frappe.db.get_value("User", {"name": user, "enabled": 1, "user_type": "System User"}):
		return False
	return user_scope(user, "Student") == ALL
