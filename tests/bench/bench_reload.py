"""Play as you write (``--dev``): from saving a scene file to the edited scene on screen, and the story
map's open time, for the shipped story and a generated 1,000-scene story.

The app runs headless (``App.run_test``) on a copy of each story, with a game at its first scene. Each
round rewrites that scene's title in its file and waits until the new title is on screen; the time
includes the file event (watchfiles, debounced 60 ms), loading and checking the story, moving the
game onto it and redrawing. The baseline, measured in the same round, is loading and checking alone
(the floor any reload pays); the ratio shows what watching and redrawing add. Medians and ranges of
ROUNDS rounds. The map's open time is from the key to the map's tree on screen.
Run: ``.venv/bin/python tests/bench/bench_reload.py`` (or ``make bench``). Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from maps.stories import big_story  # noqa: E402
from textual.widgets import Tree  # noqa: E402

from game.tui.app import Launch, MillonesApp  # noqa: E402
from game.tui.screens.story_map import StoryMapScreen  # noqa: E402
from game.tui.widgets.transcript import Transcript  # noqa: E402

ROUNDS = 7
PATIENCE = 60.0  # seconds before a round is given up as lost


def scene_file(story: Path, scene: str) -> Path:
    return next(path for path in sorted(story.rglob("*.yaml")) if f"- id: {scene}\n" in path.read_text("utf-8"))


def retitle(path: Path, scene: str, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(rf"(- id: {scene}\n(?:  chapter: .*\n)?)  title: .*\n", rf"\g<1>  title: {title}\n", text)
    assert count == 1, f"no title line under {scene}"
    path.write_text(text, encoding="utf-8")


def on_screen(app: MillonesApp, text: str) -> bool:
    transcript = app.screen.query(Transcript)
    current = transcript.first().current if transcript else None
    return current is not None and text in str(current.render())


async def measure(story: Path) -> tuple[list[float], list[float], float]:
    app = MillonesApp(Launch(story, seed=1, dev=True))
    reloads: list[float] = []
    floors: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        while app.story is None:
            await pilot.pause(0.05)
        await pilot.press("n")
        while app.session is None:
            await pilot.pause(0.05)
        await pilot.pause(0.5)
        scene = app.session.view.scene
        path = scene_file(story, scene)
        for round_ in range(ROUNDS):
            title = f"Edited title {round_}"
            started = time.perf_counter()
            retitle(path, scene, title)
            while not on_screen(app, title):
                await pilot.pause()
                if time.perf_counter() - started > PATIENCE:
                    raise RuntimeError("the edit never reached the screen")
            reloads.append(time.perf_counter() - started)
            assert app.dev is not None
            floors.append(app.dev.load_seconds)
            await pilot.pause(0.3)  # let the editor's "save" settle before the next one
        started = time.perf_counter()
        await pilot.press("m")
        while not (isinstance(app.screen, StoryMapScreen) and app.screen.query_one(Tree).root.children):
            await pilot.pause()
        await pilot.pause()
        map_open = time.perf_counter() - started
    return reloads, floors, map_open


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.0f} ms (range {min(values) * 1000:.0f}-{max(values) * 1000:.0f})"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="millones-bench-reload-") as temporary:
        work = Path(temporary)
        shipped = work / "shipped"
        shutil.copytree(ROOT / "scenes", shipped)
        for name, folder in (("shipped story", shipped), ("1,000 scenes", big_story(work / "big"))):
            reloads, floors, map_open = asyncio.run(measure(folder))
            ratios = [reload / floor for reload, floor in zip(reloads, floors, strict=True)]
            print(f"  {name:>14}: save to screen {spread(reloads)}; load and check alone {spread(floors)}; "
                  f"ratio median {statistics.median(ratios):.2f}; map open {map_open * 1000:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
