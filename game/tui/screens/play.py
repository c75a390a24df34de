"""The play screen: the story so far, the choices, the dossier, and the keys that act on the game."""

from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static

from game import words
from game.engine import (
    ChoiceError,
    ChoiceView,
    Dossier,
    GameSession,
    JournalEntry,
    NothingToUndo,
    Step,
    StoryRuntimeError,
    View,
)
from game.i18n import N_, _
from game.records import passage_key
from game.tui.messages import PassageRead, SettingsChanged, Stepped
from game.tui.screens.current import when_current
from game.tui.screens.errors import StoryBugScreen
from game.tui.settings import REVEAL_SPEEDS, Settings
from game.tui.widgets.choices import KEYED, ChoiceList, QuizBar
from game.tui.widgets.dossier import DossierPanel
from game.tui.widgets.footer import Footer
from game.tui.widgets.passage import Passage, PassageData
from game.tui.widgets.status import StatusLine
from game.tui.widgets.transcript import Transcript

CHOICE_KEYS = frozenset(str(n) for n in range(1, KEYED + 1))  # see PlayScreen.on_key
GO_ON_KEYS = frozenset({"enter", "space"})
MORE_BELOW = N_("▼ more below: Space or PgDn")
MAX_SKIP = 200  # steps one skip may take (a story whose way on loops would otherwise never stop)
FOOTER_PALETTE_WIDTH = 80  # narrower, the footer drops the palette's key to keep Quit and Help
PICK_BINDINGS = [Binding("1", "pick(1)", N_("Choose"), key_display="1-9")] + [
    Binding(str(n), f"pick({n})", N_("Choose"), show=False) for n in range(2, KEYED + 1)
]
# Only the keys a player needs on every page are in the footer, so that it fits 60 columns with Quit
# and Help; the help screen and the palette list the rest.
SAVE_BINDINGS = [
    Binding("s", "app.save", N_("Save")),
    Binding("l", "app.load", N_("Load"), show=False),
    Binding("f5", "app.quicksave", N_("Quicksave"), show=False),
    Binding("f9", "app.quickload", N_("Quickload"), show=False),
]


