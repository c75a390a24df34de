"""``millones randomtest``: play many seeded random games and report what authors need to fix.

Like ChoiceScript's randomtest: every run starts a new game and, at each step, picks uniformly among
the options ``available`` offers, until an ending, a stuck state, a runtime error or the step limit.
Run ``i`` plays with a seed derived from the master seed, and run 0 plays with the master seed
itself, so ``randomtest STORY --runs 1 --seed N`` replays exactly the run a failure names (the game's
random branches and the walker's picks both come from that seed).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.errors import StoryRuntimeError
from game.engine.load.loader import load_story
from game.engine.play.runtime import available, choose, new_game
from game.engine.play.state import MASK64, GameState, splitmix64
from game.engine.story import Story

PILOT = 50  # runs played in this process first, to see whether worker processes would pay off
PARALLEL_AFTER = 0.5  # seconds of estimated work left that make starting workers worth it
CHUNKS_PER_WORKER = 4  # several chunks per worker even out runs of different lengths
TRAIL = 8  # scenes shown before a failure
_GOLDEN = 0x9E3779B97F4A7C15
_PICKS = 0xD1B54A32D192ED03  # keeps the walker's picks apart from the game's own random stream


def run_seed(master: int, index: int) -> int:
    """The seed of run ``index``: the master seed itself for run 0, a well-mixed 32-bit number after."""
    if index == 0:
        return master
    return splitmix64((master + index * _GOLDEN) & MASK64)[1] & 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class Failure:
    kind: str  # stuck, too_long, runtime_error, crash (a bug in the engine itself)
    seed: int  # replays the run: randomtest STORY --runs 1 --seed SEED
    scene: str
    step: int  # choices made before it happened
    message: str
    trail: tuple[str, ...] = ()  # the scenes shown just before, oldest first

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "seed": self.seed, "scene": self.scene, "step": self.step,
                "message": self.message, "trail": list(self.trail)}


@dataclass
class Report:
    runs: int
    seed: int
    step_limit: int
    scenes_total: int
    scenes_unvisited: list[str]
    endings: dict[str, int]  # every ending of the story, reached or not, in story order
    failures: list[Failure]
    mean_steps: float  # choices per run
    longest_run: int  # the most choices any run made

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "seed": self.seed,
            "step_limit": self.step_limit,
            "scenes_total": self.scenes_total,
            "scenes_unvisited": self.scenes_unvisited,
            "endings": self.endings,
            "failures": [f.to_json() for f in self.failures],
            "mean_steps": round(self.mean_steps, 2),
            "longest_run": self.longest_run,
        }


@dataclass
class _Tally:
    """What a batch of runs found; batches merge in run order, so the report never depends on workers."""

    visited: set[str] = field(default_factory=set)
    endings: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    steps: int = 0
    longest: int = 0

    def merge(self, other: _Tally) -> None:
        self.visited |= other.visited
        self.endings.update(other.endings)
        self.failures += other.failures
        self.steps += other.steps
        self.longest = max(self.longest, other.longest)


def play_once(story: Story, seed: int, max_steps: int, tally: _Tally) -> None:
    """One random game from ``seed``, counted into ``tally``."""
    picks = (seed ^ _PICKS) & MASK64
    trail: list[str] = []
    state: GameState | None = None
    try:
        state = new_game(story, seed)
        while True:
            options = available(story, state)
            if not options:
                scene = story.scenes[state.scene]
                if scene.kind == "ending":
                    tally.endings[scene.id] += 1
                else:
                    tally.failures.append(Failure("stuck", seed, state.scene, state.steps,
                                                  "no choice is available here and it is not an ending",
                                                  tuple(trail[-TRAIL:])))
                break
            if state.steps >= max_steps:
                tally.failures.append(Failure("too_long", seed, state.scene, state.steps,
                                              f"no ending after {max_steps} choices; {_loop(state)}",
                                              tuple(trail[-TRAIL:])))
                break
            if not trail or trail[-1] != state.scene:
                trail.append(state.scene)
                if len(trail) > 4 * TRAIL:
                    del trail[:-TRAIL]
            picks, bits = splitmix64(picks)
            state = choose(story, state, options[bits % len(options)])
    except StoryRuntimeError as exc:
        tally.failures.append(_failure("runtime_error", seed, state, str(exc.problem), trail))
    except Exception as exc:  # noqa: BLE001 - an engine bug is reported with its seed, not a traceback
        tally.failures.append(_failure("crash", seed, state, f"engine error: {type(exc).__name__}: {exc}", trail))
    if state is not None:
        tally.visited.update(state.visits)
        tally.steps += state.steps
        tally.longest = max(tally.longest, state.steps)


def _failure(kind: str, seed: int, state: GameState | None, message: str, trail: list[str]) -> Failure:
    if state is None:
        return Failure(kind, seed, "", 0, message)
    before = trail[:-1] if trail and trail[-1] == state.scene else trail
    return Failure(kind, seed, state.scene, state.steps, message, tuple(before[-TRAIL:]))


def _loop(state: GameState) -> str:
    """Where a run that never ends spends its time: its most visited scenes."""
    busiest = sorted(state.visits.items(), key=lambda item: (-item[1], item[0]))[:3]
    return "most visited: " + ", ".join(f"{scene} ({count}x)" for scene, count in busiest)


def play_batch(story: Story, seeds: Iterable[int], max_steps: int) -> _Tally:
    tally = _Tally()
    for seed in seeds:
        play_once(story, seed, max_steps, tally)
    return tally


# ---------------------------------------------------------------- worker processes

_WORKER_STORY: Story | None = None


def _worker_start(story_dir: str) -> None:
    global _WORKER_STORY
    _WORKER_STORY = load_story(story_dir)


def _worker_batch(seeds: list[int], max_steps: int) -> _Tally:
    assert _WORKER_STORY is not None
    return play_batch(_WORKER_STORY, seeds, max_steps)


def _play_parallel(story_dir: str, seeds: list[int], max_steps: int, workers: int) -> _Tally | None:
    """The runs split over worker processes, merged in order; None if processes cannot be used here."""
    size = max(1, -(-len(seeds) // (workers * CHUNKS_PER_WORKER)))
    chunks = [seeds[i:i + size] for i in range(0, len(seeds), size)]
    tally = _Tally()
    try:
        with ProcessPoolExecutor(workers, initializer=_worker_start, initargs=(story_dir,)) as pool:
            for part in pool.map(_worker_batch, chunks, [max_steps] * len(chunks)):
                tally.merge(part)
    except (OSError, BrokenProcessPool):
        return None
    return tally


# ---------------------------------------------------------------- the report


def randomtest(story_dir: str | Path, runs: int, seed: int, max_steps: int = 2000,
               workers: int | None = None) -> Report:
    """Play ``runs`` random games; raises StoryError if the story does not load.

    ``workers``: None uses up to two processes when the first runs show the rest will take a while,
    1 plays everything here, 2 or more always shares the runs after the first ``PILOT``. The same
    arguments give the same report, whatever ``workers`` is.
    """
    story = load_story(story_dir)
    return randomtest_story(story, runs, seed, max_steps, workers)


def randomtest_story(story: Story, runs: int, seed: int, max_steps: int = 2000,
                     workers: int | None = None) -> Report:
    seeds = [run_seed(seed, index) for index in range(runs)]
    started = time.perf_counter()
    tally = play_batch(story, seeds[:PILOT], max_steps)
    rest = seeds[PILOT:]
    if workers is None:
        estimate = (time.perf_counter() - started) / PILOT * len(rest)
        workers = min(2, os.cpu_count() or 1) if estimate > PARALLEL_AFTER else 1
    shared = _play_parallel(story.root, rest, max_steps, workers) if workers > 1 and rest else None
    tally.merge(shared if shared is not None else play_batch(story, rest, max_steps))
    endings = {scene.id: tally.endings.get(scene.id, 0) for scene in story.endings}
    return Report(
        runs=runs,
        seed=seed,
        step_limit=max_steps,
        scenes_total=len(story.scenes),
        scenes_unvisited=[scene_id for scene_id in story.scenes if scene_id not in tally.visited],
        endings=endings,
        failures=tally.failures,
        mean_steps=tally.steps / runs if runs else 0.0,
        longest_run=tally.longest,
    )
