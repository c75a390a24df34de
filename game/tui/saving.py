"""The app's saves: the save and load dialogs, quicksave and quickload, Continue, autosaves, and quitting.

``SaveController`` is owned by the app. Each flow (save, load, quit, ...) is straight-line code in
an async worker: it waits for a dialog with ``push_screen_wait`` and runs the disk work in a thread.
It tells the app what happened through a message (``messages.GameLoaded``) and the app's reactive
``saves_available``, which the title screen watches.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from textual.worker import Worker

from game import words
from game.engine import ChapterOpened
from game.engine.saves import AUTO, QUICK, SLOTS, Loaded, PlayClock, SaveError, SaveFault, SaveStore, SlotInfo
from game.i18n import N_, _
from game.tui import screens
from game.tui.messages import GameLoaded
from game.tui.screens import FLOWS
from game.words import CHAPTER_AUTOSAVE, NEW_GAME_AUTOSAVE, QUIT_AUTOSAVE, RESCUE_AUTOSAVE

if TYPE_CHECKING:
    from game.engine import GameSession, GameState, Snapshot, Step, Story
    from game.tui.app import MillonesApp
    from game.tui.screens.saves import SaveRequest

T = TypeVar("T")

LOST = N_("Progress since your last save will be lost.")


class SaveController:
    """The store (opened once the story has loaded), the play clock, and ``saved``: the game state
    that is safe on disk (last saved or loaded, or a new game's start)."""

    def __init__(self, app: MillonesApp, folder: str | None) -> None:
        self.app = app
        self.folder = folder
        self.store: SaveStore | None = None
        self.closed: SaveError | None = None  # why there is nowhere to keep saves (no home folder), if so
        self.clock: PlayClock | None = None
        self.saved: GameState | None = None
        self._lock = threading.Lock()  # the store is used by one thread at a time
        self._flows: dict[str, Worker[None]] = {}
        self._next_run = 0  # the number the next new game gets (0: games are not counted)

    # ------------------------------------------------------------ the game being played

    def open(self, story: Story) -> bool:
        """Open ``story``'s saves (in a worker thread); whether anything is saved."""
        with self._lock:
            try:
                self.store = SaveStore.open(story, self.folder)
            except SaveError as error:
                self.closed = error
                return False
        return self._any_saved()

    def use_story(self, story: Story) -> None:
        """An edited version of the story (``--dev``): saves are read and written for it from now on."""
        with self._lock:
            if self.store is not None:
                self.store.use_story(story)

    def first_run(self) -> int:
        """Reserve the number of the first game of this launch (called in the story-loading worker
        thread). Numbers are claimed on disk, so that games started at once in two processes (two
        browser tabs) never share one; each number handed out reserves the next in a worker."""
        self._next_run = self._reserve(0)
        return self._next_run

    def claim_run(self) -> int:
        run = self._next_run
        if run:
            self._next_run = 0  # until the next one is reserved (a game started before then is not counted)
            self.app.run_worker(lambda: self._reserved(self._reserve(run + 1)), thread=True, group="runs",
                                exit_on_error=False)
        return run

    def _reserve(self, at_least: int) -> int:
        try:
            return self._use(lambda store: store.claim_run(at_least))
        except SaveError:
            return 0  # games then go uncounted, into the autosave ring of earlier versions

    def _reserved(self, number: int) -> None:
        self.app.call_from_thread(setattr, self, "_next_run", number)

    def begin(self, session: GameSession, play_seconds: float) -> None:
        """A game is shown (new or loaded): it is safe as it stands, and its clock runs."""
        self.clock = PlayClock(play_seconds)
        self.clock.start()
        self.saved = session.state

    def seconds(self) -> float:
        return self.clock.seconds() if self.clock is not None else 0.0

    def has_unsaved_progress(self) -> bool:
        """Whether quitting now would lose something: a game under way whose state is not on disk."""
        session = self.app.session
        return session is not None and not session.is_over and session.state is not self.saved

    def after_step(self, session: GameSession, step: Step) -> None:
        """A step into a new chapter autosaves (not an undo, and not into an ending)."""
        opened = next((event for event in step.events if isinstance(event, ChapterOpened)), None)
        if self.closed or step.undone or session.is_over or opened is None:
            return
        self._start("autosave", self._chapter_autosave(session.snapshot(), opened.scene))

    # ------------------------------------------------------------ what the player asks for

    def save(self) -> None:
        if self.app.session is None:
            self.app.notify(_("Start a game first: there is nothing to save yet."))
            return
        self._start("dialog", self._save_dialog())

    def load(self) -> None:
        self._start("dialog", self._load_dialog())

    def load_slot(self, slot: str) -> None:
        self._start("load", self._load(slot))

    def continue_latest(self) -> None:
        self._start("load", self._continue())

    def new_game(self) -> None:
        """A new game: the one under way is autosaved first (never lost, never asked about)."""
        if self.has_unsaved_progress():
            self._start("dialog", self._new_game())
        else:
            self.app.start_game(self.claim_run())

    def chapters(self) -> None:
        """Chapter select: any chapter any game reached, from its opening, with that game's skills and stats."""
        self._start("dialog", self._chapters())

    def quicksave(self) -> None:
        session = self.app.session
        if session is not None:
            self._start("quicksave", self._write(session.snapshot(), _("Could not quicksave"),
                                                lambda store, game, seconds: store.quicksave(game, seconds),
                                                lambda row: _("Quicksaved. F9 brings this moment back."), timeout=3))

    def quickload(self) -> None:
        self.load_slot(QUICK)

    def quit(self) -> None:
        """Quitting with unsaved progress: autosave, then quit; if that fails, ask (saying why)."""
        if self._running("quit"):
            self.app.notify(_("Saving the game before quitting…"), timeout=2)
            return
        session = self.app.session
        if session is not None:
            self._start("quit", self._quit(session.snapshot()))

    # ------------------------------------------------------------ the flows

    def _running(self, flow: str) -> bool:
        worker = self._flows.get(flow)
        return worker is not None and not worker.is_finished

    def _start(self, flow: str, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` as one worker; while a flow of the same name runs, another is not started."""
        if self._running(flow):
            work.close()
            return
        self._flows[flow] = self.app.run_worker(work, name=flow, group=FLOWS)

    async def _save_dialog(self) -> None:
        request: SaveRequest | None = await self.app.push_screen_wait(screens.SaveScreen(self.slot_rows))
        session = self.app.session
        if request is None or session is None:
            return

        def message(row: SlotInfo) -> str:
            slot = words.slot_label(row.slot)
            if row.name:
                return _("Saved to {slot} “{name}”.").format(slot=slot, name=row.name)
            return _("Saved to {slot}.").format(slot=slot)

        await self._write(session.snapshot(), _("Could not save"), lambda store, game, seconds: store.save(
            request.slot, game, seconds, request.name, request.replace_unreadable), message, timeout=None)

    async def _load_dialog(self) -> None:
        slot: str | None = await self.app.push_screen_wait(screens.LoadScreen(self.load_rows, self.delete))
        self.app.saves_available = await self._in_thread(self._any_saved)  # some may have been deleted
        if slot is not None:
            await self._load(slot)

    async def _new_game(self) -> None:
        if await self._keep_the_game_under_way():
            self.app.start_game(self.claim_run())

    async def _keep_the_game_under_way(self) -> bool:
        """Autosave the game under way if it has unsaved progress; False if the player would rather keep
        playing it than lose it (it could not be saved)."""
        session = self.app.session
        if session is None or not self.has_unsaved_progress():
            return True
        error = await self._autosave(session.snapshot(), _(NEW_GAME_AUTOSAVE))
        if error is None:
            self.app.notify(_("The game you were playing is saved; Load brings it back."), timeout=4)
            return True
        question = screens.ConfirmScreen(_("Leave this game unsaved?"),
                                         _("It could not be saved first.") + f" {words.save_error(error)} " + _(LOST),
                                         yes=_("Leave it"), no=_("Keep playing"))
        return bool(await self.app.push_screen_wait(question))

    async def _chapters(self) -> None:
        slot: str | None = await self.app.push_screen_wait(screens.ChaptersScreen(self.chapter_rows, self.chapter_order()))
        if slot is None or not await self._keep_the_game_under_way():
            return
        try:
            loaded = await self._in_thread(lambda: self._use(lambda store: store.load(slot)))
        except SaveError as error:
            self.app.notify(words.save_error(error), title=_("Could not start the chapter"), severity="error", timeout=10,
                            markup=False)
            return
        loaded.session.run = self.claim_run()  # a new game from there: the game it came from stays as it was
        self.app.post_message(GameLoaded(loaded))

    def chapter_order(self) -> dict[str, int]:
        """Each scene's place in the story, to list chapters in the order a game meets them."""
        return {scene: index for index, scene in enumerate(self.store.story.scenes)} if self.store else {}

    async def _load(self, slot: str) -> None:
        try:
            loaded = await self._in_thread(lambda: self._use(lambda store: store.load(slot)))
        except SaveError as error:
            if error.fault is SaveFault.EMPTY and slot == QUICK:
                self.app.notify(_("There is no quicksave yet: F5 makes one."), severity="warning")
            else:
                self.app.notify(words.save_error(error), title=_("Could not load"), severity="error", timeout=10, markup=False)
            return
        await self._offer(loaded)

    async def _continue(self) -> None:
        def newest() -> Loaded | None:
            with self._lock:
                store = self._store()
                row = store.newest()
                return store.load(row.slot) if row is not None else None

        try:
            loaded = await self._in_thread(newest)
        except SaveError as error:
            self.app.notify(words.save_error(error), title=_("Could not continue"), severity="error", timeout=10, markup=False)
            return
        if loaded is None:
            self.app.notify(_("None of the saves can be loaded: press l to see why."), severity="warning")
            return
        await self._offer(loaded)

    async def _offer(self, loaded: Loaded) -> None:
        """Resume ``loaded``, after asking when its scene is gone or the game under way would lose progress."""
        lost = " " + _(LOST) if self.has_unsaved_progress() else ""
        question = None
        if loaded.needs_resume:
            question = screens.ConfirmScreen(
                _("Resume at the start of the chapter?"),
                _("The scene where {slot} was saved ('{scene}') is no longer in the story. You can continue from the "
                  "start of that chapter, with your skills and stats kept.").format(
                    slot=words.slot_label(loaded.slot), scene=loaded.missing_scene) + lost,
                yes=_("Resume there"), no=_("Cancel"))
        elif lost:
            question = screens.ConfirmScreen(_("Load {slot}?").format(slot=words.slot_label(loaded.slot)), _(LOST),
                                             yes=_("Load"), no=_("Keep playing"))
        if question is None or await self.app.push_screen_wait(question):
            self.app.post_message(GameLoaded(loaded))

    async def _write(self, game: Snapshot, what: str, write: Callable[[SaveStore, Snapshot, float], SlotInfo],
                     message: Callable[[SlotInfo], str], timeout: float | None) -> None:
        """Save ``game`` in a thread (play goes on meanwhile), then say so and mark it saved."""
        seconds = self.seconds()
        try:
            row = await self._in_thread(lambda: self._use(lambda store: write(store, game, seconds)))
        except SaveError as error:
            self.app.notify(words.save_error(error), title=what, severity="error", timeout=10, markup=False)
            return
        self.saved = game.state
        self.app.notify(message(row), markup=False, timeout=timeout)
        self.app.saves_available = True

    async def _chapter_autosave(self, game: Snapshot, chapter: str) -> None:
        error = await self._autosave(game, _(CHAPTER_AUTOSAVE), chapter)
        if error is not None:
            self.app.notify(_("Autosave failed.") + f" {words.save_error(error)}", severity="warning", markup=False)

    async def _autosave(self, game: Snapshot, name: str, chapter: str | None = None) -> SaveError | None:
        """Save ``game`` into its own autosaves (for a chapter, or on quitting); the error, if it could not be."""
        seconds = self.seconds()
        try:
            await self._in_thread(lambda: self._use(lambda store: store.autosave(game, seconds, name, chapter)))
        except SaveError as error:
            return error
        self.saved = game.state
        self.app.saves_available = True
        return None

    async def _quit(self, game: Snapshot) -> None:
        error = await self._autosave(game, _(QUIT_AUTOSAVE))
        if error is None:
            self.app.exit(0)
            return
        self.app.ask_to_quit(_("The game could not be saved first.") + f" {words.save_error(error)}")

    def rescue(self) -> SlotInfo | None:
        """After the app stopped on an unexpected error: autosave the game under way, if it has unsaved
        progress, right here (no worker runs any more). The row saved to, or None if nothing needed it."""
        session = self.app.session
        if session is None or not self.has_unsaved_progress():
            return None
        snapshot, seconds = session.snapshot(), self.seconds()
        return self._use(lambda store: store.autosave(snapshot, seconds, _(RESCUE_AUTOSAVE)))

    # ------------------------------------------------------------ the store, in a thread

    def slot_rows(self) -> list[SlotInfo]:
        """The slots a save screen shows: 1-9 and the quicksave, empty ones too, and those of the old autosave
        ring that hold something (no version writes them now, so an empty one is nothing to offer; called in a
        worker thread)."""
        return self._use(_fixed_rows)

    def load_rows(self) -> list[SlotInfo]:
        """What a load screen offers: the fixed slots, then each game's newest autosave (worker thread)."""
        return self._use(lambda store: _fixed_rows(store) + store.latest_autosaves())

    def chapter_rows(self) -> list[SlotInfo]:
        """Every chapter opening any game autosaved (worker thread)."""
        return self._use(lambda store: store.chapter_saves())

    def delete(self, slot: str) -> bool:
        return self._use(lambda store: store.delete(slot))

    def _any_saved(self) -> bool:
        try:
            return any(not row.empty for row in self.load_rows())
        except SaveError:
            return False

    def _use(self, job: Callable[[SaveStore], T]) -> T:
        with self._lock:
            return job(self._store())

    def _store(self) -> SaveStore:
        if self.closed is not None:
            raise self.closed
        if self.store is None:
            raise SaveError(SaveFault.IO, _("The saves are not open yet: the story is still loading."))
        return self.store

    async def _in_thread(self, job: Callable[[], T]) -> T:
        """``job``'s result, run in a thread worker; a SaveError it raises is raised here."""

        def run() -> T | SaveError:
            try:
                return job()
            except SaveError as error:
                return error

        worker: Worker[T | SaveError] = self.app.run_worker(run, thread=True, group="saves")
        result = await worker.wait()
        if isinstance(result, SaveError):
            raise result
        return result


def _fixed_rows(store: SaveStore) -> list[SlotInfo]:
    rows = [store.info(slot) for slot in SLOTS]
    return [row for row in rows if not (row.empty and row.slot in AUTO)]
