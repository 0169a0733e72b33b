"""When registers open and close.

Source: ../shared/domain/uk-attendance-rules.md section 5 ("Register open time": set in the
attendance policy, no longer than 30 minutes; arrival after it closes is coded U). The
Attendance Settings form calls these checks with the times the school enters.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from attendance_officer.engine.i18n import _

# The longest a register may stay open (WTISA 2024; domain reference section 5).
MAX_REGISTER_MINUTES = 30

_ANY_DAY = date(2000, 1, 3)


def _clock(t: time) -> str:
	"""08:30, or 08:30:15 when the time has seconds."""
	return t.strftime("%H:%M:%S" if (t.second or t.microsecond) else "%H:%M")


def _plus_minutes(t: time, minutes: int) -> time:
	return (datetime.combine(_ANY_DAY, t) + timedelta(minutes=minutes)).time()


def register_window_error(opens: time, closes: time) -> str | None:
	"""Why a register that opens at ``opens`` and closes at ``closes`` is not allowed, or None.

	The register must close after it opens and stay open for at most
	MAX_REGISTER_MINUTES (exactly 30 minutes is allowed; 30 minutes and one second is not).
	"""
	if closes <= opens:
		return _(
			"The register closes at {0}, which is not after it opens at {1}. "
			"Set a closing time later than the opening time."
		).format(_clock(closes), _clock(opens))
	open_for = datetime.combine(_ANY_DAY, closes) - datetime.combine(_ANY_DAY, opens)
	if open_for > timedelta(minutes=MAX_REGISTER_MINUTES):
		return _(
			"The register stays open from {0} to {1}, longer than the {2} minutes the law allows. "
			"Set the closing time to {3} or earlier."
		).format(
			_clock(opens),
			_clock(closes),
			MAX_REGISTER_MINUTES,
			_clock(_plus_minutes(opens, MAX_REGISTER_MINUTES)),
		)
	return None


def sessions_order_error(am_closes: time, pm_opens: time) -> str | None:
	"""Why the afternoon register may not open at ``pm_opens``, or None.

	The two sessions are separate half-days (domain reference section 5, "Frequency"):
	the afternoon register cannot open while the morning one is still open.
	"""
	if pm_opens < am_closes:
		return _(
			"The afternoon register opens at {0}, before the morning register closes at {1}. "
			"Set the afternoon opening time to {1} or later."
		).format(_clock(pm_opens), _clock(am_closes))
	return None


def calling_cutoff_error(am_closes: time, cutoff: time) -> str | None:
	"""Why ``cutoff`` cannot be the first-day calling cut-off, or None.

	First-day calls go to pupils missing from the morning register, so the list is
	only complete once that register has closed.
	"""
	if cutoff < am_closes:
		return _(
			"The first-day calling cut-off {0} is before the morning register closes at {1}, "
			"so absent pupils are not yet known. Set the cut-off to {1} or later."
		).format(_clock(cutoff), _clock(am_closes))
	return None
