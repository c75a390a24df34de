"""Speed against a baseline commit, interleaved (issue 16, goals 5 and 7).

Each round runs one probe process per tree, the two in alternating order, so that a busy moment on
this shared machine favours neither; it prints the median and the range of each figure, and new/old.

- ``randomtest``: steps per second of ``randomtest_story`` on the shipped story, one process, one core
  (``workers=1``), CPU time;
- ``saves``, for a game with 50 undo steps on the generated 1,000-scene story of ``bench_engine``:
  ``document.encode`` alone, cold (nothing of an earlier save to reuse: the first save after a load)
  and ``next`` (each save one choice on from the one before, as a game saves: two snapshots in turn);
  decoding alone (parse, every value checked, fitted to the story); ``SaveStore.save`` with its fsyncs;
- ``workers``: the wall time of ``randomtest_story`` with 1 and with 2 worker processes (this tree only).

Run: ``.venv/bin/python tests/bench/bench_speed.py [--old CHECKOUT] [--rounds N] [--story DIR]``, where
CHECKOUT is a checkout of the baseline (``git worktree add --detach /tmp/speed-old <commit>``). Without it,
only this tree is measured. ``--story`` measures the saves of that story instead of the generated one (the
shipped story's journal has line breaks, quotes and accents, which the generated one has not; an old tree
must be able to load it). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import generate  # noqa: E402

PROBE = r'''
import json, os, random, statistics, sys, time
from datetime import datetime, timezone
what, story_dir, saves_dir, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
from game.engine import GameSession, available, load_story
from game.engine.analysis.randomtest import randomtest_story

def median_ms(count, work):
    work()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000

out = {}
if what == "randomtest":
    story = load_story("scenes")
    started = time.process_time()
    report = randomtest_story(story, runs, 1, workers=1)
    out["steps_per_s"] = report.mean_steps * report.runs / (time.process_time() - started)
elif what == "workers":
    story = load_story("scenes")
    for workers in (1, 2):
        started = time.perf_counter()
        randomtest_story(story, runs, 1, workers=workers)
        out[f"wall_s_{workers}"] = time.perf_counter() - started
else:
    from game.engine.saves import SaveStore, document
    from game.engine.saves.migrate import fit
    story = load_story(story_dir)
    game = None
    for seed in range(1000):
        rng = random.Random(seed)
        game = GameSession.new(story, seed=seed)
        while len(game.history) < 50:
            options = available(story, game.state)
            if not options:
                break
            game.choose(rng.choice(options))
        if len(game.history) == 50:
            break
    store = SaveStore(saves_dir, story)
    store.save("1", game.snapshot(), 3600.0, name="bench")
    raw = (store.folder / "1.json").read_bytes()
    now = datetime.now(timezone.utc)
    first = game.snapshot()
    game.choose(available(story, game.state)[0])
    second = game.snapshot()
    turn = [first, second]
    def next_save():
        turn.reverse()
        document.encode(turn[0], 3600.0, "bench", now)
    def cold():
        getattr(document, "_ENCODED", {}).clear()
        document.encode(first, 3600.0, "bench", now)
    out["encode_cold_ms"] = median_ms(runs, cold)
    out["encode_next_ms"] = median_ms(runs, next_save)
    out["decode_ms"] = median_ms(runs, lambda: fit(document.contents(document.parse(raw)), story))
    out["save_fsync_ms"] = median_ms(max(10, runs // 4), lambda: store.save("1", game.snapshot(), 3600.0))
print(json.dumps(out))
'''


def probe(tree: Path, what: str, story_dir: str, saves_dir: str, runs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "MILLONES_CACHE": os.path.join(saves_dir or tempfile.gettempdir(), "cache")}
    done = subprocess.run([sys.executable, "-c", PROBE, what, story_dir, saves_dir, str(runs)], cwd=tree, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def shown(values: list[float]) -> str:
    return f"{statistics.median(values):10.3f}  [{min(values):.3f} .. {max(values):.3f}]"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=Path, help="a checkout of the baseline commit")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--story", type=Path, help="measure the saves of this story, not of the generated one")
    args = parser.parse_args()
    trees = {"new": ROOT} | ({"old": args.old.resolve()} if args.old else {})
    print(f"bench_speed (Python {sys.version.split()[0]}; {args.rounds} interleaved rounds; saves of "
          f"{args.story or 'the generated 1,000-scene story'}; "
          f"trees: {', '.join(f'{k}={v}' for k, v in trees.items())}; load average {os.getloadavg()[0]:.1f})")
    found: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    (ROOT / "saves").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="millones-bench-story-") as story_dir:
        generate(Path(story_dir), 1_000)
        saves_story = str(args.story.resolve()) if args.story else story_dir
        for round_ in range(args.rounds):
            order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
            for what, runs in (("randomtest", 1000), ("saves", 200)):
                for name in order:
                    with tempfile.TemporaryDirectory(prefix=".bench-", dir=ROOT / "saves") as saves_dir:
                        for key, value in probe(trees[name], what, saves_story, saves_dir, runs).items():
                            found[name].setdefault(key, []).append(value)
            for key, value in probe(ROOT, "workers", story_dir, "", 4000).items():
                found["new"].setdefault(key, []).append(value)
    print(f"  {'figure':<16} {'tree':<4} {'median':>10}  [range]")
    for key in found["new"]:
        for name in trees:
            if key in found[name]:
                print(f"  {key:<16} {name:<4} {shown(found[name][key])}")
        if "old" in found and key in found["old"]:
            ratio = statistics.median(found["new"][key]) / statistics.median(found["old"][key])
            better = ratio if key == "steps_per_s" else 1 / ratio
            print(f"  {'':<16} new is {better:.2f}x as fast")
    walls = found["new"]
    speedup = [one / two for one, two in zip(walls["wall_s_1"], walls["wall_s_2"], strict=True)]
    print(f"  2 workers against 1 (wall time, this tree): {shown(speedup)} x; load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
