"""The engine stands alone: importing and playing it never loads the Textual front end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "runtime_story"

PROBE = """
import importlib, pkgutil, sys
import game.engine
from game.engine import GameSession, available, load_story

modules = [m.name for m in pkgutil.walk_packages(game.engine.__path__, "game.engine.")]
for name in modules:
    importlib.import_module(name)
story = load_story(sys.argv[1])
game = GameSession.new(story, seed=1)
for _ in range(20):
    options = available(story, game.state)
    if not options:
        break
    game.choose(options[-1])
    game.view
game.undo()
from game.engine.analysis.randomtest import randomtest
randomtest(sys.argv[1], runs=5, seed=1, workers=1)
print(len(modules), "textual" in sys.modules)
"""


def test_the_engine_never_imports_textual() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE, str(FIXTURE)], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    count, textual_loaded = result.stdout.split()
    assert int(count) >= 10  # every module under game/engine was imported
    assert textual_loaded == "False"
