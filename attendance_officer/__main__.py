"""``python -m attendance_officer``: the standalone runner (attendance_officer.cli)."""

import sys

from attendance_officer.cli import main

if __name__ == "__main__":
	sys.exit(main())
