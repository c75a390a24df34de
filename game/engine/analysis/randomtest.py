"""``millones randomtest``: play many seeded random games and report what authors need to fix.

Like ChoiceScript's randomtest: every run starts a new game and, at each step, picks uniformly among
the options ``available`` offers, until an ending, a stuck state, a runtime error or the step limit.
Run ``i`` plays with a seed derived from the master seed, and run 0 plays with the master seed
itself, so ``randomtest STORY --runs 1 --seed N`` replays exactly the run a failure names (the game's
random branches and the walker's picks both come from that seed).
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.errors import StoryRuntimeError
from game.engine.gcpause import paused_gc
from game.engine.load.loader import load_story
from game.engine.play.runtime import Walk, available, has_language, new_game, shown_texts, view
from game.engine.play.state import MASK64, GameState, splitmix64
from game.engine.story import LocalText, Story, Template

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
class Coverage:
    """What the runs exercised, beyond scenes (``randomtest --coverage``), as ChoiceScript authors ask."""

    choices_taken: set[tuple[str, int]] = field(default_factory=set)  # (scene, choice index)
    paragraphs_shown: set[tuple[str, int]] = field(default_factory=set)  # (scene, paragraph index)
    quiz_outcomes: set[tuple[str, bool]] = field(default_factory=set)  # (quiz scene, passed)
    stats_at_endings: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # ending -> stat -> values
    repeats: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)  # paragraph -> (most in a run, seed)

    def merge(self, other: Coverage) -> None:
        self.choices_taken |= other.choices_taken
        self.paragraphs_shown |= other.paragraphs_shown
        self.quiz_outcomes |= other.quiz_outcomes
        for ending, stats in other.stats_at_endings.items():
            mine = self.stats_at_endings.setdefault(ending, {})
            for stat, values in stats.items():
                mine.setdefault(stat, []).extend(values)
        for paragraph, (count, seed) in other.repeats.items():
            if count > self.repeats.get(paragraph, (0, 0))[0]:
                self.repeats[paragraph] = (count, seed)


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
    coverage: Coverage | None = None
    language: str | None = None  # the language every view was rendered in (--lang)
    # With a language: each text shown without a version in it, as (scene, its first words) -> times shown.
    untranslated: dict[tuple[str, str], int] = field(default_factory=dict)

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
            **({"language": self.language,
                "untranslated": [{"scene": scene, "text": text, "shown": count}
                                 for (scene, text), count in self.untranslated.items()]}
               if self.language else {}),
        }


@dataclass
class _Tally:
    """What a batch of runs found; batches merge in run order, so the report never depends on workers."""

    visited: set[str] = field(default_factory=set)
    endings: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    steps: int = 0
    longest: int = 0
    coverage: Coverage | None = None
    untranslated: Counter[tuple[str, str]] = field(default_factory=Counter)

    def merge(self, other: _Tally) -> None:
        self.visited |= other.visited
        self.untranslated.update(other.untranslated)
        self.endings.update(other.endings)
        self.failures += other.failures
        self.steps += other.steps
        self.longest = max(self.longest, other.longest)
        if self.coverage is not None and other.coverage is not None:
            self.coverage.merge(other.coverage)


def play_once(story: Story, seed: int, max_steps: int, tally: _Tally, language: str | None = None) -> None:
    """One random game from ``seed``, counted into ``tally`` (and into its coverage, when it keeps one).
    With a ``language``, every state is also viewed in it, and the texts it shows untranslated counted.

    The game is one ``Walk`` taken forward in place: no state is built between steps (the run never
    looks back at one). What the report needs of the game as it stood after the last whole step is
    kept aside: a failure names where that was, and a step that fails counts none of its visits."""
    picks = (seed ^ _PICKS) & MASK64
    trail: list[str] = []
    walk: Walk | None = None
    scene, steps = "", 0  # where the game stood after its last whole step, and its visits then
    visits: Mapping[str, int] = {}
    coverage = tally.coverage
    shown: Counter[tuple[str, int]] = Counter()  # paragraphs shown in this run, and how often
    try:
        walk = Walk.of(story, new_game(story, seed), own=True)
        scene, steps, visits = walk.scene, walk.steps, walk.visits
        if coverage is not None:
            _arrived(story, walk, shown)
        while True:
            if language is not None:
                _look(story, walk.state(), language, tally.untranslated)
            options = available(story, walk)
            if not options:
                if story.scenes[scene].kind == "ending":
                    tally.endings[scene] += 1
                else:
                    tally.failures.append(Failure("stuck", seed, scene, steps,
                                                  "no choice is available here and it is not an ending",
                                                  tuple(trail[-TRAIL:])))
                break
            if steps >= max_steps:
                cycle = _cycle(trail)
                where = f"it goes round {' > '.join((*cycle, cycle[0]))}" if cycle else _busiest(visits)
                tally.failures.append(Failure("too_long", seed, cycle[0] if cycle else scene, steps,
                                              f"no ending after {max_steps} choices: {where}", tuple(trail[-TRAIL:])))
                break
            if not trail or trail[-1] != scene:
                trail.append(scene)
                if len(trail) > 4 * TRAIL:
                    del trail[:-TRAIL]
            picks = (picks + 0x9E3779B97F4A7C15) & MASK64  # splitmix64(picks), written out: a step's hot path
            bits = ((picks ^ (picks >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
            bits = ((bits ^ (bits >> 27)) * 0x94D049BB133111EB) & MASK64
            bits ^= bits >> 31
            index = options[bits % len(options)]
            walk.take(index)
            before, visits_before = scene, visits
            scene, steps, visits = walk.scene, walk.steps, walk.visits
            if coverage is not None:
                _count(story, before, visits_before, walk, index, coverage, shown)
    except StoryRuntimeError as exc:
        tally.failures.append(_failure("runtime_error", seed, None if walk is None else scene, steps,
                                       str(exc.problem), trail))
    except Exception as exc:  # noqa: BLE001 - an engine bug is reported with its seed, not a traceback
        tally.failures.append(_failure("crash", seed, None if walk is None else scene, steps,
                                       f"engine error: {type(exc).__name__}: {exc}", trail))
    if coverage is not None:
        coverage.paragraphs_shown.update(shown)
        for paragraph, count in shown.items():
            if count > coverage.repeats.get(paragraph, (0, 0))[0]:
                coverage.repeats[paragraph] = (count, seed)
        if walk is not None and story.scenes[scene].kind == "ending":
            stats = coverage.stats_at_endings.setdefault(scene, {})
            for name, value in walk.stats.items():
                stats.setdefault(name, []).append(value)
    if walk is not None:
        tally.visited.update(visits)
        tally.steps += steps
        tally.longest = max(tally.longest, steps)


def _failure(kind: str, seed: int, scene: str | None, steps: int, message: str, trail: list[str]) -> Failure:
    """A run's failure at ``scene`` after ``steps`` choices; ``scene`` None when the game did not start."""
    if scene is None:
        return Failure(kind, seed, "", 0, message)
    before = trail[:-1] if trail and trail[-1] == scene else trail
    return Failure(kind, seed, scene, steps, message, tuple(before[-TRAIL:]))


