"""Speed and memory of medpub against its targets (run: ``make bench``).

Targets (2-core machine): ``medpub build -f html`` no slower than ``pandoc -s --citeproc``
on the same article; the full four-format build of the example within 3 s; an unchanged
rebuild within 0.5 s; peak memory under 500 MB. Numbers are medians of several runs, each
a fresh process, measured here and never asserted in tests (timing depends on the machine).

The HTML start-up comparison alternates the two commands run by run, so a busy machine slows
both alike, and reports the ratio of wall time and of CPU time (user + system) and the load
average. medpub runs with its bytecode and start-up caches in place, as on a machine where
it has run before (``PYTHONDONTWRITEBYTECODE`` is dropped and a warm-up run writes the
``.pyc`` files and medpub's compiled patterns, label tables and style facts; the output
folder is new every run, so nothing is skipped as up to date).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ketamine-therapy.md"
MEDPUB = [sys.executable, "-m", "medpub"]


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak resident memory (MB) of one fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MB) of one command, in a fresh process."""
    elapsed, _, peak = measure(command, env)
    return elapsed, peak


def startup_ratio(runs: int, work: Path, env: dict[str, str]) -> None:
    """``medpub build -f html`` against ``pandoc -s --citeproc``, alternating run by run."""
    medpub_runs, pandoc_runs = [], []
    run([*MEDPUB, "build", str(EXAMPLE), "-f", "html", "-o", str(work / "warm")], env)  # writes the .pyc files
    load = os.getloadavg()[0]
    for i in range(runs):
        medpub_runs.append(measure([*MEDPUB, "build", str(EXAMPLE), "-f", "html", "-o", str(work / f"s{i}")], env))
        pandoc_runs.append(measure(["pandoc", "-s", "--citeproc", str(EXAMPLE), "-o", str(work / f"s{i}.html")]))
    wall = [statistics.median(r[0] for r in runs_) for runs_ in (medpub_runs, pandoc_runs)]
    cpu = [statistics.median(r[1] for r in runs_) for runs_ in (medpub_runs, pandoc_runs)]
    print(f"HTML start-up, fresh output folder: medpub {wall[0] * 1000:.0f} ms, pandoc {wall[1] * 1000:.0f} ms wall; "
          f"CPU {cpu[0] * 1000:.0f} ms vs {cpu[1] * 1000:.0f} ms")
    print(f"HTML start-up ratio medpub/pandoc: {wall[0] / wall[1]:.2f} wall, {cpu[0] / cpu[1]:.2f} CPU "
          f"(target <= 1.00: {'ok' if wall[0] <= wall[1] else 'MISSED'}); {runs} runs each, "
          f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")


def median_run(make_command, runs: int, prepare=None, env=None) -> tuple[float, int]:
    times, peaks = [], []
    for i in range(runs):
        if prepare:
            prepare(i)
        elapsed, peak = run(make_command(i), env)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def report(name: str, seconds: float, target: str, ok: bool, extra: str = "") -> None:
    print(f"{name:<46} {seconds * 1000:8.0f} ms   target {target:<22} {'ok' if ok else 'MISSED'} {extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--voice", default=None, help="voice engine for the full build (default: medpub's default)")
    parser.add_argument("--startup", action="store_true",
                        help="only the HTML start-up ratio against Pandoc (no four-format builds)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="medpub-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        if args.startup:
            if not shutil.which("pandoc"):
                raise SystemExit("pandoc not installed: no reference time")
            startup_ratio(args.runs, work, env)
            return
        if shutil.which("pandoc"):
            pandoc, _ = median_run(lambda i: ["pandoc", "-s", "--citeproc", str(EXAMPLE), "-o", str(work / f"p{i}.html")],
                                   args.runs)
            report("pandoc -s --citeproc (reference)", pandoc, "-", True)
        else:
            pandoc = float("nan")
            print("pandoc not installed: no reference time")
        html, peak = median_run(lambda i: [*MEDPUB, "build", str(EXAMPLE), "-f", "html", "-o", str(work / f"h{i}")],
                                args.runs, env=env)
        report("medpub build -f html (fresh output folder)", html, f"<= pandoc ({pandoc * 1000:.0f} ms)",
               html <= pandoc, f"peak {peak} MB")
        again, _ = median_run(lambda i: [*MEDPUB, "build", str(EXAMPLE), "-f", "html", "-o", str(work / "h0")],
                              args.runs, env=env)
        report("medpub build -f html (unchanged, same folder)", again, f"<= pandoc ({pandoc * 1000:.0f} ms)",
               again <= pandoc)

        voice = ["--voice", args.voice] if args.voice else []

        def fresh_cache(i: int) -> None:
            shutil.rmtree(work / "cache", ignore_errors=True)

        full, peak = median_run(lambda i: [*MEDPUB, "build", str(EXAMPLE), *voice, "-o", str(work / f"f{i}")],
                                min(args.runs, 3), prepare=fresh_cache, env=env)
        report("full build, 4 formats, cold speech cache", full, "<= 3000 ms", full <= 3.0, f"peak {peak} MB")
        warm, peak_warm = median_run(lambda i: [*MEDPUB, "build", str(EXAMPLE), *voice, "-o", str(work / f"w{i}")],
                                     min(args.runs, 3), env=env)
        report("full build, 4 formats, warm speech cache", warm, "<= 3000 ms", warm <= 3.0, f"peak {peak_warm} MB")
        unchanged, _ = median_run(lambda i: [*MEDPUB, "build", str(EXAMPLE), *voice, "-o", str(work / "w0")],
                                  args.runs, env=env)
        report("unchanged rebuild, 4 formats", unchanged, "<= 500 ms", unchanged <= 0.5)
        print(f"peak memory of any build: {max(peak, peak_warm)} MB (target < 500 MB)")
        if shutil.which("pandoc"):
            startup_ratio(args.runs, work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
