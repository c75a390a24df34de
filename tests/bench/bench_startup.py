"""Start-up and memory at the title against a bare Textual app, old tree and new interleaved (issue 16,
goals 1 and 2).

Each round runs, on a fresh pseudo-terminal (100x30, xterm-256color), a bare Textual app (Header,
Static, Footer), then ``millones play`` on the shipped story from this tree and, with ``--old``, from a
checkout of the baseline, in an order that rotates from round to round. Each process notes, with
``time.monotonic()``, when its first screen is painted and, for the game, when the story has loaded and
New game can start; at that moment it also notes its resident memory (VmRSS), idle at the title. A
first run of each fills the story cache (a temporary ``MILLONES_CACHE``), as a player's first start
does: the rounds measure the starts after it. The
bare app notes its memory once its first screen is painted. The figures are medians and ranges over
the rounds, and ratios to the bare app of the same rounds.

Goals: story loaded and New game ready <= 1.3x the bare app's ready time, the title <= 1.1x; memory at
the title <= 1.3x the bare app's.

Every program runs from compiled bytecode, as an installed one does (the warm-up run compiles it, into a
temporary ``PYTHONPYCACHEPREFIX``, so no tree is written to); ``--source`` compiles every module from source
on each start instead, as a checkout run with ``PYTHONDONTWRITEBYTECODE`` does.

Run: ``.venv/bin/python tests/bench/bench_startup.py [--old CHECKOUT] [--rounds N] [--source]``.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tui import run_on_pty  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

BARE_APP = """\
import os, time
from textual.app import App
from textual.widgets import Footer, Header, Static


def rss_mib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


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
            file.write(f"screen {time.monotonic()} {rss_mib()}\\n")
        self.exit()


Bare().run()
"""

# The game from the tree in the working folder, as `millones play STORY` runs it: the command line (its
# own, sys.argv) imports the play command's modules itself, in its own order; then the app is patched so
# that the moment the story has loaded (what MILLONES_BENCH_READY marks, in every tree since it was
# added) also notes the process's resident memory, before the app exits.
GAME = """\
import importlib, os, sys, time
sys.path.insert(0, os.getcwd())
from game.cli import main


def rss_mib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def noting(app):
    loaded = app._loaded

    def noted(self):
        with open(os.environ["READY_FILE"], "a") as file:
            file.write(f"memory {time.monotonic()} {rss_mib()}\\n")
        loaded(self)

    app._loaded = noted


import_module = importlib.import_module


def imported(name, package=None):
    module = import_module(name, package)
    if name == "game.cli.play" and importlib.import_module is imported:
        importlib.import_module = import_module
        noting(sys.modules["game.tui.app"].MillonesApp)
    return module


importlib.import_module = imported
sys.argv = ["millones", "play", sys.argv[1]]
sys.exit(main())
"""


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f} ({min(values):.1f}-{max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="a checkout of the baseline commit")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--source", action="store_true",
                        help="compile every module from source on each start, as with PYTHONDONTWRITEBYTECODE (by "
                             "default each program runs from compiled bytecode, as an installed one does)")
    args = parser.parse_args()
    trees = {"new": ROOT} | ({"old": args.old.resolve()} if args.old else {})
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        bare, game = tmp / "bare.py", tmp / "game.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        game.write_text(GAME, encoding="utf-8")
        ready = tmp / "ready.txt"
        env = {**os.environ, "TERM": "xterm-256color", "MILLONES_DATA": str(tmp / "data"),
               "MILLONES_SAVES": str(tmp / "saves"), "MILLONES_CACHE": str(tmp / "cache"), "MILLONES_BENCH_READY": str(ready), "READY_FILE": str(ready)}
        env.pop("NO_COLOR", None)
        if args.source:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:  # the first run compiles, into a folder of its own: no tree is written to
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(tmp / "bytecode")
        runs = {"bare": ([sys.executable, str(bare)], ROOT)} | {
            name: ([sys.executable, str(game), str(tree / "scenes")], tree) for name, tree in trees.items()}
        figures: dict[str, dict[str, list[float]]] = {name: {} for name in runs}
        for argv, cwd in runs.values():  # warm the file cache (and fill the story cache, in trees that have one)
            run_on_pty(argv, env, ready, cwd=cwd)
        order = list(runs)
        for round_ in range(args.rounds):
            for name in order[round_ % len(order):] + order[:round_ % len(order)]:
                argv, cwd = runs[name]
                marks = run_on_pty(argv, env, ready, cwd=cwd)
                noted = figures[name]
                noted.setdefault("title ms", []).append(marks["screen"][0] * 1000)
                if name == "bare":
                    noted.setdefault("ready ms", []).append(marks["screen"][0] * 1000)
                    noted.setdefault("memory MiB", []).append(marks["screen"][1])
                else:
                    noted.setdefault("ready ms", []).append(marks["story"][0] * 1000)
                    noted.setdefault("memory MiB", []).append(marks["memory"][1])
    base = figures["bare"]
    compiled = "every module compiled from source" if args.source else "from compiled bytecode"
    print(f"start-up on a 100x30 pty, shipped story, {compiled}, {args.rounds} rounds (median (range); ratio to the "
          "bare app's median)")
    for what, goal in (("title ms", 1.1), ("ready ms", 1.3), ("memory MiB", 1.3)):
        print(f"  {what}: bare {summary(base[what])}")
        for name in trees:
            values = figures[name][what]
            ratio = statistics.median(values) / statistics.median(base[what])
            print(f"    {name:<4} {summary(values)}  ratio {ratio:.2f}  (goal <= {goal})")
        if "old" in trees:
            old, new = statistics.median(figures["old"][what]), statistics.median(figures["new"][what])
            print(f"    new/old {new / old:.2f}")


if __name__ == "__main__":
    main()