def _cycle(trail: list[str]) -> tuple[str, ...]:
    """The loop a run that never ends goes round, from the scenes it showed last, started at its first
    scene in name order, so that every run caught in the same loop reports it alike; () if none repeats."""
    for period in range(1, len(trail) // 2 + 1):
        if trail[-period:] == trail[-2 * period:-period]:
            cycle = trail[-period:]
            first = cycle.index(min(cycle))
            return tuple(cycle[first:] + cycle[:first])
    return ()


def _busiest(visits: Mapping[str, int]) -> str:
    """Where a run that never ends spends its time when no short loop shows: its most visited scenes."""
    busiest = sorted(visits.items(), key=lambda item: (-item[1], item[0]))[:3]
    return "most visited: " + ", ".join(f"{scene} ({count}x)" for scene, count in busiest)


def _arrived(story: Story, game: Walk, shown: Counter[tuple[str, int]]) -> None:
    """Count the paragraphs a player arriving where ``game`` is reads."""
    scene = story.scenes[game.scene]
    for index, paragraph in enumerate(scene.paragraphs):
        if paragraph.when is None or paragraph.when.test(game):
            shown[(scene.id, index)] += 1


def _count(story: Story, before: str, visits: Mapping[str, int], after: Walk, index: int, coverage: Coverage,
           shown: Counter[tuple[str, int]]) -> None:
    """Coverage of one step, from scene ``before`` (with ``visits`` then) to where ``after`` is now: the
    choice taken, the quiz outcome, the passage arrived at."""
    if story.scenes[before].kind == "choices":
        coverage.choices_taken.add((before, index))
    if after.result is not None:  # (a step keeps no result it did not reach itself)
        coverage.quiz_outcomes.add((after.result.scene, after.result.passed))
    if after.visits.get(after.scene, 0) != visits.get(after.scene, 0):  # a new arrival, not the next question
        _arrived(story, after, shown)


def _look(story: Story, state: GameState, language: str, untranslated: Counter[tuple[str, str]]) -> None:
    """View ``state`` in ``language`` (a text that fails to render fails the run) and count what it shows
    without a translation."""
    view(story, state, language)
    for text in shown_texts(story, state):
        if not has_language(text, language):
            untranslated[(state.scene, _first_words(text))] += 1


def _first_words(text: Template | LocalText) -> str:
    if isinstance(text, Template):
        written = "".join(part if isinstance(part, str) else "{…}" for part in text.parts[text.default])
    else:
        written = text if isinstance(text, str) else next(iter(text.values()), "")
    flat = " ".join(written.split())
    return flat if len(flat) <= 60 else flat[:59] + "…"


def play_batch(story: Story, seeds: Iterable[int], max_steps: int, coverage: bool = False,
               language: str | None = None) -> _Tally:
    tally = _Tally(coverage=Coverage() if coverage else None)
    with paused_gc():  # a run's objects hold no cycles: reference counting frees them (see gcpause)
        for seed in seeds:
            play_once(story, seed, max_steps, tally, language)
    return tally


# ---------------------------------------------------------------- worker processes

_WORKER_STORY: Story | None = None


def _worker_start(story: Story | None, story_dir: str, language: str | None) -> None:
    """A worker's story: the parent's own, when the worker is a fork of it (nothing to load or send),
    else loaded from its folder."""
    global _WORKER_STORY
    _WORKER_STORY = story if story is not None else load_story(story_dir, extra_languages=_extra(language))


def _worker_batch(seeds: list[int], max_steps: int, coverage: bool, language: str | None) -> _Tally:
    assert _WORKER_STORY is not None
    return play_batch(_WORKER_STORY, seeds, max_steps, coverage, language)


def _extra(language: str | None) -> tuple[str, ...]:
    return (language,) if language is not None else ()


def _play_parallel(story: Story, seeds: list[int], max_steps: int, workers: int, coverage: bool,
                   language: str | None = None) -> _Tally | None:
    """The runs split over worker processes, merged in order; None if processes cannot be used here.

    Where processes can fork (Linux), each worker starts as a copy of this one, the story already
    loaded: the initializer's argument is inherited, never pickled. Elsewhere each worker loads it."""
    size = max(1, -(-len(seeds) // (workers * CHUNKS_PER_WORKER)))
    chunks = [seeds[i:i + size] for i in range(0, len(seeds), size)]
    tally = _Tally(coverage=Coverage() if coverage else None)
    forks = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forks else None)
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start,
                                 initargs=(story if forks else None, story.root, language)) as pool:
            for part in pool.map(_worker_batch, chunks, [max_steps] * len(chunks), [coverage] * len(chunks),
                                 [language] * len(chunks)):
                tally.merge(part)
    except (OSError, BrokenProcessPool):
        return None
    return tally


# ---------------------------------------------------------------- the report


def randomtest(story_dir: str | Path, runs: int, seed: int, max_steps: int = 2000,
               workers: int | None = None, coverage: bool = False, language: str | None = None) -> Report:
    """Play ``runs`` random games; raises StoryError if the story does not load.

    ``workers``: None uses up to two processes when the first runs show the rest will take a while,
    1 plays everything here, 2 or more always shares the runs after the first ``PILOT``. The same
    arguments give the same report, whatever ``workers`` is. With a ``language`` (one the story declares,
    has catalogs for, or xx-pseudo), every view is rendered in it and the texts shown without a
    translation are counted; the runs are the same as without it.
    """
    story = load_story(story_dir, extra_languages=_extra(language))
    return randomtest_story(story, runs, seed, max_steps, workers, coverage, language)


def randomtest_story(story: Story, runs: int, seed: int, max_steps: int = 2000,
                     workers: int | None = None, coverage: bool = False, language: str | None = None) -> Report:
    seeds = [run_seed(seed, index) for index in range(runs)]
    started = time.perf_counter()
    tally = play_batch(story, seeds[:PILOT], max_steps, coverage, language)
    rest = seeds[PILOT:]
    if workers is None:
        estimate = (time.perf_counter() - started) / PILOT * len(rest)
        workers = min(2, os.cpu_count() or 1) if estimate > PARALLEL_AFTER else 1
    shared = _play_parallel(story, rest, max_steps, workers, coverage, language) if workers > 1 and rest else None
    tally.merge(shared if shared is not None else play_batch(story, rest, max_steps, coverage, language))
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
        coverage=tally.coverage,
        language=language,
        untranslated=dict(sorted(tally.untranslated.items())),
    )


