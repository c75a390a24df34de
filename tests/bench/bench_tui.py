"""TUI benchmark: start-up time against a bare Textual app, and key press to next scene rendered.

Run: .venv/bin/python tests/bench/bench_tui.py [--runs 7] [--presses 30] [--rounds 3] [--old CHECKOUT]

1. Start-up. Both programs run as subprocesses on a pseudo-terminal (100x30, xterm-256color), the
   game as ``python -m game play STORY`` and the baseline as a script with Header, Static and Footer.
   Each writes ``time.monotonic()`` to a file once its first screen has been painted (the game via
   MILLONES_BENCH_READY, which also notes when the story has loaded, then exits). The figure is the
   median over alternating runs of (ready - moment before the process was spawned). Goal: ratio <= 1.1
   (bench_startup.py measures the shipped story, old tree and new, and the memory at the title).
2. Key press to next scene (goal 3). Headless with Pilot at 100x30, each run in a process of its own,
   in rounds that rotate the order: the game (this tree, and with ``--old`` a checkout of the baseline)
   presses "1" on a generated story of long scenes, and a bare app appends a passage as long to a
   transcript anchored to its end. After the transcript is full, per press: the time from sending the
   key to the first frame that shows the newest passage where it finally rests (wall and CPU; frames
   are timed through Textual's paint hook), the process's CPU time for everything the press caused,
   and the layout passes and frames drawn. Goal: wall <= 1.2x the bare app's, <= 2 layout passes.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if "--tree" not in sys.argv:  # a probe imports the game of the tree it was given (PYTHONPATH)
    sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
SIZE = (100, 30)

BARE_APP = """\
import os, time
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.ready)

    def ready(self):
        with open(os.environ["READY_FILE"], "a") as file:
            file.write(f"screen {time.monotonic()} {time.process_time()}\\n")
        self.exit()


