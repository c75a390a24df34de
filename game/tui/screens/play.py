"""The play screen: the story so far, the choices, the dossier, and the keys that act on the game."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList

from game import words
from game.engine import ChoiceError, ChoiceView, Dossier, GameSession, NothingToUndo, StoryRuntimeError, View
from game.tui.messages import Stepped
from game.tui.screens.errors import StoryBugScreen
from game.tui.widgets.choices import KEYED, ChoiceList, QuizBar
from game.tui.widgets.dossier import DossierPanel
from game.tui.widgets.passage import Passage, PassageData, Transcript
from game.tui.widgets.status import StatusLine

PICK_BINDINGS = [Binding("1", "pick(1)", "Choose", key_display="1-9")] + [
    Binding(str(n), f"pick({n})", f"Choice {n}", show=False) for n in range(2, KEYED + 1)
]
# F5 and F9 stay out of the footer so that it fits 100 columns; help and the palette list them.
SAVE_BINDINGS = [
    Binding("s", "app.save", "Save"),
    Binding("l", "app.load", "Load"),
    Binding("f5", "app.quicksave", "Quicksave", show=False),
    Binding("f9", "app.quickload", "Quickload", show=False),
]


class PlayScreen(Screen[None]):
    BINDINGS = [
        *PICK_BINDINGS,
        Binding("d", "toggle_dossier", "Dossier"),
        Binding("j", "app.journal", "Journal"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+z", "undo", "Undo", show=False),
        *SAVE_BINDINGS,
        # Priority: the choices list would otherwise take these keys to page through its options.
        # Out of the footer (it would lead it, ahead of the choices); help lists them.
        Binding("pageup", "scroll_story(-1)", "Scroll up", show=False, priority=True),
        Binding("pagedown", "scroll_story(1)", "Scroll down", show=False, priority=True),
    ]

    def __init__(self, session: GameSession, story_title: str, reveal: str = "instant") -> None:
        super().__init__()
        self.session = session
        self.story_title = story_title
        self.reveal = reveal

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="main"):
            with Vertical(id="reading"):
                yield Transcript(id="transcript")
                yield QuizBar(id="quiz")
                yield ChoiceList(id="choices")
            yield DossierPanel(id="dossier")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        session = self.session
        view = session.view
        passages = [PassageData.from_journal(entry) for entry in session.journal]
        self.query_one(Transcript).show(passages + [PassageData.from_view(view)])
        self._show(view, session.dossier)

    # ------------------------------------------------------------ showing

    def _show(self, view: View, dossier: Dossier) -> None:
        """Bring the status line, dossier, quiz line and choices up to date with ``view``."""
        self.query_one(StatusLine).show(self.story_title, view.chapter, view.header)
        self.query_one(DossierPanel).show(dossier)
        self.query_one(QuizBar).show(view.quiz)
        self.query_one(ChoiceList).show(view.choices)
        current = self.query_one(Transcript).current
        self._set_choices_visible(current is None or not current.revealing)

    def _set_choices_visible(self, visible: bool) -> None:
        choices = self.query_one(ChoiceList)
        self.set_class(not visible, "-revealing")
        if visible:
            choices.focus()

    def on_passage_revealed(self, event: Passage.Revealed) -> None:
        self._set_choices_visible(True)

    def on_key(self, event: events.Key) -> None:
        """While the typewriter is running, any key shows the whole passage (and does nothing else)."""
        if self._finish_reveal():
            event.stop()
            event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        self._finish_reveal()

    def _finish_reveal(self) -> bool:
        current = self.query_one(Transcript).current
        if current is None or not current.revealing:
            return False
        current.finish_reveal()
        return True

    # ------------------------------------------------------------ acting

    def action_pick(self, number: int) -> None:
        choices = self.query_one(ChoiceList).choices
        if 1 <= number <= len(choices):
            self.pick(choices[number - 1])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choices = self.query_one(ChoiceList).choices
        if event.option_index < len(choices):
            self.pick(choices[event.option_index])

    def pick(self, choice: ChoiceView) -> None:
        if not choice.available:
            self.app.clear_notifications()  # one reason at a time, however often it is asked
            self.notify(words.lock_reason(choice.lock) or words.LOCKED, title="Locked", severity="warning")
            return
        try:
            step = self.session.choose(choice.index)
        except ChoiceError as exc:
            self.notify(words.choice_refused(exc), title="Not now", severity="warning")
            return
        except StoryRuntimeError as exc:
            self.app.push_screen(StoryBugScreen(str(exc.problem)))
            return
        view = step.view
        reveal = self.reveal == "typewriter" and view.ending is None
        self.query_one(Transcript).add(PassageData.from_view(view), words.choice_label(choice), reveal)
        self._show(view, step.dossier)
        self.post_message(Stepped(self.session, step))

    def action_undo(self) -> None:
        try:
            step = self.session.undo()
        except NothingToUndo:
            self.notify("Nothing to undo: this is where the game began.")
            return
        self.query_one(Transcript).back(PassageData.from_view(step.view))
        self._show(step.view, step.dossier)
        self.post_message(Stepped(self.session, step))

    def action_scroll_story(self, pages: int) -> None:
        transcript = self.query_one(Transcript)
        if pages < 0:
            transcript.scroll_page_up(animate=False)
        else:
            transcript.scroll_page_down(animate=False)

    def action_toggle_dossier(self) -> None:
        """Show or hide the dossier; the choice holds until the next toggle, whatever the width."""
        shown = self.query_one(DossierPanel).display
        self.set_class(not shown, "-dossier-shown")
        self.set_class(shown, "-dossier-hidden")
