"""Engine benchmark: load + check against raw libyaml, the cost of a choice, and memory.

Generates stories of 1,000 and 10,000 realistic scenes (text with interpolation and conditional
paragraphs, 2-4 choices with conditions and effects, branches, random scenes, quizzes, endings; about
200 scenes a file) in a temporary folder, then prints:

- load + check time (``check_story``) against a raw ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the
  same files in the same run, best of 5 alternating rounds (goal: ratio at most 1.5 at both sizes);
- microseconds per choice over a 100,000-step random walk on the 1,000-scene story, restarting at
  endings (goal: at most 20 µs);
- peak memory for loading the 10,000-scene story (tracemalloc peak, and the process's max RSS growth).

Times are CPU time of this process (``time.process_time``), which other work on a shared machine
disturbs less than wall time. Run: ``.venv/bin/python tests/bench/bench_engine.py`` (or ``make bench``).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import gc
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from game.engine import available, choose, load_story, new_game, view  # noqa: E402
from game.engine.analysis.check import check_story  # noqa: E402

SIZES = (1_000, 10_000)
PER_FILE = 200
WALK_STEPS = 100_000
REPEATS = 5
LOAD_GOAL = 1.5
CHOICE_GOAL_US = 20.0

WORDS = (
    "the field lettuce truck morning father mother radio antenna moon rocket engineer school "
    "stockton michoacan winter harvest dream letter nasa application rejection again learn english "
    "physics night study laboratory livermore houston ocean dive russian pilot license flight tower "
    "kitchen recipe patience goal year family brother sister road valley orbit station launch"
).split()
FLAGS = [f"flag_{n}" for n in range(24)]
PILOT = ["none", "ground_school", "student_pilot", "solo", "private_pilot"]
ENGLISH = ["none", "words", "sentences", "fluent"]


# ---------------------------------------------------------------- generating a story


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    parts = [sentence(rng, rng.randint(6, 14)) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.5:
        parts.insert(rng.randrange(len(parts)), rng.choice(
            ["It is {year}.", "Hope: {hope}.", "Pilot: {pilot}.", "English: {english}.", "{2009 - year} years to go."]))
    return " ".join(parts)


def condition(rng: random.Random) -> str:
    return rng.choice([
        f"pilot >= {rng.choice(PILOT[1:])}",
        f"hope > {rng.randint(1, 8)}",
        f"{rng.choice(FLAGS)}",
        f"not {rng.choice(FLAGS)}",
        f"english >= {rng.choice(ENGLISH[1:])} and hope >= {rng.randint(0, 5)}",
        f"year - 1962 >= {rng.randint(10, 30)} or {rng.choice(FLAGS)}",
        "goal(nasa_profile) >= 2",
    ])


def effects(rng: random.Random) -> list[str]:
    found = []
    if rng.random() < 0.6:
        found.append(f"{{add: {{hope: {rng.choice([-2, -1, 1, 1, 2])}}}}}")
    if rng.random() < 0.3:
        found.append(f"{{set: {{{rng.choice(FLAGS)}: {rng.choice(['true', 'false'])}}}}}")
    if rng.random() < 0.2:
        found.append("{add: {year: 1, money: -3}}")
    return found


def scene_yaml(rng: random.Random, index: int, total: int, kind: str, forced: list[int]) -> str:
    """One scene; ``forced`` are the scenes its always-open exits lead to, so every scene is reachable."""
    sid = f"s{index:05d}"
    lines = [f"- id: {sid}"]
    if index % 50 == 0:
        lines.append(f"  chapter: {{en: Chapter {index // 50 + 1}, es: Capítulo {index // 50 + 1}}}")
    lines.append(f"  title: {sentence(rng, 3)[:-1]}, {{year}}")
    if rng.random() < 0.3:
        lines.append(f"  effects: [{{add: {{year: 1}}}}, {{set: {{{rng.choice(FLAGS)}: true}}}}]")
    if kind in ("branch", "random") and rng.random() < 0.5:
        pass  # a pass-through scene: no text
    elif rng.random() < 0.35:
        lines.append("  text:")
        for _ in range(rng.randint(1, 3)):
            lines.append(f"    - \"{paragraph(rng)}\"")
        lines.append(f"    - {{if: \"{condition(rng)}\", text: \"{paragraph(rng)}\"}}")
    else:
        lines.append("  text: |")
        for number in range(rng.randint(2, 4)):
            if number:
                lines.append("")
            lines.append(f"    {paragraph(rng)}")

    def target() -> str:
        if rng.random() < 0.08 and index > 10:
            return f"s{rng.randint(max(0, index - 30), index - 1):05d}"
        return f"s{min(total - 1, index + rng.randint(1, 25)):05d}"

    pending = list(forced)

    def exit_() -> str:
        return f"s{pending.pop(0):05d}" if pending else target()

    if kind == "ending":
        lines.append(f"  ending: {{title: {sentence(rng, 3)[:-1]}}}")
    elif kind == "branch":
        lines.append("  branch:")
        for _ in range(rng.randint(1, 3)):
            lines.append(f"    - {{if: \"{condition(rng)}\", goto: {target()}}}")
        lines.append(f"    - {{goto: {exit_()}}}")
    elif kind == "random":
        lines.append("  random:")
        lines.append(f"    - {{weight: {rng.randint(1, 5)}, goto: {exit_()}}}")
        lines.append(f"    - {{weight: {rng.randint(1, 5)}, goto: {target()}, if: \"{condition(rng)}\"}}")
        lines.append(f"    - {{goto: {exit_()}}}")
    elif kind == "quiz":
        lines.append("  quiz:")
        lines.append("    questions:")
        for _ in range(rng.randint(2, 4)):
            lines.append(f"      - question: {sentence(rng, 7)[:-1]}?")
            lines.append(f"        options: [{', '.join(sentence(rng, 2)[:-1] for _ in range(3))}]")
            lines.append(f"        answer: {rng.randint(0, 2)}")
            if rng.random() < 0.5:
                lines.append(f"        explain: {sentence(rng, 8)}")
        lines.append("    pass: 2")
        lines.append(f"    on_pass: {{goto: {exit_()}, effects: [{{add: {{hope: 2}}}}]}}")
        lines.append(f"    on_fail: {{goto: {exit_()}, effects: [{{add: {{hope: -1}}}}]}}")
    else:
        lines.append("  choices:")
        count = rng.randint(2, 4)
        for number in range(count):
            lines.append(f"    - text: {sentence(rng, rng.randint(3, 7))[:-1]}")
            lines.append(f"      goto: {exit_() if number == count - 1 else target()}")
            if number == 0 and rng.random() < 0.3:
                skill, states = rng.choice([("pilot", PILOT), ("english", ENGLISH)])
                lines.append(f"      if: \"{skill} < {states[-1]}\"")
                lines.append(f"      effects: [{{advance: {skill}}}, {{add: {{hope: 1}}}}]")
                continue
            if number == count - 1:
                pass  # the last choice is always open, so no scene is a dead end
            elif rng.random() < 0.3:
                lines.append(f"      requires: \"{condition(rng)}\"")
                if rng.random() < 0.4:
                    lines.append(f"      locked: {sentence(rng, 4)[:-1]}")
            elif rng.random() < 0.2:
                lines.append(f"      if: \"{condition(rng)}\"")
            found = effects(rng)
            if found:
                lines.append(f"      effects: [{', '.join(found)}]")
        while pending:
            lines.append(f"    - text: {sentence(rng, 4)[:-1]}")
            lines.append(f"      goto: {exit_()}")
    return "\n".join(lines)


MANIFEST = """\
id: bench
version: "1"
title: {en: Benchmark, es: Banco de pruebas}
language: en
start: s00000
header: [year, hope, pilot]
skills:
  pilot:
    name: Pilot
    states: [none, ground_school, student_pilot, {id: solo, name: First solo}, {id: private_pilot, name: Private pilot}]
  english:
    name: English
    states: [none, words, sentences, fluent]