Bare().run()
"""

WORDS = ("the valley field rows morning truck radio engine letter sky moon father mother school "
         "teacher circuit signal antenna rocket orbit patience winter harvest dream").split()


def write_bench_story(root: Path, scenes: int = 30) -> Path:
    """A ring of long scenes with a dossier's worth of skills, stats and goals."""
    (root / "scenes").mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text(textwrap.dedent("""\
        id: bench
        version: "1"
        title: Bench
        start: s0
        header: [year, hope]
        skills:
          english: {states: [none, words, phrases, conversation, fluent]}
          pilot: {states: [none, ground_school, solo, private_pilot]}
          scuba: {states: [none, pool, open_water]}
        stats:
          year: {start: 1972}
          hope: {start: 5, min: 0, max: 10}
          work: {start: 3, min: 0, max: 10}
          rejections: {start: 0, min: 0}
        goals:
          profile:
            items:
              - {label: Speak English, when: "english >= conversation"}
              - {label: Fly a plane, when: "pilot >= solo"}
              - {label: Dive, when: "scuba >= pool"}
        """), encoding="utf-8")
    lines = []
    for n in range(scenes):
        paragraphs = [" ".join(WORDS[(n * 7 + p * 5 + i) % len(WORDS)] for i in range(60)).capitalize() + "."
                      for p in range(3)]
        lines.append(f"- id: s{n}\n  chapter: Chapter {n // 5 + 1}\n  title: Scene {n}\n  text:")
        lines += [f"    - {p}" for p in paragraphs]
        lines.append("  choices:")
        for c in range(3):
            lines.append(f"    - text: Go on, way {c + 1}\n      effects: [{{add: {{year: 1, hope: {c - 1}}}}}]\n"
                         f"      goto: s{(n + 1) % scenes}")
    (root / "scenes" / "ring.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


# ---------------------------------------------------------------- start-up


def run_on_pty(argv: list[str], env: dict[str, str], ready_file: Path, timeout: float = 60.0,
               cwd: Path = ROOT) -> dict[str, tuple[float, float]]:
    """Run ``argv`` in ``cwd`` on a fresh pseudo-terminal; return the (wall time since spawn, second
    figure: CPU time, or what the line notes) it noted."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    ready_file.unlink(missing_ok=True)

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.monotonic()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                               start_new_session=True)
    os.close(slave)
    try:
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    marks = {}
    for line in ready_file.read_text().splitlines():
        what, when, cpu = line.split()
        marks[what] = (float(when) - start, float(cpu))
    return marks


def bench_startup(runs: int, story: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        bare = tmp / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        ready = tmp / "ready.txt"
        env = {**os.environ, "TERM": "xterm-256color", "MILLONES_DATA": str(tmp / "data"),
               "MILLONES_BENCH_READY": str(ready), "READY_FILE": str(ready)}
        env.pop("NO_COLOR", None)
        runs_of: dict[str, list[tuple[float, float]]] = {"bare": [], "screen": [], "story": []}
        run_on_pty([PYTHON, str(bare)], env, ready)  # warm the file cache for both
        run_on_pty([PYTHON, "-m", "game", "play", str(story)], env, ready)
        for _ in range(runs):
            runs_of["bare"].append(run_on_pty([PYTHON, str(bare)], env, ready)["screen"])
            marks = run_on_pty([PYTHON, "-m", "game", "play", str(story)], env, ready)
            runs_of["screen"].append(marks["screen"])
            runs_of["story"].append(marks["story"])

    def figures(name: str) -> tuple[float, float, float]:
        walls = [wall for wall, _ in runs_of[name]]
        return statistics.median(walls), min(walls), statistics.median(cpu for _, cpu in runs_of[name])

    base = figures("bare")
    print(f"start-up on a {SIZE[0]}x{SIZE[1]} pty, {runs} alternating runs each "
          "(wall: median and best; CPU: median of the process's own CPU time):")
    for label, name in (("bare Textual app, first screen", "bare"), ("millones title screen painted", "screen"),
                        ("millones story loaded", "story")):
        wall, best, cpu = figures(name)
        ratios = "" if name == "bare" else (f"   ratio wall {wall / base[0]:.2f}, best {best / base[1]:.2f}, "
                                            f"CPU {cpu / base[2]:.2f}")
        print(f"  {label:<32} wall {wall * 1000:6.1f} ms, best {best * 1000:6.1f} ms, CPU {cpu * 1000:6.1f} ms{ratios}")
    print("  goal: title screen / bare <= 1.25")


# ---------------------------------------------------------------- key press to next scene


def bare_app() -> Any:
    """The bare app of goal 3: each press of "1" appends a passage as long as the bench story's to a
    transcript anchored to its end (so that it scrolls there); nothing else."""
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Footer, Static

    text = "\n\n".join(" ".join(WORDS[(p * 5 + i) % len(WORDS)] for i in range(60)).capitalize() + "."
                       for p in range(3))

    class Bare(App[None]):
        BINDINGS = [("1", "append", "Go on")]

        def compose(self):  # type: ignore[no-untyped-def]
            yield Static(" Bench", id="status")
            yield VerticalScroll(Static(text), id="transcript")
            yield Footer()

        def on_mount(self) -> None:
            self.query_one("#transcript", VerticalScroll).anchor()

        def action_append(self) -> None:
            self.query_one("#transcript", VerticalScroll).mount(Static(text))

    return Bare()


async def press_keys(which: str, presses: int, story: Path) -> dict[str, Any]:
    """Press "1" ``presses`` times in the game (``which`` "game") or the bare app ("bare"), headless at
    100x30; per press, the wall and CPU time from the key to the first frame that shows the newest
    passage where it finally rests, and in all, the layout passes and frames drawn."""
    from textual.screen import Screen

    if which == "game":
        from game.tui.app import Launch, MillonesApp

        # As `millones play` runs it: the app owns its process (a baseline from before that option lacks it).
        owned = {"owns_process": True} if "owns_process" in Launch.__dataclass_fields__ else {}
        app = MillonesApp(Launch(story, seed=1, **owned))
    else:
        app = bare_app()

    def newest() -> Any:
        transcript = app.screen.query_one("#transcript")
        children = [child for child in transcript.children if not child.has_class("-spare")]
        return children[-1] if children else None

    frames: list[tuple[float, float, object]] = []
    counts = {"layouts": 0, "frames": 0}
    display = app._display  # Textual's private paint hook: called with every composed frame
    refresh_layout = Screen._refresh_layout  # and its layout pass

    def painted(screen, renderable):  # type: ignore[no-untyped-def]
        counts["frames"] += 1
        widget = newest() if screen.query("#transcript") else None
        frames.append((time.perf_counter(), time.process_time(), (widget, widget.region) if widget else None))
        display(screen, renderable)

    def laid_out(screen, *args, **kwargs):  # type: ignore[no-untyped-def]
        counts["layouts"] += 1
        return refresh_layout(screen, *args, **kwargs)

    app._display = painted  # type: ignore[method-assign]
    Screen._refresh_layout = laid_out  # type: ignore[method-assign]
    walls: list[float] = []
    cpus: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        if which == "game":
            while app.story is None:
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.press("n")
        for _ in range(3):
            await pilot.pause()
        for press in range(presses + MAX_WARM_UP):
            if press == MAX_WARM_UP:  # the transcript is full from here on, as in a long game
                counts.update(layouts=0, frames=0)
                all_cpu = time.process_time()
            frames.clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            await pilot.press("1")
            await pilot.pause()
            await pilot.pause()
            widget = newest()
            final = (widget, widget.region)
            wall, cpu, _ = next(f for f in frames if f[2] == final)
            if press >= MAX_WARM_UP:
                walls.append(wall - start)
                cpus.append(cpu - start_cpu)
        all_cpu = (time.process_time() - all_cpu) / presses
    return {"wall": walls, "cpu": cpus, "layouts": counts["layouts"] / presses, "frames": counts["frames"] / presses,
            "cpu_all": all_cpu}


MAX_WARM_UP = 16  # presses before the figures are kept: the game's transcript holds 15 passages


def probe(which: str, presses: int, tree: Path) -> dict[str, Any]:
    """``press_keys`` in a process of its own, importing the game from ``tree``."""
    with tempfile.TemporaryDirectory() as folder:
        story = write_bench_story(Path(folder) / "story")
        env = {**os.environ, "MILLONES_DATA": str(Path(folder) / "data"), "MILLONES_SAVES": str(Path(folder) / "saves"),
               "PYTHONPATH": str(tree)}
        done = subprocess.run([PYTHON, __file__, "--probe", which, "--presses", str(presses), "--story", str(story),
                               "--tree", str(tree)], env=env, cwd=tree, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def bench_keys(presses: int, rounds: int, old: Path | None) -> None:
    trees = {"bare": ROOT, "new": ROOT} | ({"old": old} if old else {})
    got: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": [], "layouts": [], "frames": [], "cpu_all": []}
                                              for name in trees}
    order = list(trees)
    for round_ in range(rounds):
        for name in order[round_ % len(order):] + order[:round_ % len(order)]:
            figures = probe("bare" if name == "bare" else "game", presses, trees[name])
            for what in ("wall", "cpu"):
                got[name][what] += figures[what]
            for what in ("layouts", "frames", "cpu_all"):
                got[name][what].append(figures[what])
    base = got["bare"]
    print(f"key press to next scene, {rounds} rounds of {presses} presses at {SIZE[0]}x{SIZE[1]} (Pilot, headless; wall "
          "and CPU to the first frame showing the new passage where it rests, median (range), ratio to the bare app; "
          "all CPU: the process's CPU time per press, everything the press caused):")
    for name, figures in got.items():
        line = f"  {name:<4}"
        for what in ("wall", "cpu"):
            values = [v * 1000 for v in figures[what]]
            ratio = statistics.median(figures[what]) / statistics.median(base[what])
            line += f"  {what} {statistics.median(values):5.1f} ms ({min(values):.1f}-{max(values):.1f}) x{ratio:.2f}"
        line += (f"  all CPU/press {statistics.median(figures['cpu_all']) * 1000:5.1f} ms"
                 f"  layouts/press {statistics.median(figures['layouts']):.2f}  frames/press {statistics.median(figures['frames']):.2f}")
        print(line)
    print("  goal: wall <= 1.2x the bare app, <= 2 layout passes per press")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--old", type=Path, help="a checkout of the baseline commit, for the key presses")
    parser.add_argument("--probe", choices=("game", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--story", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(asyncio.run(press_keys(args.probe, args.presses, args.story))))
        return
    with tempfile.TemporaryDirectory() as folder:
        story = write_bench_story(Path(folder) / "story")
        os.environ["MILLONES_DATA"] = str(Path(folder) / "data")
        os.environ["MILLONES_SAVES"] = str(Path(folder) / "saves")
        bench_startup(args.runs, story)
    bench_keys(args.presses, args.rounds, args.old.resolve() if args.old else None)


if __name__ == "__main__":
    main()
