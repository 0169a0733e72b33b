"""``python -m attendance_officer`` works as a command in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import upn

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_attendance_officer(tmp_path):
	marks = tmp_path / "marks.csv"
	marks.write_text(f"upn,date,session,code\n{upn(1)},2025-03-03,AM,/\n{upn(1)},2025-03-03,PM,O\n", "utf-8")
	env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
	done = subprocess.run(
		[sys.executable, "-m", "attendance_officer", "thresholds", str(marks), "--format", "json"],
		capture_output=True,
		text=True,
		env=env,
		cwd=tmp_path,
		timeout=60,
	)
	assert done.returncode == 0, done.stderr
	assert json.loads(done.stdout) == [
		{
			"upn": upn(1),
			"possible": 2,
			"attending": 1,
			"authorised": 0,
			"unauthorised": 1,
			"attendance": 50.0,
			"band": "severe",
		}
	]