stats:
  year: {start: 1972}
  hope: {start: 5, min: 0, max: 10, name: Hope}
  money: {start: 100, min: 0}
flags: [%s]
goals:
  nasa_profile:
    name: What NASA's picks have
    items:
      - {label: A pilot's license, when: "pilot >= private_pilot"}
      - {label: Fluent English, when: "english >= fluent"}
      - {label: Hope, when: "hope >= 8"}
""" % ", ".join(FLAGS)


def generate(folder: Path, total: int, seed: int = 2024) -> list[Path]:
    """Write a story of ``total`` scenes; returns every file written."""
    rng = random.Random(seed)
    (folder / "scenes").mkdir(parents=True)
    (folder / "story.yaml").write_text(MANIFEST, encoding="utf-8")
    files = [folder / "story.yaml"]
    kinds = ["choices"] * 76 + ["branch"] * 8 + ["random"] * 5 + ["quiz"] * 5 + ["ending"] * 6
    plan = ["choices"]
    while len(plan) < total - 3:
        kind = rng.choice(kinds)
        plan.append("choices" if kind == "ending" and plan[-1] == "ending" else kind)
    plan += ["choices", "ending", "ending"][3 - (total - len(plan)):]
    for index in range(total - 1):
        if plan[index] == "branch" and plan[index + 1] == "ending":
            plan[index] = "random"  # two always-open exits are needed: one to the ending, one past it
    for start in range(0, total, PER_FILE):
        scenes = []
        for index in range(start, min(total, start + PER_FILE)):
            forced = [] if plan[index] == "ending" else [index + 1]
            if forced and plan[index + 1] == "ending" and index + 2 < total:
                forced.append(index + 2)
            scenes.append(scene_yaml(rng, index, total, plan[index], forced))
        path = folder / "scenes" / f"part_{start // PER_FILE:03d}.yaml"
        path.write_text("\n\n".join(scenes) + "\n", encoding="utf-8")
        files.append(path)
    return files


# ---------------------------------------------------------------- measuring


def timed(work: Callable[[], object]) -> float:
    gc.collect()
    started = time.process_time()
    work()
    return time.process_time() - started


def raw_parse(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def bench_load(folder: Path, files: list[Path], scenes: int) -> float:
    report = check_story(folder)
    if report.errors:
        raise SystemExit(f"the generated story has errors: {report.errors[:3]}")
    # Rounds alternate the two, so a busy moment on a shared machine does not favour either side.
    raw = ours = float("inf")
    for _ in range(REPEATS):
        raw = min(raw, timed(lambda: raw_parse(files)))
        ours = min(ours, timed(lambda: check_story(folder)))
    ratio = ours / raw
    size = sum(path.stat().st_size for path in files)
    print(f"  {scenes:>6,} scenes, {len(files)} files, {size / 1e6:.1f} MB: load+check {ours * 1000:8.1f} ms, "
          f"raw libyaml {raw * 1000:8.1f} ms, ratio {ratio:.2f} (goal <= {LOAD_GOAL}) "
          f"{'ok' if ratio <= LOAD_GOAL else 'MISSED'}; {len(report.warnings)} warning(s)")
    return ratio


def bench_walk(folder: Path) -> float:
    story = load_story(folder)
    picker = random.Random(7)
    state = new_game(story, 1)
    games = 1
    choices = 0
    gc.collect()
    started = time.process_time()
    while choices < WALK_STEPS:
        options = available(story, state)
        if not options:  # an ending: start a new game (its cost counts too)
            games += 1
            state = new_game(story, games)
            continue
        state = choose(story, state, options[picker.randrange(len(options))])
        choices += 1
    elapsed = time.process_time() - started
    per_choice = elapsed / choices * 1e6

    views = 0
    started = time.process_time()
    state = new_game(story, 1)
    for _ in range(10_000):
        view(story, state)
        views += 1
        options = available(story, state)
        state = choose(story, state, options[picker.randrange(len(options))]) if options else new_game(story, views)
    per_view = (time.process_time() - started) / views * 1e6
    print(f"  {WALK_STEPS:,}-step random walk: {per_choice:.2f} µs per choice (goal <= {CHOICE_GOAL_US:.0f}) "
          f"{'ok' if per_choice <= CHOICE_GOAL_US else 'MISSED'}; {games:,} games; "
          f"view + choice {per_view:.1f} µs")
    return per_choice


MEMORY_PROBE = """
import gc, json, resource, sys, tracemalloc
sys.path.insert(0, sys.argv[2])
from game.engine import load_story

def high_water_kb():
    # VmHWM belongs to this process image; ru_maxrss on Linux keeps the parent's peak across exec.
    try:
        with open("/proc/self/status") as status:
            return int(status.read().split("VmHWM:")[1].split()[0])
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

gc.collect()
before = high_water_kb()
story = load_story(sys.argv[1])
after = high_water_kb()
del story
gc.collect()
tracemalloc.start()
story = load_story(sys.argv[1])
current, peak = tracemalloc.get_traced_memory()
print(json.dumps({"rss_kb": after - before, "peak": peak, "kept": current}))
"""


def bench_memory(folder: Path) -> None:
    result = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(folder), str(ROOT)],
                            capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout)
    print(f"  loading {folder.name}: tracemalloc peak {figures['peak'] / 2**20:.1f} MiB, "
          f"kept after load {figures['kept'] / 2**20:.1f} MiB, peak RSS growth {figures['rss_kb'] / 1024:.1f} MiB")


def main() -> None:
    print(f"bench_engine (Python {sys.version.split()[0]}, libyaml {yaml.__with_libyaml__})")
    with tempfile.TemporaryDirectory(prefix="millones-bench-") as tmp:
        folders = {}
        for size in SIZES:
            folder = Path(tmp) / f"story_{size}"
            folders[size] = (folder, generate(folder, size))
        print(f"load + check vs raw libyaml parse (CPU time, best of {REPEATS}):")
        for size in SIZES:
            bench_load(folders[size][0], folders[size][1], size)
        print(f"choices on the {SIZES[0]:,}-scene story:")
        bench_walk(folders[SIZES[0]][0])
        print(f"memory for the {SIZES[-1]:,}-scene story:")
        bench_memory(folders[SIZES[-1]][0])


if __name__ == "__main__":
    main()
