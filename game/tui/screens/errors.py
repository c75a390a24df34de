"""What the player sees when the story itself is at fault: no traceback, the places to fix."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.i18n import N_, _, ngettext
from game.tui.screens import PAGES_CSS
from game.tui.screens.dialog import Dialog
from game.tui.widgets.footer import Footer


class StoryErrorScreen(Screen[None]):
    CSS_PATH = PAGES_CSS
    """The story does not load or does not pass ``check``, so it does not start."""

    BINDINGS = [Binding("q,escape", "app.quit", N_("Quit"))]

    def __init__(self, folder: str, problems: list[str]) -> None:
        super().__init__()
        self.folder = folder
        self.problems = problems

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        yield Static(_("This story cannot start"), classes="screen-title")
        yield Static(ngettext("{count} problem in {folder}.", "{count} problems in {folder}.", count).format(
                         count=count, folder=self.folder) + " "
                     + _("Fix them (file:line:col), then run it again; `millones check` lists the same."),
                     classes="screen-subtitle", markup=False)
        with VerticalScroll(id="problems"):
            yield Static("\n".join(self.problems), markup=False, id="problem-list")
        yield Footer(compact=True)


class StoryBugScreen(Dialog[None]):
    """A step the story could not take (an illegal skill move, say). The game stays where it was."""

    BINDINGS = [Binding("escape,enter", "dismiss", N_("Back to the game"))]

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("The story has a mistake here"), classes="dialog-title")
            yield Static(self.problem, classes="dialog-text", markup=False)
            yield Static(_("Nothing changed; pick another choice, or tell the author."), classes="dialog-hint")
        yield Footer(compact=True)
