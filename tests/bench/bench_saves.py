"""Saves benchmark: save and load time for a game with 50 undo steps (goal: at most 5 ms each).

Plays 50 random choices on a generated 1,000-scene story (the generator of ``bench_engine``), then
times, as the median of many runs:

- ``save``: ``SaveStore.save`` to an occupied slot, everything included (checking the slot's current
  file, encoding, checksum, temporary file, fsync, backup rotation, rename, folder fsync); then the
  same with fsync made a no-op, which is the part the code controls (the two fsyncs cost what the
  disk takes, a few ms on a VM disk; the TUI saves in a worker, so the player does not wait for them);
- ``load``: ``SaveStore.load``, everything included (read, JSON, checksum, rebuilding 51 states);
- ``list``: ``SaveStore.list`` with every slot full, by a new store (reads every file) and again;
- the parts: encoding alone, decoding alone, and the baseline ``json.dumps`` / ``json.loads`` of the
  same document (compact, stdlib) in the same process, as ratios.

The saves folder is a temporary folder on the file system of the project's ``saves/`` (fsync costs
what it costs there). Run: ``.venv/bin/python tests/bench/bench_saves.py``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import generate  # noqa: E402

from game.engine import (  # noqa: E402
    GameSession,
    available,
    files,  # noqa: E402
    load_story,
)
from game.engine.saves import SLOTS, SaveStore, document  # noqa: E402
from game.engine.saves.migrate import fit  # noqa: E402

SCENES = 1_000
UNDO_STEPS = 50
RUNS = 200
GOAL_MS = 5.0


class _NoFsync:
    """``os`` with fsync a no-op: what a save costs apart from waiting for the disk."""

    def __getattr__(self, name: str) -> object:
        return (lambda fd: None) if name == "fsync" else getattr(os, name)


BEST: dict[str, float] = {}


def median_ms(runs: int, work: Callable[[], object], name: str = "") -> float:
    """The median of ``runs`` timings in ms; the fastest one goes to BEST[name] (the cost without
    other processes in the way: this machine's CPUs are shared)."""
    work()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    BEST[name] = min(times) * 1000
    return statistics.median(times) * 1000


def game_with_history(story, steps: int) -> GameSession:
    """A random game with ``steps`` choices behind it (restarted with the next seed if it ends early)."""
    for seed in range(1000):
        rng = random.Random(seed)
        game = GameSession.new(story, seed=seed)
        while len(game.history) < steps:
            options = available(story, game.state)
            if not options:
                break
            game.choose(rng.choice(options))
        if len(game.history) == steps:
            return game
    raise SystemExit("no game lasted long enough")


def main() -> None:
    print(f"bench_saves (Python {sys.version.split()[0]}; {SCENES:,}-scene story; {UNDO_STEPS} undo steps; "
          f"median of {RUNS}, fastest in brackets; load average {os.getloadavg()[0]:.1f})")
    (ROOT / "saves").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="millones-bench-story-") as story_dir, \
            tempfile.TemporaryDirectory(prefix=".bench-", dir=ROOT / "saves") as saves_dir:
        generate(Path(story_dir), SCENES)
        story = load_story(story_dir)
        game = game_with_history(story, UNDO_STEPS)
        store = SaveStore(saves_dir, story)
        store.save("1", game.snapshot(), 3600.0, name="bench")
        size = (store.folder / "1.json").stat().st_size
        print(f"  save file: {size / 1024:.1f} KiB; state: {len(game.state.visits)} visited scenes, "
              f"{len(game.journal)} journal entries")

        now = datetime.now(timezone.utc)
        save = median_ms(RUNS, lambda: store.save("1", game.snapshot(), 3600.0), "save")
        files.os = _NoFsync()  # type: ignore[assignment]
        try:
            save_cpu = median_ms(RUNS, lambda: store.save("1", game.snapshot(), 3600.0), "save_cpu")
        finally:
            files.os = os
        fsync = median_ms(RUNS, lambda: files.sync_folder(store.folder))
        load = median_ms(RUNS, lambda: store.load("1"), "load")
        raw = (store.folder / "1.json").read_bytes()
        encode = median_ms(RUNS, lambda: document.encode(game.snapshot(), 3600.0, "bench", now))
        decode = median_ms(RUNS, lambda: fit(document.contents(document.parse(raw)), story))
        doc = json.loads(raw)
        baseline_dump = median_ms(RUNS, lambda: json.dumps(doc))
        text = json.dumps(doc)
        baseline_load = median_ms(RUNS, lambda: json.loads(text))
        for slot in SLOTS:
            store.save(slot, game.snapshot(), 3600.0)
        listing = median_ms(max(10, RUNS // 10), store.list)
        first_listing = median_ms(max(10, RUNS // 10), lambda: SaveStore(saves_dir, story).list())

        verdict = lambda ms: "ok" if ms <= GOAL_MS else "OVER the goal"  # noqa: E731
        print(f"  save (all included, fsync x2): {save:7.3f} ms [{BEST['save']:6.3f}]   (one fsync of the folder alone: {fsync:.3f} ms)")
        print(f"  save without fsync:            {save_cpu:7.3f} ms [{BEST['save_cpu']:6.3f}]   goal <= {GOAL_MS} ms: {verdict(save_cpu)}")
        print(f"  load (all included):           {load:7.3f} ms [{BEST['load']:6.3f}]   goal <= {GOAL_MS} ms: {verdict(load)}")
        print(f"  encode only:                   {encode:7.3f} ms   = {encode / baseline_dump:5.1f} x json.dumps ({baseline_dump:.3f} ms)")
        print(f"  decode only:                   {decode:7.3f} ms   = {decode / baseline_load:5.1f} x json.loads ({baseline_load:.3f} ms)")
        print(f"  list of {len(SLOTS)} full slots, first:  {first_listing:7.3f} ms   (every file read and checked)")
        print(f"  list of {len(SLOTS)} full slots, again:  {listing:7.3f} ms   (unchanged files are not read again)")


if __name__ == "__main__":
    main()