class PlayScreen(Screen[None]):
    CSS_PATH = "play.tcss"  # read when the first game starts, not before the title is drawn
    BINDINGS = [
        *PICK_BINDINGS,
        Binding("d", "toggle_dossier", N_("Dossier")),
        Binding("j", "app.journal", N_("Journal")),
        Binding("u", "undo", N_("Undo")),
        Binding("ctrl+z", "undo", N_("Undo"), show=False),
        *SAVE_BINDINGS,
        Binding("t", "app.status", N_("Status"), show=False),
        Binding("o", "app.settings", N_("Settings"), show=False),
        Binding("f", "skip", N_("Skip read"), show=False),
        # Priority: the choices list would otherwise take these keys to page through its options.
        Binding("pageup", "scroll_story(-1)", N_("Scroll up"), show=False, priority=True),
        Binding("pagedown", "scroll_story(1)", N_("Scroll down"), show=False, priority=True),
    ]

    def __init__(self, session: GameSession, story_title: str, settings: Settings,
                 seen: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.session = session
        self.story_title = story_title
        self.settings = settings
        self.seen = set(seen)  # passages read in any game, this one included
        self.read_before = False  # the current passage was read in an earlier visit or game
        self.drawn_at = 0.0  # when the current scene was drawn; infinite until it is
        # Kept, not queried: a late key or worker result may reach the screen while it is torn down.
        self.status = StatusLine(id="status")
        self.transcript = Transcript(id="transcript")
        self.more = Static("", id="more")  # always there, so that the cue never changes the text's height
        self.problems = Static("", id="dev-problems", markup=False)  # --dev: why the edited story did not load
        self.quiz = QuizBar(id="quiz")
        self.choices = ChoiceList(id="choices")
        self.dossier_panel = DossierPanel(id="dossier")
        self.footer = Footer(compact=True)

    def compose(self) -> ComposeResult:
        yield self.status
        with Vertical(id="reading"):
            yield self.transcript
            yield self.more
            yield self.problems
            yield self.quiz
            yield self.choices
        yield self.dossier_panel
        yield self.footer

    def on_mount(self) -> None:
        self.use_settings(self.settings)
        self._tell(self.session)

    def _tell(self, session: GameSession) -> None:
        """The whole transcript, the choices and the dossier, drawn from the session as it is now."""
        view = session.view
        entries = session.told()
        passages = [PassageData.from_journal(entry, continued=index > 0 and _same_quiz(entries[index - 1], entry))
                    for index, entry in enumerate(entries)]
        self.transcript.show(passages + [self._arrive(view)])
        self._show(view, session.dossier)

    def use_language(self, session: GameSession | None, story_title: str) -> None:
        """The player changed language: the same game, every word of it told again in the new one."""
        self.story_title = story_title
        self.dossier_panel.record = None  # drawn again even though the game has not moved
        self._tell(self.session)
        self.more.update(_(MORE_BELOW) if self.transcript.more_below else "")

    def use_settings(self, settings: Settings) -> None:
        """How the text appears and where the dossier is: attributes set by the app."""
        self.settings = settings
        for width in ("60", "72", "88", "full"):
            self.set_class(settings.width == width, f"-width-{width}")
        self.set_class(settings.dossier == "shown", "-dossier-shown")
        self.set_class(settings.dossier == "hidden", "-dossier-hidden")

    def on_resize(self, event: events.Resize) -> None:
        self.footer.show_command_palette = event.size.width >= FOOTER_PALETTE_WIDTH

    # ------------------------------------------------------------ showing

    def _show(self, view: View, dossier: Dossier) -> None:
        """Bring the status line, dossier, quiz line and choices up to date with ``view``."""
        self.drawn_at = float("inf")
        self.call_after_refresh(self._drawn)
        self.status.show(self.story_title, view.chapter, view.header)
        self.dossier_panel.show(dossier)
        self.quiz.show(view.quiz)
        self.choices.show(view.choices)
        current = self.transcript.current
        self._set_choices_visible(current is None or not current.revealing)

    def _drawn(self) -> None:
        self.drawn_at = Message().time  # Textual's clock, the one its key events are stamped with

    def _set_choices_visible(self, visible: bool) -> None:
        self.set_class(not visible, "-revealing")
        if visible and self.focused is not self.choices and not isinstance(self.focused, DossierPanel):
            self.choices.focus()  # (focusing it again would only draw it again)

    def on_passage_revealed(self, event: Passage.Revealed) -> None:
        self._set_choices_visible(True)

    def on_transcript_more_below(self, event: Transcript.MoreBelow) -> None:
        self.more.update(_(MORE_BELOW) if event.more else "")

    def on_key(self, event: events.Key) -> None:
        """While the typewriter is running, any key shows the whole passage (and does nothing else).

        Choice keys, Enter and Space are taken here, as they arrive, rather than by the bindings, which
        run later: a key pressed before the scene it would act on was drawn is dropped. Under a flood of
        keys (a key held down) the game so keeps up, one step per frame, and never picks blind.
        """
        if self._finish_reveal():
            event.stop()
            event.prevent_default()
            return
        if event.key not in CHOICE_KEYS and not (event.key in GO_ON_KEYS and self.focused is self.choices):
            return
        event.stop()
        event.prevent_default()
        if event.time < self.drawn_at:
            return
        if event.key in GO_ON_KEYS:
            self.go_on(event.key)
        else:
            self.action_pick(int(event.key))

    def on_click(self, event: events.Click) -> None:
        self._finish_reveal()

    def _finish_reveal(self) -> bool:
        current = self.transcript.current
        if current is None or not current.revealing:
            return False
        current.finish_reveal()
        return True

    # ------------------------------------------------------------ acting

    @when_current
    def go_on(self, key: str) -> None:
        """Enter takes the choice the player moved to. Otherwise Enter and Space read on first, then move to
        the first open choice, so that a press meant as "continue" never picks blindly."""
        highlighted = self.choices.highlighted
        if key == "enter" and highlighted is not None:
            self.pick(self.choices.choices[highlighted])
        elif self.transcript.more_below:
            self.transcript.scroll_page_down(animate=False)
        elif highlighted is None:
            self.choices.highlight_first_open()
        else:
            self.pick(self.choices.choices[highlighted])

    @when_current
    def action_pick(self, number: int) -> None:
        choices = self.choices.choices
        if 1 <= number <= len(choices):
            self.pick(choices[number - 1])
        elif choices:
            self.app.clear_notifications()
            self.notify(words.only_choices(len(choices)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choices = self.choices.choices
        if event.option_index < len(choices):
            self.pick(choices[event.option_index])

    @when_current
    def pick(self, choice: ChoiceView) -> None:
        if not choice.available:
            self.app.clear_notifications()  # one reason at a time, however often it is asked
            self.notify(words.lock_reason(choice.lock) or _(words.LOCKED), title=_("Locked"), severity="warning")
            return
        try:
            step = self.session.choose(choice.index)
        except ChoiceError as exc:
            self.notify(words.choice_refused(exc), title=_("Not now"), severity="warning")
            return
        except StoryRuntimeError as exc:
            self.app.push_screen(StoryBugScreen(str(exc.problem)))
            return
        view = step.view
        reveal = REVEAL_SPEEDS[self.settings.speed] if self.settings.reveal == "typewriter" and view.ending is None else 0
        self.transcript.add(self._arrive(view), words.choice_label(choice), words.changes(step.events), reveal)
        self._show(view, step.dossier)
        self.post_message(Stepped(self.session, step))

    def show_problems(self, problems: list[str]) -> None:
        """``--dev``: the edited story's problems (file:line:col, as check prints them), or none."""
        self.problems.update("The story as edited does not load; playing on with the last version that did.\n"
                             + "\n".join(problems) if problems else "")
        self.problems.display = bool(problems)

    def use_session(self, session: GameSession) -> None:
        """The same game, moved onto an edited story (``--dev``): the current passage is redrawn in place."""
        self.session = session
        view = session.view
        current = self.transcript.current
        if current is not None:
            current.set_data(self._arrive(view))
        self._show(view, session.dossier)

    def adjusted(self, step: Step, note: str) -> None:
        """The game was changed by hand (``--dev``'s debug panel): shown like a choice, undone like one."""
        view = step.view
        self.transcript.add(self._arrive(view), note, words.changes(step.events), 0)
        self._show(view, step.dossier)
        self.post_message(Stepped(self.session, step))

    @when_current
    def action_undo(self) -> None:
        try:
            step = self.session.undo()
        except NothingToUndo:
            self.notify(_("Nothing to undo: this is where the game began."))
            return
        self.transcript.back(self._arrive(step.view))
        self._show(step.view, step.dossier)
        self.post_message(Stepped(self.session, step))

    def _arrive(self, view: View) -> PassageData:
        """The passage of ``view``, marked if it was read before; and now it has been."""
        asked = (view.quiz.question,) if view.quiz is not None else ()  # each question of a quiz is read once
        key = passage_key(view.scene, view.paragraphs + asked)
        self.read_before = key in self.seen
        if not self.read_before:
            self.seen.add(key)
            self.post_message(PassageRead(key))
        return replace(PassageData.from_view(view), read_before=self.read_before)

    @when_current
    def action_skip(self) -> None:
        """Skip what has been read: on through passages read before that only move on, to the next passage
        not read yet or the next real choice (Ren'Py's "skip seen text")."""
        skipped = 0
        while self.read_before and self.session.view.moves_on and skipped < MAX_SKIP:
            before = self.session.state.steps
            self.pick(self.session.view.choices[0])
            if self.session.state.steps == before:  # the story refused: stay here
                break
            skipped += 1
        if skipped == 0:
            self.notify(_("Nothing to skip: this is new to you, or a choice.") if not self.read_before
                        else _("Nothing to skip: a choice is waiting."), timeout=3)
        self.transcript.scroll_end(animate=False)

    @when_current
    def action_scroll_story(self, pages: int) -> None:
        if pages < 0:
            self.transcript.scroll_page_up(animate=False)
        else:
            self.transcript.scroll_page_down(animate=False)

    @when_current
    def action_toggle_dossier(self) -> None:
        """Show or hide the dossier, whatever the width; the app keeps the choice for the next games."""
        self.post_message(SettingsChanged(replace(self.settings, dossier="hidden" if self.dossier_panel.display
                                                  else "shown")))


def _same_quiz(before: JournalEntry, entry: JournalEntry) -> bool:
    """Whether ``entry`` is a later question of the quiz ``before`` asked (its text is already above)."""
    return bool(before.question and entry.question and before.scene == entry.scene)
