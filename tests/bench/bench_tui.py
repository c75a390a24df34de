"""TUI benchmark: start-up time against a bare Textual app, and key press to next scene rendered.

Run: .venv/bin/python tests/bench/bench_tui.py [--runs 7] [--presses 100]

1. Start-up. Both programs run as subprocesses on a pseudo-terminal (100x30, xterm-256color), the
   game as ``python -m game play STORY`` and the baseline as a script with Header, Static and Footer.
   Each writes ``time.monotonic()`` to a file once its first screen has been painted (the game via
   MILLONES_BENCH_READY, which also notes when the story has loaded, then exits). The figure is the
   median over alternating runs of (ready - moment before the process was spawned). Goal: ratio <= 1.25.
2. Key press to next scene. In-process with Pilot at 100x30: press "1" 100 times on a generated story
   of long scenes (the transcript fills up to its limit on the way); for each press, the time from
   sending the key to the first frame that shows the new passage scrolled into place (frames are
   timed through Textual's paint hook). Goal: median <= 50 ms. Wall time and the process's CPU time
   are both printed, since other work on a shared machine inflates the wall figure.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
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

ROOT = Path(__file__).resolve().parents[2]
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


async def bench_keys(presses: int, story: Path) -> None:
    from game.tui.app import Launch, MillonesApp
    from game.tui.widgets.passage import Transcript

    app = MillonesApp(Launch(story, seed=1))
    frames: list[tuple[float, float, object, object]] = []  # wall, CPU, newest passage's place on screen, its text
    display = app._display  # Textual's private paint hook: called with every composed frame

    def painted(screen, renderable):  # type: ignore[no-untyped-def]
        for transcript in screen.query(Transcript):
            current = transcript.current
            frames.append((time.perf_counter(), time.process_time(),
                           current.region if current is not None else None, current.data if current is not None else None))
        display(screen, renderable)

    app._display = painted  # type: ignore[method-assign]
    walls: list[float] = []
    cpus: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        while app.story is None:
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("n")
        await pilot.pause()
        for _ in range(presses):
            frames.clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            await pilot.press("1")
            await pilot.pause()
            transcript = app.screen.query_one(Transcript)
            current = transcript.current
            final = (current.region, current.data) if current is not None else (None, None)
            # Fully rendered: the first frame showing the new passage where it finally rests.
            wall, cpu, _, _ = next(f for f in frames if (f[2], f[3]) == final)
            walls.append(wall - start)
            cpus.append(cpu - start_cpu)
    print(f"key press to next scene fully rendered, {presses} presses at {SIZE[0]}x{SIZE[1]} (Pilot, headless; "
          "the first frame showing the new scene scrolled into place):")
    print(f"  wall median {statistics.median(walls) * 1000:6.1f} ms, p90 {statistics.quantiles(walls, n=10)[-1] * 1000:6.1f} ms; "
          f"CPU median {statistics.median(cpus) * 1000:6.1f} ms   (goal <= 50 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--presses", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        story = write_bench_story(Path(folder) / "story")
        os.environ["MILLONES_DATA"] = str(Path(folder) / "data")
        os.environ["MILLONES_SAVES"] = str(Path(folder) / "saves")  # the autosaves of the key-press run
        bench_startup(args.runs, story)
        asyncio.run(bench_keys(args.presses, story))


if __name__ == "__main__":
    main()
