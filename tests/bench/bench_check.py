"""``millones check scenes`` against a raw libyaml parse of the same files, counting process start (issue 16,
goal 4), old tree and new interleaved.

Each round runs, as separate processes in an order that rotates from round to round: a script that
parses every YAML file of the shipped story with ``yaml.CSafeLoader`` (nothing else); ``check`` from
this tree with an empty cache (a story never checked, or just changed) and with the cache the run
before left (nothing changed since the last check); and, with ``--old``, ``check`` from a checkout of
the baseline. Wall times, medians and ranges, and ratios to the raw parse. Goal: check <= 2x the raw
parse.

Run: ``.venv/bin/python tests/bench/bench_check.py [--old CHECKOUT] [--rounds N]``. Prints figures;
asserts nothing.
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

ROOT = Path(__file__).resolve().parents[2]

RAW = """\
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f} ms ({min(values):.1f}-{max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="a checkout of the baseline commit")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        raw = tmp / "raw.py"
        raw.write_text(RAW, encoding="utf-8")
        cache = tmp / "cache"
        env = {**os.environ, "MILLONES_CACHE": str(cache)}
        check = [sys.executable, "-m", "game", "check", "scenes"]
        runs = {"raw parse": ([sys.executable, str(raw), "scenes"], ROOT), "new, cold cache": (check, ROOT),
                "new, cached": (check, ROOT)} | ({"old": (check, args.old.resolve())} if args.old else {})
        times: dict[str, list[float]] = {name: [] for name in runs}
        for argv, cwd in runs.values():  # warm the file cache
            timed(argv, cwd, env)
        order = list(runs)
        for round_ in range(args.rounds):
            for name in order[round_ % len(order):] + order[:round_ % len(order)]:
                argv, cwd = runs[name]
                if name == "new, cold cache":
                    shutil.rmtree(cache, ignore_errors=True)
                elif name == "new, cached":
                    timed(argv, cwd, env)  # fills the cache if the cold run emptied it; not timed
                times[name].append(timed(argv, cwd, env))
    base = statistics.median(times["raw parse"])
    print(f"`check scenes` against a raw libyaml parse, processes started and timed whole, {args.rounds} rounds "
          "(median (range); ratio to the raw parse):")
    for name, values in times.items():
        ratio = "" if name == "raw parse" else f"  ratio {statistics.median(values) / base:.2f}  (goal <= 2)"
        print(f"  {name:<16} {summary(values)}{ratio}")


if __name__ == "__main__":
    main()
