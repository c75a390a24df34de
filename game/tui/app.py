"""The Textual application: owns the story, the game session and the settings, and moves between screens.

Start-up is kept lean: the title screen is drawn before the engine is imported. The story then
loads in a worker thread while the player looks at the title, and the engine, the play screens and
the saves are imported where they are first needed (marked "imported late"), never on the way to
the first frame.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from game import i18n, records, userdata
from game.i18n import N_, _, ngettext
from game.tui import screens
from game.tui.messages import GameLoaded, PassageRead, SettingsChanged, Stepped
from game.tui.screens.title import TitleScreen
from game.tui.settings import Settings, save_settings
from game.tui.theme import MILLONES_THEME, THEMES

if TYPE_CHECKING:
    from game.engine import GameSession, GameState, Move, Story
    from game.engine.story import Scene
    from game.tui.dev import DevMode
    from game.tui.saving import SaveController

DOSSIER_WIDTH = 90  # narrower windows hide the dossier until asked for
QUIT_QUESTION = "confirm-quit"
BENCH_READY = "MILLONES_BENCH_READY"  # a file to note start-up times in (tests/bench/bench_tui.py)
SEEN_BATCH = 20  # passages read between writes of what has been read


@dataclass(frozen=True, slots=True)
class Launch:
    """What the command line asked for."""

    story: Path
    start: str | None = None
    seed: int | None = None
    load: str | None = None
    saves: str | None = None
    record: Path | None = None  # write the game as a testplan here when the app ends
    replay: tuple[Move, ...] = ()  # moves the first new game makes before it is shown (a replay code's)
    dev: bool = False  # play as you write: reload on change, debug panel; the player's records untouched
    sets: tuple[tuple[str, str], ...] = ()  # stat, flag or skill values a new game starts with (--set)
    language: str = ""  # --lang: the player's language, kept as their setting; "" keeps the setting
    owns_process: bool = False  # the command line's own run: what lives to the app's end is frozen (see gc.freeze)


class MillonesApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "millones"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (66, "-narrow"), (DOSSIER_WIDTH, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), priority=True),
        Binding("question_mark", "help", N_("Help")),
        Binding("f1", "help", N_("Help"), show=False),
        Binding("f12", "debug", N_("Debug"), show=False),  # --dev only (check_action)
        Binding("m", "story_map", N_("Story map"), show=False),  # --dev only
    ]

    saves_available: reactive[bool] = reactive(False)  # whether Continue and Load have anything to offer

    def __init__(self, launch: Launch, settings: Settings | None = None) -> None:
        super().__init__()
        self.launch = launch
        self.settings = settings or Settings()
        if launch.language and launch.language != self.settings.language:
            self.settings = replace(self.settings, language=launch.language)
            self._language_asked = True
        else:
            self._language_asked = False
        i18n.use(self.language)
        for theme in THEMES:
            self.register_theme(theme)
        theme = self.settings.theme if self.settings.theme in self.available_themes else MILLONES_THEME.name
        # Set before the stylesheet is first parsed, without the watcher, which would parse it twice.
        self.set_reactive(App.theme, theme)
        self.stylesheet.set_variables(self.get_css_variables())
        self._apply_motion()
        self.story: Story | None = None
        self.session: GameSession | None = None
        self.saves: SaveController | None = None  # once the story has loaded
        self.dev: DevMode | None = None  # with --dev, once the story has loaded
        self.found_endings: dict[str, records.FoundEnding] = {}
        self.seen: frozenset[str] = frozenset()  # the passages read in any game of this story
        self._unwritten_seen: set[str] = set()
        self._new_game_pending = False
        self.story_problems: list[str] = []  # why the story cannot start, if it cannot
        self._bench_file = os.environ.get(BENCH_READY)
        self.ended_on_purpose = False  # set by every way out the game itself takes; not by a crash
        self.title_screen = TitleScreen()

    # ------------------------------------------------------------ start-up

    def get_default_screen(self) -> Screen:
        return self.title_screen  # the first screen on the stack: nothing blank is drawn before it

    @property
    def language(self) -> str:
        """The player's language: as set (in settings or with --lang), else the system's."""
        return self.settings.language or i18n.system_language()

    @property
    def story_language(self) -> str | None:
        """The language the story is shown in: the player's if the story has it, else the story's own."""
        if self.story is None:
            return None
        return i18n.story_language(self.language, self.story.languages, self.story.language)

    def story_title(self) -> str:
        return self.story.text(self.story.title, self.story_language) if self.story is not None else ""

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._language_asked:
            self._save_settings()
        if not userdata.available():
            self.notify(_("There is no home folder, so your settings and the endings you find cannot be kept after "
                          "you quit. Set HOME (or {variable}) to keep them.").format(variable=userdata.ENV_VAR),
                        title=_("Settings are not kept"), severity="warning", timeout=15)
        self.call_after_refresh(self._first_screen_shown)

    def _first_screen_shown(self) -> None:
        self._note_time("screen")
        self._load_story()

    def _note_time(self, what: str) -> None:
        if self._bench_file:
            with open(self._bench_file, "a", encoding="utf-8") as file:
                file.write(f"{what} {time.monotonic()} {time.process_time()}\n")

    @work(thread=True, exclusive=True, group="story")
    def _load_story(self) -> None:
        from game.tui.loading import load_checked  # imported late
        from game.tui.saving import SaveController  # imported late

        story, problems = load_checked(self.launch.story, self.extra_languages())
        if story is None:
            self.call_from_thread(self._story_failed, problems)
            return
        found = records.found_endings(story.id)
        seen = frozenset(records.seen_passages(story.id))
        saves = SaveController(self, self.launch.saves)
        saved = saves.open(story)
        saves.first_run()
        self.call_from_thread(self._story_ready, story, saves, found, seen, saved)

    def _story_failed(self, problems: list[str]) -> None:
        self.story_problems = problems
        self.push_screen(screens.StoryErrorScreen(str(self.launch.story), problems))
        self._loaded()

    def _story_ready(self, story: Story, saves: SaveController, found: dict[str, records.FoundEnding],
                     seen: frozenset[str], saved: bool) -> None:
        from game import words  # imported late

        self.story = story
        self.seen = seen
        self.saves = saves
        # The endings found that the story still has (looking at those alone: a story from the cache builds
        # a scene when it is first asked for).
        self.found_endings = {name: ending for name, ending in found.items()
                              if name in story.scenes and story.scenes[name].kind == "ending"}
        self.saves_available = saved
        if saves.closed is not None:
            self.notify(words.save_error(saves.closed), title=_("Playing without saving"), severity="warning", timeout=15,
                        markup=False)
        if self.launch.owns_process and not self.launch.dev:
            # The story, the title screen and all that was imported live to the process's end: frozen, the
            # collector stops walking them (about 90k objects) on the full collections during play. Frozen
            # before any game starts, so that no play screen a later new game replaces is kept alive; the few
            # cycles the load left behind (it runs with the collector paused) are kept, once. Not with --dev,
            # whose edited stories replace one another.
            gc.freeze()
        if self.launch.load:
            saves.load_slot(self.launch.load)
        elif self.launch.start or self.launch.replay or self._new_game_pending:
            self.start_game(saves.claim_run())
        self._show_story()
        if self.launch.dev:
            from game.tui.dev import DevMode  # imported late

            self.dev = DevMode(self)
            self.dev.start()
        self._loaded()

    def _show_story(self) -> None:
        if self.story is not None:
            self.title_screen.show_story(self.story_title(), self.story.text(self.story.about, self.story_language))

    def _loaded(self) -> None:
        if self._bench_file:
            self._note_time("story")
            self.exit(0)

    # ------------------------------------------------------------ games

    def start_game(self, run: int = 0) -> None:
        """Begin a new game (playthrough ``run``) of the loaded story and show it, replacing whatever
        screens are open."""
        from game.engine import GameSession, InspectError, UnknownScene, set_value  # imported late

        assert self.story is not None
        self._new_game_pending = False
        try:
            session = GameSession.new(self.story, seed=self.launch.seed, start=self.launch.start, run=run)
            state = session.state
            for name, value in self.launch.sets:
                state = set_value(self.story, state, name, value)
        except UnknownScene as exc:
            self._story_failed([f"--start {self.launch.start}: {exc}"])
            return
        except InspectError as exc:
            self._story_failed([f"--set: {exc}"])
            return
        if state is not session.state:
            session = GameSession(self.story, state, run=run)
        if self.launch.replay:
            self._replay(session, self.launch.replay)
        self.show_game(session)

    def _replay(self, session: GameSession, moves: tuple[Move, ...]) -> None:
        """Make a replay code's moves (only in the first game: the launch asked for it once)."""
        from game.engine import ChoiceError, MillonesError  # imported late

        self.launch = replace(self.launch, replay=())
        try:
            session.follow(moves)
        except (ChoiceError, MillonesError) as exc:
            self.notify(_("The replay stopped after {made} of {moves} moves: {error}").format(
                made=session.state.steps, moves=len(moves), error=exc), title=_("Replay"), severity="error", timeout=15,
                markup=False)
        else:
            self.notify(ngettext("Replayed {count} move.", "Replayed {count} moves.", len(moves)).format(count=len(moves)),
                        title=_("Replay"), markup=False)

    def show_game(self, session: GameSession, play_seconds: float = 0.0) -> None:
        """Play ``session`` (new, or loaded from a save, played for ``play_seconds``) on a fresh play screen."""
        from game.tui.screens.play import PlayScreen  # imported late

        assert self.story is not None and self.saves is not None
        session.use_language(self.story_language)
        self.session = session
        self.saves.begin(session, play_seconds)
        while len(self.screen_stack) > 1:  # back down to the title screen, which stays underneath
            self.pop_screen()
        self.push_screen(PlayScreen(session, self.story_title(), self.settings, self.seen))
        if session.is_over:  # opened at an ending (--start, or a save made there)
            self.call_after_refresh(self.show_ending, session)

    def on_game_loaded(self, message: GameLoaded) -> None:
        from game import words  # imported late

        loaded = message.loaded
        self.show_game(loaded.session, loaded.play_seconds)
        slot = words.slot_label(loaded.slot)
        said = _("Loaded {slot} “{name}”.").format(slot=slot, name=loaded.name) if loaded.name else \
            _("Loaded {slot}.").format(slot=slot)
        self.notify(said, markup=False, timeout=3)
        for note in loaded.notes:
            self.notify(words.load_note(note, loaded.session.story, self.story_language), title=_("About this save"),
                        timeout=12, markup=False)

    def on_stepped(self, message: Stepped) -> None:
        from game.engine import EndingReached  # imported late

        session, step = message.session, message.step
        assert self.saves is not None
        self.saves.after_step(session, step)
        if any(isinstance(event, EndingReached) for event in step.events):
            self.show_ending(session)

    def show_ending(self, session: GameSession) -> None:
        from game import words  # imported late
        from game.tui.screens.ending import EndingScreen  # imported late

        ending = session.view.ending
        assert self.story is not None and ending is not None
        path = tuple(words.journal_choice(entry) for entry in session.told()[-3:])
        found = records.FoundEnding(ending.id, records.now(), session.run, session.view.chapter,
                                    session.state.steps, path)
        self.found_endings.setdefault(ending.id, found)
        self._record_ending(self.story.id, found)
        self._write_seen()
        screen = EndingScreen(ending.title, session.view.paragraphs, words.summary_lines(session.summary()),
                              len(self.found_endings), len(self.story.endings))
        self.push_screen(screen, self._ending_closed)

    def _ending_closed(self, result: str | None) -> None:
        from game.tui.screens.play import PlayScreen  # imported late

        if result == "undo" and isinstance(self.screen, PlayScreen):
            self.screen.action_undo()

    @work(thread=True, group="records")
    def _record_ending(self, story_id: str, ending: records.FoundEnding) -> None:
        if self.launch.dev:  # an author's test runs are not the player's records
            return
        self._write_quietly(lambda: records.record_ending(story_id, ending), N_("the endings you found"))

    def on_passage_read(self, message: PassageRead) -> None:
        """Remember what the player has read, across games; written now and then, and at the end."""
        if message.key in self.seen:
            return
        self.seen = self.seen | {message.key}
        self._unwritten_seen.add(message.key)
        if len(self._unwritten_seen) >= SEEN_BATCH:
            self._write_seen()

    def _write_seen(self) -> None:
        if self._unwritten_seen and self.story is not None and not self.launch.dev:
            keys, self._unwritten_seen = set(self._unwritten_seen), set()
            self._record_seen(self.story.id, keys)

    @work(thread=True, group="records")
    def _record_seen(self, story_id: str, keys: set[str]) -> None:
        self._write_quietly(lambda: records.record_seen(story_id, keys), N_("what you have read"))

    def action_endings(self) -> None:
        from game.tui.screens.endings import EndingsScreen, EndingSummary  # imported late

        if self.story is None or isinstance(self.screen, EndingsScreen):
            return
        story, language = self.story, self.story_language or self.story.language

        def title(scene: Scene) -> str:
            """The ending's title in the player's language, when it reads the same in every game."""
            if scene.ending_title is None:
                return scene.id
            parts = scene.ending_title.parts.get(language) or scene.ending_title.parts[scene.ending_title.default]
            return parts[0] if len(parts) == 1 and isinstance(parts[0], str) else story.display_name(scene.id)

        endings = [EndingSummary(scene.id, title(scene), story.text(scene.ending_hint, language)) for scene in story.endings]
        self.push_screen(EndingsScreen(endings, dict(self.found_endings)))

    def _write_quietly(self, write: Callable[[], object], what: str) -> None:
        """Run a small write in a worker; a full or read-only disk is a notice, never a crash."""
        try:
            write()
        except OSError as exc:
            self.call_from_thread(self.notify, _("Could not save {what}: {error}").format(what=_(what), error=exc.strerror or exc),
                                  severity="warning")

    # ------------------------------------------------------------ play as you write (--dev)

    def use_story(self, story: Story) -> None:
        """An edited story has loaded: it is the one played from now on."""
        self.story = story
        if self.saves is not None:
            self.saves.use_story(story)
        self._show_story()

    def resume(self, session: GameSession) -> None:
        """Go on with ``session`` (the game moved onto an edited story, or replayed), on a fresh play screen."""
        if self.saves is not None and self.saves.clock is not None:
            self.show_game(session, self.saves.seconds())
        else:
            self.show_game(session)

    def refitted(self, session: GameSession) -> None:
        """The game under way, at the same place in an edited story: drawn again where it is, in place."""
        from game.tui.screens.play import PlayScreen  # imported late

        play = next((screen for screen in self.screen_stack if isinstance(screen, PlayScreen)), None)
        if play is None:
            self.resume(session)
            return
        session.use_language(self.story_language)
        self.session = session
        play.use_session(session)

    def adjust(self, state: GameState, note: str) -> None:
        from game.tui.screens.play import PlayScreen  # imported late

        play = next((screen for screen in self.screen_stack if isinstance(screen, PlayScreen)), None)
        if self.session is not None and play is not None:
            play.adjusted(self.session.adjust(state, note), note)

    def show_problems(self, problems: list[str]) -> None:
        """Why the edited story cannot load (empty: it loads again), where the player is reading."""
        from game.tui.screens.play import PlayScreen  # imported late

        play = next((screen for screen in self.screen_stack if isinstance(screen, PlayScreen)), None)
        if play is not None:
            play.show_problems(problems)
        if problems:
            self.notify(ngettext("The story has {count} problem since the last change; the game goes on with the "
                                 "last version that loaded.",
                                 "The story has {count} problems since the last change; the game goes on with the "
                                 "last version that loaded.", len(problems)).format(count=len(problems)),
                        title=_("Not reloaded"), severity="error", timeout=8)

    def action_debug(self) -> None:
        if self.dev is not None:
            self.dev.debug()

    def action_story_map(self) -> None:
        if self.dev is not None:
            self.dev.story_map()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("debug", "story_map"):
            return self.dev is not None
        return True

    # ------------------------------------------------------------ actions

    def action_new_game(self) -> None:
        if self.story is None:  # still loading: start as soon as it is ready
            self._new_game_pending = True
            self.notify(_("Loading the story…"), timeout=2)
            return
        if self.saves is not None:
            self.saves.new_game()  # numbers the game, and saves the one under way first
        else:
            self.start_game()

    def action_chapters(self) -> None:
        if self.saves is not None:
            self.saves.chapters()

    def action_journal(self) -> None:
        from game.tui.screens.journal import JournalScreen  # imported late

        if self.session is None:
            self.notify(_("The journal fills as you play."))
            return
        if not isinstance(self.screen, JournalScreen):
            self.push_screen(JournalScreen(self.session.told(), self.session.view))

    def action_command_palette(self) -> None:
        """The command palette (ctrl+p), guarded against a crash in Textual's own (screens/palette.py)."""
        if self.use_command_palette and not screens.CommandPalette.is_open(self):
            self.push_screen(screens.CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def action_status(self) -> None:
        from game.tui.screens.status import StatusScreen  # imported late

        if self.session is None or isinstance(self.screen, StatusScreen):
            return
        view = self.session.view
        heading = " · ".join(part for part in (view.chapter, *(f"{label} {value}" for label, value in view.header),
                                               ngettext("{count} choice made", "{count} choices made",
                                                        self.session.state.steps).format(count=self.session.state.steps))
                           if part)
        self.push_screen(StatusScreen(self.session.dossier, heading))

    def action_help(self) -> None:
        if not isinstance(self.screen, screens.HelpScreen):
            self.push_screen(screens.HelpScreen(dev=self.dev is not None))

    def action_settings(self) -> None:
        if isinstance(self.screen, screens.SettingsScreen):
            return
        ours = [theme.name for theme in THEMES]
        themes = ours + sorted(name for name in self.available_themes if name not in ours)
        self.push_screen(screens.SettingsScreen(self.settings, themes, self.languages()), self._settings_closed)

    def extra_languages(self) -> tuple[str, ...]:
        """Languages the loader builds besides the story's: xx-pseudo, when chosen or offered (--dev)."""
        return (i18n.PSEUDO,) if self.language == i18n.PSEUDO or self.launch.dev else ()

    def languages(self) -> tuple[str, ...]:
        """The languages the player may choose: the story's (and the one in use), with pseudo for authors."""
        story = self.story.languages if self.story is not None else (i18n.ENGLISH,)
        return i18n.offered(story, self.language, authors=self.launch.dev)

    def use_language(self, language: str) -> None:
        """Switch the game to ``language`` (a setting, or the command palette): everything is told again in it."""
        self.use_settings(replace(self.settings, language=language))

    def action_save(self) -> None:
        if self.saves is not None:
            self.saves.save()

    def action_load(self) -> None:
        if self.saves is not None:
            self.saves.load()

    def action_continue(self) -> None:
        if self.saves is not None:
            self.saves.continue_latest()

    def action_quicksave(self) -> None:
        if self.saves is not None:
            self.saves.quicksave()

    def action_quickload(self) -> None:
        if self.saves is not None:
            self.saves.quickload()

    def _settings_closed(self, settings: Settings | None) -> None:
        if settings is not None:
            self.use_settings(settings)

    def on_settings_changed(self, message: SettingsChanged) -> None:
        self.use_settings(message.settings)

    def use_settings(self, settings: Settings) -> None:
        """Apply ``settings`` everywhere at once, and keep them."""
        if settings == self.settings:
            return
        language_changed = settings.language != self.settings.language
        self.settings = settings
        if language_changed:
            self._relabel()
        if self.theme != settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme
        self._apply_motion()
        for screen in self.screen_stack:
            if hasattr(screen, "use_settings"):
                screen.use_settings(settings)
        self._save_settings()

    def _relabel(self) -> None:
        """The language changed: every open screen is drawn again in it, the game's state untouched."""
        i18n.use(self.language)
        self._show_story()
        if self.session is not None:
            self.session.use_language(self.story_language)
        for screen in self.screen_stack:
            if hasattr(screen, "use_language"):
                screen.use_language(self.session, self.story_title())
            screen.refresh_bindings()

    def _apply_motion(self) -> None:
        if self.settings.motion == "off":
            self.animation_level = "none"

    def _theme_changed(self, theme: object) -> None:
        if self.theme != self.settings.theme:
            self.use_settings(replace(self.settings, theme=self.theme))

    @work(thread=True, exclusive=True, group="settings")
    def _save_settings(self) -> None:
        # The newest settings are read here, at write time, so the last write always wins.
        self._write_quietly(lambda: save_settings(self.settings), N_("your settings"))

    async def action_quit(self) -> None:
        # A second ctrl+q while asked is a yes. Unsaved progress is autosaved first.
        if self.screen.id == QUIT_QUESTION or self.saves is None or not self.saves.has_unsaved_progress():
            code = 1 if self.story_problems else 0
            self.exit(code, return_code=code)
            return
        self.saves.quit()

    def ask_to_quit(self, detail: str) -> None:
        """Quitting would lose progress (``detail`` says why): ask first."""
        question = screens.ConfirmScreen(_("Quit anyway?"), f"{detail} " + _("Progress since your last save will be lost."),
                                         yes=_("Quit"), no=_("Keep playing"), id=QUIT_QUESTION)
        self.push_screen(question, lambda yes: self.exit(0) if yes else None)

    def exit(self, result: int | None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        self.ended_on_purpose = True
        self._write_recording()
        if self.dev is not None:
            self.dev.stop()
        if self._unwritten_seen and self.story is not None and not self.launch.dev:  # the last few passages read; the workers are done
            try:
                records.record_seen(self.story.id, self._unwritten_seen)
            except OSError:
                pass  # what was read is a comfort, not a save: quitting does not wait on it
        super().exit(result, return_code, message)

    def _write_recording(self) -> None:
        """``--record FILE``: the game played, as a testplan (written as the app ends, so undone steps are out)."""
        from game.engine.analysis.testplan import recorded  # imported late

        if self.launch.record is None or self.session is None:
            return
        try:
            self.launch.record.write_text(recorded(self.session), encoding="utf-8")
        except OSError as exc:
            self.notify(_("Could not write the testplan {file}: {error}").format(file=self.launch.record, error=exc.strerror or exc),
                        severity="error")

    def on_app_blur(self) -> None:
        """The terminal lost focus (where it says so): play time stops."""
        if self.saves is not None and self.saves.clock is not None:
            self.saves.clock.pause()

    def on_app_focus(self) -> None:
        if self.saves is not None and self.saves.clock is not None and self.session is not None:
            self.saves.clock.start()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from game.tui.screens.play import PlayScreen  # imported late

        yield SystemCommand(_("New game"), _("Start the story from the beginning"), self.action_new_game)
        if self.session is not None:
            yield SystemCommand(_("Journal"), _("Everything read so far, and the choices taken"), self.action_journal)
        if isinstance(screen, PlayScreen):
            yield SystemCommand(_("Dossier"), _("Show or hide the dossier: skills, stats and goals"), screen.action_toggle_dossier)
            yield SystemCommand(_("Status"), _("Everything the dossier knows, full-screen (t)"), self.action_status)
            yield SystemCommand(_("Undo"), _("Step back one choice"), screen.action_undo)
            yield SystemCommand(_("Save"), _("Save the game to a slot, with a name if you like"), self.action_save)
            yield SystemCommand(_("Load"), _("Resume a saved game, or delete a save"), self.action_load)
            yield SystemCommand(_("Quicksave"), _("Save to the quicksave slot (F5)"), self.action_quicksave)
            yield SystemCommand(_("Quickload"), _("Go back to the quicksave (F9)"), self.action_quickload)
        elif isinstance(screen, TitleScreen) and self.saves_available:
            yield SystemCommand(_("Continue"), _("Resume the newest save"), self.action_continue)
            yield SystemCommand(_("Load"), _("Resume a saved game, or delete a save"), self.action_load)
        if self.saves_available:
            yield SystemCommand(_("Chapters"), _("Start from any chapter a game has reached"), self.action_chapters)
        if self.story is not None:
            yield SystemCommand(_("Endings"), _("Every ending: those found, and hints to the others"), self.action_endings)
        if self.dev is not None:
            yield SystemCommand(_("Story map"), _("Every scene by chapter and file; Enter goes there (m)"),
                                self.action_story_map)
            if self.session is not None:
                yield SystemCommand(_("Debug panel"), _("See and set every value, go to a scene, replay (F12)"),
                                    self.action_debug)
        yield SystemCommand(_("Theme"), _("Change the colours"), self.action_change_theme)
        for language in self.languages():
            if language != self.language:
                yield SystemCommand(i18n.NAMES.get(language, language), _("Play in this language"),
                                    partial(self.use_language, language))
        yield SystemCommand(_("Settings"), _("Language, theme, text reveal and more"), self.action_settings)
        yield SystemCommand(_("Help"), _("Every key, and what the dossier shows"), self.action_help)
        yield SystemCommand(_("Quit"), _("Leave the game"), self.action_quit)
