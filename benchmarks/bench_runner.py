"""Benchmark of the standalone runner against a bare csv.DictReader pass (not part of the tests).

Acceptance criterion (issue contract): on a school of 1,500 pupils x 380 sessions, made by
the demo generator, each of ``attendance-officer thresholds|penalty|continuous MARKS
--format json``, run as a command in a fresh process, takes at most 2.0x the time of a fresh
process doing ``[None for _ in csv.DictReader(open(MARKS))]`` over the same file, measured
in the same run; and peaks at no more than 300 MB (ru_maxrss of that child, from wait4).

Usage::

    python benchmarks/bench_runner.py                  # generate 1,500 pupils in a temp folder
    python benchmarks/bench_runner.py --marks FILE     # or time an existing marks file
    python benchmarks/bench_runner.py --repeat 7 --pupils 1500 --seed 2024

Each command is run ``--repeat`` times, interleaved with the baseline (so a busy machine
slows both alike); the table shows medians. The exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("thresholds", "penalty", "continuous")
BASELINE = "import csv,sys; [None for _ in csv.DictReader(open(sys.argv[1]))]"
MAX_RATIO = 2.0
MAX_MB = 300.0


def _env() -> dict[str, str]:
	path = os.environ.get("PYTHONPATH", "")
	return {**os.environ, "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else "")}


def measure(argv: list[str]) -> tuple[float, float]:
	"""Wall seconds and peak resident MB of one fresh process running ``argv``."""
	start = time.perf_counter()
	process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
	_pid, status, usage = os.wait4(process.pid, 0)
	elapsed = time.perf_counter() - start
	process.returncode = os.waitstatus_to_exitcode(status)
	if process.returncode != 0:
		raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {process.stderr.read().decode()}")
	process.stderr.close()
	peak_mb = usage.ru_maxrss / 1024  # Linux: kilobytes
	return elapsed, peak_mb


def generate(folder: Path, pupils: int, seed: int) -> Path:
	argv = [sys.executable, "-m", "attendance_officer", "demo", "--pupils", str(pupils), "--seed", str(seed)]
	subprocess.run([*argv, "--out", str(folder)], check=True, stdout=subprocess.DEVNULL, env=_env())
	return folder / "marks.csv"


def run(marks: Path, repeat: int) -> dict[str, dict[str, float]]:
	argvs = {"csv.DictReader": [sys.executable, "-c", BASELINE, str(marks)]}
	for command in COMMANDS:
		argvs[command] = [sys.executable, "-m", "attendance_officer", command, str(marks), "--format", "json"]
	for argv in argvs.values():  # warm the page cache and .pyc files
		measure(argv)
	times: dict[str, list[float]] = {name: [] for name in argvs}
	peaks: dict[str, float] = dict.fromkeys(argvs, 0.0)
	for _ in range(repeat):
		for name, argv in argvs.items():
			elapsed, peak = measure(argv)
			times[name].append(elapsed)
			peaks[name] = max(peaks[name], peak)
	baseline = statistics.median(times["csv.DictReader"])
	return {
		name: {
			"seconds": statistics.median(values),
			"ratio": statistics.median(values) / baseline,
			"peak_mb": peaks[name],
		}
		for name, values in times.items()
	}


def describe(marks: Path, source: str) -> str:
	with open(marks, encoding="utf-8") as f:
		rows = sum(1 for _ in f) - 1
	return f"{source} ({rows:,} rows, {marks.stat().st_size / 1e6:.1f} MB)"


def report(results: dict[str, dict[str, float]], marks: Path, source: str, repeat: int) -> bool:
	ok = True
	lines = [
		f"Marks file: {describe(marks, source)}; median of {repeat} fresh processes each; "
		f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs",
		"",
		"| Command | Median time (s) | Ratio to csv.DictReader | Peak memory (MB) | Target |",
		"|---|---:|---:|---:|---|",
	]
	for name, r in results.items():
		if name == "csv.DictReader":
			verdict = "baseline"
		else:
			passed = r["ratio"] <= MAX_RATIO and r["peak_mb"] <= MAX_MB
			ok = ok and passed
			verdict = ("pass" if passed else "FAIL") + f" (<= {MAX_RATIO}x, <= {MAX_MB:.0f} MB)"
		label = (
			"python -c csv.DictReader pass"
			if name == "csv.DictReader"
			else f"attendance-officer {name} --format json"
		)
		lines.append(f"| {label} | {r['seconds']:.3f} | {r['ratio']:.2f}x | {r['peak_mb']:.1f} | {verdict} |")
	width = max(len(name) for name in results)
	print("Benchmark: the runner against a bare csv.DictReader pass, same file, same run\n")
	print(f"{'command'.ljust(width)}  {'median s':>9}  {'ratio':>6}  {'peak MB':>8}")
	for name, r in results.items():
		print(f"{name.ljust(width)}  {r['seconds']:9.3f}  {r['ratio']:5.2f}x  {r['peak_mb']:8.1f}")
	print("\nMarkdown (for README):\n")
	print("\n".join(lines))
	print(f"\nResult: {'all targets met' if ok else 'a target was MISSED'}")
	return ok


def main(argv: list[str] | None = None) -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--marks", type=Path, help="an existing marks CSV (default: generate one with demo)")
	parser.add_argument("--pupils", type=int, default=1500, help="pupils to generate (default 1500)")
	parser.add_argument("--seed", type=int, default=2024)
	parser.add_argument("--repeat", type=int, default=5, help="runs per command (default 5)")
	args = parser.parse_args(argv)
	with tempfile.TemporaryDirectory(prefix="ao-bench-") as tmp:
		if args.marks:
			marks, source = args.marks, str(args.marks)
		else:
			marks = generate(Path(tmp) / "pack", args.pupils, args.seed)
			source = f"attendance-officer demo --pupils {args.pupils} --seed {args.seed}"
		results = run(marks, args.repeat)
		return 0 if report(results, marks, source, args.repeat) else 1


if __name__ == "__main__":
	sys.exit(main())
