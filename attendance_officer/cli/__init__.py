"""The standalone runner, ``attendance-officer``: the rules core on a CSV export, no Frappe.

``main(argv=None) -> int`` is the console script (pyproject: ``attendance-officer =
"attendance_officer.cli:main"``) and ``python -m attendance_officer``. Imports stay lazy:
the report commands never load jinja2, holidays or tqdm (tqdm only for a progress bar on a
terminal).
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
	"""Run the command line with ``argv`` (default: sys.argv[1:]); returns the exit status."""
	from attendance_officer.cli.commands import main as run

	return run(argv)
