"""Saving and loading as the player reaches them: the save and load screens, quicksave and quickload,
autosaves (at each new chapter and on quit), Continue, ``--load``, and the quit check.

Every read and write of a save runs in a worker thread, and the saves engine is imported only
there (or once a worker has loaded it), never at start-up. The app's ``SaveSession`` (``app.saves``)
holds what it knows about saving: the store, the play clock, and which state is safe on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from game.engine import Playthrough, Story
    from game.engine.saves import Loaded, PlayClock, SaveError, SaveStore, SlotInfo
    from game.engine.play.state import GameState
    from game.tui.app import MillonesApp
    from game.tui.screens.saves import SaveRequest

T = TypeVar("T")

# F5 and F9 stay out of the footer so that it fits 100 columns; help and the palette list them.
SAVE_BINDINGS: list[BindingType] = [
    Binding("s", "save", "Save"),
    Binding("l", "load", "Load"),
    Binding("f5", "quicksave", "Quicksave", show=False),
    Binding("f9", "quickload", "Quickload", show=False),
]

CHAPTER_AUTOSAVE = "New chapter"  # the names autosaves get, so the slot list says why they were made
QUIT_AUTOSAVE = "When you quit"
LOST = "Progress since your last save will be lost."


class SaveSession:
    """The app's saves: the store (opened in a worker once the story has loaded), the play clock,
    and ``saved``, the game state that is safe on disk (last saved or loaded, or a new game's start).

    The store is used only in worker threads, one call at a time (``using``)."""

    def __init__(self, folder: str | None) -> None:
        self.folder = folder
        self.store: SaveStore | None = None
        self.clock: PlayClock | None = None
        self.saved: GameState | None = None
        self.chapter = ""  # the name of the chapter the game was in after the last step
        self.quitting = False
        self._lock = threading.Lock()

    def open(self, story: Story) -> SaveStore:
        """The store of ``story``'s saves (worker thread)."""
        from game.engine.saves import SaveStore

        with self._lock:
            if self.store is None or self.store.story is not story:
                self.store = SaveStore.open(story, self.folder)
            return self.store

    @contextmanager
    def using(self) -> Iterator[SaveStore]:
        """The store, for one worker at a time."""
        with self._lock:
            if self.store is None:
                from game.engine.saves import Problem, SaveError

                raise SaveError(Problem.IO, "The saves are not open yet: the story is still loading.")
            yield self.store

    def rows(self) -> list[SlotInfo]:
        """Every slot, empty ones too (worker thread)."""
        with self.using() as store:
            return store.list()

    def delete(self, slot: str) -> bool:
        with self.using() as store:
            return store.delete(slot)

    def begin(self, game: Playthrough, play_seconds: float) -> None:
        """A game is shown (new or loaded): it is safe as it stands, and its clock runs."""
        from game.engine.saves import PlayClock

        self.clock = PlayClock(play_seconds)
        self.clock.start()
        self.saved = game.state
        self.chapter = chapter_name(game)

    def seconds(self) -> float:
        return self.clock.seconds() if self.clock is not None else 0.0


class SavingActions(Screen[None]):
    """The actions behind SAVE_BINDINGS, for the screens where a game is being played (they list the bindings)."""

    def action_save(self) -> None:
        open_save(self.app)  # type: ignore[arg-type]

    def action_load(self) -> None:
        open_load(self.app)  # type: ignore[arg-type]

    def action_quicksave(self) -> None:
        quicksave(self.app)  # type: ignore[arg-type]

    def action_quickload(self) -> None:
        quickload(self.app)  # type: ignore[arg-type]


# ---------------------------------------------------------------- hooks the app calls


def saves_exist(app: MillonesApp, story: Story) -> bool:
    """Whether the title screen offers Continue and Load (``story`` has just loaded). Runs in a worker thread."""
    from game.engine.saves import SaveError

    app.saves.open(story)
    try:
        return any(not row.empty for row in app.saves.rows())
    except SaveError:
        return False


def continue_latest(app: MillonesApp) -> None:
    """The title screen's Continue: resume the newest save."""

    def newest() -> Loaded | None:
        with app.saves.using() as store:
            row = store.newest()
            return store.load(row.slot) if row is not None else None

    def done(loaded: Loaded | None) -> None:
        if loaded is None:
            app.notify("None of the saves can be loaded: press l to see why.", severity="warning")
        else:
            _offer(app, loaded)

    _in_worker(app, newest, done, "continue")


def open_load(app: MillonesApp) -> None:
    """The load screen (from the title screen or a game): pick a save to resume, or delete one."""
    from game.tui.screens.saves import LoadScreen

    def closed(slot: str | None) -> None:
        _refresh_title(app)  # saves may have been deleted
        if slot is not None:
            load_slot(app, slot)

    app.push_screen(LoadScreen(app.saves), closed)


def load_at_launch(app: MillonesApp, slot: str) -> None:
    """``millones play --load SLOT``: called once the story has loaded, instead of the title screen."""
    load_slot(app, slot)


def after_step(app: MillonesApp, undone: bool = False) -> None:
    """Called after every step of the game (a choice, an undo): a step into a new chapter autosaves."""
    game = app.game
    if game is None:
        return
    chapter = chapter_name(game)
    if chapter == app.saves.chapter:
        return
    app.saves.chapter = chapter
    if not undone and not game.is_over:
        _autosave(app, game, CHAPTER_AUTOSAVE, lambda error: app.notify(
            f"Autosave failed. {error.message}", severity="warning", markup=False))


def chapter_name(game: Playthrough) -> str:
    """The chapter as the player sees it (stories may repeat a chapter's name on each of its scenes)."""
    from game.engine.play.runtime import chapter_of

    return chapter_of(game.story, game.state, game.language)


def has_unsaved_progress(app: MillonesApp) -> bool:
    """Whether quitting now would lose something: a game under way whose state is not on disk."""
    game = app.game
    return game is not None and not game.is_over and game.state is not app.saves.saved


def quit_saving(app: MillonesApp) -> None:
    """Quitting with unsaved progress: autosave, then quit; if that fails, ask (saying why)."""
    game = app.game
    if game is None:
        return
    if app.saves.quitting:
        app.notify("Saving the game before quitting…", timeout=2)
        return
    app.saves.quitting = True

    def failed(error: SaveError) -> None:
        app.saves.quitting = False
        app.ask_to_quit(f"The game could not be saved first. {error.message}")

    _autosave(app, game, QUIT_AUTOSAVE, failed, then=lambda: app.exit(0))


# ---------------------------------------------------------------- saving


def open_save(app: MillonesApp) -> None:
    from game.tui.screens.saves import SaveScreen

    if app.game is None:
        app.notify("Start a game first: there is nothing to save yet.")
        return
    app.push_screen(SaveScreen(app.saves), lambda request: save_to(app, request) if request else None)


def save_to(app: MillonesApp, request: SaveRequest) -> None:
    """Write the game in progress to the slot the save screen asked for."""

    def message(row: SlotInfo) -> str:
        named = f" “{row.name}”" if row.name else ""
        return f"Saved to {row.label}{named}."

    _save_by_player(app, lambda store, copy, seconds: store.save(
        request.slot, copy, seconds, request.name, request.replace_unreadable), message, "save", timeout=None)


def quicksave(app: MillonesApp) -> None:
    _save_by_player(app, lambda store, copy, seconds: store.quicksave(copy, seconds),
                    lambda row: "Quicksaved. F9 brings this moment back.", "quicksave", timeout=3)


def _save_by_player(app: MillonesApp, write_to: Callable[[SaveStore, Playthrough, float], SlotInfo],
                    message: Callable[[SlotInfo], str], name: str, timeout: float | None) -> None:
    """Save a copy of the game in a worker (so play goes on), then say so and mark it saved."""
    game = app.game
    if game is None:
        return
    copy, seconds = _snapshot(game), app.saves.seconds()

    def write() -> SlotInfo:
        with app.saves.using() as store:
            return write_to(store, copy, seconds)

    def done(row: SlotInfo) -> None:
        app.saves.saved = copy.state
        app.notify(message(row), markup=False, timeout=timeout)
        _offer_saves_on_title(app)

    _in_worker(app, write, done, name)


def _autosave(app: MillonesApp, game: Playthrough, name: str, failed: Callable[[SaveError], None],
              then: Callable[[], None] | None = None) -> None:
    copy, seconds = _snapshot(game), app.saves.seconds()

    def write() -> SlotInfo:
        with app.saves.using() as store:
            return store.autosave(copy, seconds, name)

    def done(row: SlotInfo) -> None:
        app.saves.saved = copy.state
        _offer_saves_on_title(app)
        if then is not None:
            then()

    _in_worker(app, write, done, "autosave", failed)


def _snapshot(game: Playthrough) -> Playthrough:
    """A copy a worker can write while the player goes on (states are immutable; the lists are not)."""
    from game.engine import Playthrough

    return Playthrough(game.story, game.state, list(game.history), list(game.journal), game.language)


# ---------------------------------------------------------------- loading


def quickload(app: MillonesApp) -> None:
    from game.engine.saves import QUICK

    load_slot(app, QUICK)


def load_slot(app: MillonesApp, slot: str) -> None:
    """Read ``slot`` in a worker; then resume it (asking first if that would lose progress)."""

    def read() -> Loaded:
        with app.saves.using() as store:
            return store.load(slot)

    def failed(error: SaveError) -> None:
        from game.engine.saves import QUICK, Problem

        if error.problem is Problem.EMPTY and slot == QUICK:
            app.notify("There is no quicksave yet: F5 makes one.", severity="warning")
        else:
            app.notify(error.message, title="Could not load", severity="error", timeout=10, markup=False)

    _in_worker(app, read, lambda loaded: _offer(app, loaded), "load", failed)


def _offer(app: MillonesApp, loaded: Loaded) -> None:
    """Resume ``loaded``, after asking when its scene is gone or the game under way would lose progress."""
    from game.engine.saves import label
    from game.tui.screens.confirm import ConfirmScreen

    lost = f" {LOST}" if has_unsaved_progress(app) else ""
    if loaded.needs_resume:
        question = ConfirmScreen(
            "Resume at the start of the chapter?",
            f"The scene where {label(loaded.slot)} was saved ('{loaded.missing_scene}') is no longer in the story. "
            f"You can continue from the start of that chapter, with your skills and stats kept.{lost}",
            yes="Resume there", no="Cancel")
    elif lost:
        question = ConfirmScreen(f"Load {label(loaded.slot)}?", LOST, yes="Load", no="Keep playing")
    else:
        _resume(app, loaded)
        return
    app.push_screen(question, lambda yes: _resume(app, loaded) if yes else None)


def _resume(app: MillonesApp, loaded: Loaded) -> None:
    from game.engine.saves import label

    app.show_game(loaded.playthrough, loaded.play_seconds)
    named = f" “{loaded.name}”" if loaded.name else ""
    app.notify(f"Loaded {label(loaded.slot)}{named}.", markup=False, timeout=3)
    for note in loaded.notes:
        app.notify(note, title="About this save", timeout=12, markup=False)


# ---------------------------------------------------------------- inside


def _in_worker(app: MillonesApp, job: Callable[[], T], done: Callable[[T], None], what: str,
               failed: Callable[[SaveError], None] | None = None) -> None:
    """Run ``job`` in a worker thread; then ``done(result)`` or ``failed(error)`` on the app's thread."""

    def run() -> None:
        from game.engine.saves import SaveError

        try:
            result = job()
        except SaveError as error:
            if not get_current_worker().is_cancelled:
                app.call_from_thread(failed or (lambda e: _notify_failure(app, e, what)), error)
            return
        if not get_current_worker().is_cancelled:
            app.call_from_thread(done, result)

    app.run_worker(run, name=what, group="saves", thread=True)


def _notify_failure(app: MillonesApp, error: SaveError, what: str) -> None:
    app.notify(error.message, title=f"Could not {what}", severity="error", timeout=10, markup=False)


def _title(app: MillonesApp) -> Screen[object] | None:
    return app.screen_stack[0] if app.screen_stack else None


def _offer_saves_on_title(app: MillonesApp) -> None:
    from game.tui.screens.title import TitleScreen

    title = _title(app)
    if isinstance(title, TitleScreen) and not title.saves:
        title.offer_saves(True)


def _refresh_title(app: MillonesApp) -> None:
    """Offer Continue and Load on the title screen only while something is saved."""
    from game.tui.screens.title import TitleScreen

    def occupied() -> bool:
        return any(not row.empty for row in app.saves.rows())

    def done(saves: bool) -> None:
        title = _title(app)
        if isinstance(title, TitleScreen):
            title.offer_saves(saves)

    _in_worker(app, occupied, done, "list the saves", lambda error: None)
