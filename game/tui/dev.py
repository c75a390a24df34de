"""Play as you write (``millones play --dev``): the story reloads when its files change, and a debug
panel looks inside the game.

``DevMode`` is owned by the app, as ``SaveController`` is. A thread worker waits on watchfiles; each
batch of changes is loaded and checked in that thread, and the app then moves the game onto the new
version (same scene, state and journal), or, when the story no longer loads, shows the problems and
plays on with the last good version until the files are fixed.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from watchfiles import Change, watch

from game.engine import GameSession, MillonesError, Story, jump_to
from game.engine.analysis.storymap import StoryMap, story_map
from game.engine.analysis.testplan import pick_choice
from game.engine.saves import refit
from game.tui.loading import load_checked
from game.tui.screens import FLOWS
from game.tui.screens.debug import Adjusted, DebugScreen, ReplayPath
from game.tui.screens.story_map import StoryMapScreen

if TYPE_CHECKING:
    from game.tui.app import MillonesApp

WATCHING = "dev-watch"  # the watcher's worker group: it runs until the app ends
STORY_FILES = (".yaml", ".yml")
DEBOUNCE_MS = 60  # an editor's save is often a few writes in a row: one reload for them all
STEP_MS = 20
WAKE_MS = 250  # the watcher looks up this often to see whether the app is still running


def story_file(change: Change, path: str) -> bool:
    name = Path(path).name
    return name.endswith(STORY_FILES) and not name.startswith(".")


class DevMode:
    """The watcher, the last reload's problems, and the debug panel's flows."""

    def __init__(self, app: MillonesApp) -> None:
        self.app = app
        self.problems: list[str] = []
        self.reloads = 0
        self.load_seconds = 0.0  # how long the last reload took to load and check (the benchmark's floor)
        self._stop = threading.Event()

    def start(self) -> None:
        self.app.run_worker(self._watch, thread=True, group=WATCHING, exit_on_error=False)

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        folder = self.app.launch.story
        armed = False
        for changes in watch(folder, watch_filter=story_file, debounce=DEBOUNCE_MS, step=STEP_MS,
                             stop_event=self._stop, rust_timeout=WAKE_MS, yield_on_timeout=True,
                             raise_interrupt=False):
            if not self.app.is_running:  # however the app ended, the thread does not outlive it
                return
            if not changes and armed:
                continue
            armed = True  # the first wake also looks: an edit made before the watch began is not missed
            started = time.perf_counter()
            story, problems = load_checked(folder, self.app.extra_languages())
            if self._stop.is_set():
                return
            if story is not None and self.app.story is not None and story.content_hash == self.app.story.content_hash \
                    and not self.problems:
                continue  # nothing the game shows has changed
            self.app.call_from_thread(self._reloaded, story, problems, started)

    def _reloaded(self, story: Story | None, problems: list[str], started: float) -> None:
        self.reloads += 1
        self.load_seconds = time.perf_counter() - started
        recovered = bool(self.problems) and story is not None
        self.problems = problems
        if story is None:
            self.app.show_problems(problems)
            return
        self.app.show_problems([])
        if recovered:
            self.app.notify("The story loads again; the game goes on in the fixed version.", title="Reloaded")
        session = self.app.session
        self.app.use_story(story)
        if session is not None:
            moved = refit(session, story)
            if moved.gone:
                self.app.resume(moved.session)  # the path changed: the whole transcript is drawn again
                self.app.notify(f"The scene '{moved.gone}' is no longer in the story: the game went back to "
                                f"'{moved.back_to}', the latest scene of its path that is.", title="Reloaded",
                                severity="warning", timeout=8, markup=False)
            else:
                self.app.refitted(moved.session)
            for note in moved.notes:
                self.app.notify(str(note), title="Reloaded", timeout=8, markup=False)

    # ------------------------------------------------------------ the story map

    def story_map(self) -> None:
        story = self.app.story
        if story is None or isinstance(self.app.screen, StoryMapScreen):
            return
        self.app.run_worker(self._story_map(story), group=FLOWS, exclusive=True, name="story-map")

    async def _story_map(self, story: Story) -> None:
        drawn: StoryMap = await self.app.run_worker(lambda: story_map(story), thread=True).wait()
        session = self.app.session
        current = session.view.scene if session is not None else story.start
        scene = await self.app.push_screen_wait(StoryMapScreen(drawn, current))
        if scene is None or story is not self.app.story:
            return
        if self.app.session is None:  # from the title screen: a game that begins there
            self.app.resume(GameSession.new(story, seed=self.app.launch.seed, start=scene))
        else:
            self.app.adjust(jump_to(story, self.app.session.state, scene), f"(debug) go {scene}")

    # ------------------------------------------------------------ the debug panel

    def debug(self) -> None:
        session, story = self.app.session, self.app.story
        if session is None or story is None:
            self.app.notify("Start a game first: the debug panel looks inside one.")
            return
        self.app.run_worker(self._debug(session, story), group=FLOWS, exclusive=True, name="debug")

    async def _debug(self, session: GameSession, story: Story) -> None:
        answer = await self.app.push_screen_wait(DebugScreen(story, session.state, session.language))
        if isinstance(answer, Adjusted) and session is self.app.session:
            self.app.adjust(answer.state, answer.note)
        elif isinstance(answer, ReplayPath) and session is self.app.session:
            self.replay_path(session, story)

    def replay_path(self, session: GameSession, story: Story) -> None:
        """The choices of the path so far, taken again from its first scene in the story as it is now
        (by their text, so an edit that reorders choices does not change the path)."""
        entries = [entry for entry in session.journal if not entry.choice.startswith("(debug)")]
        first = entries[0].scene if entries else session.view.scene
        try:
            game = GameSession.new(story, seed=session.state.seed, start=first, language=session.language,
                                   run=session.run)
        except MillonesError as error:
            self.app.notify(f"Cannot replay: {error}", title="Replay", severity="error", markup=False)
            return
        for made, entry in enumerate(entries):
            number = pick_choice(game.view, entry.choice or "Continue")
            try:
                if number is None:
                    raise MillonesError(f"scene '{game.view.scene}' has no choice '{entry.choice or 'Continue'}'")
                game.choose(game.view.choices[number].index)
            except MillonesError as error:
                self.app.notify(f"Replayed {made} of {len(entries)} choices; then {error}.", title="Replay",
                                severity="warning", timeout=10, markup=False)
                break
        else:
            self.app.notify(f"Replayed {len(entries)} choices.", title="Replay", markup=False)
        self.app.resume(game)
