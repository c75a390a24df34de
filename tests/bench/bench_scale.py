"""Scale (issue 16, goal 6): load and check stories of up to 100,000 scenes against a raw libyaml parse of
the same files: peak memory and CPU time, and how time grows (the slope of log time against log scenes).

The stories are compact (a line of text, one choice, a condition or an effect on two scenes in three,
an ending every fiftieth scene, with a way past it; 250 scenes a file), about 15 YAML values a scene,
so 100,000 scenes are about 1,500,000 values. The loader takes at most 1,000,000 values a file and
4,000,000 a story (``safeyaml``'s budgets against hostile files); a baseline from before that (80bfe70)
refuses a story past about 65,000 such scenes, and its figures are then left out. Each figure comes
from a process of its own, run in an order that
rotates from size to size: the raw parse (``yaml.CSafeLoader``, every document kept, as a loader must),
``check_story`` from this tree and, with ``--old``, from a checkout of the baseline. Memory is the
process's peak resident set (VmHWM), whole and grown past what the imports took.

Goals: peak memory at most 2x the raw parse's; time linear in the scenes (slope near 1).

Run: ``.venv/bin/python tests/bench/bench_scale.py [--old CHECKOUT] [--sizes 12500,25000,50000,100000] [--rounds N]``
(with several rounds, medians and their ranges). About a minute and a half a round on a quiet machine.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PER_FILE = 250

MANIFEST = """\
id: scale
version: "1"
title: Scale
start: s0
stats:
  hope: {start: 5, min: 0, max: 10}
"""

PROBE = r"""
import json, os, sys, time
sys.path.insert(0, os.getcwd())
what, folder = sys.argv[1], sys.argv[2]

def peak():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024

if what == "raw":
    from pathlib import Path
    import yaml
    base, started = peak(), time.process_time()
    kept = [yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) for path in sorted(Path(folder).rglob("*.yaml"))]
else:
    from game.engine.analysis.check import check_story
    base, started = peak(), time.process_time()
    report = check_story(folder)
    if report.errors or not report.stats.get("scenes"):
        sys.exit(f"the story does not check clean: {[str(problem) for problem in report.errors[:3]]}")
print(json.dumps({"cpu": time.process_time() - started, "peak": peak(), "base": base}))
"""


def write_story(folder: Path, total: int) -> None:
    (folder / "scenes").mkdir(parents=True)
    (folder / "story.yaml").write_text(MANIFEST, encoding="utf-8")
    for start in range(0, total, PER_FILE):
        lines = []
        for n in range(start, min(total, start + PER_FILE)):
            text = f"Mile {n}: the road goes on, and hope is {{hope}}." if n % 2 else f"Mile {n}: the road goes on."
            if n % 50 == 49 or n == total - 1:
                lines.append(f"- {{id: s{n}, text: '{text}', ending: {{title: Mile {n}}}}}")
            elif n % 50 == 48 and n + 2 < total:  # the road also goes on past the ending
                lines.append(f"- {{id: s{n}, text: '{text}', choices: [{{text: Stop, goto: s{n + 1}}}, "
                             f"{{text: On, goto: s{n + 2}}}]}}")
            elif n % 3 == 0:
                lines.append(f"- {{id: s{n}, text: '{text}', choices: [{{text: On, goto: s{n + 1}, if: hope >= 0}}]}}")
            elif n % 3 == 1:
                lines.append(f"- {{id: s{n}, text: '{text}', choices: [{{text: On, goto: s{n + 1}, effects: [{{add: {{hope: 1}}}}]}}]}}")
            else:
                lines.append(f"- {{id: s{n}, text: '{text}', choices: [{{text: On, goto: s{n + 1}}}]}}")
        (folder / "scenes" / f"part_{start // PER_FILE:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def probe(what: str, folder: Path, tree: Path) -> dict[str, float] | str:
    """The figures of one process, or why the story did not check clean there (the baseline's limit)."""
    done = subprocess.run([sys.executable, "-c", PROBE, what, str(folder)], cwd=tree, capture_output=True, text=True)
    if done.returncode:
        if "does not check clean" in done.stderr:
            return done.stderr.strip().splitlines()[-1]
        raise SystemExit(f"{what} in {tree} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) against log(scenes)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="a checkout of the baseline commit")
    parser.add_argument("--sizes", default="12500,25000,50000,100000")
    parser.add_argument("--rounds", type=int, default=1, help="processes of each kind at each size")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    runs = {"raw": ("raw", ROOT), "new": ("check", ROOT)} | ({"old": ("check", args.old.resolve())} if args.old else {})
    got: dict[str, list[tuple[int, dict[str, float]]]] = {name: [] for name in runs}  # medians, by size
    print(f"load + check against a raw libyaml parse, one process per figure, {args.rounds} round(s) (CPU s; peak RSS "
          "MiB, and grown past the imports; medians, with ranges over several rounds; ratio of peaks to the raw "
          "parse's):")
    with tempfile.TemporaryDirectory() as temporary:
        for turn, size in enumerate(sizes):
            folder = Path(temporary) / f"s{size}"
            write_story(folder, size)
            order = list(runs)
            rounds: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
            refused: dict[str, str] = {}
            for round_ in range(args.rounds):
                shift = (turn + round_) % len(order)
                for name in order[shift:] + order[:shift]:
                    if name in refused:
                        continue
                    what, tree = runs[name]
                    figures = probe(what, folder, tree)
                    if isinstance(figures, str):
                        if name != "old":
                            raise SystemExit(f"{name}: {figures}")
                        refused[name] = figures
                    else:
                        rounds[name].append(figures)
            for name in runs:
                if name not in refused:
                    got[name].append((size, {key: statistics.median(f[key] for f in rounds[name])
                                             for key in ("cpu", "peak", "base")}))
            raw = got["raw"][-1][1]
            line = f"  {size:>7,} scenes:"
            for name in runs:
                if name in refused:
                    line += f"  {name} refused: {refused[name][:100]}"
                    continue
                figures = got[name][-1][1]
                line += (f"  {name} {figures['cpu']:6.2f} s{_spread(rounds[name], 'cpu', '.2f')}, "
                         f"peak {figures['peak']:6.1f} MiB{_spread(rounds[name], 'peak', '.1f')} "
                         f"(grown {figures['peak'] - figures['base']:6.1f})")
                if name != "raw":
                    line += (f" x{figures['peak'] / raw['peak']:.2f} "
                             f"(grown x{(figures['peak'] - figures['base']) / (raw['peak'] - raw['base']):.2f})")
            print(line, flush=True)
    if len(sizes) > 1:
        print("  log-log slope of CPU time against scenes: " + ", ".join(
            f"{name} {slope([(size, figures['cpu']) for size, figures in got[name]]):.2f}" for name in runs
            if len(got[name]) > 1))
    print("  goal: peak <= 2x the raw parse's; slope near 1 (linear)")


def _spread(rounds: list[dict[str, float]], key: str, form: str) -> str:
    """The range of a figure over the rounds, if there were several."""
    if len(rounds) < 2:
        return ""
    values = [figures[key] for figures in rounds]
    return f" [{min(values):{form}}..{max(values):{form}}]"

if __name__ == "__main__":
    main()