# ---------------------------------------------------------------- coverage, in an author's terms


@dataclass(frozen=True, slots=True)
class Unseen:
    scene: str
    index: int  # of the choice or paragraph in its scene
    text: str  # its first words
    conditional: bool = False  # a paragraph with an 'if'


@dataclass(frozen=True, slots=True)
class Repeated:
    scene: str
    index: int
    text: str
    count: int  # the most times one run showed it
    seed: int  # that run


@dataclass(frozen=True, slots=True)
class CoverageReport:
    choices_never_taken: tuple[Unseen, ...]
    paragraphs_never_shown: tuple[Unseen, ...]
    quiz_outcomes_never_seen: tuple[tuple[str, str], ...]  # (quiz scene, "pass" or "fail")
    stats_at_endings: dict[str, dict[str, tuple[int, float, int]]]  # ending -> stat -> (min, median, max)
    most_repeated: tuple[Repeated, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "choices_never_taken": [{"scene": u.scene, "choice": u.index, "text": u.text} for u in self.choices_never_taken],
            "paragraphs_never_shown": [{"scene": u.scene, "paragraph": u.index, "text": u.text,
                                        "conditional": u.conditional} for u in self.paragraphs_never_shown],
            "quiz_outcomes_never_seen": [{"scene": scene, "outcome": outcome}
                                         for scene, outcome in self.quiz_outcomes_never_seen],
            "stats_at_endings": {ending: {stat: {"min": low, "median": middle, "max": high}
                                          for stat, (low, middle, high) in stats.items()}
                                 for ending, stats in self.stats_at_endings.items()},
            "most_repeated": [{"scene": r.scene, "paragraph": r.index, "text": r.text, "count": r.count,
                               "seed": r.seed} for r in self.most_repeated],
        }


def coverage_report(story: Story, coverage: Coverage, top: int = 10) -> CoverageReport:
    """What the runs never did, what the stats were at each ending, and the paragraphs read most often in one run."""
    choices = tuple(Unseen(scene.id, index, _excerpt(choice.text))
                    for scene in story.scenes.values() for index, choice in enumerate(scene.choices)
                    if (scene.id, index) not in coverage.choices_taken)
    paragraphs = tuple(Unseen(scene.id, index, _excerpt(paragraph.text), paragraph.when is not None)
                       for scene in story.scenes.values() for index, paragraph in enumerate(scene.paragraphs)
                       if (scene.id, index) not in coverage.paragraphs_shown)
    quizzes = tuple((scene.id, outcome) for scene in story.scenes.values() if scene.quiz is not None
                    for outcome, passed in (("pass", True), ("fail", False))
                    if (scene.id, passed) not in coverage.quiz_outcomes)
    stats = {ending: {stat: (min(values), statistics.median(values), max(values)) for stat, values in found.items()}
             for ending, found in sorted(coverage.stats_at_endings.items())}
    repeated = sorted(coverage.repeats.items(), key=lambda item: (-item[1][0], item[0]))[:top]
    most = tuple(Repeated(scene, index, _excerpt(story.scenes[scene].paragraphs[index].text), count, seed)
                 for (scene, index), (count, seed) in repeated)
    return CoverageReport(choices, paragraphs, quizzes, stats, most)


def _excerpt(text: Template, words: int = 8) -> str:
    parts = text.parts[text.default]
    plain = "".join(part if isinstance(part, str) else "{…}" for part in parts).split()
    return " ".join(plain[:words]) + (" …" if len(plain) > words else "")
